using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>What the date alone decides (V5 lapses, V7 expiries), by the administrator's sweep and by the server's own daily sweep.</summary>
public sealed class SweepApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task Sweep_TheDayAfterTheExpiry_RecordsTheCardExpired_RevokesItsCertificates_AndAgainChangesNothing_V7()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ChildWithCardAsync(new DateOnly(2016, 1, 1));
        Assert.Equal(new DateOnly(2031, 1, 1), Date(card.GetProperty("expiresOn"))); // V2: 5th birthday for an under-15

        await _api.SetDateAsync(new DateOnly(2031, 1, 1));
        await SweepAsync(new DateOnly(2031, 1, 1));
        Assert.Equal("Active", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());
        await _api.AssertGoodAsync(card.GetProperty("authenticationCertificate"));

        await _api.SetDateAsync(new DateOnly(2031, 1, 2));
        var report = await SweepAsync(new DateOnly(2031, 1, 2));
        Assert.True(report.GetProperty("expired").GetInt32() >= 1);
        var expired = await _api.CardAsync(Id(card));
        Assert.Equal("Expired", expired.GetProperty("state").GetString());
        Assert.Equal(new DateOnly(2031, 1, 2), Date(expired.GetProperty("stateChangedOn")));
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.CessationOfOperation);
        var entry = await _api.AssertAuditedAsync("card", Id(card), "card.expired", actor: "system");
        Assert.Contains("V7", entry.Details, StringComparison.Ordinal);

        // Idempotent: the same day swept again changes nothing.
        var before = await _api.SnapshotAsync(resident);
        Assert.Equal(0, (await SweepAsync(new DateOnly(2031, 1, 2))).GetProperty("expired").GetInt32());
        Assert.Equal(before, await _api.SnapshotAsync(resident));
        // V7: an expired card proves nothing any more.
        var proof = Assert.Single((await _api.FileAsync(resident)).GetProperty("cardProofs").EnumerateArray());
        Assert.False(proof.GetProperty("provesIdentity").GetBoolean());
    }

    [Fact]
    public async Task Sweep_LapsesTheCard_TheDayAfterTheNinetyDaysForTheContinuation_V5()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-05-05", destination = TokyoAddress }), HttpStatusCode.OK);
        await _api.SetDateAsync(new DateOnly(2026, 5, 8));
        await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/residents/{resident}/move-in",
            new { municipality = "13101", newAddress = TokyoAddress, movedOn = "2026-05-05", cardPresented = false }), HttpStatusCode.OK);

        await _api.SetDateAsync(new DateOnly(2026, 8, 6));
        await SweepAsync(new DateOnly(2026, 8, 6));
        Assert.Equal("Active", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());

        await _api.SetDateAsync(new DateOnly(2026, 8, 7));
        Assert.True((await SweepAsync(new DateOnly(2026, 8, 7))).GetProperty("lapsed").GetInt32() >= 1);
        var lapsed = await _api.CardAsync(Id(card));
        Assert.Equal("Lapsed", lapsed.GetProperty("state").GetString());
        Assert.Contains("V5", lapsed.GetProperty("stateReason").GetString(), StringComparison.Ordinal);
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.CessationOfOperation);
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.CessationOfOperation);
        await _api.AssertAuditedAsync("card", Id(card), "card.lapsed", actor: "system");
    }

    [Fact]
    public async Task Sweep_LapsesTheCard_ThirtyOneDaysAfterThePlannedMove_WithoutAMoveIn_V5()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        // Planned a week ahead: a plan, not a fact; the sweep of that day lapses nothing (V5).
        await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/residents/{resident}/move-out",
            new { plannedMoveDate = "2026-04-08", destination = TokyoAddress }), HttpStatusCode.OK);
        await SweepAsync(new DateOnly(2026, 4, 1));

        // 30 days after 04-08 is 05-08, the last day for the move-in notice.
        await _api.SetDateAsync(new DateOnly(2026, 5, 8));
        await SweepAsync(new DateOnly(2026, 5, 8));
        Assert.Equal("Active", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());
        await _api.SetDateAsync(new DateOnly(2026, 5, 9));
        await SweepAsync(new DateOnly(2026, 5, 9));
        Assert.Equal("Lapsed", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.CessationOfOperation);
    }

    [Fact]
    public async Task DailySweep_RunsByItself_WhenTheDateHasChanged_V7()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (_, card) = await _api.ChildWithCardAsync(new DateOnly(2016, 1, 1));
        await _api.SetDateAsync(new DateOnly(2031, 1, 2));
        // Nobody sweeps: the card is expired by date only (its state as of today), the registry not yet told.
        Assert.Equal("Expired", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());
        Assert.DoesNotContain(await _api.AuditAsync("card", Id(card)), e => e.Action == "card.expired");

        // The server looks at the date once a minute (real time).
        _api.RealClock.Advance(TimeSpan.FromMinutes(1));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await _api.AuditAsync("card", Id(card))).Any(e => e.Action == "card.expired"))
        {
            Assert.True(DateTime.UtcNow < deadline, "The daily sweep did not run within 30 seconds.");
            await Task.Delay(100);
        }
        Assert.Equal("system", (await _api.AuditAsync("card", Id(card)))[^1].Actor);
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.CessationOfOperation);
    }

    [Fact]
    public async Task Sweep_IsForAdministratorsOnly()
    {
        using (var window = await _api.Window.PostAsync("/api/admin/sweep", null))
            await Problems.ReadAsync(window, HttpStatusCode.Forbidden);
        using (var callCentre = await _api.CallCentre.PostAsync("/api/admin/sweep", null))
            await Problems.ReadAsync(callCentre, HttpStatusCode.Forbidden);
    }

    private async Task<JsonElement> SweepAsync(DateOnly expectedDay)
    {
        var report = await JsonAsync(await _api.Admin.PostAsync("/api/admin/sweep", null), HttpStatusCode.OK);
        Assert.Equal(expectedDay, Date(report.GetProperty("day")));
        return report;
    }
}
