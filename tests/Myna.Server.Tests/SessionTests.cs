using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.Server.Staff;
using Myna.Storage.Audit;

namespace Myna.Server.Tests;

/// <summary>Staff sign-in, sign-out, roles and the audit of every attempt.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly MynaServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/session")]
    [InlineData("GET", "/api/admin/clock")]
    [InlineData("PUT", "/api/admin/clock")]
    [InlineData("GET", "/api/no-such-thing")]
    public async Task ProtectedApi_Anonymous_Is401ProblemNotARedirect(string method, string path)
    {
        using var client = _server.CreateClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);

        // A browser asking for a page under /api is not sent to a sign-in page either.
        using var fromBrowser = new HttpRequestMessage(new HttpMethod(method), path);
        fromBrowser.Headers.Accept.ParseAdd("text/html");
        using var browserResponse = await client.SendAsync(fromBrowser);
        Assert.Equal(HttpStatusCode.Unauthorized, browserResponse.StatusCode);
        Assert.Null(browserResponse.Headers.Location);
    }

    [Fact]
    public async Task SignIn_ThenWhoAmI_ThenSignOut_EndsTheSession()
    {
        using var client = _server.CreateClient();
        using (var signIn = await client.PostAsJsonAsync("/api/session", new { userName = "window", password = "window-sandbox" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
            var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("myna.session=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }

        var me = await client.GetFromJsonAsync<SessionInfo>("/api/session");
        Assert.Equal(new SessionInfo("window", "窓口 太郎", "WindowStaff"), me);

        using (var signOut = await client.DeleteAsync("/api/session"))
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        using var after = await client.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);

        var audit = await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("staff", "window"));
        Assert.Equal(["staff.signed-in", "staff.signed-out"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("window", e.Actor));
    }

    [Fact]
    public async Task Session_SurvivesARestart_KeysKeptInTheDataDirectory()
    {
        string cookie;
        using (var client = _server.CreateClient())
        using (var signIn = await client.PostAsJsonAsync("/api/session", new { userName = "callcentre", password = "callcentre-sandbox" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
            cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }
        await _server.RestartAsync();

        using var again = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        request.Headers.Add("Cookie", cookie);
        using var response = await again.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CallCentre", (await response.Content.ReadFromJsonAsync<SessionInfo>())!.Role);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "keys", "data-protection")).Any());
    }

    [Fact]
    public async Task SignIn_UserNameIsCaseInsensitive()
    {
        using var client = await _server.SignedInAsync("ADMIN", "admin-sandbox");
        var me = await client.GetFromJsonAsync<SessionInfo>("/api/session");
        Assert.Equal("admin", me!.UserName);
    }

    [Theory]
    [InlineData("admin", "admin-sandboX")]
    [InlineData("nobody", "admin-sandbox")]
    public async Task SignIn_WrongPasswordOrUnknownUser_Is401_AndAuditedWithoutThePassword(string userName, string password)
    {
        using var client = _server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/session", new { userName, password });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("The user name or the password is wrong.", problem.GetProperty("detail").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));

        var entry = Assert.Single(await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("staff", userName)));
        Assert.Equal("staff.sign-in-failed", entry.Action);
        Assert.Equal("system", entry.Actor);
        Assert.DoesNotContain(password, entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MalformedUserName_Is401_AndAuditedUnderAPlaceholder()
    {
        using var client = _server.CreateClient();
        // Twelve digits, as if someone typed a My Number into the user name: it must not reach the audit trail.
        using var response = await client.PostAsJsonAsync("/api/session", new { userName = "123456789018", password = "whatever1" });
        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
        var entry = Assert.Single(await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("staff", "(not a user name)")));
        Assert.DoesNotContain("123456789018", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MissingFields_Is400ValidationProblem()
    {
        using var client = _server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/session", new { userName = "admin" });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors));
        Assert.Contains(errors.EnumerateObject(), e => e.Name.Equals("password", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SignIn_BodyNotJson_Is400Problem()
    {
        using var client = _server.CreateClient();
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/session", content);
        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("window", "window-sandbox", HttpStatusCode.Forbidden)]
    [InlineData("callcentre", "callcentre-sandbox", HttpStatusCode.Forbidden)]
    [InlineData("admin", "admin-sandbox", HttpStatusCode.OK)]
    public async Task SetClock_OnlyAdministrators_OthersGet403(string userName, string password, HttpStatusCode expected)
    {
        using var client = await _server.SignedInAsync(userName, password);
        using var response = await client.PutAsJsonAsync("/api/admin/clock", new { advanceDays = 1 });
        if (expected == HttpStatusCode.Forbidden)
            await Problems.ReadAsync(response, expected);
        else
            Assert.Equal(expected, response.StatusCode);
        // Reading the date is for any staff member.
        using var get = await client.GetAsync("/api/admin/clock");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }
}
