using Myna.Testing.Tools;
using System.Net;
using System.Text.Json;
using Myna.Reader.Pcsc;
using Myna.Testing;

namespace Myna.Cli.Tests;

/// <summary>
/// <c>myna portal login CODE</c> as the holder's app of the portal's login (U3.1) against the real server over TCP: a
/// browser (the test's HttpClient with its cookie) starts a login, the command has the card sign the challenge after
/// the user-authentication PIN (P3) — a downloaded card file in process, or the card attached to pcscd's vpcd reader —
/// and the browser completes the login.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PortalLoginCommandTests(ServerFixture server) : IDisposable
{
    private readonly List<HttpClient> _browsers = [];

    [Fact]
    public async Task Login_WithTheCardFile_AnswersTheChallenge_TheBrowserCompletes_AndAReplayIsRefused_U3_1()
    {
        var (card, browser, login) = await CardAndLoginAsync("portal");

        // As a person types it from the page: lower case, without the hyphen.
        var typed = login.Code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var result = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", typed, "--card", card, "--server", server.Url, "--pin-stdin");
        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("logged in", result.Output, StringComparison.Ordinal);
        Assert.Contains(login.Code, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerFixture.AuthenticationPin, result.Output + result.Error, StringComparison.Ordinal);

        Assert.Equal("Answered", await ProgressAsync(browser, login));
        await CompleteAsync(browser, login);

        var replayed = await LoginWithFileAsync(ServerFixture.AuthenticationPin + "\n", login, card);
        Assert.True(replayed.Exit == ExitCodes.LoginRefused, replayed.ToString());
        Assert.Contains("challenge-used", replayed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithAWrongPin_NamesTheTriesLeft_AndLeavesTheLoginWaiting_P3()
    {
        var (card, browser, login) = await CardAndLoginAsync("portal-wrong-pin");

        var wrong = await LoginWithFileAsync("9999\n", login, card);
        Assert.True(wrong.Exit == ExitCodes.WrongPin, wrong.ToString());
        Assert.Contains("wrong user-authentication PIN: 2 tries left", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("not answered", wrong.Error, StringComparison.Ordinal);
        Assert.Equal("Waiting", await ProgressAsync(browser, login));

        // The same challenge, the right PIN from the environment: the login goes through.
        var right = await CliRunner.RunAsync(server.Home, server.Clock, null,
            new Dictionary<string, string> { ["MYNA_PIN"] = ServerFixture.AuthenticationPin }, "portal", "login", login.Code, "--card", card, "--server", server.Url);
        Assert.True(right.Exit == ExitCodes.Ok, right.ToString());
        await CompleteAsync(browser, login);
    }

    [Fact]
    public async Task Login_WithABlockedPin_SaysTheWindowResetsIt_P3()
    {
        var (card, browser, login) = await CardAndLoginAsync("portal-blocked");
        for (var tries = 0; tries < 2; tries++)
            Assert.Equal(ExitCodes.WrongPin, (await LoginWithFileAsync("9999\n", login, card)).Exit);
        // One try left: outside a terminal the PIN is not entered without confirmation, as by every command that enters one.
        var lastTry = await LoginWithFileAsync("9999\n", login, card);
        Assert.True(lastTry.Exit == ExitCodes.BadInput, lastTry.ToString());
        Assert.Contains("one wrong user-authentication PIN more locks it", lastTry.Error, StringComparison.Ordinal);
        Assert.Contains("not answered", lastTry.Error, StringComparison.Ordinal);
        Assert.Matches(@"user-authentication PIN\s+│ 1 of 3 tries left", (await server.RunAsync("card", "show", card)).Output);
        EnterAWrongPinOnTheCard(card);

        var blocked = await LoginWithFileAsync(ServerFixture.AuthenticationPin + "\n", login, card);
        Assert.True(blocked.Exit == ExitCodes.PinBlocked, blocked.ToString());
        Assert.Contains("the login was not answered: the user-authentication PIN is locked.", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("reset at the window of your municipality of residence", blocked.Error, StringComparison.Ordinal);
        Assert.Equal("Waiting", await ProgressAsync(browser, login));
    }

    [Fact]
    public async Task Login_WithAMalformedPin_IsBadInput_AndTheCardCountsNothing_P3()
    {
        var (card, browser, login) = await CardAndLoginAsync("portal-bad-pin");

        var result = await LoginWithFileAsync("12345\n", login, card);
        Assert.True(result.Exit == ExitCodes.BadInput, result.ToString());
        Assert.Contains("4 digits", result.Error, StringComparison.Ordinal);
        Assert.Equal("Waiting", await ProgressAsync(browser, login));
        Assert.Matches(@"user-authentication PIN\s+│ 3 of 3 tries left", (await server.RunAsync("card", "show", card)).Output);
    }

    [Theory]
    [InlineData("ABCD-EFG0")] // 0 is not in a code (a look-alike of O)
    [InlineData("ABCD-EFG")]
    [InlineData("http://127.0.0.1:1/portal/api/logins/ABCD-EFGH")]
    public async Task Login_MalformedCode_IsBadInput_BeforeTheServerOrTheCard_U3_1(string code)
    {
        // Neither a server (nobody listens) nor a card (no such file) would answer: only the code is checked.
        var result = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", code,
            "--card", Path.Combine(server.Root, "absent.card"), "--server", $"http://127.0.0.1:{ServerFixture.FreePort()}/", "--pin-stdin");
        Assert.True(result.Exit == ExitCodes.BadInput, result.ToString());
        Assert.Contains("not a login", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownCodeByItsUrl_TakesTheServerFromTheUrl_AndNamesTheRefusal_U3_1()
    {
        var card = await server.DownloadCardAsync("portal-unknown");
        // No --server: the default (localhost:5000) would not answer; the URL names the fixture's server.
        var result = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", $"{server.Url}portal/api/challenges/ABCD-EFGH",
            "--card", card, "--pin-stdin");
        Assert.True(result.Exit == ExitCodes.LoginRefused, result.ToString());
        Assert.Contains("unknown-challenge", result.Error, StringComparison.Ordinal);
        Assert.Matches(@"user-authentication PIN\s+│ 3 of 3 tries left", (await server.RunAsync("card", "show", card)).Output);
    }

    [Fact]
    public async Task Login_ThroughPcsc_WithTheCardAttachedToVpcd_U3_1()
    {
        var readerName = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";
        var port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p) ? p : 35963;
        var (card, browser, login) = await CardAndLoginAsync("portal-pcsc");

        using var reader = await VpcdReaderLock.AcquireAsync(port);
        using var attach = MynaProcess.StartAttach(server.Home.Root, card, port);
        try
        {
            await MynaProcess.WaitForLineAsync(attach, "attached");
            using (var pcsc = PcscContext.Establish())
                Assert.True(pcsc.WaitForCard(readerName, TimeSpan.FromSeconds(15)), $"no card in '{readerName}'");

            var result = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", login.Code, "--reader", readerName, "--server", server.Url, "--pin-stdin");
            Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        }
        finally
        {
            attach.Kill(entireProcessTree: true);
            await attach.WaitForExitAsync();
        }
        Assert.Equal("Answered", await ProgressAsync(browser, login));
        await CompleteAsync(browser, login);
    }

    [Fact]
    public async Task Login_InJapanese_AndAsJson_U3_1()
    {
        var (card, browser, login) = await CardAndLoginAsync("portal-ja");

        var wrong = await LoginAsync("9999\n", "portal", "login", login.Code, "--card", card, "--server", server.Url, "--pin-stdin", "--lang", "ja");
        Assert.True(wrong.Exit == ExitCodes.WrongPin, wrong.ToString());
        Assert.Contains("あと2回間違えるとロックされます。ログインには応答していません。", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", wrong.Error, StringComparison.Ordinal);

        var japanese = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", login.Code, "--card", card, "--server", server.Url, "--pin-stdin", "--lang", "ja");
        Assert.True(japanese.Exit == ExitCodes.Ok, japanese.ToString());
        Assert.Contains($"ログインしました: カードがサーバー {server.Url} のログイン {login.Code} に応答しました。", japanese.Output, StringComparison.Ordinal);
        await CompleteAsync(browser, login);

        var next = await StartLoginAsync(browser);
        var json = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", next.Code, "--card", card, "--server", server.Url, "--pin-stdin", "--json");
        Assert.True(json.Exit == ExitCodes.Ok, json.ToString());
        using (var document = JsonDocument.Parse(json.Output))
        {
            Assert.True(document.RootElement.GetProperty("answered").GetBoolean());
            Assert.Equal(next.Code, document.RootElement.GetProperty("code").GetString());
        }
        var replayed = await LoginAsync(ServerFixture.AuthenticationPin + "\n", "portal", "login", next.Code, "--card", card, "--server", server.Url, "--pin-stdin", "--json");
        Assert.Equal(ExitCodes.LoginRefused, replayed.Exit);
        using (var document = JsonDocument.Parse(replayed.Output))
            Assert.Equal("login-refused", document.RootElement.GetProperty("error").GetProperty("code").GetString());

        var badCode = await LoginAsync("", "portal", "login", "AB", "--server", server.Url, "--lang", "ja");
        Assert.Equal(ExitCodes.BadInput, badCode.Exit);
        Assert.Contains("エラー: AB はログイン用のコードではありません。", badCode.Error, StringComparison.Ordinal);
    }

    private sealed record StartedLogin(Guid Id, string Code);

    /// <summary>A wrong user-authentication PIN entered on the card file directly, as another program would.</summary>
    private void EnterAWrongPinOnTheCard(string card)
    {
        using var key = Card.Image.ChipSealingKey.LoadOrCreate(server.Home.ChipSealingKeyPath);
        using var chip = Card.VirtualCard.Open(new Card.Image.FileCardImageStore(card, key));
        using var transport = new Reader.EmulatorTransport(chip);
        using var wrong = Primitives.Pin.Parse(Primitives.PinKind.UserAuthentication, "9999").Value;
        Assert.False(new Reader.MynaCardClient(transport).VerifyPin(wrong).IsVerified);
    }

    private Task<CliResult> LoginAsync(string input, params string[] args) => server.RunWithAsync(input, null, args);

    /// <summary><c>myna portal login CODE --card FILE --pin-stdin</c>, with <paramref name="pinLine"/> on standard input.</summary>
    private Task<CliResult> LoginWithFileAsync(string pinLine, StartedLogin login, string card) =>
        LoginAsync(pinLine, "portal", "login", login.Code, "--card", card, "--server", server.Url, "--pin-stdin");

    /// <summary>A card file of the test's own and a browser with a login started.</summary>
    private async Task<(string Card, HttpClient Browser, StartedLogin Login)> CardAndLoginAsync(string name)
    {
        var card = await server.DownloadCardAsync(name);
        var browser = Browser();
        return (card, browser, await StartLoginAsync(browser));
    }


    /// <summary>A browser: its own cookies (the login's secret, then the holder's session), disposed with the test.</summary>
    private HttpClient Browser()
    {
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(server.Url) };
        _browsers.Add(browser);
        return browser;
    }

    public void Dispose()
    {
        foreach (var browser in _browsers)
            browser.Dispose();
    }

    private static async Task<StartedLogin> StartLoginAsync(HttpClient browser)
    {
        var started = await ServerFixture.JsonAsync(await browser.PostAsync("portal/api/logins", null), HttpStatusCode.Created);
        return new StartedLogin(started.GetProperty("id").GetGuid(), started.GetProperty("code").GetString()!);
    }

    private static async Task<string?> ProgressAsync(HttpClient browser, StartedLogin login) =>
        (await ServerFixture.JsonAsync(await browser.GetAsync($"portal/api/logins/{login.Id}"), HttpStatusCode.OK)).GetProperty("progress").GetString();

    /// <summary>The page's completion: the browser's session starts, and the holder's own API answers.</summary>
    private static async Task CompleteAsync(HttpClient browser, StartedLogin login)
    {
        using (var session = await browser.PostAsync($"portal/api/logins/{login.Id}/session", null))
            Assert.True(session.StatusCode == HttpStatusCode.NoContent, $"{session.StatusCode}: {await session.Content.ReadAsStringAsync()}");
        var me = await ServerFixture.JsonAsync(await browser.GetAsync("portal/api/me"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, me.GetProperty("accountId").ValueKind);
    }
}
