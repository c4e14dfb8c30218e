namespace Myna.Card.Apdu;

/// <summary>
/// A command APDU (ISO/IEC 7816-4 §5.1): header CLA INS P1 P2, optional command data (Lc) and optional
/// expected length (Le), in short or extended form. Both the chip (parsing) and the host (building) use it.
/// </summary>
/// <remarks>
/// <see cref="Le"/> is the number of bytes expected: <c>null</c> when absent, 256 for a short <c>00</c>,
/// 65536 for an extended <c>00 00</c>.
/// </remarks>
public sealed class CommandApdu
{
    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlyMemory<byte> data = default, int? le = null)
    {
        if (data.Length > 65535)
            throw new ArgumentOutOfRangeException(nameof(data), "Command data is at most 65535 bytes.");
        if (le is < 1 or > 65536)
            throw new ArgumentOutOfRangeException(nameof(le), "Le is 1–65536 bytes.");
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        Data = data;
        Le = le;
    }

    public byte Cla { get; }
    public byte Ins { get; }
    public byte P1 { get; }
    public byte P2 { get; }
    public ReadOnlyMemory<byte> Data { get; }
    public int? Le { get; }

    /// <summary>True if the command was (or will be) encoded in extended-length form.</summary>
    public bool IsExtended => Data.Length > 255 || Le > 256;

    /// <summary>P1 and P2 as one 16-bit value.</summary>
    public ushort P1P2 => (ushort)((P1 << 8) | P2);

    /// <summary>Encodes the command, in short form where it fits, else extended (§5.1, cases 1–4).</summary>
    public byte[] ToBytes() => ToBytes(forceExtended: false);

    /// <summary>Encodes the command, extended when asked or when needed.</summary>
    public byte[] ToBytes(bool forceExtended)
    {
        var extended = forceExtended || IsExtended;
        var lcLength = Data.Length == 0 ? 0 : extended ? 3 : 1;
        var leLength = Le is null ? 0 : extended ? (Data.Length == 0 ? 3 : 2) : 1;
        var bytes = new byte[4 + lcLength + Data.Length + leLength];
        bytes[0] = Cla;
        bytes[1] = Ins;
        bytes[2] = P1;
        bytes[3] = P2;
        var i = 4;
        if (Data.Length > 0)
        {
            if (extended)
            {
                bytes[i++] = 0;
                bytes[i++] = unchecked((byte)(Data.Length >> 8));
            }
            bytes[i++] = unchecked((byte)Data.Length);
            Data.Span.CopyTo(bytes.AsSpan(i));
            i += Data.Length;
        }
        if (Le is int le)
        {
            if (extended)
            {
                if (Data.Length == 0)
                    bytes[i++] = 0;
                bytes[i++] = unchecked((byte)((le == 65536 ? 0 : le) >> 8));
                bytes[i] = unchecked((byte)(le == 65536 ? 0 : le));
            }
            else
            {
                bytes[i] = unchecked((byte)(le == 256 ? 0 : le));
            }
        }
        return bytes;
    }

    /// <summary>
    /// Parses outside bytes. Never throws: a string that is no well-formed APDU gives false and the
    /// status word to answer with (<c>6700</c> wrong length).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out CommandApdu? command, out StatusWord error)
    {
        command = null;
        error = StatusWord.WrongLength;
        if (bytes.Length < 4)
            return false;
        byte cla = bytes[0], ins = bytes[1], p1 = bytes[2], p2 = bytes[3];
        var body = bytes[4..];
        ReadOnlyMemory<byte> data = default;
        int? le = null;

        if (body.Length == 0)
        {
            // case 1
        }
        else if (body.Length == 1)
        {
            le = body[0] == 0 ? 256 : body[0]; // case 2S
        }
        else if (body[0] != 0)
        {
            // case 3S or 4S
            int lc = body[0];
            if (body.Length == 1 + lc)
            {
                data = body.Slice(1, lc).ToArray();
            }
            else if (body.Length == 2 + lc)
            {
                data = body.Slice(1, lc).ToArray();
                le = body[1 + lc] == 0 ? 256 : body[1 + lc];
            }
            else
            {
                return false;
            }
        }
        else if (body.Length == 3)
        {
            // case 2E: 00 Le1 Le2
            var v = (body[1] << 8) | body[2];
            le = v == 0 ? 65536 : v;
        }
        else if (body.Length > 3)
        {
            // case 3E or 4E: 00 Lc1 Lc2 data [Le1 Le2]
            var lc = (body[1] << 8) | body[2];
            if (lc == 0)
                return false;
            if (body.Length == 3 + lc)
            {
                data = body.Slice(3, lc).ToArray();
            }
            else if (body.Length == 5 + lc)
            {
                data = body.Slice(3, lc).ToArray();
                var v = (body[3 + lc] << 8) | body[4 + lc];
                le = v == 0 ? 65536 : v;
            }
            else
            {
                return false;
            }
        }
        else
        {
            return false; // 2 bytes starting with 00: neither short nor extended
        }

        command = new CommandApdu(cla, ins, p1, p2, data, le);
        error = StatusWord.Success;
        return true;
    }
}
