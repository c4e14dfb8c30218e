using System.Security.Cryptography;
using Myna.Primitives;

namespace Myna.Reader;

/// <summary>A login challenge signed by the card: the signature and the certificate that verifies it (both DER / raw).</summary>
/// <param name="Certificate">The user-authentication certificate (EF 000A), DER.</param>
/// <param name="Signature">RSA PKCS#1 v1.5 over SHA-256 of the challenge.</param>
public sealed record SignedChallenge(byte[] Certificate, byte[] Signature);

/// <summary>What came of asking the card to sign a challenge: signed, or the PIN was wrong or blocked.</summary>
public sealed record ChallengeSigning(SignedChallenge? Signed, PinVerificationResult Pin)
{
    /// <summary>The card signed.</summary>
    public bool Succeeded => Signed is not null;
}

/// <summary>
/// The card's side of a login with the user-authentication certificate (card-interface §4): read the certificate,
/// enter the 4-digit PIN, have the card sign SHA-256 of the challenge. What every client does with the card — the
/// holder's command, the sandbox's card slot, a kiosk or a clinic's terminal — so they all do it the same way.
/// </summary>
public static class ChallengeSigner
{
    /// <summary>
    /// Signs <paramref name="challenge"/> with the user-authentication key after <paramref name="pin"/>. The certificate
    /// is read first, so a card without one fails before its PIN is touched; a wrong PIN counts on the card.
    /// </summary>
    /// <exception cref="ArgumentException">The PIN is not the user-authentication PIN.</exception>
    /// <exception cref="CardCommandException">The card has no user-authentication certificate, or refused a command.</exception>
    public static ChallengeSigning Sign(MynaCardClient card, Pin pin, ReadOnlySpan<byte> challenge)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(pin);
        if (pin.Kind != PinKind.UserAuthentication)
            throw new ArgumentException("A login is signed after the user-authentication PIN.", nameof(pin));
        using var certificate = card.ReadAuthenticationCertificate();
        var verified = card.VerifyPin(pin);
        if (!verified.IsVerified)
            return new ChallengeSigning(null, verified);
        var signature = card.SignDigest(JpkiKey.UserAuthentication, SHA256.HashData(challenge));
        return new ChallengeSigning(new SignedChallenge(certificate.RawData, signature), verified);
    }
}
