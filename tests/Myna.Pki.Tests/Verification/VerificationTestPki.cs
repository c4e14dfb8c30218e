using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using static Myna.Pki.Tests.TestPki;

namespace Myna.Pki.Tests.Verification;

/// <summary>
/// A holder's card for verification tests: both authorities logging into a <see cref="CertificateRegistry"/> on a
/// fake clock, the card's two keys (distinct, as on the chip) and their certificates, and a verifier that reads
/// revocation in process.
/// </summary>
internal sealed class VerificationTestPki : IDisposable
{
    private static readonly Lazy<RSA> SharedSignatureKey = new(() => RSA.Create(2048));

    public VerificationTestPki(ICaKeyStore? keyStore = null, JpkiAuthorityOptions? options = null)
    {
        Clock = ClockAt(IssueInstant);
        Registry = new CertificateRegistry();
        Authorities = JpkiAuthorities.LoadOrCreate(keyStore ?? new ReusedKeysCaKeyStore(), options ?? new JpkiAuthorityOptions(), Clock, Registry);
        AuthenticationKey = RSA.Create();
        AuthenticationKey.ImportParameters(CardPrivateKey);
        SignatureKey = SharedSignatureKey.Value;
        Certificates = Authorities.IssueCardCertificates(
            SignatureKey.ExportParameters(false), AuthenticationKey.ExportParameters(false), Hanako, Koriyama, new DateOnly(2035, 1, 2));
        Verifier = JpkiVerifier.For(Authorities, new InProcessRevocationChecker(Registry), Clock);
    }

    public FakeTimeProvider Clock { get; }

    public CertificateRegistry Registry { get; }

    public JpkiAuthorities Authorities { get; }

    /// <summary>The chip's user-authentication key (private half, to sign as the card would).</summary>
    public RSA AuthenticationKey { get; }

    /// <summary>The chip's signature key.</summary>
    public RSA SignatureKey { get; }

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

    private static RSAParameters CardPrivateKey => SharedAuthenticationKey.Value.ExportParameters(true);

    private static readonly Lazy<RSA> SharedAuthenticationKey = new(() => RSA.Create(2048));

    public void Dispose()
    {
        Certificates.Dispose();
        AuthenticationKey.Dispose();
        Authorities.Dispose();
    }
}
