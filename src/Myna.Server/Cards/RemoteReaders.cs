using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives.Text;
using Myna.Reader.Remote;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.Server.Cards;

/// <summary>
/// The sandbox cards attached to their holders' readers: while a holder's reader is attached, the server holds the
/// card's own chip open under the card file's lock — the same chip the window, the kiosk, the clinic and the portal
/// open — and relays the holder's APDUs to it (<see cref="RemoteReaderProtocol"/>). One session per card; every other
/// opener is refused at once while it lasts (<see cref="CardFileHolder.HoldersReader"/>).
/// </summary>
/// <remarks>
/// The chip writes its state durably before it answers (a PIN try counts even if the connection drops right after), as
/// for any other opener. A session ends when the holder closes the socket, when the connection breaks, after
/// <see cref="IdleTimeout"/> without a message, on a message outside the protocol, when the staff session that attached
/// it ends (signed out, ended by an administrator, the account disabled — seen within <see cref="SessionCheckInterval"/>),
/// or when the server stops; the chip is closed then, and the attach and the detach are in the audit trail.
/// </remarks>
public sealed partial class RemoteReaders(MunicipalWindow window, AuditTrail audit, ILogger<RemoteReaders> logger)
{
    /// <summary>The audit action of a card attached to its holder's reader.</summary>
    public const string AttachedAction = "card.reader-attached";

    /// <summary>The audit action of a card detached from its holder's reader.</summary>
    public const string DetachedAction = "card.reader-detached";

    private readonly ConcurrentDictionary<Guid, byte> _attached = new();

    private ILogger Logger => logger;

    /// <summary>How long a session may stay without a message from the holder before the server closes it: 10 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often an attached session asks whether the staff session that attached it is still open: 5 seconds.</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether card <paramref name="cardId"/> is in its holder's reader now.</summary>
    public bool IsAttached(Guid cardId) => _attached.ContainsKey(cardId);

    /// <summary>
    /// Claims card <paramref name="cardId"/> for one session and opens its chip; null, with the refusal, when another
    /// session has it or another opener holds the chip (after the usual wait for a procedure to end).
    /// </summary>
    public async Task<(Attachment? Attachment, Refusal? Refusal)> AttachAsync(Guid cardId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!_attached.TryAdd(cardId, 0))
            return (null, AlreadyAttached);
        VirtualCard chip;
        try
        {
            // The lock may be held by a procedure for a moment: the usual wait, off the request's thread.
            chip = await Task.Run(() => window.OpenCardChipForHoldersReader(cardId), cancellationToken);
        }
        catch (CardFileInUseException inUse)
        {
            _attached.TryRemove(cardId, out _);
            return (null, Refusal.CardElsewhere(inUse.Holder == CardFileHolder.HoldersReader));
        }
        catch
        {
            _attached.TryRemove(cardId, out _);
            throw;
        }
        try
        {
            // A fresh session finds a freshly powered card, whatever an earlier one left verified.
            chip.Reset();
            await audit.RecordAsync(actor, AttachedAction, Subject(cardId), new LocalizedText(
                "カードを所持者のカードリーダーに接続しました（サンドボックスの遠隔リーダー）。接続中は窓口・キオスク・医療機関ではこのカードを使えません。",
                "The card was attached to its holder's reader (the sandbox's remote reader); while attached, the window, kiosks and clinics cannot use it."),
                CancellationToken.None);
        }
        catch
        {
            // No attach without its audit entry: the chip is let go again.
            chip.Dispose();
            _attached.TryRemove(cardId, out _);
            throw;
        }
        return (new Attachment(this, cardId, actor, chip), null);
    }

    /// <summary>The refusal of a second session for the same card.</summary>
    public static Refusal AlreadyAttached => new(RefusalKind.CardElsewhere, null, new(
        "このカードは、すでに別の接続で所持者のカードリーダーに接続されています。先の接続を終了してから、もう一度行ってください。",
        "The card is attached to a holder's reader in another session already; end that session first."));

    private static AuditSubject Subject(Guid cardId) => new("card", cardId.ToString("N"));

    private async Task DetachAsync(Attachment attachment, DetachReason reason)
    {
        try
        {
            attachment.Chip.PowerOff();
            attachment.Chip.Dispose();
        }
        finally
        {
            _attached.TryRemove(attachment.CardId, out _);
        }
        var (japanese, english) = Words(reason);
        try
        {
            await audit.RecordAsync(attachment.Actor, DetachedAction, Subject(attachment.CardId), new LocalizedText(
                string.Create(CultureInfo.InvariantCulture, $"カードを所持者のカードリーダーから外しました（{japanese}、コマンド{attachment.Commands}件）。"),
                string.Create(CultureInfo.InvariantCulture, $"The card was detached from its holder's reader ({english}; {attachment.Commands} commands).")),
                CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The chip is closed whatever happens to the trail; a lost detach entry is logged, not thrown at a closed socket.
            LogDetachNotAudited(logger, e);
        }
    }

    private static (string Japanese, string English) Words(DetachReason reason) => reason switch
    {
        DetachReason.ClosedByHolder => ("所持者が接続を終了", "closed by the holder"),
        DetachReason.Idle => ("一定時間操作がなかったため", "idle too long"),
        DetachReason.BadMessage => ("規定外のメッセージのため", "a message outside the protocol"),
        DetachReason.ServerStopping => ("サーバーの停止のため", "the server stopped"),
        DetachReason.SessionEnded => ("接続した職員のセッションが終了したため", "the staff session that attached it ended"),
        _ => ("接続が切れたため", "the connection broke"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A remote reader's staff session could not be checked; the card is detached.")]
    private static partial void LogSessionCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The detach of a remote reader could not be written to the audit trail.")]
    private static partial void LogDetachNotAudited(ILogger logger, Exception exception);

    /// <summary>Why a session ended.</summary>
    private enum DetachReason
    {
        ClosedByHolder,
        Idle,
        BadMessage,
        ServerStopping,
        SessionEnded,
        Broken,
    }

    /// <summary>One card in its holder's reader: the chip the session relays to, until <see cref="RelayAsync"/> ends.</summary>
    public sealed class Attachment
    {
        private readonly RemoteReaders _readers;

        internal Attachment(RemoteReaders readers, Guid cardId, AuditActor actor, VirtualCard chip)
        {
            _readers = readers;
            CardId = cardId;
            Actor = actor;
            Chip = chip;
        }

        public Guid CardId { get; }

        internal AuditActor Actor { get; }

        internal VirtualCard Chip { get; }

        /// <summary>How many command APDUs the chip answered in this session.</summary>
        public int Commands { get; private set; }

        /// <summary>Closes the chip of a session that never started (the upgrade failed).</summary>
        internal Task AbandonAsync() => _readers.DetachAsync(this, DetachReason.Broken);

        /// <summary>
        /// Relays the socket's messages to the chip until the session ends (see <see cref="RemoteReaders"/>), then closes
        /// the chip and records the detach. Never throws for what the holder sends. <paramref name="stillSignedIn"/>
        /// answers whether the staff session that attached the card is open; it is asked every
        /// <see cref="SessionCheckInterval"/>, and the session ends when it says no.
        /// </summary>
        public async Task RelayAsync(WebSocket socket, Func<CancellationToken, Task<bool>> stillSignedIn, CancellationToken stopping)
        {
            ArgumentNullException.ThrowIfNull(socket);
            ArgumentNullException.ThrowIfNull(stillSignedIn);
            var reason = DetachReason.Broken;
            using var signedOut = new CancellationTokenSource();
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var watch = WatchSessionAsync(stillSignedIn, signedOut, watching.Token);
            try
            {
                reason = await ServeAsync(socket, stopping, signedOut.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                reason = stopping.IsCancellationRequested ? DetachReason.ServerStopping
                    : signedOut.IsCancellationRequested ? DetachReason.SessionEnded : DetachReason.Broken;
            }
            finally
            {
                await watching.CancelAsync();
                await watch;
                await _readers.DetachAsync(this, reason);
            }
        }

        /// <summary>Cancels <paramref name="signedOut"/> once the staff session is no longer open; ends quietly with the relay.</summary>
        private async Task WatchSessionAsync(Func<CancellationToken, Task<bool>> stillSignedIn, CancellationTokenSource signedOut, CancellationToken relayEnded)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(_readers.SessionCheckInterval, relayEnded);
                    if (!await stillSignedIn(relayEnded))
                    {
                        await signedOut.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (relayEnded.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A session that cannot be confirmed (the database unreachable) is not taken as open.
                LogSessionCheckFailed(_readers.Logger, e);
                await signedOut.CancelAsync();
            }
        }

        private async Task<DetachReason> ServeAsync(WebSocket socket, CancellationToken stopping, CancellationToken signedOut)
        {
            var buffer = new byte[RemoteReaderProtocol.MaxCommandLength + 1];
            while (true)
            {
                var (length, type, ended) = await ReceiveAsync(socket, buffer, stopping, signedOut);
                switch (ended)
                {
                    case DetachReason.SessionEnded:
                        await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "the staff session ended: the card was detached");
                        return DetachReason.SessionEnded;
                    case DetachReason.Idle:
                        await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, string.Create(CultureInfo.InvariantCulture,
                            $"idle for {_readers.IdleTimeout.TotalMinutes:0.#} minutes: the card was detached"));
                        return DetachReason.Idle;
                    case DetachReason.ServerStopping:
                        await CloseAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "the server is stopping: the card was detached");
                        return DetachReason.ServerStopping;
                }
                if (type == WebSocketMessageType.Close)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "detached");
                    return DetachReason.ClosedByHolder;
                }
                if (Refuse(type, length, buffer) is { } refusal)
                {
                    await CloseAsync(socket, refusal.Status, refusal.Description);
                    return DetachReason.BadMessage;
                }
                var answer = Answer(buffer.AsSpan(0, length));
                await socket.SendAsync(answer, WebSocketMessageType.Binary, endOfMessage: true, stopping);
            }
        }

        /// <summary>Why a message is outside the protocol (status and description for the close), or null.</summary>
        private static (WebSocketCloseStatus Status, string Description)? Refuse(WebSocketMessageType type, int length, byte[] buffer)
        {
            if (type != WebSocketMessageType.Binary)
                return (WebSocketCloseStatus.InvalidMessageType, "binary messages only: a command APDU or a 1-byte control code");
            if (length > RemoteReaderProtocol.MaxCommandLength)
            {
                return (WebSocketCloseStatus.MessageTooBig, string.Create(CultureInfo.InvariantCulture,
                    $"a command APDU has at most {RemoteReaderProtocol.MaxCommandLength} bytes"));
            }
            if (length == 1)
            {
                return buffer[0] is RemoteReaderProtocol.PowerOff or RemoteReaderProtocol.Reset or RemoteReaderProtocol.GetAtr
                    ? null
                    : (WebSocketCloseStatus.InvalidPayloadData, "unknown control code: 00 power off, 02 reset, 04 get ATR");
            }
            return length < RemoteReaderProtocol.MinCommandLength
                ? (WebSocketCloseStatus.InvalidPayloadData, "a command APDU has at least 4 bytes (CLA INS P1 P2)")
                : null;
        }

        private byte[] Answer(ReadOnlySpan<byte> message)
        {
            if (message.Length > 1)
            {
                Commands++;
                // The chip writes its new state (a PIN's tries first of all) durably before it answers.
                return Chip.Transmit(message);
            }
            switch (message[0])
            {
                case RemoteReaderProtocol.PowerOff:
                    Chip.PowerOff();
                    return [];
                case RemoteReaderProtocol.Reset:
                    Chip.Reset();
                    return [];
                default:
                    return Chip.Atr.ToArray();
            }
        }

        // The receive in flight: never cancelled (that would abort the socket before it could say why the session ends).
        private Task<ValueWebSocketReceiveResult>? _receiving;

        /// <summary>
        /// One whole message into <paramref name="buffer"/>, or as much of it as shows that it is too long (one byte more
        /// than any command); or why the session ends: idle past the timeout, or the server stopping.
        /// </summary>
        private async Task<(int Length, WebSocketMessageType Type, DetachReason? Ended)> ReceiveAsync(
            WebSocket socket, byte[] buffer, CancellationToken stopping, CancellationToken signedOut)
        {
            var length = 0;
            while (true)
            {
                var receiving = _receiving = socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).AsTask();
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping, signedOut))
                {
                    var idle = Task.Delay(_readers.IdleTimeout, wait.Token);
                    if (await Task.WhenAny(receiving, idle) != receiving)
                    {
                        return (length, default, stopping.IsCancellationRequested ? DetachReason.ServerStopping
                            : signedOut.IsCancellationRequested ? DetachReason.SessionEnded : DetachReason.Idle);
                    }
                    await wait.CancelAsync();
                }
                var received = await receiving;
                _receiving = null;
                if (received.MessageType == WebSocketMessageType.Close)
                    return (length, WebSocketMessageType.Close, null);
                length += received.Count;
                if (received.EndOfMessage || length == buffer.Length)
                    return (length, received.MessageType, null);
            }
        }

        /// <summary>Says why the session ends (the close frame), then waits a moment for the holder's close.</summary>
        private async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string description)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(status, description, timeout.Token);
                var scratch = new byte[4096];
                while (socket.State == WebSocketState.CloseSent)
                {
                    var pending = _receiving ?? socket.ReceiveAsync(scratch.AsMemory(), CancellationToken.None).AsTask();
                    _receiving = null;
                    if (await Task.WhenAny(pending, Task.Delay(Timeout.Infinite, timeout.Token)) != pending)
                        break;
                    if ((await pending).MessageType == WebSocketMessageType.Close)
                        break;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // The holder's side is gone already; the chip is closed all the same.
            }
            if (socket.State != WebSocketState.Closed)
                socket.Abort();
        }
    }
}
