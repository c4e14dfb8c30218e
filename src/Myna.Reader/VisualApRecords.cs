using System.Globalization;
using System.Text;
using Myna.Primitives;

namespace Myna.Reader;

/// <summary>
/// The card face as the visual AP (券面事項確認AP) holds it in EF 0002 (card-interface §2.3): what a face-recognition
/// terminal reads after 照合番号B.
/// </summary>
/// <param name="BirthDate">DF22, the date of birth.</param>
/// <param name="Sex">DF23.</param>
/// <param name="CardPublicKey">DF24, the card's public key as its <c>90</c> (exponent) and <c>91</c> (modulus) objects.</param>
/// <param name="NameImage">DF25, the name as printed (PNG, 1 bit).</param>
/// <param name="AddressImage">DF26, the address as printed (PNG, 1 bit).</param>
/// <param name="Photo">DF27, the face photo (JPEG 2000 on a real card; Myna writes an 8-bit grey PNG).</param>
/// <param name="Signature">DF28, the card-face data key's signature over DF22–DF27.</param>
/// <param name="CardExpiry">DF29, the card's expiry (inclusive).</param>
/// <param name="SecurityCodeImage">DF2A, the security code as printed (PNG).</param>
public sealed record VisualCardFace(
    DateOnly BirthDate, Sex Sex, byte[] CardPublicKey, byte[] NameImage, byte[] AddressImage, byte[] Photo, byte[] Signature,
    DateOnly CardExpiry, byte[] SecurityCodeImage)
{
    /// <summary>Never the images: they show the holder's face, name and address.</summary>
    public override string ToString() => $"card face (photo {Photo.Length} bytes)";
}

/// <summary>What came of reading the card face with 照合番号B: the face, or how the chip answered a wrong or blocked one.</summary>
/// <param name="Face">The card face; null when 照合番号B was not verified.</param>
/// <param name="Collation">The chip's answer to 照合番号B: verified, wrong with the tries left, or blocked.</param>
public sealed record CardFaceReading(VisualCardFace? Face, PinVerificationResult Collation)
{
    /// <summary>The chip opened the card face.</summary>
    public bool Succeeded => Face is not null;
}

/// <summary>Parser of the visual AP's card face (EF 0002, card-interface §2.3), on the text AP's TLV reader.</summary>
public static class VisualApRecords
{
    /// <summary>EF 0002: constructed <c>FF 20</c>, as in the text AP.</summary>
    public const int CardFaceTag = 0xFF20;

    /// <summary>Parses EF 0002 of the visual AP (trailing filler allowed; unknown elements skipped).</summary>
    /// <exception cref="CardDataFormatException">Broken TLV, a missing element, or a bad date or sex code.</exception>
    public static VisualCardFace ParseCardFace(ReadOnlySpan<byte> ef)
    {
        var (tag, outer, _) = TextApRecords.ReadTlv(ef, 0);
        if (tag != CardFaceTag)
            throw new CardDataFormatException($"EF 0002 of the visual AP starts with tag {tag:X}, not FF20 (card-interface §2.3).");
        var elements = new Dictionary<int, byte[]>();
        var end = outer.Start + outer.Length;
        var content = ef[..end];
        for (var offset = outer.Start; offset < end;)
        {
            var (elementTag, value, next) = TextApRecords.ReadTlv(content, offset);
            // DF21 (offsets) only repeats the TLV structure; clients walk the tags, and so does this.
            elements.TryAdd(elementTag, content.Slice(value.Start, value.Length).ToArray());
            offset = next;
        }
        byte[] Element(int elementTag) => elements.TryGetValue(elementTag, out var bytes)
            ? bytes
            : throw new CardDataFormatException($"The card face (FF20) has no {elementTag:X} element (card-interface §2.3).");
        var sexCode = Element(0xDF23);
        if (sexCode.Length != 1 || !SexCodes.FromJisCode((char)sexCode[0]).TryGetValue(out var sex))
            throw new CardDataFormatException("The sex code (DF23) of the card face is not one ASCII digit 0, 1, 2 or 9.");
        return new VisualCardFace(
            Date(Element(0xDF22), "date of birth (DF22)"), sex, Element(0xDF24), Element(0xDF25), Element(0xDF26), Element(0xDF27), Element(0xDF28),
            Date(Element(0xDF29), "card expiry (DF29)"), Element(0xDF2A));
    }

    private static DateOnly Date(byte[] bytes, string what) =>
        bytes.Length == 8 && DateOnly.TryParseExact(Encoding.ASCII.GetString(bytes), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CardDataFormatException($"The {what} of the card face is not YYYYMMDD.");
}
