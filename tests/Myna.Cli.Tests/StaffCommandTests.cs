using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Primitives.Hosting;

namespace Myna.Cli.Tests;

/// <summary>
/// <c>myna staff …</c> against the real server over TCP: an administrator manages accounts of the test's own (the
/// demo accounts the other tests of the collection use are left as they are); passwords never on the command line.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StaffCommandTests(ServerFixture server) : IDisposable
{
    private const string AdminPassword = "admin-sandbox";

    // A data directory of the CLI's own, so that no kept session of another test is used.
    private readonly string _home = Directory.CreateTempSubdirectory("myna-cli-staff-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private Task<CliResult> AsAdminAsync(string? input, Dictionary<string, string>? environment, params string[] args)
    {
        var env = new Dictionary<string, string>(environment ?? []) { ["MYNA_PASSWORD"] = AdminPassword };
        return CliRunner.RunAsync(new MynaHome(_home), server.Clock, input, env, [.. args, "--server", server.Url, "--user", "admin"]);
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string user, string password)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var response = await client.PostAsJsonAsync("api/session", new { userName = user, password });
        return response.StatusCode;
    }

    [Fact]
    public async Task Create_List_SetRole_Disable_Enable_SetPassword_EndSessions()
    {
        var created = await AsAdminAsync(null, new() { ["MYNA_NEW_PASSWORD"] = "cli first passphrase" },
            "staff", "create", "cli.sato", "--display-name", "佐藤 CLI", "--role", "WindowStaff");
        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        Assert.Contains("created cli.sato", created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("cli first passphrase", created.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, await SignInStatusAsync("cli.sato", "cli first passphrase"));

        var list = await AsAdminAsync(null, null, "staff", "list");
        Assert.True(list.Exit == ExitCodes.Ok, list.ToString());
        Assert.Matches(@"cli\.sato\s+│ 佐藤 CLI\s+│ WindowStaff\s+│ yes", list.Output);

        var role = await AsAdminAsync(null, null, "staff", "set-role", "cli.sato", "CallCentre");
        Assert.True(role.Exit == ExitCodes.Ok, role.ToString());
        Assert.Contains("cli.sato is now CallCentre", role.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await AsAdminAsync(null, null, "staff", "disable", "cli.sato")).Exit);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("cli.sato", "cli first passphrase"));
        Assert.Equal(ExitCodes.Ok, (await AsAdminAsync(null, null, "staff", "enable", "cli.sato")).Exit);

        // Both passwords on standard input: the sign-in's first, then the new one.
        var reset = await CliRunner.RunAsync(new MynaHome(_home), server.Clock, AdminPassword + "\nreset over stdin 1\n", null,
            "staff", "set-password", "cli.sato", "--server", server.Url, "--user", "admin", "--password-stdin", "--new-password-stdin");
        Assert.True(reset.Exit == ExitCodes.Ok, reset.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("cli.sato", "cli first passphrase"));
        Assert.Equal(HttpStatusCode.NoContent, await SignInStatusAsync("cli.sato", "reset over stdin 1"));

        var ended = await AsAdminAsync(null, null, "staff", "end-sessions", "cli.sato");
        Assert.True(ended.Exit == ExitCodes.Ok, ended.ToString());
        Assert.Contains("ended 1 session(s) of cli.sato", ended.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_OwnAccount_NeedsTheCurrentOne()
    {
        Assert.Equal(ExitCodes.Ok, (await AsAdminAsync(null, new() { ["MYNA_NEW_PASSWORD"] = "given by the chief" },
            "staff", "create", "cli.mori", "--display-name", "森", "--role", "CallCentre")).Exit);

        var wrong = await CliRunner.RunAsync(new MynaHome(_home), server.Clock, null,
            new Dictionary<string, string> { ["MYNA_PASSWORD"] = "given by the chief", ["MYNA_NEW_PASSWORD"] = "short" },
            "staff", "change-password", "--server", server.Url, "--user", "cli.mori");
        Assert.Equal(ExitCodes.BadInput, wrong.Exit);
        Assert.Contains("at least 12 characters", wrong.Error, StringComparison.Ordinal);

        var changed = await CliRunner.RunAsync(new MynaHome(_home), server.Clock, "given by the chief\nmy own choice of words\n", null,
            "staff", "change-password", "--server", server.Url, "--user", "cli.mori", "--password-stdin", "--new-password-stdin");
        Assert.True(changed.Exit == ExitCodes.Ok, changed.ToString());
        Assert.Equal(HttpStatusCode.NoContent, await SignInStatusAsync("cli.mori", "my own choice of words"));
    }

    [Fact]
    public async Task Refusals_NoNewPassword_NotAnAdministrator_TheLastAdministrator_AnUnknownAccount()
    {
        var noPassword = await AsAdminAsync(null, null, "staff", "create", "cli.nopass", "--display-name", "無", "--role", "WindowStaff");
        Assert.Equal(ExitCodes.BadInput, noPassword.Exit);
        Assert.Contains("MYNA_NEW_PASSWORD", noPassword.Error, StringComparison.Ordinal);

        var window = await CliRunner.RunAsync(new MynaHome(_home), server.Clock, null,
            new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword },
            "staff", "list", "--server", server.Url, "--user", ServerFixture.WindowUser);
        Assert.Equal(ExitCodes.Forbidden, window.Exit);
        Assert.Contains("administrators only", window.Error, StringComparison.Ordinal);

        var last = await AsAdminAsync(null, null, "staff", "disable", "admin");
        Assert.Equal(ExitCodes.ServerError, last.Exit);
        Assert.Contains("last enabled administrator", last.Error, StringComparison.Ordinal);

        var unknown = await AsAdminAsync(null, null, "staff", "enable", "nobody");
        Assert.Equal(ExitCodes.NotFound, unknown.Exit);
        Assert.Contains("no staff account nobody", unknown.Error, StringComparison.Ordinal);

        var badRole = await AsAdminAsync(null, null, "staff", "set-role", "admin", "Boss");
        Assert.NotEqual(ExitCodes.Ok, badRole.Exit);
    }

    [Fact]
    public async Task Create_List_EndSessions_AsJson()
    {
        var created = await AsAdminAsync(null, new() { ["MYNA_NEW_PASSWORD"] = "json first passphrase" },
            "staff", "create", "cli.json", "--display-name", "鈴木 JSON", "--role", "WindowStaff", "--json");
        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        using (var json = JsonDocument.Parse(created.Output))
        {
            Assert.Equal("cli.json", json.RootElement.GetProperty("userName").GetString());
            Assert.Equal("WindowStaff", json.RootElement.GetProperty("role").GetString());
            Assert.True(json.RootElement.GetProperty("enabled").GetBoolean());
        }

        var list = await AsAdminAsync(null, null, "staff", "list", "--json");
        using (var json = JsonDocument.Parse(list.Output))
        {
            var account = json.RootElement.EnumerateArray().Single(a => a.GetProperty("userName").GetString() == "cli.json");
            Assert.Equal("鈴木 JSON", account.GetProperty("displayName").GetString());
        }

        var ended = await AsAdminAsync(null, null, "staff", "end-sessions", "cli.json", "--json");
        using (var json = JsonDocument.Parse(ended.Output))
            Assert.Equal(0, json.RootElement.GetProperty("ended").GetInt32());

        var unknown = await AsAdminAsync(null, null, "staff", "enable", "nobody", "--json");
        Assert.Equal(ExitCodes.NotFound, unknown.Exit);
        using (var json = JsonDocument.Parse(unknown.Output))
            Assert.Equal("not-found", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_List_AndARefusal_InJapanese()
    {
        var created = await AsAdminAsync(null, new() { ["MYNA_NEW_PASSWORD"] = "ja first passphrase", ["LANG"] = "ja_JP.UTF-8" },
            "staff", "create", "cli.tanaka", "--display-name", "田中", "--role", "CallCentre");
        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        Assert.Contains("アカウント cli.tanaka（田中、CallCentre）を作成しました。", created.Output, StringComparison.Ordinal);

        var list = await AsAdminAsync(null, null, "staff", "list", "--lang", "ja");
        Assert.Contains("ユーザー名", list.Output, StringComparison.Ordinal);
        Assert.Matches(@"cli\.tanaka\s+│ 田中\s+│ CallCentre\s+│ はい", list.Output);

        var window = await CliRunner.RunAsync(new MynaHome(_home), server.Clock, null,
            new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword },
            "staff", "list", "--server", server.Url, "--user", ServerFixture.WindowUser, "--lang", "ja");
        Assert.Equal(ExitCodes.Forbidden, window.Exit);
        Assert.Contains("エラー: サインイン中の職員には、職員アカウントの一覧表示の権限がありません（403）", window.Error, StringComparison.Ordinal);
        Assert.Contains("対処: 職員アカウントの管理は管理者だけが行えます。", window.Error, StringComparison.Ordinal);
    }
}
