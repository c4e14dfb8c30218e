using System.Numerics;

namespace Myna.Pki.Revocation;

/// <summary>
/// Where a <see cref="CrlPublisher"/> keeps the number of the last CRL it issued per hierarchy, so a restarted
/// host continues the sequence instead of reusing numbers (RFC 5280 §5.2.3: "monotonically increasing"); a store that
/// can also keeps the CRL itself with its number, so that other processes on the same database serve the CRL one of
/// them signed (<see cref="LastCrl"/>).
/// </summary>
/// <remarks>
/// Calls for one hierarchy come from one publisher of each process, under its lock; several processes on one database
/// each have a publisher, so the store decides atomically which of two racing numbers is recorded. A
/// record (<see cref="Record(JpkiHierarchy, BigInteger)"/>, <see cref="Record(JpkiHierarchy, PublishedCrl)"/>) that throws leaves the publisher unchanged: the CRL it was about to publish is dropped, and its
/// number stays free; on <see cref="CrlNumberTakenException"/> the publisher signs again above the stored number.
/// </remarks>
public interface ICrlNumberStore
{
    /// <summary>The number of the last CRL issued for <paramref name="hierarchy"/>, or null when none was.</summary>
    BigInteger? LastNumber(JpkiHierarchy hierarchy);

    /// <summary>Remembers that the CRL numbered <paramref name="number"/> was issued for <paramref name="hierarchy"/>.</summary>
    /// <exception cref="CrlNumberTakenException">The number is not above the last one stored (another publisher went first).</exception>
    void Record(JpkiHierarchy hierarchy, BigInteger number);

    /// <summary>
    /// Records <paramref name="crl"/>'s number as <see cref="Record(JpkiHierarchy, BigInteger)"/> does and, in the same
    /// step, keeps the CRL itself: both or neither. A store that keeps numbers only records the number.
    /// </summary>
    /// <exception cref="CrlNumberTakenException">The number is not above the last one stored (another publisher went first).</exception>
    void Record(JpkiHierarchy hierarchy, PublishedCrl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        Record(hierarchy, crl.Number);
    }

    /// <summary>The last CRL kept for <paramref name="hierarchy"/>, or null when none was (or the store keeps numbers only).</summary>
    PublishedCrl? LastCrl(JpkiHierarchy hierarchy) => null;
}

/// <summary>
/// A CRL number is not above the one stored: another publisher of the hierarchy (another process on the same
/// database) recorded it or a higher one first. Nothing was recorded.
/// </summary>
public sealed class CrlNumberTakenException(JpkiHierarchy hierarchy, BigInteger number, Exception? inner = null)
    : InvalidOperationException($"CRL number {number} of the {hierarchy} hierarchy is not above the stored one: another publisher went first.", inner)
{
    public JpkiHierarchy Hierarchy { get; } = hierarchy;

    public BigInteger Number { get; } = number;
}
