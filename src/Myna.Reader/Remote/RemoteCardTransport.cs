using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Myna.Reader.Remote;

/// <summary>
/// A card that stays where it is — the sandbox server's own chip — driven over a WebSocket as if it were in this
/// machine's reader (<see cref="RemoteReaderProtocol"/>). A PIN tried here counts on that chip, the one the window sees.
/// </summary>
/// <remarks>
/// One exchange at a time (the chip answers in order); <see cref="ICardTransport.Transmit"/> waits for the answer up to
/// <see cref="ExchangeTimeout"/>. When the server closes the socket (the session ended, it was idle too long, or the
/// server stops), every later call throws <see cref="CardTransportException"/> and <see cref="Closed"/> completes.
/// </remarks>
public sealed class RemoteCardTransport : ICardTransport, IResettableCardTransport
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _exchange = new(1, 1);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The server's messages as they arrive: one answer per message sent, or the end of the session. A reader always
    // listens, so that a session the server ends while the card is idle is noticed at once (Closed).
    private readonly Channel<byte[]> _answers = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _listening;
    private byte[] _atr = [];

    private RemoteCardTransport(ClientWebSocket socket, Uri endpoint)
    {
        _socket = socket;
        Endpoint = endpoint;
        _listening = Task.Run(ListenAsync);
    }

    /// <summary>The reader's address (no credentials in it).</summary>
    public Uri Endpoint { get; }

    public string Name => $"remote reader {Endpoint.GetLeftPart(UriPartial.Path)}";

    public ReadOnlyMemory<byte> Atr => _atr;

    /// <summary>How long one exchange may take: the chip writes its state durably before it answers.</summary>
    public TimeSpan ExchangeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Completes, with why, when the socket is closed by either side or breaks.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>
    /// Attaches the remote card at <paramref name="endpoint"/> (<c>ws://</c> or <c>wss://</c>) and reads its ATR.
    /// </summary>
    /// <param name="endpoint">The reader's WebSocket address.</param>
    /// <param name="configure">Sets what the server needs to know the caller, e.g. its session cookie.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <exception cref="RemoteReaderRefusedException">The server answered the upgrade with an HTTP status (401, 403, 404, 409 …).</exception>
    /// <exception cref="CardTransportException">The server cannot be reached, or did not speak the reader's protocol.</exception>
    public static async Task<RemoteCardTransport> ConnectAsync(Uri endpoint, Action<ClientWebSocketOptions>? configure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.AddSubProtocol(RemoteReaderProtocol.SubProtocol);
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
            configure?.Invoke(socket.Options);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode is not 0 and not HttpStatusCode.SwitchingProtocols)
            {
                throw new RemoteReaderRefusedException(socket.HttpStatusCode, e);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException)
            {
                throw new CardTransportException($"The remote reader at {endpoint.GetLeftPart(UriPartial.Path)} cannot be reached: {e.Message}", e);
            }
            if (socket.SubProtocol != RemoteReaderProtocol.SubProtocol)
                throw new CardTransportException($"{endpoint.GetLeftPart(UriPartial.Path)} is not a Myna remote reader (no '{RemoteReaderProtocol.SubProtocol}').");
            var transport = new RemoteCardTransport(socket, endpoint);
            transport._atr = await transport.ExchangeAsync([RemoteReaderProtocol.GetAtr], cancellationToken).ConfigureAwait(false);
            if (transport._atr.Length == 0)
                throw new CardTransportException("The remote reader answered the ATR request with nothing.");
            return transport;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        if (commandApdu.Length is < RemoteReaderProtocol.MinCommandLength or > RemoteReaderProtocol.MaxCommandLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"A command APDU has {RemoteReaderProtocol.MinCommandLength} to {RemoteReaderProtocol.MaxCommandLength} bytes, not {commandApdu.Length}."), nameof(commandApdu));
        }
        var response = Exchange(commandApdu.ToArray());
        return response.Length >= 2 ? response : throw new CardTransportException("The remote reader answered a command with no status word.");
    }

    /// <inheritdoc />
    public void Reset() => Exchange([RemoteReaderProtocol.Reset]);

    /// <inheritdoc />
    public void PowerOff() => Exchange([RemoteReaderProtocol.PowerOff]);

    private byte[] Exchange(byte[] message)
    {
        using var timeout = new CancellationTokenSource(ExchangeTimeout);
        // ICardTransport is synchronous; the socket's own I/O runs on the thread pool, so this wait cannot deadlock.
        return ExchangeAsync(message, timeout.Token).GetAwaiter().GetResult();
    }

    private async Task<byte[]> ExchangeAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed.Task.IsCompleted || _socket.State != WebSocketState.Open)
                throw new CardTransportException($"The remote reader is closed: {(_closed.Task.IsCompleted ? _closed.Task.Result : _socket.State.ToString())}.");
            await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            if (await _answers.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _answers.Reader.TryRead(out var answer))
                return answer;
            throw new CardTransportException($"The server closed the remote reader: {await _closed.Task.ConfigureAwait(false)}.");
        }
        catch (OperationCanceledException e)
        {
            throw Broken($"The remote reader did not answer within {ExchangeTimeout.TotalSeconds:0} s.", e);
        }
        catch (WebSocketException e)
        {
            throw Broken($"The connection to the remote reader broke: {e.Message}", e);
        }
        finally
        {
            _exchange.Release();
        }
    }

    /// <summary>Receives the server's messages until the session ends; the end's reason completes <see cref="Closed"/>.</summary>
    private async Task ListenAsync()
    {
        var buffer = new byte[RemoteReaderProtocol.MaxCommandLength];
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Broken("The remote reader's answer is longer than any response APDU.");
                    return;
                }
                var received = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await ClosedByServerAsync().ConfigureAwait(false);
                    return;
                }
                if (received.MessageType != WebSocketMessageType.Binary)
                {
                    Broken("The remote reader answered with a text message.");
                    return;
                }
                length += received.Count;
                if (received.EndOfMessage)
                {
                    _answers.Writer.TryWrite(buffer.AsSpan(0, length).ToArray());
                    length = 0;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _closed.TrySetResult(_closed.Task.IsCompleted ? _closed.Task.Result : $"the connection broke: {e.Message}");
        }
        finally
        {
            _answers.Writer.TryComplete();
        }
    }

    private async Task ClosedByServerAsync()
    {
        var why = _socket.CloseStatusDescription is { Length: > 0 } description
            ? $"{description} ({(int?)_socket.CloseStatus})"
            : $"closed ({(int?)_socket.CloseStatus})";
        _closed.TrySetResult(why);
        try
        {
            if (_socket.State == WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
    }

    private CardTransportException Broken(string message, Exception? inner = null)
    {
        _closed.TrySetResult(message);
        _socket.Abort();
        return inner is null ? new CardTransportException(message) : new CardTransportException(message, inner);
    }

    /// <summary>Detaches the card: the server closes the chip, and records the detach.</summary>
    public void Dispose()
    {
        _closed.TrySetResult("detached");
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                // The listener receives the server's close in answer; then the socket is closed both ways.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "detached", timeout.Token).GetAwaiter().GetResult();
                _listening.Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or AggregateException)
            {
                // The server is gone or slow: the socket is dropped, which the server takes as a detach too.
            }
        }
        _socket.Dispose();
        _exchange.Dispose();
    }
}

/// <summary>A transport whose card can be reset or powered off by the host (a remote reader), as a reader does it.</summary>
public interface IResettableCardTransport : ICardTransport
{
    /// <summary>Warm reset: the card's security state (verified PINs, current application) is cleared.</summary>
    void Reset();

    /// <summary>Power off: as <see cref="Reset"/>; the next command finds a freshly powered card.</summary>
    void PowerOff();
}

/// <summary>The server refused to attach the remote reader, with an HTTP status instead of the WebSocket upgrade.</summary>
public sealed class RemoteReaderRefusedException : Exception
{
    public RemoteReaderRefusedException() { }

    public RemoteReaderRefusedException(string message) : base(message) { }

    public RemoteReaderRefusedException(string message, Exception inner) : base(message, inner) { }

    public RemoteReaderRefusedException(HttpStatusCode status, Exception inner)
        : base(string.Create(CultureInfo.InvariantCulture, $"The server refused the remote reader ({(int)status})."), inner)
    {
        Status = status;
    }

    /// <summary>The HTTP status of the refusal: 401 not signed in, 403 not allowed, 404 no such card (or not a sandbox), 409 attached or in use.</summary>
    public HttpStatusCode Status { get; }
}
