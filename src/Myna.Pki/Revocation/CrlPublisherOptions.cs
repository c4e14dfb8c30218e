using System.Numerics;

namespace Myna.Pki.Revocation;

/// <summary>How a <see cref="CrlPublisher"/> issues its CRLs.</summary>
public sealed class CrlPublisherOptions
{
    /// <summary>nextUpdate − thisUpdate (RFC 5280 §5.1.2.5). Default 24 hours.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long before nextUpdate <see cref="CrlPublisher.RefreshIfDue"/> re-issues, so relying parties never
    /// see a stale CRL. Default 1 hour; must be shorter than <see cref="Validity"/>.
    /// </summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The CRL number of the first CRL this publisher issues (RFC 5280 §5.2.3). Default 1. A host that
    /// remembers the last number it published passes the next one, since numbers must never be reused.
    /// </summary>
    public BigInteger FirstNumber { get; init; } = BigInteger.One;

    /// <summary>
    /// Where the last CRL number is kept across restarts; null (default) keeps it in memory only. With a store,
    /// the first CRL is numbered one above the stored number, or <see cref="FirstNumber"/> if that is higher.
    /// </summary>
    public ICrlNumberStore? NumberStore { get; init; }

    /// <summary>
    /// Whether the publisher starts as a follower: several processes share <see cref="NumberStore"/> and only one of
    /// them, the holder of a lease, signs. A follower starts serving the CRL the store kept (<see cref="ICrlNumberStore.LastCrl"/>)
    /// while it is valid, signing one only when there is none; it signs on revocations and before nextUpdate only after
    /// <see cref="CrlPublisher.BeginSigning"/>, and takes newer stored CRLs in by <see cref="CrlPublisher.Adopt"/>.
    /// Default false: a publisher alone signs from the start.
    /// </summary>
    public bool StartAsFollower { get; init; }

    internal void Validate()
    {
        if (Validity <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Validity), Validity, "The CRL validity must be positive.");
        if (RefreshMargin < TimeSpan.Zero || RefreshMargin >= Validity)
            throw new ArgumentOutOfRangeException(nameof(RefreshMargin), RefreshMargin, "The refresh margin must lie in [0, Validity).");
        // RFC 5280 §5.2.3: a non-negative integer of at most 20 octets.
        if (FirstNumber.Sign < 0 || FirstNumber.GetByteCount() > 20)
            throw new ArgumentOutOfRangeException(nameof(FirstNumber), FirstNumber, "The CRL number is a non-negative integer of at most 20 octets.");
    }
}
