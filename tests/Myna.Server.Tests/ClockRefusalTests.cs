using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Server.Clock;
using Myna.Storage.Audit;

namespace Myna.Server.Tests;

/// <summary>
/// Refused changes of the sandbox clock: each is a 400 that leaves the clock and the audit trail as they were, so the
/// tests share one server (a refusal that moved the clock would fail every later test too).
/// </summary>
public sealed class ClockRefusalTests(ClockRefusalTests.Host host) : IClassFixture<ClockRefusalTests.Host>
{
    // Real time: 2026-11-26 10:30 in Japan (a Thursday).
    private static readonly DateTimeOffset RealNow = new(2026, 11, 26, 1, 30, 0, TimeSpan.Zero);

    /// <summary>The server these tests share; its real clock stands still.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public MynaServer Server { get; } = new(realClock: new FakeTimeProvider(RealNow));

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "date": "2031-05-01", "advanceDays": 3 }""")]
    [InlineData("""{ "date": "2031-05-01", "at": "2031-05-01T03:00" }""")]
    [InlineData("""{ "advanceDays": 3, "at": "2031-05-01T03:00" }""")]
    [InlineData("""{ "date": "1999-12-31" }""")]
    [InlineData("""{ "date": "2100-01-01" }""")]
    [InlineData("""{ "advanceDays": 40000 }""")]
    [InlineData("""{ "advanceDays": 36500 }""")]
    [InlineData("""{ "date": "2031-02-30" }""")]
    [InlineData("""{ "date": 20310501 }""")]
    [InlineData("""{ "at": 202612060300 }""")]
    public async Task Put_InvalidChange_Is400_AndTheClockStays(string json)
    {
        using var client = await host.Server.SignedInAsync("admin", "admin-sandbox");
        await AssertRefusedAsync(client, json);
    }

    [Theory]
    [InlineData("1999-12-31T23:59")]
    [InlineData("1999-12-31T23:59+09:00")]
    [InlineData("2100-01-01T00:00")]
    [InlineData("2026-02-30T03:00")]
    [InlineData("2026-12-06T24:00")]
    [InlineData("2026-12-06T3:00")]
    [InlineData("2026-12-06")]
    [InlineData("2026-12-06 03:00")]
    [InlineData("2026-12-06T03:00Z")]
    [InlineData("2026-12-06T03:00+00:00")]
    [InlineData("2026-12-05T18:00-09:00")]
    [InlineData("2026-12-06T03:00:00.5")]
    [InlineData("")]
    [InlineData("next sunday")]
    [InlineData("0001-01-01T00:00")]
    [InlineData("9999-12-31T23:59+09:00")]
    public async Task Put_AtOutOfRangeOrMalformed_Is400NamingAt_AndTheClockStays(string at)
    {
        using var client = await host.Server.SignedInAsync("admin", "admin-sandbox");
        client.DefaultRequestHeaders.AcceptLanguage.Clear(); // the pages in Japanese, their default
        var problem = await AssertRefusedAsync(client, JsonSerializer.Serialize(new { at }));
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Equals("at", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<JsonElement> AssertRefusedAsync(HttpClient client, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PutAsync("/api/admin/clock", content);
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        var state = await client.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal(RealNow, state!.Now);
        Assert.Equal(0, state.OffsetDays);
        Assert.Empty(await host.Server.Services.GetRequiredService<AuditTrail>().ReadAsync(SandboxClock.AuditSubject));
        return problem;
    }
}
