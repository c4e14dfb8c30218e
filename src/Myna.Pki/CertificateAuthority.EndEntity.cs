using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;

namespace Myna.Pki;

public sealed partial class CertificateAuthority
{
    /// <summary>Age from which a signature certificate may be issued (V2: "under 15 … none").</summary>
    public const int SignatureCertificateMinimumAge = 15;

    /// <summary>Whether a holder born on <paramref name="birthDate"/> is 15 or over today in Japan (V2).</summary>
    public bool IsOldEnoughForSignatureCertificate(DateOnly birthDate) =>
        Birthdays.AgeOn(birthDate, JapanClock.Today(_clock)) >= SignatureCertificateMinimumAge;

    /// <summary>
    /// Issues the signature certificate (署名用電子証明書) for a card's signing key (card-interface §6, E1, E2, V2).
    /// </summary>
    /// <param name="publicKey">The chip's RSA public key (modulus and exponent only; RSA-2048 or larger).</param>
    /// <param name="subject">The holder's four basic details and the issuing municipality.</param>
    /// <param name="cardExpiry">The card's last valid day; the certificate never outlives it (E2).</param>
    /// <param name="crlUrl">
    /// An optional HTTP location of the same CRL, added to the distribution point; when null,
    /// <see cref="JpkiAuthorityOptions.CrlUrl"/> of the options (if a public base URL is set).
    /// </param>
    /// <param name="requestId">The request the certificate is issued for, recorded with it in the log (<see cref="IssuedCertificateRecord.RequestId"/>).</param>
    /// <returns>The certificate, without a private key.</returns>
    /// <exception cref="InvalidOperationException">This authority is not the signature hierarchy.</exception>
    /// <exception cref="ArgumentException">The holder is under 15 (V2), the card has expired, or the key is too small.</exception>
    public X509Certificate2 IssueSignatureCertificate(
        RSAParameters publicKey, SignatureCertificateSubject subject, DateOnly cardExpiry, Uri? crlUrl = null, Guid? requestId = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        RequireHierarchy(JpkiHierarchy.Signature);
        subject.Municipality.Validate();
        var person = subject.Person;
        ArgumentException.ThrowIfNullOrWhiteSpace(person.Name, nameof(subject));
        ArgumentException.ThrowIfNullOrWhiteSpace(person.Address, nameof(subject));
        // card-interface §6: the address otherName holds at most 200 characters.
        if (person.Address.EnumerateRunes().Count() > 200)
            throw new ArgumentException("The address is longer than 200 characters (card-interface §6).", nameof(subject));

        var notBefore = TruncateToSecond(_clock.GetUtcNow());
        var issueDate = JapanClock.DateOf(notBefore);
        if (Birthdays.AgeOn(person.BirthDate, issueDate) < SignatureCertificateMinimumAge)
            throw new ArgumentException("No signature certificate is issued to a holder under 15 (V2).", nameof(subject));

        var name = JpkiNames.SignatureSubject(subject.Municipality, NewOpaqueId());
        return Issue(
            publicKey, name, notBefore, person.BirthDate, cardExpiry, subject.Municipality, crlUrl,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            JpkiExtensions.SubjectAltName(JpkiExtensions.SignatureOtherNames(subject)),
            JpkiOids.SignaturePolicy, requestId);
    }

    /// <summary>
    /// Issues the user-authentication certificate (利用者証明用電子証明書) for a card's authentication key:
    /// subject <c>C=JP, CN=&lt;opaque id&gt;</c> and no SAN, since it records none of the four details (E1).
    /// </summary>
    /// <param name="publicKey">The chip's RSA public key (RSA-2048 or larger).</param>
    /// <param name="birthDate">The holder's date of birth: used only for the validity (V2), never written.</param>
    /// <param name="municipality">The issuing municipality: used only for the CRL distribution point name.</param>
    /// <param name="cardExpiry">The card's last valid day; the certificate never outlives it (E2).</param>
    /// <param name="crlUrl">An optional HTTP location of the same CRL, added to the distribution point.</param>
    /// <param name="requestId">The request the certificate is issued for, recorded with it in the log.</param>
    /// <returns>The certificate, without a private key.</returns>
    public X509Certificate2 IssueAuthenticationCertificate(
        RSAParameters publicKey, DateOnly birthDate, JpkiMunicipality municipality, DateOnly cardExpiry,
        Uri? crlUrl = null, Guid? requestId = null)
    {
        ArgumentNullException.ThrowIfNull(municipality);
        RequireHierarchy(JpkiHierarchy.UserAuthentication);
        municipality.Validate();
        var notBefore = TruncateToSecond(_clock.GetUtcNow());
        var name = JpkiNames.AuthenticationSubject(NewOpaqueId());
        return Issue(
            publicKey, name, notBefore, birthDate, cardExpiry, municipality, crlUrl,
            X509KeyUsageFlags.DigitalSignature, subjectAltName: null, JpkiOids.AuthenticationPolicy, requestId);
    }

    private X509Certificate2 Issue(
        RSAParameters publicKey, X500DistinguishedName subjectName, DateTimeOffset notBefore, DateOnly birthDate,
        DateOnly cardExpiry, JpkiMunicipality municipality, Uri? crlUrl, X509KeyUsageFlags keyUsage,
        X509Extension? subjectAltName, string policyOid, Guid? requestId)
    {
        var issueDate = JapanClock.DateOf(notBefore);
        if (birthDate > issueDate)
            throw new ArgumentException("The date of birth is after the issue date.", nameof(birthDate));
        if (cardExpiry < issueDate)
            throw new ArgumentException("The card has expired; its certificates are invalid (V7).", nameof(cardExpiry));
        var notAfter = JpkiValidity.EndEntityNotAfter(birthDate, issueDate, cardExpiry);
        // RFC 5280 §6.1.3 (a)(2): every certificate in the path must be valid at the time of use, so an
        // end entity must lie inside its CA's validity or it would fail validation at its edges.
        if (notBefore < new DateTimeOffset(Certificate.NotBefore.ToUniversalTime()))
            throw new InvalidOperationException("The clock is before the CA certificate's validity.");
        if (notAfter > new DateTimeOffset(Certificate.NotAfter.ToUniversalTime()))
            throw new InvalidOperationException("The CA certificate expires before the certificate would; the CA needs renewing.");

        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = publicKey.Modulus, Exponent = publicKey.Exponent });
        if (rsa.KeySize < MinimumKeySizeInBits)
            throw new ArgumentException("Card keys are RSA-2048 or larger (card-interface §6).", nameof(publicKey));

        var request = new CertificateRequest(subjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // Extension order and criticality of the real cards (card-interface §6): KU (the only critical one), SAN
        // (signature only), issuerAltName, CRL DP, certificatePolicies, AKI, and SKI last — the Hitachi
        // parser hashes the TBS up to the SKI, so SKI must stay last.
        var extensions = request.CertificateExtensions;
        extensions.Add(new X509KeyUsageExtension(keyUsage, critical: true));
        if (subjectAltName is not null)
            extensions.Add(subjectAltName);
        extensions.Add(JpkiExtensions.DirectoryNameAltName(JpkiOids.IssuerAltName, JpkiNames.Service(_options)));
        extensions.Add(JpkiExtensions.CrlDistributionPoints(
            JpkiNames.CrlDistributionPoint(_options, Hierarchy, municipality), crlUrl ?? _options.CrlUrl(Hierarchy)));
        extensions.Add(JpkiExtensions.CertificatePolicies(policyOid));
        extensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value, i.e. the RSAPublicKey DER.
        extensions.Add(new X509SubjectKeyIdentifierExtension(
            request.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false));

        return SignAndRecord(request, notBefore, notAfter, requestId);
    }

    /// <summary>
    /// Signs a certificate under a fresh serial and records it in the log, under the issuance lock so that
    /// serial choice and recording cannot interleave (RFC 5280 §4.1.2.2: unique per issuer).
    /// </summary>
    private X509Certificate2 SignAndRecord(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter, Guid? requestId)
    {
        lock (_issuing)
        {
            var serial = NewSerialNumber(_log, Hierarchy);
            var certificate = request.Create(Name, _signer.SignatureGenerator, notBefore, notAfter, serial);
            _log.Record(new IssuedCertificateRecord(certificate.SerialNumber, Hierarchy, notBefore, notAfter) { RequestId = requestId });
            return certificate;
        }
    }

    private void RequireHierarchy(JpkiHierarchy wanted)
    {
        if (Hierarchy != wanted)
            throw new InvalidOperationException(Invariant($"This is the {Hierarchy} authority; the certificate belongs to the {wanted} hierarchy."));
    }
}
