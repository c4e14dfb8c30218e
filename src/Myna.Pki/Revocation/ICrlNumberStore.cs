using System.Numerics;

namespace Myna.Pki.Revocation;

/// <summary>
/// Where a <see cref="CrlPublisher"/> keeps the number of the last CRL it issued per hierarchy, so a restarted
/// host continues the sequence instead of reusing numbers (RFC 5280 §5.2.3: "monotonically increasing").
/// </summary>
/// <remarks>
/// Calls for one hierarchy come from one publisher, under its lock. A <see cref="Record"/> that throws leaves
/// the publisher unchanged: the CRL it was about to publish is dropped, and its number stays free.
/// </remarks>
public interface ICrlNumberStore
{
    /// <summary>The number of the last CRL issued for <paramref name="hierarchy"/>, or null when none was.</summary>
    BigInteger? LastNumber(JpkiHierarchy hierarchy);

    /// <summary>Remembers that the CRL numbered <paramref name="number"/> was issued for <paramref name="hierarchy"/>.</summary>
    /// <exception cref="InvalidOperationException">The number is not above the last one stored (a second publisher went first).</exception>
    void Record(JpkiHierarchy hierarchy, BigInteger number);
}
