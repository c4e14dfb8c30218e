using System.Text;

namespace Myna.Pki;

/// <summary>
/// Names and key settings of the two emulated JPKI authorities. The defaults give the real DN shape of
/// card-interface §6; set <see cref="OrganizationName"/> to <c>JPKI-TEST</c> to mirror the J-LIS test cards.
/// </summary>
public sealed record JpkiAuthorityOptions
{
    /// <summary><c>O=</c> of the CA DN and of the CRL distribution-point names (card-interface §6: <c>JPKI</c>).</summary>
    public string OrganizationName { get; init; } = "JPKI";

    /// <summary>The last <c>OU=</c> of the CA DN (card-interface §6).</summary>
    public string AgencyName { get; init; } = "Japan Agency for Local Authority Information Systems";

    /// <summary>The <c>O=</c> of the DirName in the CA's SAN and the end-entity issuerAltName (card-interface §6).</summary>
    public string ServiceName { get; init; } = "公的個人認証サービス";

    /// <summary><c>OU=</c> naming the signature hierarchy (card-interface §6).</summary>
    public string SignatureUnitName { get; init; } = "JPKI for digital signature";

    /// <summary><c>OU=</c> naming the user-authentication hierarchy (card-interface §6).</summary>
    public string AuthenticationUnitName { get; init; } = "JPKI for user authentication";

    /// <summary>RSA modulus size of a newly created CA key; card-interface §6 uses 2048, more is allowed.</summary>
    public int CaKeySizeInBits { get; init; } = 2048;

    /// <summary>
    /// A fixed validity for CA certificates created from now on; <c>null</c> (the default): from the creation
    /// instant to the day before the 10th anniversary, 23:59:59 JST (card-interface §6, <see cref="JpkiValidity.AuthorityNotAfter"/>).
    /// </summary>
    /// <remarks>
    /// For a sandbox whose clock may be set before the authorities were created (a CA is not valid before its
    /// notBefore, so nothing could be issued on such a day): <see cref="JpkiValidity.AuthorityValidityCovering"/>
    /// gives a period that covers every date the clock can show. Only a newly created CA takes it; a stored CA
    /// certificate is loaded as it is, never re-issued. Times are cut to whole seconds (X.509 has no fractions);
    /// dates from 2050 are encoded as GeneralizedTime (RFC 5280 §4.1.2.5), which the framework does by itself.
    /// </remarks>
    public ValidityPeriod? FixedAuthorityValidity { get; init; }

    /// <summary>
    /// Passphrase protecting the CA keys when they are kept as encrypted PKCS#8 files. Never printed:
    /// <see cref="ToString"/> leaves it out.
    /// </summary>
    public string KeyPassphrase { get; init; } = "";

    /// <summary>
    /// The PBKDF2 cost of newly written encrypted key files (<see cref="Keys.EncryptedPkcs8CaKeyStore"/>); existing
    /// files are read at the cost they were written with. Lower it only for tests.
    /// </summary>
    public int KeyFileIterations { get; init; } = Keys.EncryptedPkcs8CaKeyStore.DefaultIterations;

    /// <summary>
    /// Where the authorities' HTTP services are reachable from outside, e.g. <c>https://jpki.example/</c>. When
    /// set, every end-entity certificate names <c>{base}crl/signature.crl</c> (or <c>authentication.crl</c>)
    /// beside the DirName in its CRL distribution point. Default <c>null</c>: the DirName only.
    /// </summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>The file name of a hierarchy's CRL under <c>/crl/</c>: <c>signature.crl</c> or <c>authentication.crl</c>.</summary>
    public static string CrlFileName(JpkiHierarchy hierarchy) => hierarchy switch
    {
        JpkiHierarchy.Signature => "signature.crl",
        JpkiHierarchy.UserAuthentication => "authentication.crl",
        _ => throw new ArgumentOutOfRangeException(nameof(hierarchy)),
    };

    /// <summary>The HTTP location of a hierarchy's CRL under <see cref="PublicBaseUrl"/>; null when none is set.</summary>
    public Uri? CrlUrl(JpkiHierarchy hierarchy) =>
        PublicBaseUrl is null ? null : new Uri(WithTrailingSlash(PublicBaseUrl), "crl/" + CrlFileName(hierarchy));

    // new Uri(base, relative) drops the last segment of a base without a trailing slash.
    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    internal void Validate()
    {
        foreach (var (value, name) in new[]
                 {
                     (OrganizationName, nameof(OrganizationName)), (AgencyName, nameof(AgencyName)),
                     (ServiceName, nameof(ServiceName)), (SignatureUnitName, nameof(SignatureUnitName)),
                     (AuthenticationUnitName, nameof(AuthenticationUnitName)),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"{name} must name something: it goes into the CA DN (card-interface §6).", name);
        }
        if (SignatureUnitName == AuthenticationUnitName)
            throw new ArgumentException("The two hierarchies need different OU names, or their DNs would collide (card-interface §6).", nameof(AuthenticationUnitName));
        if (PublicBaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            throw new ArgumentException("The public base URL must be an absolute http(s) URL.", nameof(PublicBaseUrl));
        if (CaKeySizeInBits < 2048)
            throw new ArgumentException("CA keys are RSA-2048 or larger (card-interface §6).", nameof(CaKeySizeInBits));
        if (KeyFileIterations < Keys.EncryptedPkcs8CaKeyStore.MinimumIterations)
            throw new ArgumentException("The key files' PBKDF2 cost must be at least 1.", nameof(KeyFileIterations));
        if (FixedAuthorityValidity is { } fixedValidity && fixedValidity.NotAfter <= fixedValidity.NotBefore)
            throw new ArgumentException("A fixed CA validity must end after it begins.", nameof(FixedAuthorityValidity));
    }

    internal string UnitName(JpkiHierarchy hierarchy) => hierarchy switch
    {
        JpkiHierarchy.Signature => SignatureUnitName,
        JpkiHierarchy.UserAuthentication => AuthenticationUnitName,
        _ => throw new ArgumentOutOfRangeException(nameof(hierarchy)),
    };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("OrganizationName = ").Append(OrganizationName)
            .Append(", CaKeySizeInBits = ").Append(CaKeySizeInBits)
            .Append(", FixedAuthorityValidity = ").Append(FixedAuthorityValidity)
            .Append(", KeyFileIterations = ").Append(KeyFileIterations)
            .Append(", KeyPassphrase = ***");
        return true;
    }
}
