using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;

namespace Myna.Reader;

/// <summary>What came of asking the card to sign a document: the CMS SignedData (DER), or the PIN was wrong or blocked.</summary>
public sealed record DocumentSigning(byte[]? SignedData, PinVerificationResult Pin)
{
    public bool Succeeded => SignedData is not null;
}

/// <summary>
/// Signs a document with the card's signature key as CMS SignedData (RFC 5652), as a relying party verifies it
/// (<c>JpkiVerifier.VerifyDetachedDocumentAsync</c>, <c>openssl cms -verify</c>): SHA-256, the signature certificate
/// included, a signingTime attribute. What every client does with the card to sign — the sandbox's card slot, the
/// holder's command — so they all do it the same way.
/// </summary>
public static class DocumentSigner
{
    /// <summary>
    /// Signs <paramref name="content"/> after the signature password <paramref name="pin"/>: detached (the signature
    /// alone) or with the content inside. A wrong password counts on the card.
    /// </summary>
    /// <param name="card">The card.</param>
    /// <param name="pin">The signature password (署名用電子証明書の暗証番号).</param>
    /// <param name="content">The document.</param>
    /// <param name="signingTime">The time the signer states (the signingTime attribute).</param>
    /// <param name="detached">True for a detached signature.</param>
    /// <exception cref="ArgumentException">The PIN is not the signature password.</exception>
    /// <exception cref="CardCommandException">The card has no signature certificate, or refused a command.</exception>
    public static DocumentSigning Sign(MynaCardClient card, Pin pin, ReadOnlyMemory<byte> content, DateTimeOffset signingTime, bool detached = true)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(pin);
        if (pin.Kind != PinKind.Signature)
            throw new ArgumentException("A document is signed after the signature password.", nameof(pin));
        // The signature certificate is read after its password: the card answers 6982 before (card-interface §2.1).
        var verified = card.VerifyPin(pin);
        if (!verified.IsVerified)
            return new DocumentSigning(null, verified);
        using var certificate = card.ReadSignatureCertificate();
        using var publicKey = certificate.GetRSAPublicKey() ?? throw new CardDataFormatException("The signature certificate's key is not RSA.");
        using var key = new CardRsa(card, JpkiKey.Signature, publicKey.ExportParameters(false));
        var cms = new SignedCms(new ContentInfo(content.ToArray()), detached);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, key)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return new DocumentSigning(cms.Encode(), verified);
    }
}
