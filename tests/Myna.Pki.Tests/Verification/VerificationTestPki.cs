using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.Testing.Pki;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests.Verification;

/// <summary>
/// A holder's card for verification tests: both authorities logging into a <see cref="CertificateRegistry"/> on a
/// fake clock, the card's two keys (distinct, as on the chip) and their certificates, and a verifier that reads
/// revocation in process.
/// </summary>
internal sealed class VerificationTestPki : IDisposable
{
    private readonly TestJpki _jpki;

    public VerificationTestPki(ICaKeyStore? keyStore = null, JpkiAuthorityOptions? options = null)
    {
        _jpki = new TestJpki(now: IssueInstant, options: options, keys: keyStore);
        Certificates = Authorities.IssueCardCertificates(
            SignatureKey.ExportParameters(false), AuthenticationKey.ExportParameters(false), Hanako, Koriyama, new DateOnly(2035, 1, 2));
        Verifier = JpkiVerifier.For(Authorities, new InProcessRevocationChecker(Registry), Clock);
    }

    public FakeTimeProvider Clock => _jpki.FakeClock;

    public CertificateRegistry Registry => _jpki.Registry;

    public JpkiAuthorities Authorities => _jpki.Authorities;

    /// <summary>The chip's user-authentication key (private half, to sign as the card would).</summary>
    public RSA AuthenticationKey => TestCardKeys.Authentication;

    /// <summary>The chip's signature key.</summary>
    public RSA SignatureKey => TestCardKeys.Signature;

    public CardCertificates Certificates { get; }

    public X509Certificate2 Authentication => Certificates.Authentication;

    public X509Certificate2 Signature => Certificates.Signature!;

    public JpkiVerifier Verifier { get; }

    /// <summary>A verifier over the same authorities with its own clock and revocation source.</summary>
    public JpkiVerifier VerifierWith(TimeProvider clock, IRevocationChecker? revocation = null) =>
        JpkiVerifier.For(Authorities, revocation ?? new InProcessRevocationChecker(Registry), clock);

    /// <summary>
    /// What the card returns for a login: the client sends DigestInfo(SHA-256(challenge)) and the chip pads it with
    /// PKCS#1 v1.5 type 1 and signs (card-interface §4; <c>MynaCardClient.SignDigest</c>) — the same bytes as SignData.
    /// </summary>
    public static byte[] CardSign(RSA key, byte[] challenge) =>
        key.SignHash(SHA256.HashData(challenge), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>CMS SignedData made with SignedCms and the card's signature key; signingTime as given (none when null).</summary>
    public byte[] SignDocument(byte[] content, bool detached, DateTimeOffset? signingTime, X509Certificate2? certificate = null, RSA? key = null)
    {
        using var withKey = (certificate ?? Signature).CopyWithPrivateKey(key ?? SignatureKey);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, withKey)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        if (signingTime is { } t)
            signer.SignedAttributes.Add(new Pkcs9SigningTime(t.UtcDateTime));
        var cms = new SignedCms(new ContentInfo(content), detached);
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    public void Dispose()
    {
        Certificates.Dispose();
        _jpki.Dispose();
    }
}
