namespace Myna.Issuance.Personalization;

/// <summary>
/// A minimal BER-TLV writer for the card-face records (ISO/IEC 7816-4 §5.2; card-interface §2.2–§2.3): tags of one
/// or two bytes, definite lengths in the shortest form (<c>LL</c>, <c>81 LL</c>, <c>82 LL LL</c>).
/// </summary>
internal static class BerTlv
{
    public static byte[] Encode(ushort tag, ReadOnlySpan<byte> value)
    {
        var tagBytes = TagBytes(tag);
        var length = LengthBytes(value.Length);
        var tlv = new byte[tagBytes.Length + length.Length + value.Length];
        tagBytes.CopyTo(tlv, 0);
        length.CopyTo(tlv, tagBytes.Length);
        value.CopyTo(tlv.AsSpan(tagBytes.Length + length.Length));
        return tlv;
    }

    /// <summary>A TLV with its length forced into the three-byte form <c>82 LL LL</c>, as some real EFs have it.</summary>
    public static byte[] EncodeLong(ushort tag, ReadOnlySpan<byte> value)
    {
        var tagBytes = TagBytes(tag);
        byte[] length = [0x82, unchecked((byte)(value.Length >> 8)), unchecked((byte)value.Length)];
        return [.. tagBytes, .. length, .. value];
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] TagBytes(ushort tag) =>
        tag > 0xFF ? [unchecked((byte)(tag >> 8)), unchecked((byte)tag)] : [unchecked((byte)tag)];

    public static byte[] LengthBytes(int length) => length switch
    {
        < 0x80 => [unchecked((byte)length)],
        < 0x100 => [0x81, unchecked((byte)length)],
        <= 0xFFFF => [0x82, unchecked((byte)(length >> 8)), unchecked((byte)length)],
        _ => throw new ArgumentOutOfRangeException(nameof(length), "A card-face object is at most 65535 bytes."),
    };
}
