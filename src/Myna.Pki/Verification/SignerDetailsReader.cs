using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;

namespace Myna.Pki.Verification;

/// <summary>
/// Reads the holder's four basic details (基本4情報) back out of a signature certificate's subjectAltName
/// otherNames (card-interface §6): name <c>.5.5.1</c>, birth date <c>.5.5.4</c> (<c>EYYYYMMDD</c>), sex <c>.5.5.3</c>
/// (1 male, 2 female, 3 unknown), address <c>.5.5.5</c>. The substitute-character maps are not returned.
/// </summary>
public static class SignerDetailsReader
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>The four details, or null when the certificate has no SAN with all four in the JPKI form.</summary>
    public static BasicFourInformation? Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[JpkiOids.SubjectAltName];
        if (extension is null)
            return null;
        try
        {
            return Read(extension.RawData);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static BasicFourInformation? Read(byte[] subjectAltName)
    {
        string? name = null, birth = null, sex = null, address = null;
        var reader = new AsnReader(subjectAltName, AsnEncodingRules.DER);
        // GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (names.HasData)
        {
            // GeneralName ::= CHOICE { otherName [0] OtherName, ... }: other choices are skipped.
            if (!names.PeekTag().HasSameClassAndValue(Context0))
            {
                names.ReadEncodedValue();
                continue;
            }
            // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
            var otherName = names.ReadSequence(Context0);
            var typeId = otherName.ReadObjectIdentifier();
            var explicitValue = otherName.ReadSequence(Context0);
            otherName.ThrowIfNotEmpty();
            if (typeId is not (JpkiOids.Name or JpkiOids.BirthDate or JpkiOids.Sex or JpkiOids.Address))
                continue;
            var value = explicitValue.ReadCharacterString(UniversalTagNumber.UTF8String);
            explicitValue.ThrowIfNotEmpty();
            switch (typeId)
            {
                case JpkiOids.Name: name = value; break;
                case JpkiOids.BirthDate: birth = value; break;
                case JpkiOids.Sex: sex = value; break;
                default: address = value; break;
            }
        }
        if (name is null || address is null || ParseBirthDate(birth) is not { } birthDate || ParseSex(sex) is not { } s)
            return null;
        return new BasicFourInformation(name, address, birthDate, s);
    }

    /// <summary><c>EYYYYMMDD</c>: an era digit 0–5, then the Gregorian date (card-interface §6).</summary>
    private static DateOnly? ParseBirthDate(string? text) =>
        text is { Length: 9 } && text[0] is >= '0' and <= '5' &&
        DateOnly.TryParseExact(text.AsSpan(1), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static Sex? ParseSex(string? code) => code switch
    {
        "1" => Sex.Male,
        "2" => Sex.Female,
        "3" => Sex.Unknown,
        _ => null,
    };
}
