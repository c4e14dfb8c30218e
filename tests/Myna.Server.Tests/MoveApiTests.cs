using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>Moving between municipalities over the API (V5, V6, M1): move-out, move-in, continuation, lapse, reissue.</summary>
public sealed class MoveApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private HttpClient Window => _api.Window;

    [Fact]
    public async Task MoveIn_WithTheCard_WithinTheDeadlines_KeepsItActive_EndorsesIt_AndReplacesTheSignatureCertificate_V5_M1()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        var cardId = Id(card);

        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        var move = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-05-10", destination = TokyoAddress }), HttpStatusCode.OK);
        Assert.Equal("072036", move.GetProperty("from").GetString());
        Assert.Equal(new DateOnly(2026, 5, 1), Date(move.GetProperty("moveOutNotifiedOn")));
        Assert.Equal("MovingOut", (await _api.FileAsync(resident)).GetProperty("resident").GetProperty("status").GetString());
        await _api.AssertAuditedAsync("resident", resident, "resident.move-out");

        // Moved on 05-10: the move-in notice is due by 05-24 (14 days) and by 06-09 (30 days after the planned date).
        await _api.SetDateAsync(new DateOnly(2026, 5, 24));
        var outcome = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-in",
            new { municipality = "13101", newAddress = TokyoAddress, movedOn = "2026-05-10", cardPresented = true, newSignaturePin = "MOVED123" }),
            HttpStatusCode.OK);
        Assert.False(outcome.GetProperty("lapsed").GetBoolean());
        Assert.Equal("131016", outcome.GetProperty("resident").GetProperty("municipality").GetString());
        Assert.Equal("Registered", outcome.GetProperty("resident").GetProperty("status").GetString());
        var after = outcome.GetProperty("card");
        Assert.Equal("Active", after.GetProperty("state").GetString());
        Assert.Equal($"2026年5月24日 転入 {TokyoAddress}", Assert.Single(after.GetProperty("endorsements").EnumerateArray()).GetProperty("text").GetString());

        // M1: the signature certificate carried the old address; the authentication certificate stays.
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.AffiliationChanged);
        await _api.AssertGoodAsync(after.GetProperty("signatureCertificate"));
        Assert.Equal(card.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString(),
            after.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString());
        var address = _api.ReadChip(cardId, chip =>
        {
            chip.VerifyPin(Primitives.Pin.Parse(Primitives.PinKind.TextInputAssist, "3333").Value);
            return chip.ReadBasicFourInformation().Address;
        });
        Assert.Equal(TokyoAddress, address);
        var entry = await _api.AssertAuditedAsync("resident", resident, "resident.move-in");
        Assert.Contains("card presented", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveIn_15DaysAfterTheMove_FindsTheCardLapsed_RevokesItsCertificates_AndOnlyAV6ReissueHelps_V5_V6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        var cardId = Id(card);
        await _api.SetDateAsync(new DateOnly(2026, 4, 20));
        await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-04-25", destination = TokyoAddress }), HttpStatusCode.OK);

        // Moved on 05-02: the last day for the move-in notice was 05-16; on 05-17 the card has lapsed.
        await _api.SetDateAsync(new DateOnly(2026, 5, 17));
        var outcome = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-in",
            new { municipality = "13101", newAddress = TokyoAddress, movedOn = "2026-05-02", cardPresented = true }), HttpStatusCode.OK);
        Assert.True(outcome.GetProperty("lapsed").GetBoolean());
        Assert.Equal(new DateOnly(2026, 5, 17), Date(outcome.GetProperty("lapsedOn")));
        Assert.Contains("V5", outcome.GetProperty("notice").GetString(), StringComparison.Ordinal);

        var lapsed = await _api.CardAsync(cardId);
        Assert.Equal("Lapsed", lapsed.GetProperty("state").GetString());
        Assert.Contains("V5", lapsed.GetProperty("stateReason").GetString(), StringComparison.Ordinal);
        Assert.Empty(lapsed.GetProperty("endorsements").EnumerateArray());
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.CessationOfOperation);
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.CessationOfOperation);
        var audit = await _api.AuditAsync("card", cardId);
        Assert.Equal("card.lapsed", audit[^1].Action);

        // V6: the lapsed card is not reissued "after loss" (L3), only as a lapsed card, for 1,000 yen.
        var refused = await _api.AssertRefusedByRuleAsync(resident, "L3", client =>
            client.PostAsJsonAsync("/api/applications", new { residentId = resident, occasion = "ReissueAfterLossOrDamage" }));
        Assert.Contains("lapsed", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var reissued = await _api.IssueCardAsync(resident, new() { ["occasion"] = "ReissueAfterLapse" });
        var file = await _api.FileAsync(resident);
        var fee = Assert.Single(file.GetProperty("fees").EnumerateArray());
        Assert.Equal(1000, fee.GetProperty("amountYen").GetInt32());
        Assert.Equal(Id(reissued), fee.GetProperty("cardId").GetGuid());
        Assert.Contains("V6", fee.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Replaced", (await _api.CardAsync(cardId)).GetProperty("state").GetString());
        Assert.Equal("131016", reissued.GetProperty("issuedBy").GetString());
    }

    [Fact]
    public async Task Continuation_OnTheNinetiethDay_KeepsTheCard_WithANewSignatureCertificate_V5()
    {
        var (resident, card) = await MovedInWithoutTheCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 8, 6));
        var outcome = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/continuation",
            new { newSignaturePin = "CONT1234" }), HttpStatusCode.OK);
        Assert.False(outcome.GetProperty("lapsed").GetBoolean());
        var continued = outcome.GetProperty("card");
        Assert.Equal("Active", continued.GetProperty("state").GetString());
        Assert.Contains("転入", Assert.Single(continued.GetProperty("endorsements").EnumerateArray()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.AffiliationChanged);
        await _api.AssertGoodAsync(continued.GetProperty("signatureCertificate"));
        await _api.AssertGoodAsync(continued.GetProperty("authenticationCertificate"));
        var move = Assert.Single((await _api.FileAsync(resident)).GetProperty("moves").EnumerateArray());
        Assert.Equal(new DateOnly(2026, 8, 6), Date(move.GetProperty("continuedOn")));
        await _api.AssertAuditedAsync("card", Id(card), "card.continued");

        // Nothing is left to continue.
        await _api.AssertRefusedByRuleAsync(resident, "V5", client => client.PostAsJsonAsync($"/api/residents/{resident}/continuation", new { }));
    }

    [Fact]
    public async Task Continuation_OnTheNinetyFirstDay_Is409V5_AndRecordsTheLapse_V5()
    {
        var (resident, card) = await MovedInWithoutTheCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 8, 7));
        using var response = await Window.PostAsJsonAsync($"/api/residents/{resident}/continuation", new { newSignaturePin = "CONT1234" });
        var problem = await RuleProblemAsync(response, "V5");
        Assert.Contains("90", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Time lapsed the card, not the request: the lapse is recorded (and its certificates revoked) all the same.
        var lapsed = await _api.CardAsync(Id(card));
        Assert.Equal("Lapsed", lapsed.GetProperty("state").GetString());
        Assert.Null(lapsed.GetProperty("signatureCertificate").GetString());
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.CessationOfOperation);
        await _api.AssertAuditedAsync("card", Id(card), "card.lapsed");
    }

    [Fact]
    public async Task MoveOut_Twice_And_MoveIn_WithoutAMoveOut_Are409V5_AndChangeNothing()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        await _api.AssertRefusedByRuleAsync(resident, "V5", client => client.PostAsJsonAsync($"/api/residents/{resident}/move-in",
            new { municipality = "13101", newAddress = TokyoAddress, movedOn = "2026-03-30", cardPresented = false }));
        await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-04-10", destination = TokyoAddress }), HttpStatusCode.OK);
        await _api.AssertRefusedByRuleAsync(resident, "V5", client => client.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-04-12", destination = TokyoAddress }));
        // V5: nor is a card applied for at the old municipality while the move-out is pending.
        await _api.AssertRefusedByRuleAsync(resident, "V5", client => client.PostAsJsonAsync("/api/applications", new { residentId = resident }));
    }

    public static TheoryData<string, string> BadMoveOuts => new()
    {
        { "planned 61 days ahead", """{ "plannedMoveDate": "2026-06-01", "destination": "東京都千代田区千代田１－１" }""" },
        { "planned 15 days ago", """{ "plannedMoveDate": "2026-03-17", "destination": "東京都千代田区千代田１－１" }""" },
        { "no destination", """{ "plannedMoveDate": "2026-04-10", "destination": " " }""" },
        { "destination missing", """{ "plannedMoveDate": "2026-04-10" }""" },
        { "not a date", """{ "plannedMoveDate": "2026-04-31", "destination": "東京都千代田区千代田１－１" }""" },
    };

    [Theory]
    [MemberData(nameof(BadMoveOuts))]
    public async Task MoveOut_BadInput_Is400_AndChangesNothing(string why, string json)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, _) = await _api.ResidentWithCardAsync();
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync($"/api/residents/{resident}/move-out", Json(json)));
        Assert.False(string.IsNullOrEmpty(why) || string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    public static TheoryData<string, string> BadMoveIns => new()
    {
        { "moved in the future", """{ "municipality": "13101", "newAddress": "東京都千代田区千代田１－１", "movedOn": "2026-05-09", "cardPresented": true }""" },
        { "malformed municipality", """{ "municipality": "1310", "newAddress": "東京都千代田区千代田１－１", "movedOn": "2026-05-05", "cardPresented": true }""" },
        { "wrong check digit", """{ "municipality": "131012", "newAddress": "東京都千代田区千代田１－１", "movedOn": "2026-05-05", "cardPresented": true }""" },
        { "unknown municipality (Sapporo)", """{ "municipality": "011002", "newAddress": "北海道札幌市中央区北１条西２丁目", "movedOn": "2026-05-05", "cardPresented": true }""" },
        { "no address", """{ "municipality": "13101", "newAddress": "", "movedOn": "2026-05-05", "cardPresented": true }""" },
        { "signature password of 5", """{ "municipality": "13101", "newAddress": "東京都千代田区千代田１－１", "movedOn": "2026-05-05", "cardPresented": true, "newSignaturePin": "AB123" }""" },
        { "signature password with a symbol", """{ "municipality": "13101", "newAddress": "東京都千代田区千代田１－１", "movedOn": "2026-05-05", "cardPresented": true, "newSignaturePin": "ABC-123" }""" },
    };

    [Theory]
    [MemberData(nameof(BadMoveIns))]
    public async Task MoveIn_BadInput_Is400_AndChangesNothing(string why, string json)
    {
        var resident = await MovedOutAsync();
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync($"/api/residents/{resident}/move-in", Json(json)));
        Assert.DoesNotContain("AB123", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("ABC-123", problem.GetRawText(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public async Task Continuation_BadPassword_Is400_AndChangesNothing()
    {
        var (resident, _) = await MovedInWithoutTheCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 6, 1));
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client =>
            client.PostAsJsonAsync($"/api/residents/{resident}/continuation", new { newSignaturePin = "ABC12345678901234" }));
        Assert.DoesNotContain("ABC12345678901234", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownResident_Is404_ForEveryMoveProcedure()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var nobody = Guid.NewGuid();
        using (var moveOut = await Window.PostAsJsonAsync($"/api/residents/{nobody}/move-out", new { plannedMoveDate = "2026-04-10", destination = TokyoAddress }))
            await Problems.ReadAsync(moveOut, HttpStatusCode.NotFound);
        using (var moveIn = await Window.PostAsJsonAsync($"/api/residents/{nobody}/move-in",
                   new { municipality = "13101", newAddress = TokyoAddress, movedOn = "2026-03-30", cardPresented = false }))
            await Problems.ReadAsync(moveIn, HttpStatusCode.NotFound);
        using (var continuation = await Window.PostAsJsonAsync($"/api/residents/{nobody}/continuation", new { }))
            await Problems.ReadAsync(continuation, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MoveProcedures_AreForTheWindow_NotTheCallCentre()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        using var response = await _api.CallCentre.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-04-10", destination = TokyoAddress });
        await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    /// <summary>A resident with a card who filed a move-out on 2026-05-01 for 05-05; the date is then 05-08.</summary>
    private async Task<Guid> MovedOutAsync()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, _) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-05-05", destination = TokyoAddress }), HttpStatusCode.OK);
        await _api.SetDateAsync(new DateOnly(2026, 5, 8));
        return resident;
    }

    /// <summary>Moved out 05-01 (planned 05-05), moved in on 05-08 without the card: the continuation is due by 08-06 (90 days).</summary>
    private async Task<(Guid Resident, JsonElement Card)> MovedInWithoutTheCardAsync()
    {
        var resident = await MovedOutAsync();
        var card = (await _api.FileAsync(resident)).GetProperty("cards")[0];
        var movedIn = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/move-in",
            new { municipality = "13101", newAddress = TokyoAddress, movedOn = "2026-05-05", cardPresented = false }), HttpStatusCode.OK);
        Assert.False(movedIn.GetProperty("lapsed").GetBoolean());
        Assert.Equal(new DateOnly(2026, 8, 6), Date(movedIn.GetProperty("nextDeadline")));
        Assert.Empty(movedIn.GetProperty("card").GetProperty("endorsements").EnumerateArray());
        return (resident, card);
    }

    internal static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
