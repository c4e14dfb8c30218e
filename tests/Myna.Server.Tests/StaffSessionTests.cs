using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Server.Staff;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Tests;

/// <summary>
/// Server-side sessions: a cookie is only as good as its session in <c>staff_sessions</c>. Sign-out, an administrator's
/// "end all sessions" and disabling the account end it at once; real time ends it (8 h idle, 12 h absolute), the sandbox
/// clock never does.
/// </summary>
public sealed class StaffSessionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset RealNow = new(2026, 11, 26, 1, 30, 0, TimeSpan.Zero);
    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(RealNow));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private FakeTimeProvider Real => _server.RealClock!;

    [Fact]
    public async Task SignOut_ThenTheCopiedCookie_Is401()
    {
        var (client, cookie) = await SignInAsync("window", "window-sandbox");
        using var _ = client;
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(cookie)).StatusCode);

        using (var signOut = await client.DeleteAsync("/api/session"))
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        // The copied cookie is still well-formed and within its 8 hours, but its session has ended.
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookieAsync(cookie)).StatusCode);
        await _server.RestartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookieAsync(cookie)).StatusCode);
        var session = Assert.Single(await SessionsOfAsync("window"), s => s.EndedAt is not null);
        Assert.Equal(StaffSessionEnd.SignedOut, session.EndedReason);
    }

    [Fact]
    public async Task SignOutPage_EndsTheSessionToo()
    {
        var (client, cookie) = await SignInAsync("callcentre", "callcentre-sandbox");
        using var _ = client;
        // The sign-out form posts with the page's antiforgery token.
        var html = await client.GetStringAsync("/Help");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using (var signOut = await client.PostAsync("/signout", form))
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookieAsync(cookie)).StatusCode);
    }

    [Fact]
    public async Task Sessions_AreRowsWithTheAddress_AndNoSecret()
    {
        using var client = await _server.SignedInAsync("admin", "admin-sandbox");
        var session = Assert.Single(await SessionsOfAsync("admin"));
        Assert.Equal(RealNow, session.CreatedAt);
        Assert.Equal(RealNow + TimeSpan.FromHours(12), session.ExpiresAt);
        Assert.Null(session.EndedAt);
        var me = await client.GetFromJsonAsync<SessionInfo>("/api/session");
        Assert.Equal("admin", me!.UserName);
    }

    [Fact]
    public async Task EndAllSessions_ByAnAdministrator_RefusesEveryCookieOfTheAccountAtOnce()
    {
        using var first = await _server.SignedInAsync("window", "window-sandbox");
        using var second = await _server.SignedInAsync("window", "window-sandbox");
        using var other = await _server.SignedInAsync("callcentre", "callcentre-sandbox");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/session")).StatusCode);
        using var admin = await _server.SignedInAsync("admin", "admin-sandbox");

        using var ended = await admin.DeleteAsync("/api/admin/staff/window/sessions");
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(new EndedSessions("window", 2), await ended.Content.ReadFromJsonAsync<EndedSessions>());

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/session")).StatusCode);
        var entry = Assert.Single(await Audit.ReadAsync(new AuditSubject("staff", "window")), e => e.Action == "staff.sessions-ended");
        Assert.Equal("admin", entry.Actor);
        Assert.Contains("(2)", entry.Details, StringComparison.Ordinal);
        Assert.All(await SessionsOfAsync("window"), s => Assert.Equal(StaffSessionEnd.EndedByAdministrator, s.EndedReason));
        // The account itself still signs in.
        using var again = await _server.SignedInAsync("window", "window-sandbox");
    }

    [Fact]
    public async Task AbsoluteLifetime_EndsABusySession_ByRealTime()
    {
        using var client = await _server.SignedInAsync("window", "window-sandbox");
        // Busy all day: a request every 7 hours keeps the 8-hour idle expiry sliding.
        Real.Advance(TimeSpan.FromHours(7));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/session")).StatusCode);
        Real.Advance(TimeSpan.FromHours(4.9));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/session")).StatusCode);
        // 12 hours after the sign-in the session ends all the same.
        Real.Advance(TimeSpan.FromHours(0.2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/session")).StatusCode);
        Assert.Contains(await SessionsOfAsync("window"), s => s.EndedReason == StaffSessionEnd.Expired);
    }

    [Fact]
    public async Task IdleTimeout_EndsAnUnusedSession()
    {
        using var client = await _server.SignedInAsync("callcentre", "callcentre-sandbox");
        Real.Advance(TimeSpan.FromHours(8.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/session")).StatusCode);
    }

    [Fact]
    public async Task TheSandboxClock_NeitherEndsNorExtendsASession()
    {
        using var admin = await _server.SignedInAsync("admin", "admin-sandbox");
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        using (var moved = await admin.PutAsJsonAsync("/api/admin/clock", new { advanceDays = 400 }))
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await window.GetAsync("/api/session")).StatusCode);
        using (var back = await admin.PutAsJsonAsync("/api/admin/clock", new { advanceDays = -800 }))
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Real.Advance(TimeSpan.FromHours(12.1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await window.GetAsync("/api/session")).StatusCode);
    }

    private AuditTrail Audit => _server.Services.GetRequiredService<AuditTrail>();

    private async Task<HttpResponseMessage> WithCookieAsync(string cookie)
    {
        using var fresh = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        request.Headers.Add("Cookie", cookie);
        return await fresh.SendAsync(request);
    }

    /// <summary>A signed-in client and its session cookie as a thief would copy it.</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInAsync(string userName, string password)
    {
        var client = _server.CreateClient();
        using var signIn = await client.PostAsJsonAsync("/api/session", new { userName, password });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        return (client, signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
    }

    private async Task<List<StaffSession>> SessionsOfAsync(string userName)
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContextAsync();
        return await (from s in db.Set<StaffSession>()
                      join a in db.Set<StaffAccount>() on s.AccountId equals a.Id
                      where a.UserName == userName
                      select s).ToListAsync();
    }
}
