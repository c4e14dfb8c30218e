namespace Myna.Card.Apdu;

/// <summary>A response APDU: response data followed by SW1 SW2 (ISO/IEC 7816-4 §5.1.3).</summary>
public readonly struct ResponseApdu
{
    public ResponseApdu(ReadOnlyMemory<byte> data, StatusWord statusWord)
    {
        Data = data;
        StatusWord = statusWord;
    }

    public ReadOnlyMemory<byte> Data { get; }
    public StatusWord StatusWord { get; }

    /// <summary>Splits raw response bytes.</summary>
    /// <exception cref="FormatException">Fewer than two bytes: no status word.</exception>
    public static ResponseApdu Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
            throw new FormatException("A response APDU has at least the two status bytes.");
        return new ResponseApdu(bytes[..^2].ToArray(), StatusWord.Of(bytes[^2], bytes[^1]));
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Data.Length + 2];
        Data.Span.CopyTo(bytes);
        bytes[^2] = StatusWord.Sw1;
        bytes[^1] = StatusWord.Sw2;
        return bytes;
    }

    public static byte[] Status(StatusWord sw) => [sw.Sw1, sw.Sw2];
}
