using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Myna.Testing;

namespace Myna.Cli.Tests;

/// <summary>
/// <c>myna sandbox cards | attach | clock</c> against the real server over TCP: the holder's side of a sandbox card's one
/// chip — the server's own chip in the vpcd reader, so that a wrong PIN here is counted where the window sees it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SandboxCommandTests(ServerFixture server)
{
    private static readonly Dictionary<string, string> WindowPassword = new() { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword };

    private Task<CliResult> AsWindowAsync(params string[] args) =>
        server.RunWithAsync(null, WindowPassword, [.. args, "--server", server.Url, "--user", ServerFixture.WindowUser]);

    [Fact]
    public async Task Cards_ListsTheSandboxsCards_OrOneResidents()
    {
        var card = await server.IssueCardAsync("砂場", "一郎", "スナバ", "イチロウ", new DateOnly(1985, 3, 3));
        var all = await AsWindowAsync("sandbox", "cards");
        Assert.True(all.Exit == ExitCodes.Ok, all.ToString());
        Assert.Contains(server.CardId, all.Output, StringComparison.Ordinal);
        Assert.Contains(card.GetProperty("id").GetString()!, all.Output, StringComparison.Ordinal);

        var one = await AsWindowAsync("sandbox", "cards", card.GetProperty("residentId").GetString()!);
        Assert.True(one.Exit == ExitCodes.Ok, one.ToString());
        Assert.Contains(card.GetProperty("id").GetString()!, one.Output, StringComparison.Ordinal);
        Assert.Contains("砂場", one.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.CardId, one.Output, StringComparison.Ordinal);

        var bad = await AsWindowAsync("sandbox", "cards", "not-a-resident");
        Assert.True(bad.Exit == ExitCodes.BadInput, bad.ToString());
    }

    [Fact]
    public async Task Attach_PutsTheServersOwnChipIntoTheReader_AWrongPinCountsThere_AndASecondAttachIsRefused()
    {
        var cardId = (await server.IssueCardAsync("一枚", "花子", "イチマイ", "ハナコ", new DateOnly(1992, 7, 7))).GetProperty("id").GetString()!;
        using var vpcd = new TcpListener(IPAddress.Loopback, 0);
        vpcd.Start();
        var port = ((IPEndPoint)vpcd.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = CliRunner.RunAsync(server.Home, server.Clock, null, WindowPassword, stop.Token,
            "sandbox", "attach", cardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--vpcd-port", port);

        using (var reader = await vpcd.AcceptTcpClientAsync(stop.Token))
        {
            var stream = reader.GetStream();
            Assert.Equal("3BE000FF8131FE4514", await ExchangeAsync(stream, "04", stop.Token)); // GET ATR
            Assert.Equal("9000", await ExchangeAsync(stream, "00A4040C0AD392F000260100000001", stop.Token)); // SELECT the JPKI AP
            Assert.Equal("9000", await ExchangeAsync(stream, "00A4020C020018", stop.Token)); // SELECT the user-authentication PIN
            Assert.Equal("63C2", await ExchangeAsync(stream, "002000800439393939", stop.Token)); // VERIFY 9999: wrong, 2 left

            var second = await AsWindowAsync("sandbox", "attach", cardId, "--vpcd-port", port);
            Assert.True(second.Exit == ExitCodes.CardError, second.ToString());
            Assert.Contains("another session", second.Error, StringComparison.Ordinal);
        }
        await stop.CancelAsync(); // Ctrl+C
        var result = await run;
        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("the server's own chip", result.Output, StringComparison.Ordinal);
        Assert.Contains("card removed", result.Output, StringComparison.Ordinal);

        // The server's chip, as the window opens it (the CLI's home is the server's data directory): the try counted there.
        Assert.Equal(2, await ServersTriesLeftAsync(Guid.Parse(cardId)));
    }

    [Fact]
    public async Task Attach_RefusesBadInput_AnUnknownCard_AndNoSession()
    {
        var bad = await AsWindowAsync("sandbox", "attach", "12345");
        Assert.True(bad.Exit == ExitCodes.BadInput, bad.ToString());
        var unknown = await AsWindowAsync("sandbox", "attach", Guid.NewGuid().ToString());
        Assert.True(unknown.Exit == ExitCodes.NotFound, unknown.ToString());
        var elsewhere = await CliRunner.RunAsync(new Myna.Primitives.Hosting.MynaHome(Directory.CreateTempSubdirectory("myna-cli-nosession-").FullName),
            server.Clock, null, null, "sandbox", "attach", server.CardId, "--server", server.Url);
        Assert.True(elsewhere.Exit == ExitCodes.NotSignedIn, elsewhere.ToString());
    }

    [Fact]
    public async Task Clock_ShowsTheSandboxDate_AndOnlyAdministratorsSetIt()
    {
        var shown = await AsWindowAsync("sandbox", "clock");
        Assert.True(shown.Exit == ExitCodes.Ok, shown.ToString());
        Assert.Contains("sandbox now", shown.Output, StringComparison.Ordinal);

        var notAllowed = await AsWindowAsync("sandbox", "clock", "--set", "2030-01-02T03:04");
        Assert.True(notAllowed.Exit == ExitCodes.Forbidden, notAllowed.ToString());
        var badFormat = await AsWindowAsync("sandbox", "clock", "--set", "2030-01-02");
        Assert.True(badFormat.Exit == ExitCodes.BadInput, badFormat.ToString());
        var both = await AsWindowAsync("sandbox", "clock", "--set", "2030-01-02T03:04", "--reset");
        Assert.True(both.Exit == ExitCodes.BadInput, both.ToString());

        var admin = new Dictionary<string, string> { ["MYNA_PASSWORD"] = "admin-sandbox" };
        try
        {
            var set = await server.RunWithAsync(null, admin, "sandbox", "clock", "--set", "2030-01-02T03:04", "--server", server.Url, "--user", "admin");
            Assert.True(set.Exit == ExitCodes.Ok, set.ToString());
            Assert.Contains("2030-01-02 03:04 JST", set.Output, StringComparison.Ordinal);
        }
        finally
        {
            var reset = await server.RunWithAsync(null, admin, "sandbox", "clock", "--reset", "--server", server.Url, "--user", "admin");
            Assert.True(reset.Exit == ExitCodes.Ok, reset.ToString());
            Assert.Matches(@"offset[^\n]*\b0 days", reset.Output);
        }
    }

    [Fact]
    public async Task Download_WarnsThatTheFileIsASecondChip()
    {
        var download = await AsWindowAsync("card", "download", server.CardId, "--out", server.NewPath("copy"));
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());
        Assert.Contains("a copy, a second chip", download.Error, StringComparison.Ordinal);
        Assert.Contains($"myna sandbox attach {server.CardId}", download.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Real PC/SC: pcscd's vpcd reader holds the server's chip through <c>myna sandbox attach</c>, and the reader library
    /// reads it there as any PC/SC program would — the certificate the window issued, and a wrong PIN that the server's
    /// chip counts.
    /// </summary>
    [Fact]
    public async Task Attach_ThroughPcsc_TheReaderLibraryReadsTheServersChip()
    {
        var readerName = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";
        var port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p) ? p : 35963;
        var issued = await server.IssueCardAsync("読取", "花子", "ヨミトリ", "ハナコ", new DateOnly(1988, 8, 8));
        var cardId = issued.GetProperty("id").GetString()!;

        using var reader = await VpcdReaderLock.AcquireAsync(port);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = CliRunner.RunAsync(server.Home, server.Clock, null, WindowPassword, stop.Token,
            "sandbox", "attach", cardId, "--server", server.Url, "--user", ServerFixture.WindowUser,
            "--vpcd-port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            using (var pcsc = PcscContext.Establish())
                Assert.True(pcsc.WaitForCard(readerName, TimeSpan.FromSeconds(15)), $"no card in '{readerName}'");
            using var transport = PcscTransport.Connect(readerName);
            var client = new MynaCardClient(transport);
            using (var certificate = client.ReadAuthenticationCertificate())
                Assert.Equal(issued.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString(), certificate.SerialNumber);
            using var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
            Assert.Equal(2, client.VerifyPin(wrong).TriesLeft);
        }
        finally
        {
            await stop.CancelAsync();
            var result = await run;
            Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        }
        Assert.Equal(2, await ServersTriesLeftAsync(Guid.Parse(cardId)));
    }

    /// <summary>The user-authentication PIN's tries left on the server's own chip, once the session has let it go.</summary>
    private async Task<int?> ServersTriesLeftAsync(Guid cardId)
    {
        using var key = ChipSealingKey.LoadOrCreate(server.Home.ChipSealingKeyPath);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var card = VirtualCard.Open(new FileCardImageStore(server.Home.CardPath(cardId), key, lockTimeout: TimeSpan.Zero));
                return new MynaCardClient(new EmulatorTransport(card)).GetPinStatus(PinKind.UserAuthentication).TriesLeft;
            }
            catch (CardFileInUseException) when (DateTime.UtcNow < deadline)
            {
                // The server closes the chip a moment after the session's close.
                await Task.Delay(50);
            }
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
}
