using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Primitives;

namespace Myna.OcspLoad;

/// <summary>
/// The certificates both responders answer for: the two JPKI authorities (keys as encrypted PKCS#8 in a
/// temporary directory), N user-authentication certificates of which every K-th is revoked, all recorded
/// in one <see cref="CertificateRegistry"/>, which is Myna's status source.
/// </summary>
/// <remarks>Benchmark-only software keys throughout: nothing here is a pattern for a real deployment.</remarks>
internal sealed class BenchmarkPki : IDisposable
{
    // Revocation reasons a user-authentication certificate gets from the domain (RevocationReasons).
    private static readonly X509RevocationReason[] Reasons =
        [RevocationReasons.ForCardLost, RevocationReasons.ForReissue, RevocationReasons.ForCardLapsed];

    private readonly List<X509Certificate2> _issued = [];
    private readonly OpenSslIndex _index = new();
    private readonly EncryptedPkcs8CaKeyStore _keyStore;
    private readonly TimeProvider _clock;

    private BenchmarkPki(string directory, TimeProvider clock)
    {
        _clock = clock;
        // The passphrase only guards a throw-away temp directory.
        _keyStore = new EncryptedPkcs8CaKeyStore(Path.Combine(directory, "ca-keys"), "myna-ocsp-benchmark");
        Authorities = JpkiAuthorities.LoadOrCreate(_keyStore, new JpkiAuthorityOptions(), clock, Registry);
    }

    public CertificateRegistry Registry { get; } = new();

    public JpkiAuthorities Authorities { get; }

    public CertificateAuthority Authority => Authorities.Authentication;

    /// <summary>The end-entity certificates, in issue order.</summary>
    public IReadOnlyList<X509Certificate2> Issued => _issued;

    /// <summary>Whether the certificate at <paramref name="index"/> of <see cref="Issued"/> was revoked.</summary>
    public bool IsRevoked(int index) => Registry.GetStatus(Authority.Hierarchy, _issued[index].SerialNumber).Kind
        == CertificateStatusKind.Revoked;

    public static BenchmarkPki Create(string directory, int certificates, int revokeEvery, TimeProvider clock)
    {
        var pki = new BenchmarkPki(directory, clock);
        try
        {
            pki.IssueAndRevoke(certificates, revokeEvery);
            return pki;
        }
        catch
        {
            pki.Dispose();
            throw;
        }
    }

    private void IssueAndRevoke(int certificates, int revokeEvery)
    {
        // Generating 1,000 RSA keys would take minutes; the responders care about serials, not keys, so the
        // certificates share a handful of card keys.
        var cardKeys = Enumerable.Range(0, 4).Select(_ => RSA.Create(2048)).ToArray();
        try
        {
            var today = JapanClock.Today(_clock);
            var municipality = new JpkiMunicipality("Fukushima-ken", "Koriyama-shi");
            for (var i = 0; i < certificates; i++)
            {
                var certificate = Authority.IssueAuthenticationCertificate(
                    cardKeys[i % cardKeys.Length].ExportParameters(false), new DateOnly(1980, 1, 1).AddDays(i % 9000),
                    municipality, today.AddYears(5));
                _issued.Add(certificate);
                if (i % revokeEvery == revokeEvery - 1)
                {
                    var reason = Reasons[(i / revokeEvery) % Reasons.Length];
                    var result = Registry.Revoke(Authority.Hierarchy, certificate.SerialNumber, reason, _clock.GetUtcNow());
                    _index.AddRevoked(certificate, result.Revocation!.RevokedAt, reason);
                }
                else
                {
                    _index.AddValid(certificate);
                }
            }
        }
        finally
        {
            foreach (var key in cardKeys)
                key.Dispose();
        }
    }

    /// <summary>
    /// Writes what <c>openssl ocsp -index</c> needs to serve the same certificates: the CA certificate, an
    /// OCSP-signing certificate from the same CA with its key as plain PEM, and the index.
    /// </summary>
    public void WriteOpenSslFiles(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "ca.pem"), Authority.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "index.txt"), _index.ToString());
        // Lets several certificates share a subject, as openssl ca would need; ocsp reads it if present.
        File.WriteAllText(Path.Combine(directory, "index.txt.attr"), "unique_subject = no\n");

        using var key = RSA.Create(2048);
        using var certificate = IssueOpenSslResponderCertificate(key);
        File.WriteAllText(Path.Combine(directory, "openssl-responder.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "openssl-responder.key"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// An OCSP-signing certificate (RFC 6960 §4.2.2.2) for OpenSSL's responder, with the extensions Myna's own
    /// delegated responder certificate carries. <c>CertificateAuthority</c> keeps its issuer of those internal,
    /// so this one is signed here with the CA key read back from the key store, and recorded in the registry
    /// like anything else the CA signs.
    /// </summary>
    private X509Certificate2 IssueOpenSslResponderCertificate(RSA key)
    {
        var label = CertificateAuthority.KeyLabel(Authority.Hierarchy);
        using var caSigner = _keyStore.Open(label) ?? throw new InvalidOperationException("The CA key is missing.");
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("JP");
        subject.AddOrganizationName("JPKI");
        subject.AddCommonName("OpenSSL OCSP Responder (benchmark)");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var extensions = request.CertificateExtensions;
        extensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        extensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.9")], critical: false)); // id-kp-OCSPSigning
        extensions.Add(new X509Extension("1.3.6.1.5.5.7.48.1.5", [0x05, 0x00], critical: false)); // id-pkix-ocsp-nocheck ::= NULL
        extensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Authority.Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        extensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false));

        var now = _clock.GetUtcNow();
        var notBefore = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var notAfter = notBefore.AddDays(7);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive, 16 content octets (RFC 5280 §4.1.2.2)
        var certificate = request.Create(Authority.Name, caSigner.SignatureGenerator, notBefore, notAfter, serial);
        Registry.Record(new IssuedCertificateRecord(certificate.SerialNumber, Authority.Hierarchy, notBefore, notAfter));
        return certificate;
    }

    /// <summary>
    /// A DER OCSPRequest (RFC 6960 §4.1.1) for one certificate: SHA-1 CertID, and no nonce — what
    /// <c>openssl ocsp -no_nonce</c> and RFC 5019 clients send — or a 16-byte nonce, as <c>openssl ocsp</c> and
    /// Myna's own checker send by default.
    /// </summary>
    public byte[] OcspRequest(X509Certificate2 certificate, byte[]? nonce = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        // OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest }
        using (writer.PushSequence())
        // TBSRequest ::= SEQUENCE { requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            // Request ::= SEQUENCE { reqCert CertID }
            using (writer.PushSequence())
            // CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber }
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.3.14.3.2.26"); // id-sha1
                    writer.WriteNull();
                }
                writer.WriteOctetString(SHA1.HashData(Authority.Name.RawData));
                writer.WriteOctetString(SHA1.HashData(Authority.Certificate.PublicKey.EncodedKeyValue.RawData));
                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }
            if (nonce is not null)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.3.6.1.5.5.7.48.1.2"); // id-pkix-ocsp-nonce
                    // extnValue: OCTET STRING holding the DER of Nonce ::= OCTET STRING (RFC 8954 §2.1)
                    var inner = new AsnWriter(AsnEncodingRules.DER);
                    inner.WriteOctetString(nonce);
                    writer.WriteOctetString(inner.Encode());
                }
            }
        }
        return writer.Encode();
    }

    public void Dispose()
    {
        foreach (var certificate in _issued)
            certificate.Dispose();
        Authorities.Dispose();
    }
}
