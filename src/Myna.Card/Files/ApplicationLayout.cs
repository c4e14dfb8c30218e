using Myna.Card.Pins;

namespace Myna.Card.Files;

/// <summary>How an elementary file is structured (ISO/IEC 7816-4 §7.3).</summary>
internal enum EfStructure
{
    /// <summary>Transparent: READ BINARY.</summary>
    Transparent,
    /// <summary>Record EF with one record: READ RECORD (card-interface §2.4).</summary>
    Record,
}

/// <summary>The read rule of an EF (docs/card.md §1): free, never, or after any of the listed PINs.</summary>
internal sealed record ReadAccess(ushort[]? AnyOfPins)
{
    public static readonly ReadAccess Free = new((ushort[]?)null);
    public static ReadAccess AfterAny(params ushort[] pins) => new(pins);
    public bool IsFree => AnyOfPins is null;
}

internal sealed record EfDefinition(ushort Fid, EfStructure Structure, ReadAccess Read);

/// <summary>An RSA key object; <see cref="Pin"/> must be verified to sign with it (null: INTERNAL AUTHENTICATE only).</summary>
internal sealed record KeyDefinition(ushort Fid, ushort? Pin);

/// <summary>
/// The fixed structure of one application, as made at manufacture (card-interface §2, docs/card.md §1). Contents
/// vary per card; which FIDs are PINs or keys, their formats, retry limits and read rules do not.
/// </summary>
internal sealed class ApplicationLayout
{
    /// <summary>The FID of the JPKI certificate-availability EF, derived from the certificates (card-interface §2.1).</summary>
    public const ushort CertificateAvailabilityFid = JpkiFiles.CertificateAvailability;

    private ApplicationLayout(CardApplication application, EfDefinition[] files, PinDefinition[] pins, KeyDefinition[] keys)
    {
        Application = application;
        Files = files.ToDictionary(f => f.Fid);
        Pins = pins.ToDictionary(p => p.Fid);
        Keys = keys.ToDictionary(k => k.Fid);
    }

    public CardApplication Application { get; }
    public IReadOnlyDictionary<ushort, EfDefinition> Files { get; }
    public IReadOnlyDictionary<ushort, PinDefinition> Pins { get; }
    public IReadOnlyDictionary<ushort, KeyDefinition> Keys { get; }

    /// <summary>An EF the issuer put that the layout does not name is transparent and freely readable.</summary>
    public EfDefinition FileOrDefault(ushort fid) =>
        Files.TryGetValue(fid, out var d) ? d : new EfDefinition(fid, EfStructure.Transparent, ReadAccess.Free);

    public static ApplicationLayout For(CardApplication application) => application switch
    {
        CardApplication.Jpki => Jpki,
        CardApplication.TextInputAssist => Text,
        CardApplication.Visual => Visual,
        CardApplication.ResidentRegistry => ResidentRegistry,
        CardApplication.Common => Common,
        _ => throw new ArgumentOutOfRangeException(nameof(application)),
    };

    public static readonly CardApplication[] All =
        [CardApplication.Jpki, CardApplication.TextInputAssist, CardApplication.Visual, CardApplication.ResidentRegistry, CardApplication.Common];

    // card-interface §2.1; P: signature 5 tries, authentication 3.
    private static readonly ApplicationLayout Jpki = new(
        CardApplication.Jpki,
        [
            new(JpkiFiles.SignatureCertificate, EfStructure.Transparent, ReadAccess.AfterAny(JpkiFiles.SignaturePin)),
            new(JpkiFiles.SignatureCaCertificate, EfStructure.Transparent, ReadAccess.Free),
            new(JpkiFiles.TokenInfo, EfStructure.Transparent, ReadAccess.Free),
            new(JpkiFiles.CertificateAvailability, EfStructure.Transparent, ReadAccess.Free),
            new(JpkiFiles.AuthenticationCertificate, EfStructure.Transparent, ReadAccess.Free),
            new(JpkiFiles.AuthenticationCaCertificate, EfStructure.Transparent, ReadAccess.Free),
        ],
        [
            new(JpkiFiles.AuthenticationPin, PinFormat.FourDigits, PinRetryLimits.UserAuthentication, PinChange.Iso),
            new(JpkiFiles.SignaturePin, PinFormat.SignaturePassword, PinRetryLimits.Signature, PinChange.Iso),
        ],
        [
            new(JpkiFiles.AuthenticationKey, JpkiFiles.AuthenticationPin),
            new(JpkiFiles.SignatureKey, JpkiFiles.SignaturePin),
        ]);

    // card-interface §2.2.
    private static readonly ApplicationLayout Text = new(
        CardApplication.TextInputAssist,
        [
            new(TextApFiles.MyNumber, EfStructure.Transparent, ReadAccess.AfterAny(TextApFiles.Pin, TextApFiles.CollationNumberA)),
            new(TextApFiles.BasicFourInformation, EfStructure.Transparent, ReadAccess.AfterAny(TextApFiles.Pin, TextApFiles.CollationNumberB)),
            new(TextApFiles.Integrity, EfStructure.Transparent, ReadAccess.AfterAny(TextApFiles.Pin, TextApFiles.CollationNumberA, TextApFiles.CollationNumberB)),
            new(TextApFiles.CvCertificate, EfStructure.Transparent, ReadAccess.Free),
            new(TextApFiles.BasicInfo, EfStructure.Transparent, ReadAccess.Free),
            new(TextApFiles.SessionKey, EfStructure.Transparent, ReadAccess.AfterAny(TextApFiles.Pin, TextApFiles.CollationNumberA, TextApFiles.CollationNumberB)),
            new(TextApFiles.SignedCardKey, EfStructure.Transparent, ReadAccess.AfterAny(TextApFiles.Pin, TextApFiles.CollationNumberA, TextApFiles.CollationNumberB)),
        ],
        [
            new(TextApFiles.Pin, PinFormat.FourDigits, PinRetryLimits.TextInputAssist, PinChange.Iso),
            new(TextApFiles.BlockedKey, PinFormat.FourDigits, PinRetryLimits.TextInputAssist, PinChange.IssuerOnly, ShipsBlocked: true),
            new(TextApFiles.CollationNumberA, PinFormat.CollationNumberA, PinRetryLimits.CollationNumber, PinChange.IssuerOnly),
            new(TextApFiles.CollationNumberB, PinFormat.CollationNumberB, PinRetryLimits.CollationNumber, PinChange.IssuerOnly),
        ],
        []);

    // card-interface §2.3.
    private static readonly ApplicationLayout Visual = new(
        CardApplication.Visual,
        [
            new(VisualApFiles.AgeRecord, EfStructure.Transparent, ReadAccess.AfterAny(VisualApFiles.BirthDateKey)),
            new(VisualApFiles.CardFace, EfStructure.Transparent, ReadAccess.AfterAny(VisualApFiles.CollationNumberA, VisualApFiles.CollationNumberB)),
            new(VisualApFiles.BasicInfo, EfStructure.Transparent, ReadAccess.Free),
            new(VisualApFiles.CvCertificate, EfStructure.Transparent, ReadAccess.Free),
            new(VisualApFiles.MyNumberImage, EfStructure.Transparent, ReadAccess.AfterAny(VisualApFiles.CollationNumberA)),
        ],
        [
            new(VisualApFiles.BirthDateKey, PinFormat.EraBirthDate, PinRetryLimits.CollationNumber, PinChange.IssuerOnly),
            new(VisualApFiles.CollationNumberB, PinFormat.CollationNumberB, PinRetryLimits.CollationNumber, PinChange.IssuerOnly),
            new(VisualApFiles.CollationNumberA, PinFormat.CollationNumberA, PinRetryLimits.CollationNumber, PinChange.IssuerOnly),
        ],
        []);

    // card-interface §2.4; the 住基 PIN locks after 3 (P note).
    private static readonly ApplicationLayout ResidentRegistry = new(
        CardApplication.ResidentRegistry,
        [new(ResidentRegistryApFiles.KeyReference, EfStructure.Record, ReadAccess.Free)],
        [new(ResidentRegistryApFiles.Pin, PinFormat.FourDigits, PinRetryLimits.ResidentRegistry, PinChange.Jicsap)],
        []);

    private static readonly ApplicationLayout Common = new(
        CardApplication.Common,
        [new(ResidentRegistryApFiles.CommonRecord, EfStructure.Record, ReadAccess.Free)],
        [new(ResidentRegistryApFiles.Pin, PinFormat.FourDigits, PinRetryLimits.ResidentRegistry, PinChange.Jicsap)],
        [new(ResidentRegistryApFiles.InternalAuthenticationKey, null)]);
}
