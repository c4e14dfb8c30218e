namespace Myna.Pki;

/// <summary>Object identifiers of the JPKI profile (card-interface §6) and the RFC 5280 extensions it uses.</summary>
public static class JpkiOids
{
    /// <summary>SAN otherName 氏名 (name).</summary>
    public const string Name = "1.2.392.200149.8.5.5.1";
    /// <summary>SAN otherName: name substitute-character map.</summary>
    public const string NameSubstituteMap = "1.2.392.200149.8.5.5.2";
    /// <summary>SAN otherName 性別 (sex, 1/2/3).</summary>
    public const string Sex = "1.2.392.200149.8.5.5.3";
    /// <summary>SAN otherName 生年月日 (date of birth, <c>EYYYYMMDD</c>).</summary>
    public const string BirthDate = "1.2.392.200149.8.5.5.4";
    /// <summary>SAN otherName 住所 (address).</summary>
    public const string Address = "1.2.392.200149.8.5.5.5";
    /// <summary>SAN otherName: address substitute-character map.</summary>
    public const string AddressSubstituteMap = "1.2.392.200149.8.5.5.6";

    /// <summary>certificatePolicies of the signature certificate.</summary>
    public const string SignaturePolicy = "1.2.392.200149.8.5.1.1.20";
    /// <summary>certificatePolicies of the user-authentication certificate ([U] in card-interface §6).</summary>
    public const string AuthenticationPolicy = "1.2.392.200149.8.5.1.3.30";

    public const string KeyUsage = "2.5.29.15";
    public const string SubjectAltName = "2.5.29.17";
    public const string IssuerAltName = "2.5.29.18";
    public const string BasicConstraints = "2.5.29.19";
    public const string CrlDistributionPoints = "2.5.29.31";
    public const string CertificatePolicies = "2.5.29.32";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string SubjectKeyIdentifier = "2.5.29.14";
}
