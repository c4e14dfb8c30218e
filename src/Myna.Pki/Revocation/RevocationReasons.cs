using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Revocation;

/// <summary>
/// Which RFC 5280 §5.3.1 reason code a revocation carries, by the domain event that causes it. One place,
/// so the window, the kiosk and the registry cannot disagree.
/// </summary>
/// <remarks>
/// No event maps to <see cref="X509RevocationReason.CertificateHold"/>: a revocation is final, and a card
/// found again after a loss gets new certificates (guidebook note under L2).
/// </remarks>
public static class RevocationReasons
{
    /// <summary>
    /// The card was reported lost or stolen and its functions suspended (L1): keyCompromise, since someone
    /// else may hold the chip and its keys. Both certificates are revoked.
    /// </summary>
    public const X509RevocationReason ForCardLost = X509RevocationReason.KeyCompromise;

    /// <summary>
    /// Name, address, date of birth or sex changed (M1): affiliationChanged. Only the signature certificate,
    /// which records the four details (E1), is revoked; the user-authentication certificate stays valid.
    /// </summary>
    public const X509RevocationReason ForDetailsChanged = X509RevocationReason.AffiliationChanged;

    /// <summary>A new certificate replaces this one (reissue, L3, M2; renewal): superseded.</summary>
    public const X509RevocationReason ForReissue = X509RevocationReason.Superseded;

    /// <summary>The card lapsed (失効) after a move without the move-in procedure (V5): cessationOfOperation.</summary>
    public const X509RevocationReason ForCardLapsed = X509RevocationReason.CessationOfOperation;

    /// <summary>The card expired; its e-certificates are invalid (V7): cessationOfOperation.</summary>
    public const X509RevocationReason ForCardExpired = X509RevocationReason.CessationOfOperation;

    /// <summary>
    /// A certificate issued for a window procedure that never completed (the process died, or the procedure failed
    /// before it committed): no card carries it into use, so it is revoked at once, cessationOfOperation.
    /// </summary>
    public const X509RevocationReason ForAbandonedIssue = X509RevocationReason.CessationOfOperation;

    /// <summary>The card was returned (返納) at the window: cessationOfOperation.</summary>
    public const X509RevocationReason ForCardReturned = X509RevocationReason.CessationOfOperation;
}
