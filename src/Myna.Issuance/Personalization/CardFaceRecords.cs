using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Issuance.Personalization;

/// <summary>
/// Encoders of the text-AP and visual-AP EFs (card-interface §2.2, §2.3), signed with the J-LIS card-face data key.
/// </summary>
/// <remarks>
/// Where card-interface §2 gives the bytes (EF0001, EF0002, the EF0003/EF0004/EF0005 shapes) they are followed
/// exactly. What it leaves open is marked [I] below: what exactly each signature covers and the
/// content of the opaque key-id and 256-byte fields.
/// </remarks>
public static class CardFaceRecords
{
    private static readonly byte[] PublicExponent = [0x01, 0x00, 0x01];

    /// <summary>Text EF0001: <c>FF 10 0C</c> + 12 ASCII digits + <c>FF FF</c> (17 bytes).</summary>
    public static byte[] TextMyNumber(MyNumber number) => [0xFF, 0x10, 0x0C, .. number.ToAsciiBytes(), 0xFF, 0xFF];

    /// <summary>
    /// Text EF0002: <c>FF 20 L { DF21 08 offsets, DF22 name, DF23 address, DF24 08 YYYYMMDD, DF25 01 sex }</c>;
    /// the offsets are u16 BE from the start of the file to the tags of DF22–DF25 (card-interface §2.2).
    /// </summary>
    public static byte[] TextBasicFour(BasicFourInformation person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var objects = TextBasicFourObjects(person);
        return WithOffsets(0xFF20, 0xDF21, objects);
    }

    /// <summary>The DF22–DF25 objects: the FF20 value without DF21, which EF0003's DF32 hashes.</summary>
    internal static byte[][] TextBasicFourObjects(BasicFourInformation person) =>
    [
        // The chip's text records carry what the certificate carries: characters outside the JIS set replaced
        // (card-interface §6); the card face's images show the record's own characters.
        BerTlv.Encode(0xDF22, Encoding.UTF8.GetBytes(JisText.Substitute(person.Name).Text)),
        BerTlv.Encode(0xDF23, Encoding.UTF8.GetBytes(JisText.Substitute(person.Address).Text)),
        BerTlv.Encode(0xDF24, Ascii(person.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
        BerTlv.Encode(0xDF25, [(byte)person.Sex.ToJisCode()]),
    ];

    /// <summary>
    /// Text EF0003: <c>FF30 82 014B { DF31 20 SHA-256(EF0001), DF32 20 SHA-256(FF20 value minus DF21), DF33 82 0100 sig }</c>
    /// (336 bytes). The signature covers the DF31 and DF32 objects [I].
    /// </summary>
    public static byte[] TextIntegrity(MyNumber number, BasicFourInformation person, RSA dataKey)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        var df31 = BerTlv.Encode(0xDF31, SHA256.HashData(TextMyNumber(number)));
        var df32 = BerTlv.Encode(0xDF32, SHA256.HashData(BerTlv.Concat(TextBasicFourObjects(person))));
        var df33 = BerTlv.EncodeLong(0xDF33, Sign(dataKey, BerTlv.Concat(df31, df32)));
        return BerTlv.EncodeLong(0xFF30, BerTlv.Concat(df31, df32, df33));
    }

    /// <summary>
    /// EF0004 of the text and visual APs: the card-verifiable certificate of the data key,
    /// <c>7F21 82 0233 { 5F4E 82 0129 (issuer key-id 16, subject key-id 16, 90 03 010001, 91 82 0100 n), 5F37 82 0100 sig }</c>
    /// (568 bytes for RSA-2048). Self-signed by the data key over the 5F4E object [I].
    /// </summary>
    public static byte[] CvCertificate(RSA dataKey)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        var keyId = KeyId(dataKey);
        var body = BerTlv.EncodeLong(0x5F4E, BerTlv.Concat(keyId, keyId, RsaPublicObjects(dataKey.ExportParameters(false))));
        return BerTlv.EncodeLong(0x7F21, BerTlv.Concat(body, BerTlv.EncodeLong(0x5F37, Sign(dataKey, body))));
    }

    /// <summary>
    /// Text EF0005: <c>FF40 82 009F { DF41 04 01030E01, DF42 10 key-id, DF43 82 0080 (32 bytes + 96 × FF) }</c>
    /// (card-interface §2.2). The 32 bytes are a digest of the serial [I].
    /// </summary>
    public static byte[] TextBasicInfo(RSA dataKey, string serial)
    {
        byte[] df43Value = [.. SHA256.HashData(Ascii("MYNA-TEXT-AP-INFO" + serial)), .. Enumerable.Repeat((byte)0xFF, 96)];
        return BerTlv.EncodeLong(0xFF40, BerTlv.Concat(
            BerTlv.Encode(0xDF41, [0x01, 0x03, 0x0E, 0x01]),
            BerTlv.Encode(0xDF42, KeyId(dataKey)),
            BerTlv.EncodeLong(0xDF43, df43Value)));
    }

    /// <summary>Text EF0006: <c>A1 { 90 e, 91 n }</c>, the card's public key (card-interface §2.2).</summary>
    public static byte[] TextSessionKey(RSAParameters cardKey) => BerTlv.Encode(0xA1, RsaPublicObjects(cardKey));

    /// <summary>Text EF0007: <c>FF50 { DF51 (90 e, 91 n), DF52 sig }</c>: the card key signed by the data key [I].</summary>
    public static byte[] TextSignedCardKey(RSAParameters cardKey, RSA dataKey)
    {
        var df51 = BerTlv.Encode(0xDF51, RsaPublicObjects(cardKey));
        return BerTlv.Encode(0xFF50, BerTlv.Concat(df51, BerTlv.EncodeLong(0xDF52, Sign(dataKey, df51))));
    }

    /// <summary>Text EF0008: 16 × FF.</summary>
    public static byte[] TextFiller() => Enumerable.Repeat((byte)0xFF, 16).ToArray();

    /// <summary>
    /// Visual EF0001: <c>FF10 82 021E { DF11 08 YYYYMMDD, DF12 (90 e, 91 n), DF13 82 0100 sig }</c>; the signature
    /// covers DF11 and DF12 [I].
    /// </summary>
    public static byte[] VisualAgeRecord(DateOnly birthDate, RSAParameters cardKey, RSA dataKey)
    {
        var df11 = BerTlv.Encode(0xDF11, Ascii(birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        var df12 = BerTlv.EncodeLong(0xDF12, RsaPublicObjects(cardKey));
        return BerTlv.EncodeLong(0xFF10, BerTlv.Concat(df11, df12, BerTlv.EncodeLong(0xDF13, Sign(dataKey, BerTlv.Concat(df11, df12)))));
    }

    /// <summary>
    /// Visual EF0002, the card face: <c>FF20 { DF21 offsets of DF22–DF2A, DF22 birth, DF23 sex, DF24 card key,
    /// DF25 name PNG, DF26 address PNG, DF27 photo, DF28 sig, DF29 expiry, DF2A security-code PNG }</c>; DF28 signs
    /// DF22–DF27, and DF29/DF2A lie outside the signature (card-interface §2.3).
    /// </summary>
    public static byte[] VisualCardFace(BasicFourInformation person, DateOnly expiry, RSAParameters cardKey, CardFaceImages? images, RSA dataKey)
    {
        ArgumentNullException.ThrowIfNull(person);
        byte[][] signed =
        [
            BerTlv.Encode(0xDF22, Ascii(person.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
            BerTlv.Encode(0xDF23, [(byte)person.Sex.ToJisCode()]),
            BerTlv.Encode(0xDF24, RsaPublicObjects(cardKey)),
            BerTlv.Encode(0xDF25, images?.NamePng ?? []),
            BerTlv.Encode(0xDF26, images?.AddressPng ?? []),
            BerTlv.Encode(0xDF27, images?.Photo ?? []),
        ];
        byte[][] objects =
        [
            .. signed,
            BerTlv.EncodeLong(0xDF28, Sign(dataKey, BerTlv.Concat(signed))),
            BerTlv.Encode(0xDF29, Ascii(expiry.ToString("yyyyMMdd", CultureInfo.InvariantCulture))),
            BerTlv.Encode(0xDF2A, images?.SecurityCodePng ?? []),
        ];
        return WithOffsets(0xFF20, 0xDF21, objects);
    }

    /// <summary>
    /// Visual EF0003: <c>FF30 { DF31 04 06030E01, DF32 10 key-id, DF33 01 version, DF34 05 municipality, DF35 82 0110 (key-id 16 + 256 opaque) }</c>;
    /// the 256 bytes are the data key's signature over DF31–DF34 [I].
    /// </summary>
    public static byte[] VisualBasicInfo(string municipalityCode, RSA dataKey)
    {
        if (municipalityCode is null || municipalityCode.Length != 5 || !municipalityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A municipality code is 5 digits.", nameof(municipalityCode));
        var keyId = KeyId(dataKey);
        var head = BerTlv.Concat(
            BerTlv.Encode(0xDF31, [0x06, 0x03, 0x0E, 0x01]),
            BerTlv.Encode(0xDF32, keyId),
            BerTlv.Encode(0xDF33, [0x01]),
            BerTlv.Encode(0xDF34, Ascii(municipalityCode)));
        return BerTlv.Encode(0xFF30, BerTlv.Concat(head, BerTlv.EncodeLong(0xDF35, BerTlv.Concat(keyId, Sign(dataKey, head)))));
    }

    /// <summary>Visual EF0005: <c>FF40 { DF41 My Number PNG, DF42 card key, DF43 sig }</c>; DF43 signs DF41 and DF42 [I].</summary>
    public static byte[] VisualMyNumberImage(byte[]? myNumberPng, RSAParameters cardKey, RSA dataKey)
    {
        var df41 = BerTlv.Encode(0xDF41, myNumberPng ?? []);
        var df42 = BerTlv.Encode(0xDF42, RsaPublicObjects(cardKey));
        return BerTlv.Encode(0xFF40, BerTlv.Concat(df41, df42, BerTlv.EncodeLong(0xDF43, Sign(dataKey, BerTlv.Concat(df41, df42)))));
    }

    /// <summary>
    /// Common AP EF0001 record 1: <c>01 1C</c> + 28 ASCII digits <c>serial(15) municipality(5) expiry YYYYMMDD</c>
    /// (card-interface §2.4). The card serial has 16 digits (docs/card.md §2); the record carries its first 15.
    /// </summary>
    public static byte[] CommonRecord(string serial, string municipalityCode, DateOnly expiry)
    {
        if (serial is null || serial.Length < 15 || !serial.All(char.IsAsciiDigit))
            throw new ArgumentException("A card serial has at least 15 digits.", nameof(serial));
        var digits = serial[..15] + municipalityCode + expiry.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (digits.Length != 28 || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException("The municipality code is 5 digits.", nameof(municipalityCode));
        return [0x01, 0x1C, .. Ascii(digits)];
    }

    /// <summary>照合番号B: birth date in era <c>YYMMDD</c>, expiry year <c>YYYY</c>, security code (card-interface §3).</summary>
    public static byte[] CollationNumberB(DateOnly birthDate, DateOnly expiry, string securityCode)
    {
        if (securityCode is null || securityCode.Length != 4 || !securityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A security code is 4 digits.", nameof(securityCode));
        return Ascii(JapaneseEras.ToEraYyMmDd(birthDate) + expiry.Year.ToString("D4", CultureInfo.InvariantCulture) + securityCode);
    }

    /// <summary>The visual AP's birth-date key: era <c>YYMMDD</c> (card-interface §2.3).</summary>
    public static byte[] BirthDateKey(DateOnly birthDate) => Ascii(JapaneseEras.ToEraYyMmDd(birthDate));

    /// <summary>A TLV <paramref name="outerTag"/> whose first object is an offsets table of the following objects.</summary>
    private static byte[] WithOffsets(ushort outerTag, ushort offsetsTag, byte[][] objects)
    {
        var offsetsLength = objects.Length * 2;
        var offsetsTlvLength = BerTlv.TagBytes(offsetsTag).Length + BerTlv.LengthBytes(offsetsLength).Length + offsetsLength;
        var valueLength = offsetsTlvLength + objects.Sum(o => o.Length);
        var headerLength = BerTlv.TagBytes(outerTag).Length + BerTlv.LengthBytes(valueLength).Length;
        var offsets = new byte[offsetsLength];
        var position = headerLength + offsetsTlvLength;
        for (var i = 0; i < objects.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(offsets.AsSpan(i * 2), checked((ushort)position));
            position += objects[i].Length;
        }
        return BerTlv.Encode(outerTag, BerTlv.Concat([BerTlv.Encode(offsetsTag, offsets), .. objects]));
    }

    /// <summary><c>90 e</c>, <c>91 n</c> in the forms of card-interface §2.2 (<c>90 03 010001</c>, <c>91 82 0100 n</c>).</summary>
    private static byte[] RsaPublicObjects(RSAParameters key)
    {
        var exponent = key.Exponent ?? PublicExponent;
        var modulus = key.Modulus ?? throw new ArgumentException("The key has no modulus.", nameof(key));
        return BerTlv.Concat(BerTlv.Encode(0x90, exponent), BerTlv.EncodeLong(0x91, modulus));
    }

    /// <summary>A 16-byte key id: the first half of SHA-256 of the modulus [I].</summary>
    private static byte[] KeyId(RSA key) => SHA256.HashData(key.ExportParameters(false).Modulus!)[..16];

    private static byte[] Sign(RSA key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
