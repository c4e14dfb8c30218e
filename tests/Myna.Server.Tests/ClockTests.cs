using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Server.Clock;
using Myna.Storage.Audit;

namespace Myna.Server.Tests;

/// <summary>The sandbox clock over the API: read, set, advance, to the minute, backwards, kept across a restart, audited.</summary>
public sealed partial class ClockTests : IAsyncLifetime
{
    // Real time: 2026-11-26 10:30 in Japan (a Thursday).
    private static readonly DateTimeOffset RealNow = new(2026, 11, 26, 1, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(RealNow));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private FakeTimeProvider Real => _server.RealClock!;

    private AuditTrail Audit => _server.Services.GetRequiredService<AuditTrail>();

    [Fact]
    public async Task Get_AtFirstStart_IsRealTimeInJapan()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await client.GetFromJsonAsync<ClockState>("/api/admin/clock");
        var now = new DateTimeOffset(2026, 11, 26, 10, 30, 0, Jst);
        Assert.Equal(new ClockState(now, "2026-11-26T10:30", new DateOnly(2026, 11, 26), 0, now), state);
        Assert.Equal(Jst, state!.Now.Offset);
        Assert.Equal(Jst, state.RealNow.Offset);
    }

    [Fact]
    public async Task SetDate_KeepsTimeOfDay_ThenAdvance_AndTheServerClockFollows()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var set = await PutAsync(client, new { date = "2031-05-01" });
        Assert.Equal(new DateTimeOffset(2031, 5, 1, 10, 30, 0, Jst), set.Now);
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
    public async Task Reset_ComesBackToTheRealTimeExactly_NotToTheMinute()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        Real.Advance(TimeSpan.FromSeconds(42));
        await PutAsync(client, new { at = "2031-05-01T09:00" });
        var reset = await PutAsync(client, new { reset = true });
        Assert.Equal(0, reset.OffsetDays);
        Assert.Equal(reset.RealNow, reset.Now);
        Assert.Equal(Real.GetUtcNow(), _server.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        using var both = await client.PutAsJsonAsync("/api/admin/clock", new { reset = true, advanceDays = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task SetDate_Backwards_IsAllowed_AndAuditedAsBackwards()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await PutAsync(client, new { date = "2020-02-29" });
        Assert.Equal(new DateOnly(2020, 2, 29), state.Today);
        Assert.True(state.OffsetDays < 0);

        var entry = Assert.Single(await Audit.ReadAsync(SandboxClock.AuditSubject));
        Assert.Equal("admin", entry.Actor);
        Assert.Equal("clock.set", entry.Action);
        Assert.Equal("Sandbox clock moved from 2026-11-26 10:30 to 2020-02-29 10:30 Japan time (2462 days back).", entry.Details);
        Assert.Equal("システムの日時を 2026-11-26 10:30 から 2020-02-29 10:30 に変更しました（日本時間、2462日戻しました）。", entry.DetailsJapanese);
    }

    [Fact]
    public async Task SetAt_SundayThreeInTheMorning_ReadsBackToTheMinute_SecondsZero_AndRunsOn()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        // Real time is a quarter of a second past 10:30:17: the sandbox starts at 03:00:00 all the same.
        Real.Advance(TimeSpan.FromSeconds(17.25));
        var state = await PutAsync(client, new { at = "2026-12-06T03:00" });
        var sunday3 = new DateTimeOffset(2026, 12, 6, 3, 0, 0, Jst);
        Assert.Equal(sunday3, state.Now);
        Assert.Equal("2026-12-06T03:00", state.At);
        Assert.Equal(new DateOnly(2026, 12, 6), state.Today);
        Assert.Equal(DayOfWeek.Sunday, state.Today.DayOfWeek);
        Assert.Equal(10, state.OffsetDays);
        Assert.Equal(RealNow.AddSeconds(17.25), state.RealNow);
        Assert.Equal(sunday3, _server.Services.GetRequiredService<TimeProvider>().GetUtcNow());

        // The clock runs on from there with real time.
        Real.Advance(TimeSpan.FromSeconds(90));
        var later = await client.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal(sunday3.AddSeconds(90), later!.Now);
        Assert.Equal("2026-12-06T03:01", later.At);

        // The same minute with +09:00, or with seconds (dropped), lands on 22:59:00 exactly.
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 22, 59, 0, Jst), (await PutAsync(client, new { at = "2026-12-05T22:59+09:00" })).Now);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 22, 59, 0, Jst), (await PutAsync(client, new { at = "2026-12-05T22:59:45" })).Now);
    }

    [Theory]
    [InlineData("2000-01-01T00:00")]
    [InlineData("2099-12-31T23:59")]
    [InlineData("2099-12-31T23:59:59+09:00")]
    public async Task SetAt_TheEdgesOfTheRange_AreAllowed(string at)
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await PutAsync(client, new { at });
        Assert.Equal(at[..16], state.At);
    }

    [Fact]
    public async Task SetAt_Backwards_AuditEntryIsStampedWithTheSandboxTimeBeforeTheMove_AndTheRealTimeBeside()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        await PutAsync(client, new { at = "2026-12-06T03:00" });
        Real.Advance(TimeSpan.FromMinutes(5));
        await PutAsync(client, new { at = "2019-06-02T22:59" });

        var entries = await Audit.ReadAsync(SandboxClock.AuditSubject);
        Assert.Equal(2, entries.Count);
        // The second move was made at 03:05 on 2026-12-06 sandbox time (before the move), at 10:35 real time.
        var second = entries.Single(e => e.Details.Contains("to 2019-06-02", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 5, 0, Jst), second.Instant);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 35, 0, Jst), second.RealInstant);
        Assert.Equal("admin", second.Actor);
        Assert.Equal("clock.set", second.Action);
        Assert.Equal("Sandbox clock moved from 2026-12-06 03:05 to 2019-06-02 22:59 Japan time (2743 days 4 h 6 min back).", second.Details);
        Assert.Equal("システムの日時を 2026-12-06 03:05 から 2019-06-02 22:59 に変更しました（日本時間、2743日4時間6分戻しました）。", second.DetailsJapanese);

        // The first move was made at real time (no offset yet): both instants are the real 10:30.
        var first = entries.Single(e => e != second);
        Assert.Equal(RealNow, first.Instant);
        Assert.Equal(RealNow, first.RealInstant);
        Assert.Equal("Sandbox clock moved from 2026-11-26 10:30 to 2026-12-06 03:00 Japan time (9 days 16 h 30 min forward).", first.Details);

        // Anything audited afterwards carries the sandbox instant and the real one.
        var later = await Audit.RecordAsync(AuditActor.System, "test.entry", new AuditSubject("test", "1"), "after the move");
        Assert.Equal(new DateTimeOffset(2019, 6, 2, 22, 59, 0, Jst), later.Instant);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 35, 0, Jst), later.RealInstant);

        // The audit page shows the real time beside the sandbox's where they differ, and the Japanese details.
        // Decoded: the encoder writes + in an attribute as &#x2B;.
        // The page in its default language, Japanese (the test clients ask for English otherwise).
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Admin/Audit?action=clock.set"));
        Assert.Contains("""<time datetime="2026-12-06T03:05:00+09:00">2026-12-06 03:05:00</time>""", html, StringComparison.Ordinal);
        Assert.Matches(RealTimeBeside("2026-11-26T10:35:00+09:00"), html);
        Assert.DoesNotMatch(RealTimeBeside("2026-11-26T10:30:00+09:00"), html);
        Assert.Contains("2743日4時間6分戻しました", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offset_SurvivesARestart()
    {
        using (var client = await _server.SignedInAsync("admin", "admin-sandbox"))
        {
            await PutAsync(client, new { date = "2035-01-01" });
            await PutAsync(client, new { advanceDays = -1 });
            await PutAsync(client, new { at = "2034-12-31T03:17" });
        }
        await _server.RestartAsync();

        using var again = await _server.SignedInAsync("admin", "admin-sandbox");
        var state = await again.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal("2034-12-31T03:17", state!.At);
        Assert.Equal(new DateOnly(2034, 12, 31), Myna.Primitives.JapanClock.Today(_server.Services.GetRequiredService<TimeProvider>()));
    }

    [Fact]
    public async Task AdminPage_SetsDateAndTime_AndShowsSandboxAndRealTime()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        client.DefaultRequestHeaders.AcceptLanguage.Clear(); // the pages in Japanese, their default
        var page = await client.GetStringAsync("/Admin");
        Assert.Contains("""id="clock-at-time" name="AtTime" type="time" step="60" required value="10:30" """.TrimEnd(), page, StringComparison.Ordinal);

        using var posted = await PostFormAsync(client, "/Admin?handler=ClockTime", page, new() { ["AtDate"] = "2026-12-06", ["AtTime"] = "03:00" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, Jst), _server.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        var entry = Assert.Single(await Audit.ReadAsync(SandboxClock.AuditSubject));
        Assert.Equal("admin", entry.Actor);
        Assert.Equal("Sandbox clock moved from 2026-11-26 10:30 to 2026-12-06 03:00 Japan time (9 days 16 h 30 min forward).", entry.Details);

        page = WebUtility.HtmlDecode(await client.GetStringAsync("/Admin"));
        Assert.Contains("""<time id="clock-now" datetime="2026-12-06T03:00+09:00">2026-12-06 (日) 03:00</time>""", page, StringComparison.Ordinal);
        Assert.Contains("""<time id="clock-real" datetime="2026-11-26T10:30+09:00">2026-11-26 (木) 10:30</time>""", page, StringComparison.Ordinal);

        // Out of range: refused in words, nothing moves.
        using var refused = await PostFormAsync(client, "/Admin?handler=ClockTime", page, new() { ["AtDate"] = "1999-12-31", ["AtTime"] = "23:59" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("2000-01-01 (土) 00:00", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, Jst), _server.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        Assert.Single(await Audit.ReadAsync(SandboxClock.AuditSubject));
    }

    [Fact]
    public async Task CallCentrePage_OnASunday_At0300IsClosed_At0930Open_K()
    {
        using var admin = await _server.SignedInAsync("admin", "admin-sandbox");
        admin.DefaultRequestHeaders.AcceptLanguage.Clear(); // the pages in Japanese, their default
        using var callCentre = await _server.SignedInAsync("callcentre", "callcentre-sandbox");
        callCentre.DefaultRequestHeaders.AcceptLanguage.Clear(); // the pages in Japanese, their default
        await PutAsync(admin, new { at = "2026-12-06T03:00" });
        var night = await callCentre.GetStringAsync("/CallCentre");
        Assert.Contains("2026-12-06 (日) 03:00", night, StringComparison.Ordinal);
        Assert.Contains("一般のお問い合わせは受付時間外です（本日 09:30–17:30）", night, StringComparison.Ordinal);

        await PutAsync(admin, new { at = "2026-12-06T09:30" });
        Assert.Contains("一般のお問い合わせは受付中です（本日 09:30–17:30）", await callCentre.GetStringAsync("/CallCentre"), StringComparison.Ordinal);
    }

    /// <summary>Sends a refused change and proves that the clock stayed and nothing was audited.</summary>
    private static async Task<ClockState> PutAsync(HttpClient client, object change)
    {
        using var response = await client.PutAsJsonAsync("/api/admin/clock", change);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ClockState>())!;
    }

    /// <summary>Posts a page's form with the antiforgery token of <paramref name="page"/> (its cookie is in the client).</summary>
    internal static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = AntiforgeryTokenOf(page);
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(path, form);
    }

    /// <summary>The antiforgery token of <paramref name="page"/> (any form's: they share the cookie).</summary>
    internal static string AntiforgeryTokenOf(string page)
    {
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "no antiforgery token on the page");
        return System.Net.WebUtility.HtmlDecode(token.Groups["value"].Value);
    }

    private static Regex RealTimeBeside(string iso) =>
        new("class=\"real-instant\">実際の日時 <time datetime=\"" + Regex.Escape(iso) + "\">", RegexOptions.CultureInvariant);

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<value>[^"]+)|type="hidden" name="__RequestVerificationToken" value="(?<value>[^"]+)""")]
    private static partial Regex AntiforgeryToken();
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
