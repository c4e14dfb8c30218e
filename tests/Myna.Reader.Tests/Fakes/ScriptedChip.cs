using System.Security.Cryptography;
using Myna.Card;

namespace Myna.Reader.Tests.Fakes;

/// <summary>
/// A small scripted chip that answers the real APDUs of card-interface §1–§4: applications by AID, transparent EFs with a
/// read rule, PIN objects with retry counters, and RSA keys that sign a SHA-256 DigestInfo. Just enough to
/// drive the reader library and OpenSC; the real emulator is <c>Myna.Card</c>'s <c>VirtualCard</c>.
/// </summary>
/// <remarks>
/// The persistent part (files, PIN values and counters, keys) lives in <see cref="ChipState"/>, so a test can
/// "restart" the emulator by making a new chip over the same state. The security state is RAM only.
/// </remarks>
public sealed class ScriptedChip : ISmartCardChip
{
    /// <summary>The contact ATR of the card (card-interface §5).</summary>
    public static readonly byte[] CardAtr = Convert.FromHexString("3BE000FF8131FE4514");

    private readonly Lock _lock = new();
    private readonly ChipState _state;
    private FakeApplication? _current;
    private ushort? _currentEf;
    private readonly HashSet<ushort> _verified = [];

    public ScriptedChip(ChipState state) => _state = state;

    /// <summary>Every command seen, as hex (for tests that pin down the APDU flow).</summary>
    public List<string> Log { get; } = [];

    public ReadOnlyMemory<byte> Atr => CardAtr;

    public void Reset()
    {
        lock (_lock)
        {
            _current = null;
            _currentEf = null;
            _verified.Clear();
        }
    }

    public void PowerOff() => Reset();

    public byte[] Transmit(ReadOnlySpan<byte> apdu)
    {
        lock (_lock)
        {
            Log.Add(Convert.ToHexString(apdu));
            if (apdu.Length < 4)
                return Sw(0x6700);
            byte cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
            var body = apdu[4..];
            // Short APDUs only (what OpenSC and the client send); Lc then data then optional Le.
            ReadOnlySpan<byte> data = default;
            int? le = null;
            if (body.Length == 1)
                le = body[0] == 0 ? 256 : body[0];
            else if (body.Length > 1)
            {
                var lc = body[0];
                if (body.Length != 1 + lc && body.Length != 2 + lc)
                    return Sw(0x6700);
                data = body.Slice(1, lc);
                if (body.Length == 2 + lc)
                    le = body[1 + lc] == 0 ? 256 : body[1 + lc];
            }
            return (cla, ins) switch
            {
                (0x00, 0xA4) => Select(p1, p2, data),
                (0x00, 0x20) => Verify(p1, p2, data),
                (0x00, 0x24) => Change(p1, p2, data),
                (0x00, 0xB0) => ReadBinary(p1, p2, le ?? 256),
                (0x00, 0xB2) => ReadRecord(p1, p2),
                (0x80, 0x2A) => Sign(p1, p2, data),
                _ => Sw(0x6D00),
            };
        }
    }

    private byte[] Select(byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        if (p1 == 0x04)
        {
            // Selecting an AP (again) clears its security state (card-interface §1).
            _current = null;
            _currentEf = null;
            _verified.Clear();
            var aid = data.ToArray();
            var app = _state.Applications.FirstOrDefault(a => a.Aid.AsSpan().SequenceEqual(aid));
            if (app is null)
                return Sw(0x6A82);
            _current = app;
            return Sw(0x9000);
        }
        if (p1 == 0x02 && data.Length == 2 && _current is not null)
        {
            var fid = (ushort)((data[0] << 8) | data[1]);
            if (!_current.Files.ContainsKey(fid) && !_current.Pins.ContainsKey(fid) && !_current.Keys.ContainsKey(fid))
                return Sw(0x6A82);
            _currentEf = fid;
            return Sw(0x9000);
        }
        return Sw(0x6A82);
    }

    private byte[] Verify(byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        if (p1 != 0 || p2 != 0x80 || _current is null || _currentEf is not ushort fid
            || !_current.Pins.TryGetValue(fid, out var pin))
            return Sw(0x6A86);
        if (data.IsEmpty)
            return Sw((ushort)(0x63C0 | pin.TriesLeft)); // query: no decrement, 63C0 when blocked
        if (pin.TriesLeft == 0)
            return Sw(0x6984);
        // Count first, then compare, as the real chip does (P3).
        pin.TriesLeft--;
        if (!CryptographicOperations.FixedTimeEquals(pin.Value, data))
            return Sw((ushort)(0x63C0 | pin.TriesLeft));
        pin.TriesLeft = pin.MaxTries;
        _verified.Add(fid);
        return Sw(0x9000);
    }

    private byte[] Change(byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        if (p1 != 1 || p2 != 0x80 || _current is null || _currentEf is not ushort fid
            || !_current.Pins.TryGetValue(fid, out var pin))
            return Sw(0x6A86);
        if (!_verified.Contains(fid))
            return Sw(0x6982);
        pin.Value = data.ToArray();
        return Sw(0x9000);
    }

    private byte[] ReadBinary(byte p1, byte p2, int le)
    {
        if (_current is null || _currentEf is not ushort fid)
            return Sw(0x6986);
        if (!_current.Files.TryGetValue(fid, out var file))
            return Sw(0x6981);
        if (file.ReadPin is ushort need && !_verified.Contains(need))
            return Sw(0x6982);
        var offset = (p1 << 8) | p2;
        if (offset >= file.Content.Length)
            return Sw(0x6B00);
        var n = Math.Min(le, file.Content.Length - offset);
        return [.. file.Content.AsSpan(offset, n), 0x90, 0x00];
    }

    private byte[] ReadRecord(byte p1, byte p2)
    {
        // Record 1 of the current EF (P2 = 04); the common AP's EF 0001 holds exactly one record.
        if (_current is null || _currentEf is not ushort fid || p2 != 0x04 || p1 != 1
            || !_current.Files.TryGetValue(fid, out var file))
            return Sw(0x6A83);
        return [.. file.Content, 0x90, 0x00];
    }

    private byte[] Sign(byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        if (p1 != 0 || p2 != 0x80)
            return Sw(0x6A86);
        if (_current is null || _currentEf is not ushort fid || !_current.Keys.TryGetValue(fid, out var key))
            return Sw(0x6986);
        if (!_verified.Contains(key.Pin))
            return Sw(0x6982);
        // The card pads data as PKCS#1 v1.5 type 1 (card-interface §4). .NET has no raw RSA, so this fake accepts only a
        // SHA-256 DigestInfo, for which SignHash produces the same bytes.
        var prefix = Convert.FromHexString("3031300D060960864801650304020105000420");
        if (data.Length != prefix.Length + 32 || !data[..prefix.Length].SequenceEqual(prefix))
            return Sw(0x6A80);
        var signature = key.Rsa.SignHash(data[prefix.Length..].ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return [.. signature, 0x90, 0x00];
    }

    private static byte[] Sw(ushort sw) => [(byte)(sw >> 8), unchecked((byte)sw)];
}

/// <summary>The persistent contents of a <see cref="ScriptedChip"/>.</summary>
public sealed class ChipState
{
    public List<FakeApplication> Applications { get; } = [];

    public FakeApplication Add(ReadOnlySpan<byte> aid)
    {
        var app = new FakeApplication(aid.ToArray());
        Applications.Add(app);
        return app;
    }
}

public sealed class FakeApplication(byte[] aid)
{
    public byte[] Aid { get; } = aid;
    public Dictionary<ushort, FakeFile> Files { get; } = [];
    public Dictionary<ushort, FakePin> Pins { get; } = [];
    public Dictionary<ushort, FakeKey> Keys { get; } = [];
}

/// <param name="ReadPin">The PIN EF that must be verified to read, or null for a free read.</param>
public sealed record FakeFile(byte[] Content, ushort? ReadPin = null);

public sealed class FakePin(string value, int maxTries)
{
    public byte[] Value { get; set; } = System.Text.Encoding.ASCII.GetBytes(value);
    public int MaxTries { get; } = maxTries;
    public int TriesLeft { get; set; } = maxTries;
}

public sealed record FakeKey(RSA Rsa, ushort Pin);
