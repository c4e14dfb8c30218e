namespace Myna.Card;

/// <summary>The applications (AP) on a My Number Card chip (card-interface §1).</summary>
public enum CardApplication
{
    /// <summary>公的個人認証AP: the two certificates, their keys and PINs.</summary>
    Jpki,
    /// <summary>券面事項入力補助AP ("text", Kenhojo): My Number and the four basic details.</summary>
    TextInputAssist,
    /// <summary>券面事項確認AP ("visual", Kenkaku): the card face as signed data and images.</summary>
    Visual,
    /// <summary>住基AP (resident registry).</summary>
    ResidentRegistry,
    /// <summary>共通カードAP / 本人確認業務用領域 ("unknown AP" in jpki/myna).</summary>
    Common,
}

/// <summary>The DF names (AIDs) by which clients select each application (card-interface §1).</summary>
public static class CardApplicationIds
{
    public static ReadOnlySpan<byte> Jpki => [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
    public static ReadOnlySpan<byte> TextInputAssist => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
    public static ReadOnlySpan<byte> Visual => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
    public static ReadOnlySpan<byte> ResidentRegistry => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01];
    public static ReadOnlySpan<byte> Common => [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00];

    public static ReadOnlySpan<byte> Of(CardApplication application) => application switch
    {
        CardApplication.Jpki => Jpki,
        CardApplication.TextInputAssist => TextInputAssist,
        CardApplication.Visual => Visual,
        CardApplication.ResidentRegistry => ResidentRegistry,
        CardApplication.Common => Common,
        _ => throw new ArgumentOutOfRangeException(nameof(application)),
    };
}

/// <summary>File ids (FID = SFI) of the JPKI AP (card-interface §2.1).</summary>
public static class JpkiFiles
{
    public const ushort SignatureCertificate = 0x0001;
    public const ushort SignatureCaCertificate = 0x0002;
    public const ushort TokenInfo = 0x0006;
    public const ushort CertificateAvailability = 0x0008;
    public const ushort AuthenticationCertificate = 0x000A;
    public const ushort AuthenticationCaCertificate = 0x000B;
    public const ushort AuthenticationKey = 0x0017;
    public const ushort AuthenticationPin = 0x0018;
    public const ushort SignatureKey = 0x001A;
    public const ushort SignaturePin = 0x001B;
}

/// <summary>File ids of the card-face input-assist AP (card-interface §2.2).</summary>
public static class TextApFiles
{
    public const ushort MyNumber = 0x0001;
    public const ushort BasicFourInformation = 0x0002;
    public const ushort Integrity = 0x0003;
    public const ushort CvCertificate = 0x0004;
    public const ushort BasicInfo = 0x0005;
    public const ushort SessionKey = 0x0006;
    public const ushort SignedCardKey = 0x0007;
    public const ushort Pin = 0x0011;
    public const ushort BlockedKey = 0x0012;
    public const ushort CollationNumberA = 0x0014;
    public const ushort CollationNumberB = 0x0015;
}

/// <summary>File ids of the visual (券面事項確認) AP (card-interface §2.3).</summary>
public static class VisualApFiles
{
    public const ushort AgeRecord = 0x0001;
    public const ushort CardFace = 0x0002;
    public const ushort BasicInfo = 0x0003;
    public const ushort CvCertificate = 0x0004;
    public const ushort MyNumberImage = 0x0005;
    public const ushort BirthDateKey = 0x0011;
    public const ushort CollationNumberB = 0x0012;
    public const ushort CollationNumberA = 0x0013;
}

/// <summary>File ids of the 住基 and common APs (card-interface §2.4).</summary>
public static class ResidentRegistryApFiles
{
    public const ushort KeyReference = 0x0002;
    public const ushort CommonRecord = 0x0001;
    public const ushort InternalAuthenticationKey = 0x0019;
    public const ushort Pin = 0x001C;
}
