using System.Text.Json;
using Myna.Cli.Commands;
using Myna.Reader.Pcsc;
using Myna.Testing;
using Myna.Testing.Tools;

namespace Myna.Cli.Tests;

/// <summary>
/// The holder's commands through real PC/SC: a card file attached to pcscd's vpcd reader by <c>myna card attach</c> in a
/// process of its own, and <c>myna readers</c>, <c>card show</c>, <c>pin</c>, <c>sign</c> and <c>auth</c> talking to it
/// as to a real card in a reader.
/// </summary>
public sealed class PcscCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private static readonly string ReaderName = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";
    private static readonly int Port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p) ? p : 35963;

    [Fact]
    public async Task TheCardInTheVirtualReader_AnswersEveryCommandAsTheFileDoes_P3()
    {
        var card = await fixture.NewCardAsync("pcsc");
        var fromFile = JsonDocument.Parse((await fixture.RunAsync("card", "show", card, "--json")).Output).RootElement.GetProperty("card").GetProperty("serial").GetString();

        using var reader = await VpcdReaderLock.AcquireAsync(Port);
        using var attach = MynaProcess.StartAttach(fixture.Home.Root, card, Port);
        try
        {
            await MynaProcess.WaitForLineAsync(attach, "attached");
            using (var pcsc = PcscContext.Establish())
                Assert.True(pcsc.WaitForCard(ReaderName, TimeSpan.FromSeconds(15)), $"no card in '{ReaderName}'");

            var readers = await fixture.RunAsync("readers", "--json");
            Assert.True(readers.Exit == ExitCodes.Ok, readers.ToString());
            var listed = JsonDocument.Parse(readers.Output).RootElement.GetProperty("readers").EnumerateArray()
                .Single(r => r.GetProperty("name").GetString() == ReaderName);
            Assert.True(listed.GetProperty("myNumberCard").GetBoolean());
            Assert.Equal(fromFile, listed.GetProperty("serial").GetString());

            var shown = await fixture.RunAsync("card", "show", "--reader", ReaderName, "--json");
            Assert.True(shown.Exit == ExitCodes.Ok, shown.ToString());
            Assert.Equal(fromFile, JsonDocument.Parse(shown.Output).RootElement.GetProperty("card").GetProperty("serial").GetString());

            var wrong = await fixture.RunWithInputAsync("9999\n", "pin", "verify", "auth", "--reader", ReaderName, "--pin-stdin");
            Assert.Equal(ExitCodes.WrongPin, wrong.Exit);
            Assert.Contains("2 tries left", wrong.Error, StringComparison.Ordinal);

            var document = Path.Combine(fixture.Root, $"pcsc-{Guid.NewGuid():N}.txt");
            await File.WriteAllTextAsync(document, "PC/SC");
            var signed = await fixture.RunWithInputAsync(CardCreateCommand.DefaultSignaturePin + "\n", "sign", document, "--reader", ReaderName, "--pin-stdin");
            Assert.True(signed.Exit == ExitCodes.Ok, signed.ToString());
            var challenge = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var login = await fixture.RunWithInputAsync(CardCreateCommand.DefaultFourDigitPin + "\n", "auth", "sign-challenge", challenge, "--reader", ReaderName, "--pin-stdin");
            Assert.True(login.Exit == ExitCodes.Ok, login.ToString());
        }
        finally
        {
            attach.Kill(entireProcessTree: true);
            await attach.WaitForExitAsync();
        }

        // One chip: what the reader's client did is on the card file. The wrong PIN counted, then the right one reset it (P3).
        var status = JsonDocument.Parse((await fixture.RunAsync("pin", "status", "--card", card, "--json")).Output).RootElement;
        Assert.Equal(3, status.GetProperty("pins").EnumerateArray().Single(x => x.GetProperty("kind").GetString() == "auth").GetProperty("triesLeft").GetInt32());
        var cas = Path.Combine(fixture.Root, $"pcsc-ca-{Guid.NewGuid():N}");
        Assert.Equal(0, (await fixture.RunAsync("card", "export", "sign-ca", "--card", card, "--out", cas + "-sign.pem")).Exit);
        Assert.Equal(0, (await fixture.RunAsync("card", "export", "auth-ca", "--card", card, "--out", cas + "-auth.pem")).Exit);
        var verified = await fixture.RunAsync("verify", Directory.GetFiles(fixture.Root, "pcsc-*.txt.p7s").Single(), "--sign-ca", cas + "-sign.pem", "--auth-ca", cas + "-auth.pem");
        Assert.True(verified.Exit == ExitCodes.Ok, verified.ToString());
    }
}
