using System.Buffers.Binary;
using System.Net.Sockets;

namespace Myna.Card.Vpcd;

/// <summary>
/// Puts an <see cref="ISmartCardChip"/> into pcscd's virtual reader: the vsmartcard <c>vpcd</c> driver inside
/// pcscd is a TCP server (default <c>127.0.0.1:35963</c> = reader <c>Virtual PCD 00 00</c>), and this bridge
/// is the card, a TCP client (card-interface §5 "vpcd"; docs/reader.md §3). The chip may be an emulated card or any
/// reader channel seen as one (the reader library's <c>CardTransportChip</c>: a sandbox card's remote reader, whose
/// chip stays on the server).
/// </summary>
/// <remarks>
/// <para>Protocol: every message in both directions is a u16 big-endian length and a payload. A 1-byte
/// payload is a control code (<c>00</c> power off, <c>01</c> power on, <c>02</c> reset: no reply;
/// <c>04</c> get ATR: reply with the ATR); anything longer is a command APDU, answered with the response
/// APDU.</para>
/// <para>When the connection cannot be made or drops, the bridge powers the chip off (a card pulled from
/// the reader) and tries again every <see cref="ReconnectDelay"/>, so pcscd and the card can start in either
/// order. A frame the bridge cannot make sense of (empty, unknown control code) is ignored; a chip that
/// throws although its contract forbids it gets <c>6F00</c> answered for it; neither ends the bridge.</para>
/// </remarks>
public sealed class VpcdBridge
{
    /// <summary>The port of the first virtual reader (<c>/etc/reader.conf.d/vpcd</c>, CHANNELID 0x8C7B).</summary>
    public const int DefaultPort = 35963;

    // Linux <netinet/tcp.h>: IPPROTO_TCP = 6, TCP_QUICKACK = 12.
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    private static readonly byte[] NoPreciseDiagnosis = [0x6F, 0x00];

    private readonly ISmartCardChip _chip;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isConnected;
    private int _running;

    /// <param name="chip">The card to insert.</param>
    /// <param name="host">Where pcscd's vpcd listens; default loopback.</param>
    /// <param name="port">The vpcd port; <see cref="DefaultPort"/> is reader <c>Virtual PCD 00 00</c>.</param>
    public VpcdBridge(ISmartCardChip chip, string host = "127.0.0.1", int port = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _chip = chip;
        Host = host;
        Port = port;
    }

    public string Host { get; }
    public int Port { get; }

    /// <summary>The pause between connection attempts; 0.5 s by default (docs/reader.md §3).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Completes when the bridge has connected to vpcd for the first time.</summary>
    public Task Connected => _connected.Task;

    /// <summary>True while a connection to vpcd is open.</summary>
    public bool IsConnected => _isConnected;

    /// <summary>Raised with the new value whenever <see cref="IsConnected"/> changes.</summary>
    public event EventHandler<bool>? ConnectionChanged;

    /// <summary>Serves vpcd until <paramref name="cancellationToken"/> is cancelled, reconnecting as needed.</summary>
    /// <returns>A task that completes (not faults) when cancelled.</returns>
    /// <exception cref="InvalidOperationException">Already running: one bridge is one card in one reader.</exception>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException("This bridge is already running.");
        return RunLoopAsync(cancellationToken);
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(Host, Port, cancellationToken).ConfigureAwait(false);
                SetConnected(true);
                await ServeAsync(client, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is SocketException or IOException or EndOfStreamException)
            {
                // Not listening (pcscd down or restarting) or the connection dropped: try again below.
            }
            finally
            {
                if (_isConnected)
                {
                    // The reader lost its card: a real card loses power, and with it its security state.
                    _chip.PowerOff();
                    SetConnected(false);
                }
            }

            try
            {
                await Task.Delay(ReconnectDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var socket = client.Client;
        var stream = client.GetStream();
        var header = new byte[2];
        var payload = new byte[ushort.MaxValue];
        while (true)
        {
            QuickAck(socket);
            await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            int length = BinaryPrimitives.ReadUInt16BigEndian(header);
            await stream.ReadExactlyAsync(payload.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            QuickAck(socket);

            var reply = Handle(payload.AsSpan(0, length));
            if (reply is null)
                continue;
            var frame = new byte[2 + reply.Length];
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)reply.Length);
            reply.CopyTo(frame, 2);
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The reply to one vpcd message, or null when none is due.</summary>
    internal byte[]? Handle(ReadOnlySpan<byte> message)
    {
        switch (message.Length)
        {
            case 0:
                return null; // Not a vpcd message; nothing to answer.
            case 1:
                switch (message[0])
                {
                    case 0x00: // power off
                        _chip.PowerOff();
                        return null;
                    case 0x01: // power on: a fresh card, no security state
                    case 0x02: // reset
                        _chip.Reset();
                        return null;
                    case 0x04: // get ATR
                        return _chip.Atr.ToArray();
                    default:
                        return null; // Unknown control code: vpcd expects no reply to what it did not ask.
                }
            default:
                byte[] response;
                try
                {
                    response = _chip.Transmit(message);
                }
                catch (Exception)
                {
                    // ISmartCardChip.Transmit must not throw; if one does, the reader still gets an answer.
                    return NoPreciseDiagnosis;
                }
                // A response that cannot be framed (more than 65535 bytes) cannot reach vpcd at all.
                return response.Length is >= 2 and <= ushort.MaxValue ? response : NoPreciseDiagnosis;
        }
    }

    /// <summary>
    /// vpcd sends the length and the body in two writes; with Nagle on its side and delayed ACK on ours each
    /// APDU costs ~48 ms. TCP_QUICKACK before and after each read makes it ~0.2 ms (docs/reader.md §3).
    /// Linux resets the flag by itself, so it is set again every time.
    /// </summary>
    private static void QuickAck(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, [1, 0, 0, 0]);
        }
        catch (SocketException)
        {
            // Only a speed-up; correctness does not depend on it.
        }
    }

    private void SetConnected(bool value)
    {
        _isConnected = value;
        if (value)
            _connected.TrySetResult();
        ConnectionChanged?.Invoke(this, value);
    }
}
