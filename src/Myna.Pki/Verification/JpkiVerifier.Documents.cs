using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Verification;

public sealed partial class JpkiVerifier
{
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string SignedDataOid = "1.2.840.113549.1.7.2";

    // SHA-256, SHA-384, SHA-512 (RFC 5754 §2): MD5 and SHA-1 digests are refused.
    private static readonly HashSet<string> AcceptedDigests = new(StringComparer.Ordinal)
    {
        "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3",
    };

    /// <summary>
    /// Verifies a document signed with a card's signature key: CMS SignedData (RFC 5652) with one signer and the
    /// content inside (attached; <c>openssl cms -sign -nodetach</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Checks, in order: input (DER SignedData, one signer, its certificate included, content present); the
    /// signature over the content (SHA-2 digests only); the certificate chains to the signature authority;
    /// keyUsage nonRepudiation; valid at the signing time; not revoked at the signing time. The signing time is
    /// the signed <c>signingTime</c> attribute (RFC 5652 §11.3), or now when there is none.
    /// </para>
    /// <para>
    /// A certificate revoked after the signing time leaves the document valid, and the result says so
    /// (<see cref="VerificationResult.RevokedAfterTimeOfUse"/>). The signingTime is the signer's own claim: only a
    /// timestamp token (RFC 3161), not handled here, would prove it.
    /// </para>
    /// </remarks>
    /// <param name="signedData">The DER ContentInfo of SignedData (what <c>openssl cms -sign -outform DER</c> writes).</param>
    /// <param name="cancellationToken">Cancels a revocation look-up over the network.</param>
    /// <returns>The result, with the signer's four details (E1) whenever the signature certificate could be read.</returns>
    public ValueTask<VerificationResult> VerifyDocumentAsync(ReadOnlyMemory<byte> signedData, CancellationToken cancellationToken = default) =>
        VerifyDocumentAsync(signedData, null, cancellationToken);

    /// <summary>
    /// Verifies a detached signature (<c>openssl cms -sign</c> without <c>-nodetach</c>) over <paramref name="content"/>,
    /// with the checks of <see cref="VerifyDocumentAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.
    /// </summary>
    /// <param name="signedData">The DER ContentInfo of SignedData without eContent.</param>
    /// <param name="content">The signed document.</param>
    /// <param name="cancellationToken">Cancels a revocation look-up over the network.</param>
    public ValueTask<VerificationResult> VerifyDetachedDocumentAsync(
        ReadOnlyMemory<byte> signedData, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        VerifyDocumentAsync(signedData, (ReadOnlyMemory<byte>?)content, cancellationToken);

    private async ValueTask<VerificationResult> VerifyDocumentAsync(
        ReadOnlyMemory<byte> signedData, ReadOnlyMemory<byte>? detachedContent, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var (cms, inputFailure) = Decode(signedData, detachedContent);
        if (cms is null)
            return Fail(inputFailure!, now);

        var signer = cms.SignerInfos[0];
        X509Certificate2? certificate;
        DateTimeOffset? signingTime;
        Primitives.BasicFourInformation? details;
        try
        {
            // Each of these reads bytes from outside: a certificate in the set that is not one, an attribute or a
            // subjectAltName that does not parse (found by fuzzing) is malformed input, not an exception.
            certificate = signer.Certificate;
            signingTime = certificate is null ? null : SigningTime(signer);
            details = certificate is null ? null : SignerDetailsReader.Read(certificate);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or FormatException)
        {
            return Fail(VerificationFailure.Malformed("The SignedData's certificates or signed attributes do not parse."), now);
        }
        if (certificate is null)
            return Fail(VerificationFailure.Malformed("The SignedData does not carry the signer's certificate."), now);
        if (Facts(certificate.RawData) is not { } facts)
            return Fail(VerificationFailure.Malformed("The signer's certificate is not a DER X.509 certificate."), now);
        var timeOfUse = signingTime ?? now;
        VerificationResult Failed(VerificationFailure f) =>
            new() { Failure = f, Certificate = facts.Summary, TimeOfUse = timeOfUse, SigningTime = signingTime, Signer = details };

        if (!AcceptedDigests.Contains(signer.DigestAlgorithm.Value ?? ""))
            return Failed(VerificationFailure.BadSignature("The document is signed over a digest other than SHA-256/384/512."));
        try
        {
            // verifySignatureOnly: the signature and the message-digest attribute; the chain is checked below.
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Failed(VerificationFailure.BadSignature("The document's signature does not verify with the signer's certificate."));
        }
        if (signingTime > now + _options.ClockSkew)
            return Failed(VerificationFailure.Malformed("The signingTime attribute lies in the future."));
        var failure = CheckCertificate(facts, JpkiHierarchy.Signature, X509KeyUsageFlags.NonRepudiation, timeOfUse);
        if (failure is null && details is null)
            failure = VerificationFailure.Malformed("The signature certificate does not carry the four basic details in its subjectAltName (card-interface §6).");
        if (failure is not null)
            return Failed(failure);

        var (check, revoked) = await CheckRevocationAsync(facts, JpkiHierarchy.Signature, timeOfUse, cancellationToken).ConfigureAwait(false);
        return new VerificationResult
        {
            Failure = revoked, Certificate = facts.Summary, Revocation = check, TimeOfUse = timeOfUse,
            SigningTime = signingTime, Signer = details,
        };
    }

    private static (SignedCms? Cms, VerificationFailure? Failure) Decode(ReadOnlyMemory<byte> signedData, ReadOnlyMemory<byte>? detachedContent)
    {
        if (signedData.IsEmpty)
            return (null, VerificationFailure.Malformed("The signed data is empty."));
        SignedCms cms;
        try
        {
            // SignedCms.Decode does not say whether eContent was there, so the DER says it.
            var attached = HasEncapsulatedContent(signedData);
            if (attached && detachedContent is not null)
                return (null, VerificationFailure.Malformed("The signed data carries its own content: give no detached content."));
            if (!attached && detachedContent is null)
                return (null, VerificationFailure.Malformed("The signature is detached: the signed content must be given too."));
            cms = detachedContent is { } content
                ? new SignedCms(new ContentInfo(content.ToArray()), detached: true)
                : new SignedCms();
            cms.Decode(signedData.Span);
            // The signer infos (and their attributes) are decoded on first use: inside the catch (found by fuzzing).
            if (cms.SignerInfos.Count != 1)
                return (null, VerificationFailure.Malformed("A JPKI signed document has exactly one signer."));
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return (null, VerificationFailure.Malformed("The signed data is not DER CMS SignedData."));
        }
        return (cms, null);
    }

    /// <summary>Whether SignedData's encapContentInfo holds eContent (attached) or not (detached), RFC 5652 §5.1–5.2.</summary>
    private static bool HasEncapsulatedContent(ReadOnlyMemory<byte> der)
    {
        var explicit0 = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        // ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY DEFINED BY contentType }
        var contentInfo = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
            throw new AsnContentException("Not SignedData.");
        // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo EncapsulatedContentInfo, ... }
        var signed = contentInfo.ReadSequence(explicit0).ReadSequence();
        signed.ReadInteger();
        signed.ReadSetOf();
        // EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
        var encapsulated = signed.ReadSequence();
        encapsulated.ReadObjectIdentifier();
        return encapsulated.HasData;
    }

    private static DateTimeOffset? SigningTime(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != SigningTimeOid)
                continue;
            foreach (var value in attribute.Values)
            {
                if (value is Pkcs9SigningTime time)
                    return new DateTimeOffset(time.SigningTime.ToUniversalTime(), TimeSpan.Zero);
            }
        }
        return null;
    }
}
