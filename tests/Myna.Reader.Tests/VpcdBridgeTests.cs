using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Myna.Card;
using Myna.Card.Vpcd;

namespace Myna.Reader.Tests;

/// <summary>
/// The bridge against a loopback <see cref="TcpListener"/> playing vpcd (card-interface §5): u16-BE framing, control codes,
/// APDUs, malformed frames, reconnection.
/// </summary>
public sealed class VpcdBridgeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly RecordingChip _chip = new();
    private readonly CancellationTokenSource _stop = new();
    private VpcdBridge _bridge = null!;
    private Task _run = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _bridge = new VpcdBridge(_chip, "127.0.0.1", port) { ReconnectDelay = TimeSpan.FromMilliseconds(50) };
        _run = _bridge.RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(Timeout); // RunAsync ends quietly on cancellation
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task<NetworkStream> AcceptAsync()
    {
        var client = await _listener.AcceptTcpClientAsync().WaitAsync(Timeout);
        await _bridge.Connected.WaitAsync(Timeout);
        return client.GetStream();
    }

    private static async Task SendAsync(NetworkStream s, params byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await s.WriteAsync(frame);
    }

    private static async Task<byte[]> ReceiveAsync(NetworkStream s)
    {
        var header = new byte[2];
        await s.ReadExactlyAsync(header).AsTask().WaitAsync(Timeout);
        var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await s.ReadExactlyAsync(payload).AsTask().WaitAsync(Timeout);
        return payload;
    }

    [Fact]
    public async Task GetAtr_RepliesWithChipAtr()
    {
        var s = await AcceptAsync();
        Assert.True(_bridge.IsConnected);
        await SendAsync(s, 0x04);
        Assert.Equal("3BE000FF8131FE4514", Convert.ToHexString(await ReceiveAsync(s)));
    }

    [Fact]
    public async Task Apdu_IsTransmittedAndAnswered()
    {
        var s = await AcceptAsync();
        await SendAsync(s, 0x00, 0xA4, 0x04, 0x0C, 0x01, 0x42);
        Assert.Equal("6A82", Convert.ToHexString(await ReceiveAsync(s)));
        Assert.Equal(["00A4040C0142"], _chip.Commands);
    }

    [Fact]
    public async Task PowerControls_GetNoReply_AndReachTheChip()
    {
        var s = await AcceptAsync();
        await SendAsync(s, 0x01); // power on
        await SendAsync(s, 0x02); // reset
        await SendAsync(s, 0x00); // power off
        // The next reply must be the ATR: nothing was sent for the three controls.
        await SendAsync(s, 0x04);
        Assert.Equal(9, (await ReceiveAsync(s)).Length);
        Assert.Equal(2, _chip.Resets);
        Assert.True(_chip.PowerOffs >= 1);
    }

    [Fact]
    public async Task MalformedFrames_AreIgnored_BridgeKeepsServing()
    {
        var s = await AcceptAsync();
        await SendAsync(s); // empty frame
        await SendAsync(s, 0x7F); // unknown control code
        await SendAsync(s, 0x00, 0xB0); // too short to be an APDU: the chip answers 6700
        Assert.Equal("6700", Convert.ToHexString(await ReceiveAsync(s)));
        _chip.ThrowNext = true; // a chip breaking its contract
        await SendAsync(s, 0x00, 0x84, 0x00, 0x00, 0x08);
        Assert.Equal("6F00", Convert.ToHexString(await ReceiveAsync(s)));
        await SendAsync(s, 0x04);
        Assert.Equal(9, (await ReceiveAsync(s)).Length);
    }

    [Fact]
    public async Task ConnectionDropped_MidFrame_PowersOffAndReconnects()
    {
        var s = await AcceptAsync();
        var changes = new List<bool>();
        _bridge.ConnectionChanged += (_, up) => { lock (changes) changes.Add(up); };
        await s.WriteAsync(new byte[] { 0x00, 0x05, 0x00 }); // a truncated frame, then the reader goes away
        s.Socket.Close();

        var again = await AcceptAsync();
        await SendAsync(again, 0x04);
        Assert.Equal(9, (await ReceiveAsync(again)).Length);
        Assert.True(_chip.PowerOffs >= 1);
        lock (changes)
            Assert.Equal([false, true], changes.Take(2));
    }

    [Fact]
    public void RunAsync_Twice_Throws()
    {
        // Thrown synchronously, before any task exists: a second loop on one card is a caller bug.
        var e = Record.Exception(() => { _ = _bridge.RunAsync(CancellationToken.None); });
        Assert.IsType<InvalidOperationException>(e);
    }

    [Fact]
    public async Task LargeResponse_UpTo65535Bytes_IsFramed()
    {
        var s = await AcceptAsync();
        _chip.NextResponseLength = 65535;
        await SendAsync(s, 0x00, 0xB0, 0x00, 0x00, 0x00, 0xFF, 0xFD);
        Assert.Equal(65535, (await ReceiveAsync(s)).Length);
    }

    /// <summary>A chip that records what reaches it and answers 6A82 to SELECT, 6700 to short junk.</summary>
    private sealed class RecordingChip : ISmartCardChip
    {
        public List<string> Commands { get; } = [];
        public int Resets;
        public int PowerOffs;
        public bool ThrowNext;
        public int NextResponseLength;

        public ReadOnlyMemory<byte> Atr { get; } = Convert.FromHexString("3BE000FF8131FE4514");

        public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
        {
            if (ThrowNext)
            {
                ThrowNext = false;
                throw new InvalidOperationException("broken chip");
            }
            if (NextResponseLength > 0)
            {
                var r = new byte[NextResponseLength];
                r[^2] = 0x90;
                NextResponseLength = 0;
                return r;
            }
            Commands.Add(Convert.ToHexString(commandApdu));
            return commandApdu.Length < 4 ? [0x67, 0x00] : [0x6A, 0x82];
        }

        public void Reset() => Interlocked.Increment(ref Resets);
        public void PowerOff() => Interlocked.Increment(ref PowerOffs);
    }
}
