using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.ConvenienceIssuance.Stores;
using Myna.Primitives;
using Myna.Reader;
using Myna.Storage.Kiosk;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Kiosk;

/// <summary>
/// A store machine's transaction over HTTP (U2.4), the card driven as a reader would; then the printed certificate's
/// seal checked by anyone, offline against the published certificates and online against the municipality's record.
/// </summary>
public sealed class KioskApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private async Task<(HttpClient Machine, RegisteredMachine Registered)> MachineAsync()
    {
        var registered = (await _api.Services.GetRequiredService<StoreNetwork>()
            .AddStoreAsync(StoreChain.Lawson, RandomNumberGenerator.GetInt32(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), "郡山テスト店", "072036", 1))[0];
        var machine = fixture.Server.CreateClient();
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Kiosk", $"{registered.Id}:{registered.Secret}");
        return (machine, registered);
    }

    [Fact]
    public async Task AWholeTransactionOverHttp_PrintsASealedCertificate_ThatThePublicCheckConfirms_U2_4()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(JapanClock.Today(_api.Services.GetRequiredService<TimeProvider>()).AddDays(1));
        var (machine, _) = await MachineAsync();

        var session = await JsonAsync(await machine.PostAsync("/api/kiosk/machine/sessions", null), HttpStatusCode.Created);
        var sessionId = session.GetProperty("sessionId").GetGuid();
        var challenge = Convert.FromBase64String(session.GetProperty("challenge").GetString()!);
        var signed = _api.ReadChip(Id(card), c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, "1111").Value, challenge).Signed!);
        var choices = await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/card",
            new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) }), HttpStatusCode.OK);
        Assert.Contains(choices.GetProperty("municipalities").EnumerateArray(), m => m.GetProperty("code").GetString() == "072036");

        var quote = await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/order",
            new { municipality = "072036", certificate = "ResidentRecordItems", copies = 1 }), HttpStatusCode.OK);
        Assert.Equal(300, quote.GetProperty("feeYen").GetInt32());
        var paymentId = Guid.NewGuid();
        await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/payment", new { paymentId, amountYen = 300 }), HttpStatusCode.OK);
        var job = await JsonAsync(await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next"), HttpStatusCode.OK);
        var pdf = Convert.FromBase64String(job.GetProperty("pdf").GetString()!);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(pdf)), job.GetProperty("documentHash").GetString());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(challenge)), job.GetProperty("challengeHash").GetString());
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/{job.GetProperty("jobId").GetGuid()}", new { printed = true }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next")).StatusCode);

        // The holder sees the issuance in the portal's exchange history: which store, which document, the fee.
        using (var holder = await Portal.PortalLoginTests.LoggedInAsync(fixture, Id(card)))
        {
            var history = await JsonAsync(await holder.GetAsync("/portal/api/me/history"), HttpStatusCode.OK);
            var issued = Assert.Single(history.EnumerateArray(), e => e.GetProperty("kind").GetString() == "kiosk-issued");
            Assert.Contains("郡山テスト店", issued.GetRawText(), StringComparison.Ordinal);
            Assert.Contains(job.GetProperty("issueNumber").GetString()!, issued.GetRawText(), StringComparison.Ordinal);
        }

        // The day closes in the settlement, with this store's takings in it.
        var day = JapanClock.Today(_api.Services.GetRequiredService<TimeProvider>());
        var settlement = await JsonAsync(await _api.Admin.GetAsync($"/api/kiosk/settlements/072036/{day:yyyy-MM-dd}"), HttpStatusCode.OK);
        Assert.Contains(settlement.GetProperty("stores").EnumerateArray(), s => s.GetProperty("storeName").GetString() == "郡山テスト店" && s.GetProperty("amountYen").GetInt64() == 300);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Window.GetAsync($"/api/kiosk/settlements/072036/{day:yyyy-MM-dd}")).StatusCode);

        // Anyone checks the printed certificate by its QR code's text.
        var seal = await SealOfAsync(job.GetProperty("issueNumber").GetString()!);
        using var anyone = fixture.Server.CreateClient();
        var check = await JsonAsync(await anyone.PostAsJsonAsync("/api/kiosk/verify", new { seal }), HttpStatusCode.OK);
        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.True(check.GetProperty("issued").GetBoolean());
        Assert.Equal(job.GetProperty("issueNumber").GetString(), check.GetProperty("issueNumber").GetString());
        var certificates = await JsonAsync(await anyone.GetAsync("/api/kiosk/seal-certificates"), HttpStatusCode.OK);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", certificates.GetProperty("authority").GetString(), StringComparison.Ordinal);

        // One character changed in the signed content, and the seal no longer verifies.
        var forged = await JsonAsync(await anyone.PostAsJsonAsync("/api/kiosk/verify", new { seal = seal[..^3] + (seal[^3] == 'A' ? 'B' : 'A') + seal[^2..] }), HttpStatusCode.OK);
        Assert.False(forged.GetProperty("valid").GetBoolean());
        Assert.False(forged.GetProperty("issued").GetBoolean());
    }

    [Fact]
    public async Task AMachineWithoutItsSecret_IsRefused401_AndAnotherMachine_DoesNotSeeTheSession()
    {
        var (machine, _) = await MachineAsync();
        var (other, _) = await MachineAsync();
        using var stranger = fixture.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsync("/api/kiosk/machine/sessions", null)).StatusCode);
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Kiosk", $"{Guid.NewGuid()}:guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsync("/api/kiosk/machine/sessions", null)).StatusCode);

        var session = await JsonAsync(await machine.PostAsync("/api/kiosk/machine/sessions", null), HttpStatusCode.Created);
        var response = await other.GetAsync($"/api/kiosk/machine/sessions/{session.GetProperty("sessionId").GetGuid()}/print-jobs/next");
        var problem = await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("session-unknown", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Administrators_SetAMunicipalitysKioskSettings_BadOnesAreRefused_AndWindowStaffMayNot_U2_9()
    {
        var body = new
        {
            fees = new Dictionary<string, int> { ["ResidentRecord"] = 200, ["IncomeAndTax"] = 300 },
            maintenanceDays = new[] { "2027-01-02", "2027-01-01" },
            familyRegisterForNonResidents = false,
            cityHallMachine = (object?)null,
        };
        var updated = await JsonAsync(await _api.Admin.PutAsJsonAsync("/api/kiosk/settings/13101", body), HttpStatusCode.OK);
        Assert.Equal(["2027-01-01", "2027-01-02"], updated.GetProperty("maintenanceDays").EnumerateArray().Select(d => d.GetString()));
        var all = await JsonAsync(await _api.Admin.GetAsync("/api/kiosk/settings"), HttpStatusCode.OK);
        var chiyoda = Assert.Single(all.EnumerateArray(), m => m.GetProperty("municipality").GetString() == "131016");
        Assert.Equal(200, chiyoda.GetProperty("fees").GetProperty("ResidentRecord").GetInt32());
        Assert.False(chiyoda.GetProperty("fees").TryGetProperty("ResidentRecordItems", out _));

        var bad = await Problems.ReadAsync(await _api.Admin.PutAsJsonAsync("/api/kiosk/settings/13101",
            new { fees = new Dictionary<string, int> { ["ResidentRecord"] = 20_000 }, familyRegisterForNonResidents = false }), HttpStatusCode.BadRequest);
        Assert.Equal("U2.9", bad.GetProperty("ruleId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Window.PutAsJsonAsync("/api/kiosk/settings/13101", body)).StatusCode);
        var audit = await _api.Services.GetRequiredService<Myna.Storage.Audit.AuditTrail>().ReadAsync(new Myna.Storage.Audit.AuditSubject("municipality", "131016"));
        Assert.Single(audit, e => e.Action == "kiosk.settings-changed");
    }

    private async Task<string> SealOfAsync(string issueNumber)
    {
        await using var db = _api.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Myna.Storage.MynaDbContext>>().CreateDbContext();
        return db.Set<IssuedDocumentRow>().Single(d => d.IssueNumber == issueNumber).Seal;
    }
}
