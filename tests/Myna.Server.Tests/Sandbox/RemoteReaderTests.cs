using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Remote;
using Myna.Server.Cards;
using Myna.Storage.Audit;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Sandbox;

/// <summary>
/// The sandbox card's one chip: the holder's remote reader (<c>GET /api/sandbox/cards/{id}/reader</c>, a WebSocket) drives
/// the very chip the window opens — a wrong PIN there is a wrong PIN here, a PIN reset at the window reaches the holder —
/// over a real socket, with the reader library's <see cref="RemoteCardTransport"/>.
/// </summary>
public sealed class RemoteReaderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset RealNow = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(RealNow), realSocket: true);
    private readonly CookieContainer _windowCookies = new();
    private HttpClient _window = null!;

    public async Task InitializeAsync()
    {
        _window = new HttpClient(new SocketsHttpHandler { CookieContainer = _windowCookies, AllowAutoRedirect = false }) { BaseAddress = _server.BaseAddress };
        _window.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var signedIn = await _window.PostAsJsonAsync("/api/session", new { userName = "window", password = "window-sandbox" });
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _window.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TheRemoteClient_ReadsTheCertificate_AndAWrongPinCountsOnTheServersChip_P3()
    {
        var card = await IssueCardAsync();
        var cardId = Id(card);
        using (var remote = await AttachAsync(cardId))
        {
            var client = new MynaCardClient(remote);
            using var certificate = client.ReadAuthenticationCertificate();
            Assert.Equal(card.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString(), certificate.SerialNumber);
            using var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
            Assert.Equal(new PinVerificationResult(PinVerificationOutcome.WrongPin, 2), client.VerifyPin(wrong));
            Assert.True(_server.Services.GetRequiredService<RemoteReaders>().IsAttached(cardId));
            var listed = await JsonAsync(await _window.GetAsync($"/api/sandbox/cards?resident={card.GetProperty("residentId").GetGuid()}"), HttpStatusCode.OK);
            Assert.True(listed.EnumerateArray().Single().GetProperty("inHoldersReader").GetBoolean());
        }
        await WaitDetachedAsync(cardId);

        // The window's view: the card's own chip, opened as a procedure opens it.
        Assert.Equal(2, WindowsView(cardId).TriesLeft);
        var trail = await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("card", cardId.ToString("N")));
        Assert.Contains(trail, e => e.Action == RemoteReaders.AttachedAction && e.Actor.Contains("window", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.Action == RemoteReaders.DetachedAction && e.Details.Contains("closed by the holder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APinResetAtTheWindow_WhileNotAttached_ReachesTheHoldersReader_P3()
    {
        var cardId = Id(await IssueCardAsync());
        using (var remote = await AttachAsync(cardId))
        {
            var client = new MynaCardClient(remote);
            using var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
            for (var i = 0; i < 3; i++)
                client.VerifyPin(wrong);
            Assert.True(client.GetPinStatus(PinKind.UserAuthentication).IsBlocked);
        }
        await WaitDetachedAsync(cardId);
        Assert.True(WindowsView(cardId).IsBlocked);

        using (var reset = await _window.PostAsJsonAsync($"/api/cards/{cardId}/pin-reset", new { kind = "UserAuthentication", newPin = "4321" }))
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        using (var remote = await AttachAsync(cardId))
        {
            var client = new MynaCardClient(remote);
            Assert.Equal(3, client.GetPinStatus(PinKind.UserAuthentication).TriesLeft);
            using var renewed = Pin.Parse(PinKind.UserAuthentication, "4321").Value;
            Assert.True(client.VerifyPin(renewed).IsVerified);
        }
    }

    [Fact]
    public async Task ASecondSession_IsRefused_409_AndTheFirstGoesOn()
    {
        var cardId = Id(await IssueCardAsync());
        using var first = await AttachAsync(cardId);
        var refused = await Assert.ThrowsAsync<RemoteReaderRefusedException>(() => AttachAsync(cardId));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        // Over plain HTTP the same refusal has its words (a WebSocket client sees the status only).
        using var request = UpgradeRequest(cardId);
        using var response = await _window.SendAsync(request);
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("another session", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("card-elsewhere", problem.GetProperty("code").GetString());
        Assert.Equal([0x90, 0x00], first.Transmit(Convert.FromHexString("00A4040C0AD392F000260100000001")));
    }

    [Fact]
    public async Task WhileAttached_AWindowProcedure_IsRefusedAtOnce_InBothLanguages_AndChangesNothing()
    {
        var cardId = Id(await IssueCardAsync());
        var before = await JsonAsync(await _window.GetAsync($"/api/cards/{cardId}"), HttpStatusCode.OK);
        using (await AttachAsync(cardId))
        {
            var watch = Stopwatch.StartNew();
            using var refused = await _window.PostAsJsonAsync($"/api/cards/{cardId}/pin-reset", new { kind = "UserAuthentication", newPin = "4321" });
            var problem = await Problems.ReadAsync(refused, HttpStatusCode.Conflict);
            // At once, not after the card file lock's wait for a procedure to end.
            Assert.True(watch.Elapsed < Myna.Card.Image.CardFileLock.DefaultTimeout, watch.Elapsed.ToString());
            Assert.Equal("card-elsewhere", problem.GetProperty("code").GetString());
            Assert.Contains("in the holder's reader: ask the holder to bring the card", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var japanese = new HttpRequestMessage(HttpMethod.Post, $"/api/cards/{cardId}/pin-reset")
            {
                Content = JsonContent.Create(new { kind = "UserAuthentication", newPin = "4321" }),
            };
            japanese.Headers.AcceptLanguage.Clear();
            japanese.Headers.AcceptLanguage.ParseAdd("ja");
            using var refusedInJapanese = await _window.SendAsync(japanese);
            var japaneseProblem = await Problems.ReadAsync(refusedInJapanese, HttpStatusCode.Conflict);
            Assert.Contains("所持者の方のカードリーダーに接続されています", japaneseProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await WaitDetachedAsync(cardId);
        var after = await JsonAsync(await _window.GetAsync($"/api/cards/{cardId}"), HttpStatusCode.OK);
        Assert.Equal(before.ToString(), after.ToString());
        var trail = await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("card", cardId.ToString("N")));
        Assert.DoesNotContain(trail, e => e.Action == "pin.reset");
        Assert.Equal(3, WindowsView(cardId).TriesLeft);
    }

    [Fact]
    public async Task WhileAttached_ThePortalsCardSlot_IsRefusedClearly_AndTheLoginStillWaits()
    {
        var cardId = Id(await IssueCardAsync());
        using var browser = new HttpClient { BaseAddress = _server.BaseAddress };
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var login = await JsonAsync(await browser.PostAsync("/portal/api/logins", null), HttpStatusCode.Created);
        using (await AttachAsync(cardId))
        {
            using var answered = await browser.PostAsJsonAsync($"/portal/api/sandbox/cards/{cardId}/answer",
                new { code = login.GetProperty("code").GetString(), pin = "1111" });
            var problem = await Problems.ReadAsync(answered, HttpStatusCode.Conflict);
            Assert.Equal("card-elsewhere", problem.GetProperty("code").GetString());
            Assert.Contains("ask the holder to bring the card", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await WaitDetachedAsync(cardId);
        var status = await JsonAsync(await browser.GetAsync($"/portal/api/logins/{Id(login)}"), HttpStatusCode.OK);
        Assert.Equal("Waiting", status.GetProperty("progress").GetString());
        Assert.Equal(3, WindowsView(cardId).TriesLeft);
    }

    public static TheoryData<string, byte[]?, WebSocketCloseStatus> BadFrames => new()
    {
        { "a text message", null, WebSocketCloseStatus.InvalidMessageType },
        { "an empty message", [], WebSocketCloseStatus.InvalidPayloadData },
        { "three bytes", [0x00, 0xA4, 0x04], WebSocketCloseStatus.InvalidPayloadData },
        { "an unknown control code", [0x07], WebSocketCloseStatus.InvalidPayloadData },
        { "one byte more than the longest APDU", new byte[RemoteReaderProtocol.MaxCommandLength + 1], WebSocketCloseStatus.MessageTooBig },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task AMessageOutsideTheProtocol_ClosesTheSessionWithItsStatus_AndDetachesTheCard(string why, byte[]? message, WebSocketCloseStatus status)
    {
        var cardId = Id(await IssueCardAsync());
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = _windowCookies;
        socket.Options.AddSubProtocol(RemoteReaderProtocol.SubProtocol);
        await socket.ConnectAsync(ReaderUri(cardId), CancellationToken.None);
        Assert.Equal(RemoteReaderProtocol.SubProtocol, socket.SubProtocol);
        if (message is null)
            await socket.SendAsync("00A4040C"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        else
            await socket.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);
        var answer = await socket.ReceiveAsync(new byte[16], new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.True(answer.MessageType == WebSocketMessageType.Close, why);
        Assert.Equal(status, socket.CloseStatus);
        Assert.False(string.IsNullOrEmpty(socket.CloseStatusDescription), why);
        await WaitDetachedAsync(cardId);
        // The chip is closed: the window may open it again.
        Assert.Equal(3, WindowsView(cardId).TriesLeft);
    }

    [Fact]
    public async Task ControlCodes_GiveTheAtr_AndAResetClearsAVerifiedPin()
    {
        var cardId = Id(await IssueCardAsync());
        using var remote = await AttachAsync(cardId);
        Assert.Equal("3BE000FF8131FE4514", Convert.ToHexString(remote.Atr.Span));
        var client = new MynaCardClient(remote);
        using var pin = Pin.Parse(PinKind.UserAuthentication, "1111").Value;
        var digest = System.Security.Cryptography.SHA256.HashData("challenge"u8);
        Assert.True(client.VerifyPin(pin).IsVerified);
        Assert.NotEmpty(client.SignDigest(JpkiKey.UserAuthentication, digest));
        Assert.NotEmpty(client.SignDigest(JpkiKey.UserAuthentication, digest));
        remote.Reset();
        // The chip has forgotten the session (the application selected, the PIN verified): the same command is refused.
        Assert.Throws<CardCommandException>(() => client.SignDigest(JpkiKey.UserAuthentication, digest));
        var again = new MynaCardClient(remote);
        Assert.True(again.VerifyPin(pin).IsVerified);
        Assert.NotEmpty(again.SignDigest(JpkiKey.UserAuthentication, digest));
    }

    [Fact]
    public async Task AnIdleSession_IsClosedByTheServer_AndTheCardDetached()
    {
        var cardId = Id(await IssueCardAsync());
        var readers = _server.Services.GetRequiredService<RemoteReaders>();
        readers.IdleTimeout = TimeSpan.FromMilliseconds(500);
        try
        {
            using var remote = await AttachAsync(cardId);
            var why = await remote.Closed.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("idle", why, StringComparison.Ordinal);
            await WaitDetachedAsync(cardId);
            Assert.Throws<CardTransportException>(() => remote.Transmit(Convert.FromHexString("00A4040C0AD392F000260100000001")));
        }
        finally
        {
            readers.IdleTimeout = TimeSpan.FromMinutes(10);
        }
    }

    [Fact]
    public async Task TheStaffSignsOut_AndTheAttachEnds_TheCardDetached()
    {
        var cardId = Id(await IssueCardAsync());
        var readers = _server.Services.GetRequiredService<RemoteReaders>();
        readers.SessionCheckInterval = TimeSpan.FromMilliseconds(100);
        using var remote = await AttachAsync(cardId);
        // Still served while the session is open, past a few checks.
        await Task.Delay(400);
        Assert.NotEmpty(remote.Transmit(Convert.FromHexString("00A4040C0AD392F000260100000001")));

        using (var signedOut = await _window.DeleteAsync("/api/session"))
            Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);

        var why = await remote.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("staff session ended", why, StringComparison.Ordinal);
        await WaitDetachedAsync(cardId);
        var trail = _server.Services.GetRequiredService<AuditTrail>();
        var detached = (await trail.ReadAsync(new AuditSubject("card", cardId.ToString("N")), CancellationToken.None))
            .Single(e => e.Action == RemoteReaders.DetachedAction);
        Assert.Contains("staff session that attached it ended", detached.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAWebSocket_Is400_AndNoSuchCard_Is404_AndAnotherSitesPage_Is403()
    {
        using (var plain = await _window.GetAsync($"/api/sandbox/cards/{Guid.NewGuid()}/reader"))
            await Problems.ReadAsync(plain, HttpStatusCode.BadRequest);
        var unknown = await Assert.ThrowsAsync<RemoteReaderRefusedException>(() => AttachAsync(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var cardId = Id(await IssueCardAsync());
        var crossSite = await Assert.ThrowsAsync<RemoteReaderRefusedException>(() => AttachAsync(cardId, "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.Status);
        using var anonymous = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(ReaderUri(cardId), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.HttpStatusCode);
        Assert.False(_server.Services.GetRequiredService<RemoteReaders>().IsAttached(cardId));
    }

    private Uri ReaderUri(Guid cardId) => new UriBuilder(new Uri(_server.BaseAddress, RemoteReaderProtocol.PathOf(cardId))) { Scheme = "ws" }.Uri;

    private Task<RemoteCardTransport> AttachAsync(Guid cardId, string? origin = null) =>
        RemoteCardTransport.ConnectAsync(ReaderUri(cardId), options =>
        {
            options.Cookies = _windowCookies;
            if (origin is not null)
                options.SetRequestHeader("Origin", origin);
        }, CancellationToken.None);

    /// <summary>A WebSocket upgrade as plain HTTP/1.1 headers: the refusal before the upgrade, with its problem details.</summary>
    private static HttpRequestMessage UpgradeRequest(Guid cardId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sandbox/cards/{cardId}/reader");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }

    /// <summary>The chip's user-authentication PIN as the window sees it, opening the card's own chip.</summary>
    private PinStatus WindowsView(Guid cardId)
    {
        using var chip = _server.Services.GetRequiredService<Myna.Window.MunicipalWindow>().OpenCardChip(cardId);
        return new MynaCardClient(new EmulatorTransport(chip)).GetPinStatus(PinKind.UserAuthentication);
    }

    /// <summary>The server notices the close, closes the chip and writes the detach: a moment after the client's close.</summary>
    private async Task WaitDetachedAsync(Guid cardId)
    {
        var readers = _server.Services.GetRequiredService<RemoteReaders>();
        var deadline = Stopwatch.StartNew();
        while (readers.IsAttached(cardId))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the card stayed attached after its session closed");
            await Task.Delay(20);
        }
    }

    private async Task<JsonElement> IssueCardAsync()
    {
        var resident = await JsonAsync(await _window.PostAsJsonAsync("/api/residents", new Dictionary<string, object?>
        {
            ["municipality"] = "072036", ["familyName"] = "番号", ["givenName"] = "花子", ["familyNameKana"] = "バンゴウ",
            ["givenNameKana"] = "ハナコ", ["birthDate"] = new DateOnly(1990, 5, 10), ["sex"] = "Female", ["address"] = Address,
        }), HttpStatusCode.Created);
        var applied = await JsonAsync(await _window.PostAsJsonAsync("/api/applications", new { residentId = Id(resident) }), HttpStatusCode.Created);
        return await JsonAsync(await _window.PostAsJsonAsync($"/api/applications/{Id(applied)}/delivery", Pins), HttpStatusCode.Created);
    }
}
