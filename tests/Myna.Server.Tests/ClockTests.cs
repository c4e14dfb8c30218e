using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Server.Clock;
using Myna.Storage.Audit;

namespace Myna.Server.Tests;

/// <summary>The sandbox clock over the API: read, set, advance, backwards, kept across a restart.</summary>
public sealed class ClockTests : IAsyncLifetime
{
    // Real time: 2026-11-26 10:30 in Japan.
    private static readonly DateTimeOffset RealNow = new(2026, 11, 26, 1, 30, 0, TimeSpan.Zero);
    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(RealNow));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Get_AtFirstStart_IsRealTimeInJapan()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await client.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal(new ClockState(new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.FromHours(9)), new DateOnly(2026, 11, 26), 0), state);
        Assert.Equal(TimeSpan.FromHours(9), state!.Now.Offset);
    }

    [Fact]
    public async Task SetDate_KeepsTimeOfDay_ThenAdvance_AndTheServerClockFollows()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var set = await PutAsync(client, new { date = "2031-05-01" });
        Assert.Equal(new DateTimeOffset(2031, 5, 1, 10, 30, 0, TimeSpan.FromHours(9)), set.Now);
        Assert.Equal(1617, set.OffsetDays);

        var advanced = await PutAsync(client, new { advanceDays = 30 });
        Assert.Equal(new DateOnly(2031, 5, 31), advanced.Today);
        // What every service reads (issue dates, CRLs, OCSP, the audit trail) is the same clock.
        var clock = _server.Services.GetRequiredService<TimeProvider>();
        Assert.Equal(new DateTimeOffset(2031, 5, 31, 1, 30, 0, TimeSpan.Zero), clock.GetUtcNow());
        // The session outlives a jump of weeks: cookies expire by real time.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/session")).StatusCode);
    }

    [Fact]
    public async Task SetDate_Backwards_IsAllowed_AndAuditedAsBackwards()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await PutAsync(client, new { date = "2020-02-29" });
        Assert.Equal(new DateOnly(2020, 2, 29), state.Today);
        Assert.True(state.OffsetDays < 0);

        var entry = Assert.Single(await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("sandbox-clock", "offset")));
        Assert.Equal("admin", entry.Actor);
        Assert.Equal("clock.set", entry.Action);
        Assert.Equal("Japan date 2026-11-26 -> 2020-02-29 (-2462 days), backwards", entry.Details);
    }

    [Fact]
    public async Task Offset_SurvivesARestart()
    {
        using (var client = await _server.SignedInAsync("admin", "admin-sandbox"))
        {
            await PutAsync(client, new { date = "2035-01-01" });
            await PutAsync(client, new { advanceDays = -1 });
        }
        await _server.RestartAsync();

        using var again = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await again.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal(new DateOnly(2034, 12, 31), state!.Today);
        Assert.Equal(new DateOnly(2034, 12, 31), Myna.Primitives.JapanClock.Today(_server.Services.GetRequiredService<TimeProvider>()));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "date": "2031-05-01", "advanceDays": 3 }""")]
    [InlineData("""{ "date": "1999-12-31" }""")]
    [InlineData("""{ "date": "2100-01-01" }""")]
    [InlineData("""{ "advanceDays": 40000 }""")]
    [InlineData("""{ "advanceDays": 36500 }""")]
    [InlineData("""{ "date": "2031-02-30" }""")]
    [InlineData("""{ "date": 20310501 }""")]
    public async Task Put_InvalidChange_Is400_AndTheClockStays(string json)
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PutAsync("/api/admin/clock", content);
        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        var state = await client.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal(0, state!.OffsetDays);
        Assert.Empty(await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("sandbox-clock", "offset")));
    }

    private static async Task<ClockState> PutAsync(HttpClient client, object change)
    {
        using var response = await client.PutAsJsonAsync("/api/admin/clock", change);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ClockState>())!;
    }
}

/// <summary>Production mode: the real clock and no clock endpoint; no demo accounts, a configured administrator.</summary>
public sealed class ProductionModeTests : IAsyncLifetime
{
    private readonly MynaServer _server = new(mode: "Production", settings: new Dictionary<string, string?>
    {
        ["Myna:BootstrapAdministrator:UserName"] = "chief",
        ["Myna:BootstrapAdministrator:Password"] = "a long production password",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ClockEndpoint_DoesNotExist_EvenForAnAdministrator()
    {
        using var client = await _server.SignedInAsync("chief", "a long production password");
        using var get = await client.GetAsync("/api/admin/clock");
        await Problems.ReadAsync(get, HttpStatusCode.NotFound);
        using var put = await client.PutAsJsonAsync("/api/admin/clock", new { advanceDays = 1 });
        await Problems.ReadAsync(put, HttpStatusCode.NotFound);
        Assert.Same(TimeProvider.System, _server.Services.GetRequiredService<TimeProvider>());
        Assert.Null(_server.Services.GetService<SandboxClock>());
    }

    [Theory]
    [InlineData("window", "window-sandbox")]
    [InlineData("admin", "admin-sandbox")]
    public async Task DemoAccounts_AreNotCreated(string userName, string password)
    {
        using var client = _server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/session", new { userName, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task BootstrapAdministrator_IsAnAdministrator_AndCreatedOnce()
    {
        await _server.RestartAsync();
        using var client = await _server.SignedInAsync("chief", "a long production password");
        var me = await client.GetFromJsonAsync<Myna.Server.Staff.SessionInfo>("/api/session");
        Assert.Equal("Administrator", me!.Role);
    }
}
