using System.Collections.Concurrent;

namespace Myna.Pki;

/// <summary>One issued certificate, as the authority remembers it (for revocation and serial uniqueness).</summary>
/// <param name="SerialNumber">The serial as upper-case hex, big-endian, as <c>X509Certificate2.SerialNumber</c> shows it.</param>
/// <param name="Hierarchy">Which authority issued it.</param>
/// <param name="NotBefore">Start of validity (inclusive, RFC 5280 §4.1.2.5).</param>
/// <param name="NotAfter">End of validity (inclusive, RFC 5280 §4.1.2.5).</param>
public sealed record IssuedCertificateRecord(
    string SerialNumber,
    JpkiHierarchy Hierarchy,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>
    /// The request the certificate was issued for (the window's procedure that asked for it), so that a certificate
    /// of a request that never completed can be found and revoked; null for a CA certificate or an unattributed issue.
    /// </summary>
    public Guid? RequestId { get; init; }
}

/// <summary>
/// Where an authority records every certificate it issues. In memory for now; a persistent log (and CRLs
/// built from it) come later.
/// </summary>
public interface IIssuedCertificateLog
{
    /// <summary>Whether a serial was already used in the hierarchy (serials are unique per issuer, RFC 5280 §4.1.2.2).</summary>
    bool Contains(JpkiHierarchy hierarchy, string serialNumber);

    /// <summary>Records an issued certificate.</summary>
    /// <exception cref="InvalidOperationException">The serial was already recorded for the hierarchy.</exception>
    void Record(IssuedCertificateRecord record);

    /// <summary>Everything recorded, in issue order.</summary>
    IReadOnlyList<IssuedCertificateRecord> All { get; }
}

/// <summary>An <see cref="IIssuedCertificateLog"/> kept in memory; safe for concurrent use.</summary>
public sealed class InMemoryIssuedCertificateLog : IIssuedCertificateLog
{
    private readonly ConcurrentDictionary<(JpkiHierarchy, string), IssuedCertificateRecord> _bySerial = new();
    private readonly ConcurrentQueue<IssuedCertificateRecord> _inOrder = new();

    public bool Contains(JpkiHierarchy hierarchy, string serialNumber) =>
        _bySerial.ContainsKey((hierarchy, serialNumber));

    public void Record(IssuedCertificateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_bySerial.TryAdd((record.Hierarchy, record.SerialNumber), record))
            throw new InvalidOperationException("A certificate with this serial number was already issued in this hierarchy.");
        _inOrder.Enqueue(record);
    }

    public IReadOnlyList<IssuedCertificateRecord> All => [.. _inOrder];
}
