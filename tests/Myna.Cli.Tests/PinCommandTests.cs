using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Myna.Cli.Commands;

namespace Myna.Cli.Tests;

/// <summary><c>myna pin status | verify | change</c> and <c>myna card export</c> on card files, in process.</summary>
public class PinCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private const string AuthPin = CardCreateCommand.DefaultFourDigitPin;
    private const string SignPin = CardCreateCommand.DefaultSignaturePin;

    [Fact]
    public async Task Status_ListsTheFourPinsAsJson_WithoutEnteringAny()
    {
        var card = await fixture.NewCardAsync("status");
        var status = await fixture.RunAsync("pin", "status", "--card", card, "--json");
        Assert.True(status.Exit == ExitCodes.Ok, status.ToString());
        var pins = Pins(status.Output);
        Assert.Equal(["sign", "auth", "text", "juki"], pins.Keys);
        Assert.Equal(5, pins["sign"].GetProperty("triesLeft").GetInt32());
        Assert.Equal("ok", pins["auth"].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Verify_WrongThenRight_CountsThenResetsTheTries_P3()
    {
        var card = await fixture.NewCardAsync("verify");
        var wrong = await fixture.RunWithInputAsync("9999\n", "pin", "verify", "auth", "--card", card, "--pin-stdin");
        Assert.Equal(ExitCodes.WrongPin, wrong.Exit);
        Assert.Contains("wrong user-authentication PIN: 2 tries left", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(2, Pins((await fixture.RunAsync("pin", "status", "--card", card, "--json")).Output)["auth"].GetProperty("triesLeft").GetInt32());

        var right = await fixture.RunWithInputAsync(AuthPin + "\n", "pin", "verify", "auth", "--card", card, "--pin-stdin");
        Assert.True(right.Exit == ExitCodes.Ok, right.ToString());
        Assert.Contains("the user-authentication PIN is correct. 3 of 3 tries left", right.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BeforeTheLastTry_WarnsAndEntersOnlyWhenConfirmed_P3()
    {
        var card = await fixture.NewCardAsync("last-try");
        for (var i = 0; i < 2; i++)
            Assert.Equal(ExitCodes.WrongPin, (await fixture.RunWithInputAsync("9999\n", "pin", "verify", "auth", "--card", card, "--pin-stdin")).Exit);

        // Not on a terminal and without --last-try: refused, nothing sent.
        var refused = await fixture.RunWithInputAsync("9999\n", "pin", "verify", "auth", "--card", card, "--pin-stdin");
        Assert.Equal(ExitCodes.BadInput, refused.Exit);
        Assert.Contains("one wrong user-authentication PIN more locks it", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, Pins((await fixture.RunAsync("pin", "status", "--card", card, "--json")).Output)["auth"].GetProperty("triesLeft").GetInt32());

        // On a terminal: the holder declines, nothing is sent either.
        var declined = await fixture.RunOnTerminalAsync(["n"], "pin", "verify", "auth", "--card", card);
        Assert.Equal(ExitCodes.BadInput, declined.Exit);

        // Confirmed and wrong: locked, and the message says where it is reset.
        var locked = await fixture.RunWithInputAsync("9999\n", "pin", "verify", "auth", "--card", card, "--pin-stdin", "--last-try");
        Assert.Equal(ExitCodes.PinBlocked, locked.Exit);
        Assert.Contains("the user-authentication PIN is locked", locked.Error, StringComparison.Ordinal);
        Assert.Contains("window of your municipality of residence", locked.Error, StringComparison.Ordinal);

        // A locked PIN is not even entered: the right PIN does not unlock it.
        var after = await fixture.RunWithInputAsync(AuthPin + "\n", "pin", "verify", "auth", "--card", card, "--pin-stdin", "--last-try");
        Assert.Equal(ExitCodes.PinBlocked, after.Exit);
        Assert.Matches(@"user-authentication PIN\s+│ locked", (await fixture.RunAsync("pin", "status", "--card", card)).Output);
    }

    [Fact]
    public async Task Change_OnATerminal_AsksTheNewPinTwiceWithoutEcho_P2()
    {
        var card = await fixture.NewCardAsync("change");
        var changed = await fixture.RunOnTerminalAsync([SignPin, "NEWPW2026", "NEWPW2026"], "pin", "change", "sign", "--card", card);
        Assert.True(changed.Exit == ExitCodes.Ok, changed.ToString());
        Assert.Contains("the signature certificate password was changed", changed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NEWPW2026", changed.Output + changed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(SignPin, changed.Output + changed.Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.WrongPin, (await fixture.RunWithInputAsync(SignPin + "\n", "pin", "verify", "sign", "--card", card, "--pin-stdin")).Exit);
        Assert.Equal(ExitCodes.Ok, (await fixture.RunWithInputAsync("newpw2026\n", "pin", "verify", "sign", "--card", card, "--pin-stdin")).Exit);

        // The confirmation differs: nothing is written, the card is not touched.
        var differ = await fixture.RunOnTerminalAsync(["NEWPW2026", "OTHER2026", "OTHER2027"], "pin", "change", "sign", "--card", card);
        Assert.Equal(ExitCodes.BadInput, differ.Exit);
        Assert.Contains("nothing was written to the card", differ.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await fixture.RunWithInputAsync("NEWPW2026\n", "pin", "verify", "sign", "--card", card, "--pin-stdin")).Exit);
    }

    [Fact]
    public async Task Change_NewPinOfTheWrongShape_IsRefusedBeforeTheCardIsTouched_P()
    {
        var card = await fixture.NewCardAsync("change-shape");
        var result = await fixture.RunWithInputAsync("9999\n12345\n", "pin", "change", "text", "--card", card, "--pin-stdin");
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("The text-input-assist PIN has 4 digits.", result.Error, StringComparison.Ordinal);
        Assert.Contains("no try was counted", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, Pins((await fixture.RunAsync("pin", "status", "--card", card, "--json")).Output)["text"].GetProperty("triesLeft").GetInt32());
    }

    [Fact]
    public async Task Change_ResidentRegistryPin_IsTheWindows_P2()
    {
        var card = await fixture.NewCardAsync("juki");
        var result = await fixture.RunWithInputAsync("1234\n5678\n", "--lang", "ja", "pin", "change", "juki", "--card", card, "--pin-stdin");
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("住民基本台帳用の暗証番号は、この方法では照合・変更できません（P2）", result.Error, StringComparison.Ordinal);
        Assert.Contains("市区町村の窓口", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, Pins((await fixture.RunAsync("pin", "status", "--card", card, "--json")).Output)["juki"].GetProperty("triesLeft").GetInt32());
    }

    [Fact]
    public async Task Change_ThenTheNewPinOpensTheKey_P1()
    {
        var card = await fixture.NewCardAsync("change-auth");
        var changed = await fixture.RunWithInputAsync($"{AuthPin}\n4321\n", "pin", "change", "auth", "--card", card, "--pin-stdin");
        Assert.True(changed.Exit == ExitCodes.Ok, changed.ToString());
        Assert.Equal(ExitCodes.Ok, (await fixture.RunWithInputAsync("4321\n", "pin", "verify", "auth", "--card", card, "--pin-stdin")).Exit);
        // P1: the other 4-digit PINs keep their own value.
        Assert.Equal(ExitCodes.Ok, (await fixture.RunWithInputAsync(AuthPin + "\n", "pin", "verify", "text", "--card", card, "--pin-stdin")).Exit);
    }

    [Fact]
    public async Task Export_WritesTheCertificatesAndTheirChain()
    {
        var card = await fixture.NewCardAsync("export");
        var auth = await fixture.RunAsync("card", "export", "auth", "--card", card, "--chain");
        Assert.True(auth.Exit == ExitCodes.Ok, auth.ToString());
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(auth.Output);
        Assert.Equal(2, chain.Count);
        Assert.Equal(chain[1].Subject, chain[0].Issuer);

        var der = Path.Combine(fixture.Root, $"sign-{Guid.NewGuid():N}.der");
        var wrong = await fixture.RunWithInputAsync("WRONG1\n", "card", "export", "sign", "--card", card, "--der", "--out", der, "--pin-stdin");
        Assert.Equal(ExitCodes.WrongPin, wrong.Exit);
        Assert.False(File.Exists(der));
        var sign = await fixture.RunWithInputAsync(SignPin + "\n", "card", "export", "sign", "--card", card, "--der", "--out", der, "--pin-stdin");
        Assert.True(sign.Exit == ExitCodes.Ok, sign.ToString());
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(der);
        Assert.Contains("L=Koriyama-shi", certificate.Subject, StringComparison.Ordinal);

        var again = await fixture.RunWithInputAsync(SignPin + "\n", "card", "export", "sign", "--card", card, "--der", "--out", der, "--pin-stdin");
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Pins(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("pins").EnumerateArray().ToDictionary(p => p.GetProperty("kind").GetString()!, p => p.Clone());
    }
}
