using Myna.Card;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Issuance;

/// <summary>What the window keeps of an issued card to work on its chip later.</summary>
/// <param name="Serial">The chip serial (16 digits).</param>
/// <param name="MunicipalityCode">The issuing municipality's 5-digit code, as the common record holds it.</param>
/// <param name="SecurityCode">The 4-digit security code printed on the card.</param>
/// <param name="CardPublicKey">The common AP's card key, SubjectPublicKeyInfo DER.</param>
public sealed record IssuedCardDetails(string Serial, string MunicipalityCode, string SecurityCode, byte[] CardPublicKey)
{
    public override string ToString() => "IssuedCardDetails";
}

// The window's procedures on a card that was issued before (M1, V4, L2, E5, P3), each through the chip's own
// issuer commands, as at delivery: nothing is written into the chip except by the chip. The chip is open in memory
// (StagedCardImage); the caller stages and places what it wrote.
public sealed partial class IssuingSystem
{
    /// <summary>M1, V4: rewrites the chip's record of the holder (four details, card face, expiry).</summary>
    /// <param name="chip">The card's chip, open.</param>
    /// <param name="card">The card's details.</param>
    /// <param name="myNumber">The holder's My Number (unchanged).</param>
    /// <param name="person">The four details after the change.</param>
    /// <param name="cardExpiry">The card's expiry (changed by V4, or as it was).</param>
    /// <returns>A warning when the card-face images could not be drawn (no Japanese font); null otherwise.</returns>
    public string? RewriteCardFace(VirtualCard chip, IssuedCardDetails card, MyNumber myNumber, BasicFourInformation person, DateOnly cardExpiry)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(person);
        var images = RenderImages(person, myNumber, card.SecurityCode, out var warning);
        WithChip(chip, NoCertificates.Instance, (personalizer, transport) =>
            personalizer.RewriteCardFace(transport, new CardFaceRewrite(
                card.Serial, myNumber, person, cardExpiry, card.MunicipalityCode, card.SecurityCode,
                CardKeys.FromSubjectPublicKeyInfo(card.CardPublicKey), images)));
        return warning;
    }

    /// <summary>
    /// L2, M1, E5, V1: generates a new key on the chip for <paramref name="kind"/>, has the authority certify it
    /// for <paramref name="person"/> (recorded under <paramref name="requestId"/>), writes the certificate and sets its
    /// PIN (chosen by the holder).
    /// </summary>
    /// <returns>The new certificate, DER.</returns>
    public byte[] IssueCertificate(
        VirtualCard chip, IssuedCardDetails card, CertificateKind kind, Pin pin, BasicFourInformation person, JpkiMunicipality municipality,
        DateOnly cardExpiry, Guid? requestId)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(pin);
        byte[] certificate = [];
        var issuer = new AuthorityCertificateIssuer(Authorities, person, municipality, cardExpiry, requestId);
        WithChip(chip, issuer, (personalizer, transport) =>
            certificate = personalizer.ReplaceCertificate(transport, kind, pin, card.Serial));
        return certificate;
    }

    /// <summary>Takes a certificate, its key and its PIN off the chip (a revoked certificate that is not replaced).</summary>
    public void RemoveCertificate(VirtualCard chip, IssuedCardDetails card, CertificateKind kind)
    {
        ArgumentNullException.ThrowIfNull(card);
        WithChip(chip, NoCertificates.Instance, (personalizer, transport) =>
            personalizer.RemoveCertificate(transport, kind, card.Serial));
    }

    /// <summary>P3: sets a new PIN chosen by the holder and clears its counter, blocked or not.</summary>
    public void ResetPin(VirtualCard chip, IssuedCardDetails card, Pin pin)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(pin);
        WithChip(chip, NoCertificates.Instance, (personalizer, transport) =>
            personalizer.ResetPin(transport, pin.Kind, pin, card.Serial));
    }

    private void WithChip(VirtualCard chip, ICardCertificateIssuer certificates, Action<CardPersonalizer, ICardTransport> work)
    {
        ArgumentNullException.ThrowIfNull(chip);
        using var transport = new EmulatorTransport(chip);
        work(new CardPersonalizer(_issuerKey, certificates, _cardDataKey), transport);
    }
}

/// <summary>The certificate side of a personaliser that must not issue anything (rewrites, PIN resets).</summary>
file sealed class NoCertificates : ICardCertificateIssuer
{
    public static readonly NoCertificates Instance = new();

    public byte[] IssueCertificate(CertificateKind kind, System.Security.Cryptography.RSAParameters publicKey) =>
        throw new InvalidOperationException("This procedure issues no certificate.");

    public byte[] CaCertificate(CertificateKind kind) =>
        throw new InvalidOperationException("This procedure writes no CA certificate.");
}
