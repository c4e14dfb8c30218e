using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;

namespace Myna.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "real server";
}

/// <summary>
/// <c>myna server …</c> and <c>myna card download</c> against the real server over TCP ("the API lets the
/// holder download one, and the myna tool attaches it"): the CLI's own HttpClient, cookie and error handling.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServerCommandTests(ServerFixture server) : IDisposable
{
    // A data directory of the CLI's own where a test needs one without the server's keys or a kept session.
    private readonly string _otherHome = Directory.CreateTempSubdirectory("myna-cli-other-").FullName;

    public void Dispose() => Directory.Delete(_otherHome, recursive: true);

    private Task<CliResult> RunElsewhereAsync(string? input, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunAsync(new MynaHome(_otherHome), server.Clock, input, environment, args);

    private string SessionsFile(string home) => Path.Combine(home, "cli", "sessions.json");

    [Fact]
    public async Task SignIn_ThenDownload_TheFileOpensAsTheIssuedChip()
    {
        var signIn = await server.RunWithAsync(ServerFixture.WindowPassword + "\n", null,
            "server", "sign-in", "--server", server.Url, "--user", ServerFixture.WindowUser, "--password-stdin");
        Assert.True(signIn.Exit == ExitCodes.Ok, signIn.ToString());
        Assert.Contains("as window", signIn.Output, StringComparison.Ordinal);
        var sessions = SessionsFile(server.Home.Root);
        var kept = await File.ReadAllTextAsync(sessions);
        Assert.Contains("myna.session", kept, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerFixture.WindowPassword, kept, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sessions));

        var path = server.NewPath("downloaded");
        var download = await server.RunAsync("card", "download", server.CardId, "--server", server.Url, "--out", path);
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());
        Assert.Matches(@"opens here\s+│ yes", download.Output);
        Assert.Equal(await File.ReadAllBytesAsync(server.ServerCardPath), await File.ReadAllBytesAsync(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        // The file is the chip the window personalised: its certificate is the one the API reported, its PIN the holder's.
        using (var key = ChipSealingKey.LoadOrCreate(server.Home.ChipSealingKeyPath))
        using (var card = VirtualCard.Open(new FileCardImageStore(path, key)))
        using (var transport = new EmulatorTransport(card))
        {
            var client = new MynaCardClient(transport);
            using var certificate = client.ReadAuthenticationCertificate();
            Assert.Equal(server.AuthenticationCertificateSerial, certificate.SerialNumber);
            using var textPin = Pin.Parse(PinKind.TextInputAssist, ServerFixture.TextPin).Value;
            Assert.True(client.VerifyPin(textPin).IsVerified);
            Assert.Equal("番号　花子", client.ReadBasicFourInformation().Name);
        }
        var shown = await server.RunAsync("card", "show", path);
        Assert.True(shown.Exit == ExitCodes.Ok, shown.ToString());
        Assert.Contains(server.AuthenticationCertificateSerial, shown.Output, StringComparison.Ordinal);

        // A second download does not replace the file unless asked to.
        var again = await server.RunAsync("card", "download", server.CardId, "--server", server.Url, "--out", path);
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync("card", "download", server.CardId, "--server", server.Url, "--out", path, "--force")).Exit);
    }

    [Fact]
    public async Task Download_WithAttach_PutsTheCardIntoTheVirtualReader()
    {
        // vpcd's side of the socket, as pcscd's driver speaks it (docs/card.md §4): u16 BE length, payload.
        using var vpcd = new TcpListener(IPAddress.Loopback, 0);
        vpcd.Start();
        var port = ((IPEndPoint)vpcd.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var path = server.NewPath("attached");
        var run = CliRunner.RunAsync(server.Home, server.Clock, null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword }, stop.Token,
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path, "--attach", "--vpcd-port", port);

        using (var reader = await vpcd.AcceptTcpClientAsync(stop.Token))
        {
            var stream = reader.GetStream();
            Assert.Equal("3BE000FF8131FE4514", await ExchangeAsync(stream, "04", stop.Token)); // GET ATR
            Assert.Equal("9000", await ExchangeAsync(stream, "00A4040C0AD392F000260100000001", stop.Token)); // SELECT the JPKI AP
        }
        await stop.CancelAsync(); // Ctrl+C
        var result = await run;
        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("attached", result.Output, StringComparison.Ordinal);
        Assert.Contains("card removed", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--lang=ja")]
    public async Task Download_WithAttach_AsOneJsonDocument_OrInJapanese(string how)
    {
        using var vpcd = new TcpListener(IPAddress.Loopback, 0);
        vpcd.Start();
        var port = ((IPEndPoint)vpcd.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var path = server.NewPath("attached-" + how.TrimStart('-').Replace('=', '-'));
        var run = CliRunner.RunAsync(server.Home, server.Clock, null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword }, stop.Token,
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path, "--attach",
            "--vpcd-port", port.ToString(CultureInfo.InvariantCulture), how);
        using (var reader = await vpcd.AcceptTcpClientAsync(stop.Token))
            Assert.Equal("3BE000FF8131FE4514", await ExchangeAsync(reader.GetStream(), "04", stop.Token));
        await stop.CancelAsync();
        var result = await run;
        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        if (how == "--json")
        {
            using var json = JsonDocument.Parse(result.Output);
            Assert.Equal(path, json.RootElement.GetProperty("file").GetString());
            var attach = json.RootElement.GetProperty("attach");
            Assert.True(attach.GetProperty("attached").GetBoolean());
            Assert.Equal(port, attach.GetProperty("vpcdPort").GetInt32());
        }
        else
        {
            Assert.Contains($"vpcd（127.0.0.1:{port}）にカードを挿しました。", result.Output, StringComparison.Ordinal);
            Assert.Contains("カードを取り出しました。", result.Output, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ExchangeAsync(NetworkStream stream, string hex, CancellationToken cancellationToken)
    {
        var payload = Convert.FromHexString(hex);
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await stream.WriteAsync(frame, cancellationToken);
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await stream.ReadExactlyAsync(answer, cancellationToken);
        return Convert.ToHexString(answer);
    }

    [Fact]
    public async Task Download_WithUserAndPasswordFromTheEnvironment_KeepsNoSession_AndWarnsWhenTheKeyIsElsewhere()
    {
        var path = Path.Combine(_otherHome, "card.card");
        var download = await RunElsewhereAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword, ["MYNA_SERVER"] = server.Url },
            "card", "download", server.CardId.Replace("-", "", StringComparison.Ordinal), "--user", ServerFixture.WindowUser, "--out", path);
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(SessionsFile(_otherHome)));
        // This home has no chip sealing key: the card would not open here, and the command says where it would.
        Assert.Contains("no chip sealing key", download.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerFixture.WindowPassword, download.Output + download.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPassword_IsRefusedWithTheServersWords_AndKeepsNothing()
    {
        var result = await RunElsewhereAsync("not-the-password\n", null,
            "server", "sign-in", "--server", server.Url, "--user", ServerFixture.WindowUser, "--password-stdin");
        Assert.Equal(ExitCodes.NotSignedIn, result.Exit);
        Assert.Contains("Sign-in failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("The user name or the password is wrong.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(SessionsFile(_otherHome)));
    }

    [Fact]
    public async Task SignIn_NoPasswordAnywhere_OutsideATerminal_IsBadInput()
    {
        var result = await RunElsewhereAsync(null, null, "server", "sign-in", "--server", server.Url, "--user", ServerFixture.WindowUser);
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("--password-stdin", result.Error, StringComparison.Ordinal);
        Assert.Contains("MYNA_PASSWORD", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_UnknownCard_IsNotFound()
    {
        var unknown = Guid.NewGuid().ToString();
        var result = await RunElsewhereAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword },
            "card", "download", unknown, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", Path.Combine(_otherHome, "none.card"));
        Assert.Equal(ExitCodes.NotFound, result.Exit);
        Assert.Contains($"no card {Guid.Parse(unknown):N}", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_otherHome, "none.card")));
        Assert.Empty(Directory.GetFiles(_otherHome)); // no temporary file left behind either
    }

    [Theory]
    [InlineData("not-a-card-id", "CARD-ID")]
    [InlineData("12345", "GUID")]
    public async Task Download_BadCardId_IsBadInput_BeforeAnyCall(string id, string message)
    {
        // The server URL is unreachable on purpose: bad input is refused before any call.
        var result = await RunElsewhereAsync(null, null, "card", "download", id, "--server", $"http://127.0.0.1:{ServerFixture.FreePort()}/");
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_CallCentreStaff_IsForbidden()
    {
        var result = await RunElsewhereAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.CallCentrePassword },
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.CallCentreUser, "--out", Path.Combine(_otherHome, "cc.card"));
        Assert.Equal(ExitCodes.Forbidden, result.Exit);
        Assert.Contains("may not download the card file (403", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_NotSignedIn_SaysHowToSignIn()
    {
        var result = await RunElsewhereAsync(null, null, "card", "download", server.CardId, "--server", server.Url);
        Assert.Equal(ExitCodes.NotSignedIn, result.Exit);
        Assert.Contains($"not signed in to {server.Url}", result.Error, StringComparison.Ordinal);
        Assert.Contains("myna server sign-in", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDown_IsUnreachable_ForSignInAndDownload()
    {
        var down = $"http://127.0.0.1:{ServerFixture.FreePort()}/";
        var signIn = await RunElsewhereAsync("secret\n", null, "server", "sign-in", "--server", down, "--user", "window", "--password-stdin");
        Assert.Equal(ExitCodes.ServerUnreachable, signIn.Exit);
        Assert.Contains($"cannot reach the server at {down}", signIn.Error, StringComparison.Ordinal);
        Assert.Contains("check that the server is running", signIn.Error, StringComparison.Ordinal);

        var download = await RunElsewhereAsync("secret\n", null, "card", "download", server.CardId, "--server", down, "--user", "window", "--password-stdin",
            "--out", Path.Combine(_otherHome, "down.card"));
        Assert.Equal(ExitCodes.ServerUnreachable, download.Exit);
        Assert.False(File.Exists(Path.Combine(_otherHome, "down.card")));
    }

    [Theory]
    [InlineData("localhost:5000")]
    [InlineData("ftp://localhost/")]
    [InlineData("http://localhost:5000/?x=1")]
    public async Task BadServerUrl_IsBadInput(string url)
    {
        var result = await RunElsewhereAsync(null, null, "server", "status", "--server", url);
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("--server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SignOut_AndASessionTheServerNoLongerKnows()
    {
        var home = new MynaHome(_otherHome);
        var environment = new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword, ["MYNA_SERVER"] = server.Url };
        Assert.Equal(ExitCodes.Ok, (await RunElsewhereAsync(null, environment, "server", "sign-in", "--user", ServerFixture.WindowUser)).Exit);
        var status = await RunElsewhereAsync(null, environment, "server", "status");
        Assert.True(status.Exit == ExitCodes.Ok, status.ToString());
        Assert.Contains("as window", status.Output, StringComparison.Ordinal);

        // A cookie the server cannot read (as after its keys changed): 401, and the kept session is dropped.
        var sessions = SessionsFile(home.Root);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(sessions));
        var cookie = json.RootElement.GetProperty(server.Url).GetProperty("cookies")[0].GetProperty("value").GetString()!;
        await File.WriteAllTextAsync(sessions, (await File.ReadAllTextAsync(sessions)).Replace(cookie, "CfDJ8broken", StringComparison.Ordinal));
        var refused = await RunElsewhereAsync(null, null, "card", "download", server.CardId, "--server", server.Url, "--out", Path.Combine(_otherHome, "x.card"));
        Assert.Equal(ExitCodes.NotSignedIn, refused.Exit);
        Assert.Contains("the session has ended (401)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("not signed in", (await RunElsewhereAsync(null, null, "server", "status", "--server", server.Url)).Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await RunElsewhereAsync(null, environment, "server", "sign-in", "--user", ServerFixture.WindowUser)).Exit);
        var signOut = await RunElsewhereAsync(null, environment, "server", "sign-out");
        Assert.True(signOut.Exit == ExitCodes.Ok, signOut.ToString());
        Assert.Contains("signed out", signOut.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotSignedIn, (await RunElsewhereAsync(null, environment, "server", "status")).Exit);
    }

    [Fact]
    public async Task SignIn_Status_SignOut_InJapanese_WithTheServersOwnWordsInJapanese()
    {
        var wrong = await RunElsewhereAsync("not-the-password\n", null,
            "server", "sign-in", "--server", server.Url, "--user", ServerFixture.WindowUser, "--password-stdin", "--lang", "ja");
        Assert.Equal(ExitCodes.NotSignedIn, wrong.Exit);
        Assert.StartsWith("エラー: サインインできませんでした。", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("対処: ユーザー名とパスワードを確かめてください。", wrong.Error, StringComparison.Ordinal);
        // The staff API answers this one in English whatever was asked: not quoted in Japanese output.
        Assert.DoesNotContain("Sign-in failed", wrong.Error, StringComparison.Ordinal);

        var japanese = new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword, ["LANG"] = "ja_JP.UTF-8" };
        var signIn = await RunElsewhereAsync(null, japanese, "server", "sign-in", "--server", server.Url, "--user", ServerFixture.WindowUser);
        Assert.True(signIn.Exit == ExitCodes.Ok, signIn.ToString());
        Assert.Contains($"サーバー {server.Url} に window（", signIn.Output, StringComparison.Ordinal);
        Assert.Contains("としてサインインしています。", signIn.Output, StringComparison.Ordinal);
        Assert.Contains("セッションを", signIn.Output, StringComparison.Ordinal);
        var signOut = await RunElsewhereAsync(null, japanese, "server", "sign-out", "--server", server.Url);
        Assert.Contains($"サーバー {server.Url} からサインアウトしました。", signOut.Output, StringComparison.Ordinal);

        var notSignedIn = await RunElsewhereAsync(null, japanese, "server", "status", "--server", server.Url);
        Assert.Equal(ExitCodes.NotSignedIn, notSignedIn.Exit);
        Assert.Contains($"エラー: サーバー {server.Url} にサインインしていません", notSignedIn.Error, StringComparison.Ordinal);
        Assert.Contains("対処: `myna server sign-in", notSignedIn.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_Status_SignOut_AsJson_AndTheirErrors()
    {
        var environment = new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword };
        var signIn = await RunElsewhereAsync(null, environment, "server", "sign-in", "--server", server.Url, "--user", ServerFixture.WindowUser, "--json");
        Assert.True(signIn.Exit == ExitCodes.Ok, signIn.ToString());
        using (var json = JsonDocument.Parse(signIn.Output))
        {
            Assert.Equal(server.Url, json.RootElement.GetProperty("server").GetString());
            Assert.True(json.RootElement.GetProperty("signedIn").GetBoolean());
            Assert.Equal(ServerFixture.WindowUser, json.RootElement.GetProperty("userName").GetString());
            Assert.Equal(SessionsFile(_otherHome), json.RootElement.GetProperty("sessionFile").GetString());
        }
        var status = await RunElsewhereAsync(null, null, "server", "status", "--server", server.Url, "--json");
        using (var json = JsonDocument.Parse(status.Output))
            Assert.Equal(ServerFixture.WindowUser, json.RootElement.GetProperty("userName").GetString());
        var signOut = await RunElsewhereAsync(null, null, "server", "sign-out", "--server", server.Url, "--json");
        using (var json = JsonDocument.Parse(signOut.Output))
            Assert.False(json.RootElement.GetProperty("signedIn").GetBoolean());

        var notSignedIn = await RunElsewhereAsync(null, null, "server", "status", "--server", server.Url, "--json");
        Assert.Equal(ExitCodes.NotSignedIn, notSignedIn.Exit);
        using (var json = JsonDocument.Parse(notSignedIn.Output))
        {
            var error = json.RootElement.GetProperty("error");
            Assert.Equal("not-signed-in", error.GetProperty("code").GetString());
            Assert.Contains("myna server sign-in", error.GetProperty("remedy").GetString(), StringComparison.Ordinal);
        }

        var down = $"http://127.0.0.1:{ServerFixture.FreePort()}/";
        var unreachable = await RunElsewhereAsync("secret\n", null, "server", "sign-in", "--server", down, "--user", "window", "--password-stdin", "--json");
        Assert.Equal(ExitCodes.ServerUnreachable, unreachable.Exit);
        using (var json = JsonDocument.Parse(unreachable.Output))
            Assert.Equal("server-unreachable", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Download_AsJson_AndInJapanese()
    {
        var environment = new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword };
        var path = server.NewPath("downloaded-json");
        var download = await server.RunWithAsync(null, environment,
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path, "--json");
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());
        using (var json = JsonDocument.Parse(download.Output)) // no progress bar around the document
        {
            Assert.Equal(path, json.RootElement.GetProperty("file").GetString());
            Assert.Equal(new FileInfo(path).Length, json.RootElement.GetProperty("size").GetInt64());
            Assert.Equal("yes", json.RootElement.GetProperty("opensHere").GetString());
            Assert.Matches("^[0-9]{15}$", json.RootElement.GetProperty("serial").GetString());
        }

        var again = await server.RunWithAsync(null, environment,
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path, "--lang", "ja");
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        Assert.Contains($"エラー: {path} は既にあります（上書きするには --force を指定してください）。", again.Error, StringComparison.Ordinal);

        var japanese = await server.RunWithAsync(null, environment,
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path, "--force", "--lang", "ja");
        Assert.True(japanese.Exit == ExitCodes.Ok, japanese.ToString());
        Assert.Matches(@"この環境で開けるか\s+│ はい", japanese.Output);
        Assert.Contains("シリアル番号", japanese.Output, StringComparison.Ordinal);

        var forbidden = await RunElsewhereAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.CallCentrePassword },
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.CallCentreUser, "--out", Path.Combine(_otherHome, "cc.card"), "--lang", "ja");
        Assert.Equal(ExitCodes.Forbidden, forbidden.Exit);
        Assert.Contains("サインイン中の職員には、カードファイルのダウンロードの権限がありません（403）", forbidden.Error, StringComparison.Ordinal);
    }
}
