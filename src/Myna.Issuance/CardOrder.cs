using Myna.Pki;
using Myna.Primitives;

namespace Myna.Issuance;

/// <summary>The four PINs a holder chooses at delivery (P). A null PIN means that certificate is not loaded.</summary>
public sealed record CardPins(Pin? Signature, Pin? UserAuthentication, Pin ResidentRegistry, Pin TextInputAssist)
{
    public override string ToString() => "CardPins (hidden)";
}

/// <summary>An order for one personalised card.</summary>
/// <param name="MyNumber">The holder's individual number.</param>
/// <param name="Person">The four basic details (C1).</param>
/// <param name="Municipality">Prefecture and city in romaji, for the certificates' names.</param>
/// <param name="MunicipalityCode">The 5-digit local-government code (地方公共団体コード without its check digit).</param>
/// <param name="Pins">The PINs; <see cref="CardPins.Signature"/> null for no signature certificate (P4).</param>
public sealed record CardOrder(
    MyNumber MyNumber,
    BasicFourInformation Person,
    JpkiMunicipality Municipality,
    string MunicipalityCode,
    CardPins Pins)
{
    /// <summary>Koriyama City, Fukushima: the demo municipality (the guidebook's).</summary>
    public static readonly JpkiMunicipality Koriyama = new("Fukushima-ken", "Koriyama-shi");

    /// <summary>Koriyama's local-government code 07203 (全国地方公共団体コード 072036 without the check digit).</summary>
    public const string KoriyamaCode = "07203";

    /// <summary>V3: a foreign resident's expiry (end of the period of stay …); null or later than V2's: V2's.</summary>
    public DateOnly? CardExpiry { get; init; }

    /// <summary>The request (window procedure) the card's certificates are issued for, recorded with each; null for a test card.</summary>
    public Guid? RequestId { get; init; }

    public override string ToString() => $"CardOrder ({MunicipalityCode})";
}

/// <summary>What was issued: the card file and the dates and certificates written on it.</summary>
/// <param name="Path">The card file.</param>
/// <param name="Serial">The chip's 16-digit serial.</param>
/// <param name="IssueDate">The day of issue (Japan time).</param>
/// <param name="CardExpiry">The card's last valid day (V2).</param>
/// <param name="SignatureCertificate">DER, or null when none was loaded (P4).</param>
/// <param name="AuthenticationCertificate">DER, or null when none was loaded.</param>
/// <param name="Warning">Something the card lacks that a person should know (e.g. no card-face images); null when complete.</param>
public sealed record IssuedCard(
    string Path,
    string Serial,
    DateOnly IssueDate,
    DateOnly CardExpiry,
    byte[]? SignatureCertificate,
    byte[]? AuthenticationCertificate,
    string? Warning = null)
{
    /// <summary>The 4-digit security code printed on the card (part of collation number B); the registry keeps it to rewrite the chip (M1).</summary>
    public string SecurityCode { get; init; } = "";

    /// <summary>The common AP's card key (SubjectPublicKeyInfo DER), which the visual AP's records carry (M1 rewrites need it).</summary>
    public byte[] CardPublicKey { get; init; } = [];

    public override string ToString() => $"IssuedCard ({Path}, expires {CardExpiry:yyyy-MM-dd})";
}
