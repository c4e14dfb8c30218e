using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Verification;

public sealed partial class JpkiVerifier
{
    /// <summary>
    /// Verifies a login: <paramref name="signature"/> is the card's user-authentication key's RSA PKCS#1 v1.5
    /// signature over SHA-256 of <paramref name="challenge"/> (the client hashes the challenge and the card signs
    /// the DigestInfo, card-interface §4), and <paramref name="certificate"/> is that key's certificate (card EF 000A).
    /// </summary>
    /// <remarks>
    /// Checks, in order: input; the certificate chains to the user-authentication authority (not the signature
    /// one); keyUsage digitalSignature; valid now (certificate and CA); the signature; not revoked now.
    /// </remarks>
    /// <param name="challenge">The bytes the relying party issued (1 to <see cref="JpkiVerifierOptions.MaxChallengeBytes"/>).</param>
    /// <param name="signature">The card's signature.</param>
    /// <param name="certificate">The DER user-authentication certificate.</param>
    /// <param name="cancellationToken">Cancels a revocation look-up over the network.</param>
    public async ValueTask<VerificationResult> VerifyLoginAsync(
        ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> signature, ReadOnlyMemory<byte> certificate,
        CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (challenge.IsEmpty || challenge.Length > _options.MaxChallengeBytes)
            return Fail(VerificationFailure.Malformed("The challenge is empty or longer than allowed."), now);
        if (Facts(certificate.Span) is not { } facts)
            return Fail(VerificationFailure.Malformed("The certificate is not a DER X.509 certificate."), now);

        var failure = CheckCertificate(facts, JpkiHierarchy.UserAuthentication, X509KeyUsageFlags.DigitalSignature, now)
            ?? CheckLoginSignature(facts, challenge.Span, signature.Span);
        if (failure is not null)
            return Fail(failure, now, facts);

        var (check, revoked) = await CheckRevocationAsync(facts, JpkiHierarchy.UserAuthentication, now, cancellationToken).ConfigureAwait(false);
        return new VerificationResult { Failure = revoked, Certificate = facts.Summary, Revocation = check, TimeOfUse = now };
    }

    /// <summary>
    /// Verifies a user-authentication certificate alone, for a trusted terminal that confirmed the holder another way
    /// (a face check against the chip's photo, a staff member's look) and so has no signature to show: the chain to the
    /// user-authentication authority, keyUsage, validity and revocation now.
    /// </summary>
    public async ValueTask<VerificationResult> VerifyAuthenticationCertificateAsync(ReadOnlyMemory<byte> certificate, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (Facts(certificate.Span) is not { } facts)
            return Fail(VerificationFailure.Malformed("The certificate is not a DER X.509 certificate."), now);
        if (CheckCertificate(facts, JpkiHierarchy.UserAuthentication, X509KeyUsageFlags.DigitalSignature, now) is { } failure)
            return Fail(failure, now, facts);
        var (check, revoked) = await CheckRevocationAsync(facts, JpkiHierarchy.UserAuthentication, now, cancellationToken).ConfigureAwait(false);
        return new VerificationResult { Failure = revoked, Certificate = facts.Summary, Revocation = check, TimeOfUse = now };
    }

    private static VerificationFailure? CheckLoginSignature(CertificateFacts facts, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> signature)
    {
        if (facts.PublicKeys is not { } keys)
            return new VerificationFailure(VerificationFailureCode.WrongKeyUsage, "The certificate's key is not an RSA key (card-interface §6).");
        var rsa = keys.Rent();
        try
        {
            if (signature.Length != rsa.KeySize / 8)
                return VerificationFailure.BadSignature("The signature's length does not match the certificate's key.");
            return rsa.VerifyData(challenge, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                ? null
                : VerificationFailure.BadSignature("The signature over the challenge does not verify with the certificate's key.");
        }
        finally
        {
            keys.Return(rsa);
        }
    }

    private static VerificationResult Fail(VerificationFailure failure, DateTimeOffset timeOfUse, CertificateFacts? facts = null) =>
        new() { Failure = failure, Certificate = facts?.Summary, TimeOfUse = timeOfUse };
}
