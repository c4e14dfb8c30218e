using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Revocation;

/// <summary>What an authority says of one of its serial numbers (RFC 6960 §2.2 CertStatus).</summary>
public enum CertificateStatusKind
{
    /// <summary>Issued by this authority and not revoked.</summary>
    Good,
    /// <summary>Revoked, for good: a revocation is final (RFC 5280 §3.3; no certificateHold here).</summary>
    Revoked,
    /// <summary>This authority never issued the serial.</summary>
    Unknown,
}

/// <summary>The status of one certificate.</summary>
/// <param name="Kind">Good, revoked or unknown.</param>
/// <param name="RevokedAt">When it was revoked (revocationDate / revocationTime); null unless revoked.</param>
/// <param name="Reason">The RFC 5280 §5.3.1 reason; null unless revoked.</param>
public readonly record struct CertificateStatus(
    CertificateStatusKind Kind, DateTimeOffset? RevokedAt = null, X509RevocationReason? Reason = null)
{
    public static CertificateStatus Good => new(CertificateStatusKind.Good);
    public static CertificateStatus Unknown => new(CertificateStatusKind.Unknown);
    public static CertificateStatus Revoked(DateTimeOffset at, X509RevocationReason reason) =>
        new(CertificateStatusKind.Revoked, at, reason);
}

/// <summary>
/// The revocation state of both authorities, as the CRL publisher and the OCSP responder read it.
/// </summary>
public interface ICertificateStatusSource
{
    /// <summary>The status of a serial (upper-case hex, as <c>X509Certificate2.SerialNumber</c>) in a hierarchy.</summary>
    CertificateStatus GetStatus(JpkiHierarchy hierarchy, string serialNumber);

    /// <summary>Every revocation of a hierarchy so far, oldest first (what a full CRL lists).</summary>
    IReadOnlyList<RevokedCertificate> RevokedIn(JpkiHierarchy hierarchy);

    /// <summary>
    /// Grows by one on every revocation (and, in a registry shared by several processes, on every certificate another
    /// process issued): caches of signed answers compare it to know they are stale.
    /// </summary>
    long Revision { get; }

    /// <summary>Raised after a revocation is recorded.</summary>
    event EventHandler<RevokedCertificate>? CertificateRevoked;
}

/// <summary>One revocation.</summary>
public sealed record RevokedCertificate(
    JpkiHierarchy Hierarchy, string SerialNumber, DateTimeOffset RevokedAt, X509RevocationReason Reason);
