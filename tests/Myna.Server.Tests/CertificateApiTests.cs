using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;
using Myna.Reader;
using static Myna.Server.Tests.MoveApiTests;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>The card's PINs and certificates over the API: PIN reset (P3), certificates loaded later (E5), return, expiry notices (V1).</summary>
public sealed class CertificateApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private HttpClient Window => _api.Window;

    [Fact]
    public async Task ResetPin_UnblocksABlockedAuthenticationPin_AndNeitherPinReachesTheAnswerOrTheAudit_P3()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (_, card) = await _api.ResidentWithCardAsync();
        var cardId = Id(card);
        var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
        // P3: three wrong entries lock the authentication PIN, and no time unlocks it.
        Assert.Equal(PinVerificationOutcome.Blocked, _api.ReadChip(cardId, chip => { chip.VerifyPin(wrong); chip.VerifyPin(wrong); return chip.VerifyPin(wrong); }).Outcome);
        await _api.SetDateAsync(new DateOnly(2026, 6, 1));
        Assert.Equal(PinVerificationOutcome.Blocked, _api.ReadChip(cardId, chip => chip.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "1111").Value)).Outcome);

        // A new PIN whose digits stand nowhere in the card's own answer (its serial's last four are random digits), so
        // that finding them in the reset's answer can only mean the PIN leaked.
        var newPin = new[] { "5678", "4826", "7391", "6053" }.First(p => !card.GetRawText().Contains(p, StringComparison.Ordinal));
        using var response = await Window.PostAsJsonAsync($"/api/cards/{cardId}/pin-reset", new { kind = "UserAuthentication", newPin });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(newPin, body, StringComparison.Ordinal);
        Assert.True(_api.ReadChip(cardId, chip => chip.VerifyPin(Pin.Parse(PinKind.UserAuthentication, newPin).Value)).IsVerified);
        // The certificate stays: a PIN reset is not a reissue.
        await _api.AssertGoodAsync(card.GetProperty("authenticationCertificate"));
        var entry = await _api.AssertAuditedAsync("card", cardId, "pin.reset");
        Assert.Contains("P3", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(newPin, entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPin_WhileTheCardFileIsAttachedElsewhere_Is409_AndChangesNothing()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        var before = await _api.SnapshotAsync(resident);
        var path = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Myna.Primitives.Hosting.MynaHome>(_api.Services).CardPath(Id(card));
        // What `myna card attach` holds while the card sits in the virtual reader.
        using (Myna.Card.Image.CardFileLock.Acquire(path, TimeSpan.Zero))
        {
            using var response = await Window.PostAsJsonAsync($"/api/cards/{Id(card)}/pin-reset", new { kind = "UserAuthentication", newPin = "5678" });
            var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
            Assert.Equal("The card is in use elsewhere", problem.GetProperty("title").GetString());
            Assert.DoesNotContain(path, problem.GetRawText(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await _api.SnapshotAsync(resident));
        Assert.True(_api.ReadChip(Id(card), chip => chip.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "1111").Value)).IsVerified);
    }

    [Theory]
    [InlineData("UserAuthentication", "56789")]
    [InlineData("UserAuthentication", "12a4")]
    [InlineData("ResidentRegistry", "")]
    [InlineData("Signature", "AB12")]
    [InlineData("Signature", null)]
    public async Task ResetPin_OfTheWrongFormat_Is400_AndChangesNothing_P3(string kind, string? newPin)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client =>
            client.PostAsJsonAsync($"/api/cards/{Id(card)}/pin-reset", new { kind, newPin }));
        if (!string.IsNullOrEmpty(newPin))
            Assert.DoesNotContain(newPin, problem.GetRawText(), StringComparison.Ordinal);
        // The holder's PIN is still the one chosen at delivery.
        Assert.True(_api.ReadChip(Id(card), chip => chip.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "1111").Value)).IsVerified);
    }

    [Theory]
    [InlineData("""{ "kind": "Teller", "newPin": "1234" }""")]
    [InlineData("""{ "kind": 9, "newPin": "1234" }""")]
    [InlineData("""{ "newPin": "1234" }""")]
    public async Task ResetPin_OfNoKnownKind_Is400_AndChangesNothing(string json)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync($"/api/cards/{Id(card)}/pin-reset", Json(json)));
    }

    [Fact]
    public async Task ResetPin_OfACertificateNotOnTheCard_Is409P3()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithAuthenticationOnlyAsync();
        var problem = await _api.AssertRefusedByRuleAsync(resident, "P3", client =>
            client.PostAsJsonAsync($"/api/cards/{Id(card)}/pin-reset", new { kind = "Signature", newPin = "NEWPASS1" }));
        Assert.Contains("E5", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCertificates_Later_IssuesTheSignatureCertificate_OnTheChip_AndASecondLoadIs409_E5()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithAuthenticationOnlyAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("signatureCertificate").ValueKind);

        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        var loaded = await JsonAsync(await Window.PostAsJsonAsync($"/api/cards/{Id(card)}/certificates", new { signature = "LATER12" }), HttpStatusCode.OK);
        var signature = loaded.GetProperty("signatureCertificate");
        Assert.Equal(new DateOnly(2026, 5, 1), Date(signature.GetProperty("issuedOn")));
        // E2: the 5th birthday after issue (born 05-10: 2026-05-10 is the first).
        Assert.Equal(new DateOnly(2030, 5, 10), Date(signature.GetProperty("expiresOn")));
        await _api.AssertGoodAsync(signature);
        var onChip = _api.ReadChip(Id(card), chip =>
        {
            chip.VerifyPin(Pin.Parse(PinKind.Signature, "LATER12").Value);
            using var certificate = chip.ReadSignatureCertificate();
            return certificate.SerialNumber;
        });
        Assert.Equal(signature.GetProperty("serialNumber").GetString(), onChip);
        var certificates = await JsonAsync(await Window.GetAsync($"/api/residents/{resident}/certificates"), HttpStatusCode.OK);
        Assert.Contains(certificates.EnumerateArray(), c => c.GetProperty("serialNumber").GetString() == onChip && c.GetProperty("cardId").GetGuid() == Id(card));
        var entry = await _api.AssertAuditedAsync("card", Id(card), "certificates.loaded");
        Assert.Contains("E5", entry.Details, StringComparison.Ordinal);

        await _api.AssertRefusedByRuleAsync(resident, "E5", client =>
            client.PostAsJsonAsync($"/api/cards/{Id(card)}/certificates", new { signature = "LATER12" }));
    }

    [Theory]
    [InlineData("""{ }""")]
    [InlineData("""{ "signature": "LATE" }""")]
    [InlineData("""{ "userAuthentication": "12345" }""")]
    public async Task LoadCertificates_BadPins_Are400_AndChangeNothing_E5(string json)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithAuthenticationOnlyAsync();
        await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync($"/api/cards/{Id(card)}/certificates", Json(json)));
    }

    [Fact]
    public async Task LoadCertificates_ASignatureCertificateForAnUnder15_Is409P4()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (child, card) = await _api.ChildWithCardAsync(new DateOnly(2016, 1, 1));
        await _api.AssertRefusedByRuleAsync(child, "P4", client =>
            client.PostAsJsonAsync($"/api/cards/{Id(card)}/certificates", new { signature = "CHILD12" }));
    }

    [Fact]
    public async Task Return_EndsTheCard_AndRevokesBothCertificates_CessationOfOperation()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 7, 1));
        var returned = await JsonAsync(await Window.PostAsync($"/api/cards/{Id(card)}/return", null), HttpStatusCode.OK);
        Assert.Equal("Returned", returned.GetProperty("state").GetString());
        Assert.Equal(new DateOnly(2026, 7, 1), Date(returned.GetProperty("stateChangedOn")));
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.CessationOfOperation);
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.CessationOfOperation);
        await _api.AssertAuditedAsync("card", Id(card), "card.returned");
        var proof = Assert.Single((await _api.FileAsync(resident)).GetProperty("cardProofs").EnumerateArray());
        Assert.False(proof.GetProperty("provesIdentity").GetBoolean());

        // A returned card is returned once, and nothing more is done with it.
        var again = await _api.AssertRefusedByRuleAsync(resident, "state", client => client.PostAsync($"/api/cards/{Id(card)}/return", null));
        Assert.Contains("returned", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _api.AssertRefusedByRuleAsync(resident, "E5", client => client.PostAsJsonAsync($"/api/cards/{Id(card)}/certificates", new { signature = "AFTER12" }));
        await _api.AssertRefusedByRuleAsync(resident, "P3", client =>
            client.PostAsJsonAsync($"/api/cards/{Id(card)}/pin-reset", new { kind = "UserAuthentication", newPin = "5678" }));
    }

    [Fact]
    public async Task CardProcedures_OnAnUnknownCard_Are404()
    {
        var nobody = Guid.NewGuid();
        using (var reset = await Window.PostAsJsonAsync($"/api/cards/{nobody}/pin-reset", new { kind = "UserAuthentication", newPin = "5678" }))
            await Problems.ReadAsync(reset, HttpStatusCode.NotFound);
        using (var load = await Window.PostAsJsonAsync($"/api/cards/{nobody}/certificates", new { signature = "LATER12" }))
            await Problems.ReadAsync(load, HttpStatusCode.NotFound);
        using (var returned = await Window.PostAsync($"/api/cards/{nobody}/return", null))
            await Problems.ReadAsync(returned, HttpStatusCode.NotFound);
        using (var certificate = await Window.GetAsync("/api/certificates/Signature/0A0B0C"))
            await Problems.ReadAsync(certificate, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExpiryNotices_AreDueThreeMonthsBefore_ForTheCardAndEachCertificate_AndRenewalOpensThen_V1()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        // Born 2016-01-01, issued at 10: the card and its authentication certificate expire on 2031-01-01 (V2, E2).
        var (child, card) = await _api.ChildWithCardAsync(new DateOnly(2016, 1, 1));
        var notices = await JsonAsync(await Window.GetAsync("/api/expiry-notices?from=2030-10-01&until=2030-10-01"), HttpStatusCode.OK);
        var mine = notices.EnumerateArray().Where(n => n.GetProperty("cardId").GetGuid() == Id(card)).ToList();
        Assert.Equal(["Card", "UserAuthenticationCertificate"], mine.Select(n => n.GetProperty("item").GetString()).Order());
        Assert.All(mine, n =>
        {
            Assert.Equal(new DateOnly(2031, 1, 1), Date(n.GetProperty("expiry")));
            Assert.Equal(new DateOnly(2030, 10, 1), Date(n.GetProperty("noticeDate")));
            Assert.Equal(new DateOnly(2030, 10, 1), Date(n.GetProperty("renewalFrom")));
            Assert.Equal(child, n.GetProperty("residentId").GetGuid());
        });
        var dayBefore = await JsonAsync(await Window.GetAsync("/api/expiry-notices?from=2030-09-01&until=2030-09-30"), HttpStatusCode.OK);
        Assert.DoesNotContain(dayBefore.EnumerateArray(), n => n.GetProperty("cardId").GetGuid() == Id(card));

        // V1: renewal is applied for from the notice date, not a day earlier.
        await _api.SetDateAsync(new DateOnly(2030, 9, 30));
        var renewal = new { residentId = child, applicant = "LegalRepresentative", representativeName = "番号 一郎", wantsSignatureCertificate = false, occasion = "Renewal" };
        await _api.AssertRefusedByRuleAsync(child, "V1", client => client.PostAsJsonAsync("/api/applications", renewal));
        await _api.SetDateAsync(new DateOnly(2030, 10, 1));
        var applied = await JsonAsync(await Window.PostAsJsonAsync("/api/applications", renewal), HttpStatusCode.Created);
        Assert.Equal("Renewal", applied.GetProperty("occasion").GetString());
        Assert.Equal(0, applied.GetProperty("feeYen").GetInt32());
    }

    [Theory]
    [InlineData("from=2030-10-02&until=2030-10-01")]
    [InlineData("from=2030-01-01&until=2031-01-03")]
    [InlineData("from=2030-10-01")]
    [InlineData("from=2030-02-30&until=2030-10-01")]
    public async Task ExpiryNotices_BadRange_Is400(string query)
    {
        using var response = await Window.GetAsync($"/api/expiry-notices?{query}");
        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ExpiryNotices_AreForWindowStaff_AndPinResetIsNotForTheCallCentre()
    {
        using (var notices = await _api.CallCentre.GetAsync("/api/expiry-notices?from=2030-10-01&until=2030-10-01"))
            await Problems.ReadAsync(notices, HttpStatusCode.Forbidden);
        using (var reset = await _api.CallCentre.PostAsJsonAsync($"/api/cards/{Guid.NewGuid()}/pin-reset", new { kind = "UserAuthentication", newPin = "5678" }))
            await Problems.ReadAsync(reset, HttpStatusCode.Forbidden);
    }
}
