using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki;

public sealed partial class CertificateAuthority
{
    /// <summary>id-kp-OCSPSigning (RFC 6960 §4.2.2.2).</summary>
    internal const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";

    /// <summary>id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1).</summary>
    internal const string OcspNoCheckOid = "1.3.6.1.5.5.7.48.1.5";

    /// <summary>
    /// Issues a delegated OCSP responder certificate (RFC 6960 §4.2.2.2) for <paramref name="responderKey"/>:
    /// subject = the CA's DN plus <c>CN=OCSP Responder</c>, KU digitalSignature (critical), EKU
    /// id-kp-OCSPSigning, id-pkix-ocsp-nocheck (clients need not check the responder's own status, hence the
    /// short validity), AKI and SKI. It is recorded in the issued-certificate log like any other.
    /// </summary>
    /// <param name="responderKey">The responder's RSA key (its public half goes into the certificate).</param>
    /// <param name="validity">How long the certificate lasts; clipped to the CA's own validity.</param>
    /// <param name="notBefore">The instant it is valid from (cut to the second); null: the clock's now.</param>
    internal X509Certificate2 IssueOcspResponderCertificate(RSA responderKey, TimeSpan validity, DateTimeOffset? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(responderKey);
        var from = TruncateToSecond(notBefore ?? _clock.GetUtcNow());
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var notAfter = from + validity;
        if (notAfter > caNotAfter)
            notAfter = caNotAfter;
        if (notAfter <= from)
            throw new InvalidOperationException("The CA certificate has expired; it cannot delegate OCSP signing.");

        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName("OCSP Responder");
        var subject = new X500DistinguishedName(
            Concat(builder.Build().RawData, Name.RawData));
        var request = new CertificateRequest(subject, responderKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var extensions = request.CertificateExtensions;
        extensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(OcspSigningOid)], critical: false));
        // id-pkix-ocsp-nocheck ::= NULL
        extensions.Add(new X509Extension(OcspNoCheckOid, [0x05, 0x00], critical: false));
        extensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        extensions.Add(new X509SubjectKeyIdentifierExtension(
            request.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false));

        return SignAndRecord(request, from, notAfter, requestId: null);
    }

    /// <summary>
    /// Appends the RDNs of <paramref name="parentName"/> before the one RDN in <paramref name="leafName"/>:
    /// Name ::= SEQUENCE OF RelativeDistinguishedName (RFC 5280 §4.1.2.4), most general first.
    /// </summary>
    private static byte[] Concat(byte[] leafName, byte[] parentName)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            var parent = new System.Formats.Asn1.AsnReader(parentName, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
            while (parent.HasData)
                writer.WriteEncodedValue(parent.ReadEncodedValue().Span);
            var leaf = new System.Formats.Asn1.AsnReader(leafName, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
            while (leaf.HasData)
                writer.WriteEncodedValue(leaf.ReadEncodedValue().Span);
        }
        return writer.Encode();
    }
}
