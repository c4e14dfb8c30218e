using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Verification;

/// <summary>What a revocation check found.</summary>
public enum RevocationState
{
    /// <summary>Not revoked, according to a fresh, correctly signed answer.</summary>
    Good,

    /// <summary>Revoked (the time and reason are in the check).</summary>
    Revoked,

    /// <summary>No trustworthy answer: see <see cref="RevocationCheck.Detail"/>.</summary>
    Unavailable,
}

/// <summary>The answer of an <see cref="IRevocationChecker"/> for one certificate.</summary>
/// <param name="State">Good, revoked or unavailable.</param>
/// <param name="Source">Where it came from: <c>ocsp</c>, <c>crl</c> or <c>in-process</c>.</param>
/// <param name="RevokedAt">revocationTime / revocationDate; null unless revoked.</param>
/// <param name="Reason">The RFC 5280 §5.3.1 reason; null unless revoked with a reason code.</param>
/// <param name="ValidUntil">Until when the answer may be relied on (OCSP or CRL nextUpdate); null in process.</param>
/// <param name="Detail">Why the status is unavailable; null otherwise. Names no personal detail.</param>
public sealed record RevocationCheck(
    RevocationState State, string Source, DateTimeOffset? RevokedAt = null, X509RevocationReason? Reason = null,
    DateTimeOffset? ValidUntil = null, string? Detail = null)
{
    internal static RevocationCheck Unavailable(string source, string detail) =>
        new(RevocationState.Unavailable, source, Detail: detail);
}

/// <summary>Which certificate to check: its hierarchy, the CA that issued it, and its serial.</summary>
/// <param name="Hierarchy">The hierarchy whose CA issued the certificate (already verified by the caller).</param>
/// <param name="Issuer">The issuing CA's certificate.</param>
/// <param name="SerialNumber">The serial as upper-case hex, as <c>X509Certificate2.SerialNumber</c> shows it.</param>
public readonly record struct RevocationQuery(JpkiHierarchy Hierarchy, X509Certificate2 Issuer, string SerialNumber);

/// <summary>
/// Finds out whether a certificate is revoked: by OCSP (<see cref="OcspRevocationChecker"/>), by CRL
/// (<see cref="CrlRevocationChecker"/>) or in process (<see cref="InProcessRevocationChecker"/>).
/// </summary>
/// <remarks>
/// Implementations never throw for a failed look-up: they answer <see cref="RevocationState.Unavailable"/>
/// with a detail, so a relying party can tell "revoked" from "could not find out". Cancellation does throw.
/// </remarks>
public interface IRevocationChecker
{
    /// <summary>The status of one certificate.</summary>
    ValueTask<RevocationCheck> CheckAsync(RevocationQuery query, CancellationToken cancellationToken = default);
}
