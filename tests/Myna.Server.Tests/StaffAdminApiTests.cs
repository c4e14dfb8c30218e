using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.Server.Staff;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Tests;

/// <summary>
/// <c>/api/admin/staff</c>: an administrator creates, disables, re-enables, resets and re-roles accounts; 400 names the
/// field, 404 an unknown account, 409 a taken name or the last administrator; every change audited without a password.
/// The tests share one server: each works on accounts of its own, and leaves <c>admin</c> the only enabled administrator.
/// </summary>
public sealed class StaffAdminApiTests(StaffAdminApiTests.Host host) : IClassFixture<StaffAdminApiTests.Host>, IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private readonly MynaServer _server = host.Server;
    private HttpClient _admin = null!;

    /// <summary>The server these tests share.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public MynaServer Server { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public async Task InitializeAsync() => _admin = await _server.SignedInAsync("admin", "admin-sandbox");

    public Task DisposeAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }

    private AuditTrail Audit => _server.Services.GetRequiredService<AuditTrail>();

    [Fact]
    public async Task Create_ThenSignIn_Disable_Is401LikeAWrongPassword_Enable_SignsInAgain()
    {
        using var created = await _admin.PostAsJsonAsync("/api/admin/staff",
            new { userName = "Sato.K", displayName = "佐藤 一", role = "WindowStaff", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/admin/staff/sato.k", created.Headers.Location!.OriginalString);
        var account = await created.Content.ReadFromJsonAsync<StaffAccountView>(Json);
        Assert.Equal(("sato.k", "佐藤 一", StaffRole.WindowStaff, true), (account!.UserName, account.DisplayName, account.Role, account.Enabled));
        Assert.DoesNotContain("hash", await created.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var sato = await _server.SignedInAsync("sato.k", Password);
        Assert.Contains(await _admin.GetFromJsonAsync<StaffAccountView[]>("/api/admin/staff", Json) ?? [], a => a is { UserName: "sato.k", OpenSessions: 1 });

        using (var disabled = await _admin.PostAsync("/api/admin/staff/sato.k/disable", null))
            Assert.False((await disabled.Content.ReadFromJsonAsync<StaffAccountView>(Json))!.Enabled);
        // The open session ends at once, and the right password is refused as a wrong one would be.
        Assert.Equal(HttpStatusCode.Unauthorized, (await sato.GetAsync("/api/session")).StatusCode);
        using var client = _server.CreateClient();
        using (var refused = await client.PostAsJsonAsync("/api/session", new { userName = "sato.k", password = Password }))
        {
            var problem = await Problems.ReadAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Equal("The user name or the password is wrong.", problem.GetProperty("detail").GetString());
        }

        using (var enabled = await _admin.PostAsync("/api/admin/staff/sato.k/enable", null))
            Assert.True((await enabled.Content.ReadFromJsonAsync<StaffAccountView>(Json))!.Enabled);
        using var again = await _server.SignedInAsync("sato.k", Password);

        var entries = await Audit.ReadAsync(new AuditSubject("staff", "sato.k"));
        Assert.Equal(["staff.created", "staff.disabled", "staff.enabled"],
            entries.Where(e => e.Actor == "admin").Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.DoesNotContain(Password, e.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, e.DetailsJapanese ?? "", StringComparison.Ordinal);
        });
        Assert.Contains("窓口職員", entries[0].DetailsJapanese, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1abc", "佐藤", "WindowStaff", Password, "UserName")]
    [InlineData("suzuki", " ", "WindowStaff", Password, "DisplayName")]
    [InlineData("suzuki", "鈴木", "WindowStaff", "short pass", "Password")]
    [InlineData("suzuki", "鈴木", "WindowStaff", "SUZUKI", "Password")]
    [InlineData("suzuki.taro12", "鈴木", "WindowStaff", "Suzuki.Taro12", "Password")]
    [InlineData("suzuki", "鈴木", "WindowStaff", "password1234", "Password")]
    [InlineData("suzuki", "鈴木", "WindowStaff", "admin-sandbox", "Password")]
    public async Task Create_BadInput_Is400NamingTheField(string userName, string displayName, string role, string password, string field)
    {
        using var response = await _admin.PostAsJsonAsync("/api/admin/staff", new { userName, displayName, role, password });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        var messages = errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.NotEmpty(messages);
        Assert.DoesNotContain(password.Trim(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        if (field == "Password")
            Assert.Contains("at least 12 characters", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownRole_Is400()
    {
        using var response = await _admin.PostAsJsonAsync("/api/admin/staff", new { userName = "tanaka", displayName = "田中", role = 7, password = Password });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Role", out _));
    }

    [Fact]
    public async Task Create_TakenUserName_Is409()
    {
        using var response = await _admin.PostAsJsonAsync("/api/admin/staff", new { userName = "Window", displayName = "別人", role = "CallCentre", password = Password });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("taken", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/admin/staff/nobody/disable", null)]
    [InlineData("POST", "/api/admin/staff/nobody/enable", null)]
    [InlineData("GET", "/api/admin/staff/nobody", null)]
    [InlineData("PUT", "/api/admin/staff/nobody/password", "{\"password\":\"correct horse battery\"}")]
    [InlineData("PUT", "/api/admin/staff/nobody/role", "{\"role\":\"CallCentre\"}")]
    [InlineData("DELETE", "/api/admin/staff/nobody/sessions", null)]
    public async Task UnknownAccount_Is404(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _admin.SendAsync(request);
        await Problems.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheLastAdministrator_CannotBeDisabledOrDemoted_AnotherOneCan()
    {
        using (var disable = await _admin.PostAsync("/api/admin/staff/admin/disable", null))
            Assert.Contains("last enabled administrator", (await Problems.ReadAsync(disable, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var demote = await _admin.PutAsJsonAsync("/api/admin/staff/admin/role", new { role = "WindowStaff" }))
            await Problems.ReadAsync(demote, HttpStatusCode.Conflict);

        using (var second = await _admin.PostAsJsonAsync("/api/admin/staff", new { userName = "chief", displayName = "課長", role = "Administrator", password = Password }))
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        using (var demote = await _admin.PutAsJsonAsync("/api/admin/staff/chief/role", new { role = "CallCentre" }))
            Assert.Equal(StaffRole.CallCentre, (await demote.Content.ReadFromJsonAsync<StaffAccountView>(Json))!.Role);
        using (var disable = await _admin.PostAsync("/api/admin/staff/admin/disable", null))
            await Problems.ReadAsync(disable, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RoleChange_AppliesToAnOpenSessionAtOnce()
    {
        await CreateAsync("ito", "伊藤", "WindowStaff");
        using var ito = await _server.SignedInAsync("ito", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await ito.GetAsync("/api/admin/staff")).StatusCode);

        using (var promoted = await _admin.PutAsJsonAsync("/api/admin/staff/ito/role", new { role = "Administrator" }))
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ito.GetAsync("/api/admin/staff")).StatusCode);
        Assert.Equal("Administrator", (await ito.GetFromJsonAsync<SessionInfo>("/api/session"))!.Role);

        using (var demoted = await _admin.PutAsJsonAsync("/api/admin/staff/ito/role", new { role = "CallCentre" }))
            Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ito.GetAsync("/api/admin/staff")).StatusCode);
        var entry = Assert.Single(await Audit.ReadAsync(new AuditSubject("staff", "ito")), e => e.Action == "staff.role-changed" && e.Details.Contains("to call-centre", StringComparison.Ordinal));
        Assert.Equal("役割を管理者からコールセンター職員に変更しました", entry.DetailsJapanese);
    }

    [Fact]
    public async Task PasswordReset_EndsTheSessions_TheNewPasswordSignsIn_WeakOnesAreRefused()
    {
        await CreateAsync("kato", "加藤", "CallCentre");
        using var kato = await _server.SignedInAsync("kato", Password);

        using (var weak = await _admin.PutAsJsonAsync("/api/admin/staff/kato/password", new { password = "kato" }))
            Assert.True((await Problems.ReadAsync(weak, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Password", out _));
        using (var reset = await _admin.PutAsJsonAsync("/api/admin/staff/kato/password", new { password = "a brand new passphrase" }))
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await kato.GetAsync("/api/session")).StatusCode);
        using var again = await _server.SignedInAsync("kato", "a brand new passphrase");
        var entry = Assert.Single(await Audit.ReadAsync(new AuditSubject("staff", "kato")), e => e.Action == "staff.password-set");
        Assert.DoesNotContain("passphrase", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnPassword_NeedsTheCurrentOne_KeepsThisSession_EndsTheOthers()
    {
        await CreateAsync("mori", "森", "WindowStaff");
        using var here = await _server.SignedInAsync("mori", Password);
        using var elsewhere = await _server.SignedInAsync("mori", Password);

        using (var wrong = await here.PutAsJsonAsync("/api/session/password", new { currentPassword = "not the password", newPassword = "my own new passphrase" }))
            Assert.True((await Problems.ReadAsync(wrong, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("CurrentPassword", out _));
        using (var weak = await here.PutAsJsonAsync("/api/session/password", new { currentPassword = Password, newPassword = "mori" }))
            Assert.True((await Problems.ReadAsync(weak, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("NewPassword", out _));
        using (var changed = await here.PutAsJsonAsync("/api/session/password", new { currentPassword = Password, newPassword = "my own new passphrase" }))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/session")).StatusCode);
        using var client = _server.CreateClient();
        using (var old = await client.PostAsJsonAsync("/api/session", new { userName = "mori", password = Password }))
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var entry = Assert.Single(await Audit.ReadAsync(new AuditSubject("staff", "mori")), e => e.Action == "staff.password-changed");
        Assert.Equal("mori", entry.Actor);
    }

    [Fact]
    public async Task OwnPassword_WrongCurrentOnes_CountAsFailedSignIns_Then429()
    {
        await CreateAsync("abe", "阿部", "WindowStaff");
        using var abe = await _server.SignedInAsync("abe", Password);
        for (var i = 1; i <= SignInThrottle.FailuresPerWindow; i++)
        {
            using var wrong = await abe.PutAsJsonAsync("/api/session/password", new { currentPassword = $"guess number {i}", newPassword = "my own new passphrase" });
            await Problems.ReadAsync(wrong, HttpStatusCode.BadRequest);
        }
        using var refused = await abe.PutAsJsonAsync("/api/session/password", new { currentPassword = Password, newPassword = "my own new passphrase" });
        await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var failures = (await Audit.ReadAsync(new AuditSubject("staff", "abe"))).Where(e => e.Action == "staff.password-change-failed").ToList();
        Assert.Equal(SignInThrottle.FailuresPerWindow, failures.Count);
        Assert.All(failures, e => Assert.DoesNotContain("guess", e.Details, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("window", "window-sandbox")]
    [InlineData("callcentre", "callcentre-sandbox")]
    public async Task OtherRoles_Get403(string userName, string password)
    {
        using var client = await _server.SignedInAsync(userName, password);
        using (var list = await client.GetAsync("/api/admin/staff"))
            await Problems.ReadAsync(list, HttpStatusCode.Forbidden);
        using (var disable = await client.PostAsync("/api/admin/staff/admin/disable", null))
            await Problems.ReadAsync(disable, HttpStatusCode.Forbidden);
    }

    /// <summary>Creates an account of the test's own with <see cref="Password"/>.</summary>
    private async Task CreateAsync(string userName, string displayName, string role)
    {
        using var created = await _admin.PostAsJsonAsync("/api/admin/staff", new { userName, displayName, role, password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
