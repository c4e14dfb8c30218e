using System.Globalization;
using System.Text;
using Myna.Primitives;

namespace Myna.Reader;

/// <summary>
/// Parsers for the BER-TLV records of the card-face input-assist AP (券面事項入力補助AP, card-interface §2.2).
/// </summary>
/// <remarks>
/// <para>A small hand parser rather than <c>System.Formats.Asn1.AsnReader</c>: EF 0001 starts with
/// <c>FF 10</c>, tag number 16 written in the multi-byte form, which X.690 §8.1.2.4 reserves for numbers of 31
/// and more; <c>AsnReader</c> rejects it as a non-minimal tag even under BER (a test pins this down). The
/// records also sit in fixed-size EFs padded with <c>FF</c> after the object, which a strict reader would
/// take as another (broken) element. Only what card-interface §2.2 needs is supported: tags of one to three bytes and
/// definite lengths (short form or <c>81</c>/<c>82</c>).</para>
/// <para>Errors are <see cref="CardDataFormatException"/>s naming the tag and offset, never the content.</para>
/// </remarks>
public static class TextApRecords
{
    /// <summary>EF 0001 (個人番号): <c>FF 10 0C</c> + 12 ASCII digits.</summary>
    public const int MyNumberTag = 0xFF10;
    /// <summary>EF 0002 (基本4情報): constructed <c>FF 20</c>.</summary>
    public const int BasicFourTag = 0xFF20;
    private const int OffsetsTag = 0xDF21;
    private const int NameTag = 0xDF22;
    private const int AddressTag = 0xDF23;
    private const int BirthDateTag = 0xDF24;
    private const int SexTag = 0xDF25;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses the content of EF 0001 (trailing <c>FF</c> filler allowed).</summary>
    /// <exception cref="CardDataFormatException">Not an <c>FF10</c> object holding a valid My Number.</exception>
    public static MyNumber ParseMyNumber(ReadOnlySpan<byte> ef)
    {
        var (tag, value, _) = ReadTlv(ef, 0);
        if (tag != MyNumberTag)
            throw new CardDataFormatException($"EF 0001 of the text AP starts with tag {tag:X}, not FF10 (card-interface §2.2).");
        var digits = ef.Slice(value.Start, value.Length);
        if (digits.Length != MyNumber.Length)
            throw new CardDataFormatException($"The My Number object holds {digits.Length} bytes, not {MyNumber.Length}.");
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
                throw new CardDataFormatException("The My Number object holds bytes other than ASCII digits.");
        }
        var parsed = MyNumber.Parse(Encoding.ASCII.GetString(digits));
        return parsed.Success
            ? parsed.Value
            : throw new CardDataFormatException($"The My Number on the card is not valid: {parsed.Error}");
    }

    /// <summary>
    /// The total length (header and value) of the TLV object at the start of <paramref name="head"/>, from its
    /// first bytes: what a client needs to read the rest of EF 0002 after a 7-byte read (card-interface §2.2).
    /// </summary>
    /// <exception cref="CardDataFormatException">The header is broken or incomplete.</exception>
    public static int ObjectLength(ReadOnlySpan<byte> head)
    {
        var (_, valueStart, length) = ReadHeader(head, 0, checkBounds: false);
        return valueStart + length;
    }

    /// <summary>Parses the content of EF 0002 (trailing filler allowed).</summary>
    /// <exception cref="CardDataFormatException">Broken TLV, missing element, bad UTF-8, date or sex code.</exception>
    public static BasicFourInformation ParseBasicFourInformation(ReadOnlySpan<byte> ef)
    {
        var (tag, outer, _) = ReadTlv(ef, 0);
        if (tag != BasicFourTag)
            throw new CardDataFormatException($"EF 0002 of the text AP starts with tag {tag:X}, not FF20 (card-interface §2.2).");

        string? name = null, address = null;
        DateOnly? birth = null;
        Sex? sex = null;
        var end = outer.Start + outer.Length;
        var offset = outer.Start;
        var content = ef[..end];
        while (offset < end)
        {
            var (elementTag, value, next) = ReadTlv(content, offset);
            var bytes = content.Slice(value.Start, value.Length);
            switch (elementTag)
            {
                case OffsetsTag:
                    // The four offsets (DF21) only repeat what the TLV structure says; clients (jpki/myna,
                    // TRETJapanNFCReader) walk the tags, and so do we.
                    break;
                case NameTag:
                    name = Utf8(bytes, "name (DF22)", value.Start);
                    break;
                case AddressTag:
                    address = Utf8(bytes, "address (DF23)", value.Start);
                    break;
                case BirthDateTag:
                    birth = BirthDate(bytes, value.Start);
                    break;
                case SexTag:
                    if (bytes.Length != 1 || !SexCodes.FromJisCode((char)bytes[0]).TryGetValue(out var s))
                        throw new CardDataFormatException($"The sex code (DF25) at offset {value.Start} is not one ASCII digit 0, 1, 2 or 9.");
                    sex = s;
                    break;
                default:
                    break; // Unknown elements are skipped, as later card generations may add some.
            }
            offset = next;
        }
        return new BasicFourInformation(
            name ?? throw Missing(NameTag),
            address ?? throw Missing(AddressTag),
            birth ?? throw Missing(BirthDateTag),
            sex ?? throw Missing(SexTag));
    }

    private static CardDataFormatException Missing(int tag) =>
        new($"The basic four information (FF20) has no {tag:X} element (card-interface §2.2).");

    private static string Utf8(ReadOnlySpan<byte> bytes, string what, int offset)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CardDataFormatException($"The {what} at offset {offset} is not valid UTF-8.", e);
        }
    }

    private static DateOnly BirthDate(ReadOnlySpan<byte> bytes, int offset)
    {
        if (bytes.Length == 8
            && DateOnly.TryParseExact(Encoding.ASCII.GetString(bytes), "yyyyMMdd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date))
        {
            return date;
        }
        throw new CardDataFormatException($"The birth date (DF24) at offset {offset} is not YYYYMMDD.");
    }

    private static CardDataFormatException Truncated(int offset, string what) =>
        new($"The TLV at offset {offset} ends inside its {what}.");

    internal static (int Tag, (int Start, int Length) Value, int Next) ReadTlv(ReadOnlySpan<byte> data, int offset)
    {
        var (tag, valueStart, length) = ReadHeader(data, offset, checkBounds: true);
        return (tag, (valueStart, length), valueStart + length);
    }

    /// <summary>Reads a tag (X.690 §8.1.2, at most three bytes) and a definite length (§8.1.3).</summary>
    private static (int Tag, int ValueStart, int Length) ReadHeader(ReadOnlySpan<byte> data, int offset, bool checkBounds)
    {
        var i = offset;
        if (i >= data.Length)
            throw Truncated(offset, "tag");
        int tag = data[i++];
        if ((tag & 0x1F) == 0x1F)
        {
            // Multi-byte tag number: continuation bytes have b8 set.
            for (var n = 0; ; n++)
            {
                if (i >= data.Length)
                    throw Truncated(offset, "tag");
                if (n == 2)
                    throw new CardDataFormatException($"The tag at offset {offset} is longer than three bytes.");
                var b = data[i++];
                tag = (tag << 8) | b;
                if ((b & 0x80) == 0)
                    break;
            }
        }
        if (i >= data.Length)
            throw Truncated(offset, "length");
        int length = data[i++];
        if (length == 0x80)
            throw new CardDataFormatException($"The TLV at offset {offset} has an indefinite length, which the card never uses.");
        if (length > 0x80)
        {
            var count = length & 0x7F;
            if (count > 2)
                throw new CardDataFormatException($"The length at offset {offset} has {count} bytes; at most 2 are expected.");
            length = 0;
            for (var k = 0; k < count; k++)
            {
                if (i >= data.Length)
                    throw Truncated(offset, "length");
                length = (length << 8) | data[i++];
            }
        }
        if (checkBounds && length > data.Length - i)
            throw new CardDataFormatException(
                $"The TLV with tag {tag:X} at offset {offset} claims {length} bytes, but only {data.Length - i} follow.");
        return (tag, i, length);
    }
}
