using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Documents;

/// <summary>
/// A stand-in for the local-government PKI (地方公共団体組織認証基盤, LGPKI): a self-signed root that issues each
/// municipality's document-sealing certificate. A verifier trusts the root and the municipalities' certificates and
/// needs nothing else, no network.
/// </summary>
/// <remarks>
/// <para>The root: ECDSA P-256, basicConstraints CA with path length 0, keyUsage keyCertSign and cRLSign, a subject key
/// identifier. A sealing certificate (<see cref="IssueSealingCertificate(IssuingMunicipality, DateTimeOffset, DateTimeOffset)"/>):
/// ECDSA P-256, subject <c>C=JP, O=(the authority's name), SERIALNUMBER=(the six-digit local government code),
/// CN=(the municipality's name)</c>, keyUsage digitalSignature (critical), basicConstraints not a CA, extendedKeyUsage
/// <see cref="DocumentSealingUsage"/> alone, the authority key identifier of the root.</para>
/// <para>The real LGPKI has its own profile, intermediate authorities and revocation lists; none of that is modelled.
/// A sealing key found compromised is handled by taking its certificate out of the verifiers' set.</para>
/// Issuing is thread-safe.
/// </remarks>
public sealed class SealAuthority : IDisposable
{
    /// <summary>
    /// The extended key usage of a document-sealing certificate: a UUID-based OID (ITU-T X.667, arc 2.25) of Myna's
    /// own, needing no registration. A verifier accepts no certificate without it.
    /// </summary>
    public const string DocumentSealingUsage = "2.25.123598658078374756436543116482415333248";

    private readonly ECDsa _key;
    private readonly Lock _lock = new();

    private SealAuthority(X509Certificate2 root, ECDsa key)
    {
        Root = root;
        _key = key;
    }

    /// <summary>The root certificate, without its private key: what verifiers trust.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>A new authority with a new P-256 key.</summary>
    /// <param name="name">The subject's O and CN, e.g. "Myna LGPKI stand-in".</param>
    /// <param name="notBefore">The root's first valid instant.</param>
    /// <param name="notAfter">Its last.</param>
    public static SealAuthority Create(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (notAfter <= notBefore)
            throw new ArgumentException("The root's validity ends before it begins.", nameof(notAfter));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("JP");
        subject.AddOrganizationName(name);
        subject.AddCommonName(name);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var withKey = request.CreateSelfSigned(notBefore, notAfter);
        return new SealAuthority(X509CertificateLoader.LoadCertificate(withKey.RawData), key);
    }

    /// <summary>An authority from its root certificate with the private key (e.g. loaded from PKCS#12).</summary>
    /// <exception cref="ArgumentException">The certificate has no ECDSA private key or is not a CA.</exception>
    public static SealAuthority Open(X509Certificate2 rootWithKey)
    {
        ArgumentNullException.ThrowIfNull(rootWithKey);
        var key = rootWithKey.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The root certificate has no ECDSA private key.", nameof(rootWithKey));
        if (rootWithKey.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            throw new ArgumentException("The certificate is not a certificate authority's.", nameof(rootWithKey));
        return new SealAuthority(X509CertificateLoader.LoadCertificate(rootWithKey.RawData), key);
    }

    /// <summary>The root with its private key, for keeping it (export as PKCS#12).</summary>
    public X509Certificate2 RootWithPrivateKey() => Root.CopyWithPrivateKey(_key);

    /// <summary>A new P-256 sealing key for <paramref name="municipality"/> and its certificate, the key attached.</summary>
    /// <exception cref="ArgumentException">The validity is empty or not inside the root's.</exception>
    public X509Certificate2 IssueSealingCertificate(IssuingMunicipality municipality, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = IssueSealingCertificate(municipality, key, notBefore, notAfter);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A sealing certificate for a key kept elsewhere (an HSM): only its public half is used.</summary>
    /// <exception cref="ArgumentException">The key is not P-256, or the validity is empty or not inside the root's.</exception>
    public X509Certificate2 IssueSealingCertificate(IssuingMunicipality municipality, ECDsa publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(municipality);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (publicKey.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            throw new ArgumentException("A sealing key is ECDSA P-256.", nameof(publicKey));
        if (notAfter <= notBefore || notBefore < Root.NotBefore || notAfter > Root.NotAfter)
            throw new ArgumentException("A sealing certificate's validity lies inside the root's and does not end before it begins.", nameof(notAfter));
        var request = new CertificateRequest(SealingSubject(municipality), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new(DocumentSealingUsage)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER (RFC 5280 §4.1.2.2)
        lock (_lock)
        {
            var generator = X509SignatureGenerator.CreateForECDsa(_key);
            return request.Create(Root.SubjectName, generator, notBefore, notAfter, serial);
        }
    }

    private X500DistinguishedName SealingSubject(IssuingMunicipality municipality)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("JP");
        subject.AddOrganizationName(Root.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        subject.Add(SealingSubjects.SerialNumberOid, municipality.Code, UniversalTagNumber.PrintableString);
        subject.AddCommonName(municipality.Name);
        return subject.Build();
    }

    public void Dispose()
    {
        _key.Dispose();
        Root.Dispose();
    }
}

/// <summary>Reads the municipality back out of a sealing certificate's subject.</summary>
internal static class SealingSubjects
{
    /// <summary>id-at-serialNumber (X.520): the local government code.</summary>
    public const string SerialNumberOid = "2.5.4.5";

    private const string CommonNameOid = "2.5.4.3";

    /// <summary>The municipality a certificate names, or <c>null</c> when its subject does not name one.</summary>
    public static IssuingMunicipality? MunicipalityOf(X509Certificate2 certificate)
    {
        string? code = null, name = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
                continue;
            switch (rdn.GetSingleElementType().Value)
            {
                case SerialNumberOid: code = rdn.GetSingleElementValue(); break;
                case CommonNameOid: name = rdn.GetSingleElementValue(); break;
            }
        }
        try
        {
            return code is null || name is null ? null : new IssuingMunicipality(code, name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether the certificate may seal documents: the extended key usage and digitalSignature.</summary>
    public static bool MaySeal(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return usage is not null && usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == SealAuthority.DocumentSealingUsage)
            && keyUsage is not null && keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature);
    }
}
