using System.Net;
using System.Net.Http.Json;

namespace Myna.Server.Tests;

/// <summary>
/// A data directory first started in sandbox mode has the demo accounts with their published passwords: production
/// refuses to start on it until they are disabled or have new passwords (checked by the hash, not the name).
/// </summary>
public sealed class ProductionDemoAccountTests : IAsyncLifetime
{
    private readonly MynaServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Production_RefusesTheDemoAccounts_UntilDisabledOrGivenNewPasswords()
    {
        using (var client = _server.CreateClient())
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/session")).StatusCode);

        await _server.RestartAsync("Production");
        var refused = Assert.ThrowsAny<Exception>(() => _server.CreateClient());
        var message = Innermost(refused).Message;
        Assert.Contains("Production mode refuses to start", message, StringComparison.Ordinal);
        Assert.Contains("admin, callcentre, health, insurer, pension, tax, window", message, StringComparison.Ordinal);
        Assert.Contains("myna staff disable", message, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-sandbox", message, StringComparison.Ordinal);

        // Back in sandbox: disable the others, give admin a new password. An account named like a demo one is fine by its hash.
        await _server.RestartAsync("Sandbox");
        using (var admin = await _server.SignedInAsync("admin", "admin-sandbox"))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/admin/staff/window/disable", null)).StatusCode);
            foreach (var demo in new[] { "callcentre", "tax", "pension", "health", "insurer" })
                Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/staff/{demo}/disable", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/staff/admin/password", new { password = "the chief's own passphrase" })).StatusCode);
        }

        await _server.RestartAsync("Production");
        using var chief = await _server.SignedInAsync("admin", "the chief's own passphrase");
        Assert.Equal(HttpStatusCode.OK, (await chief.GetAsync("/api/admin/staff")).StatusCode);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is not InvalidOperationException)
            e = e.InnerException;
        return e;
    }
}
