using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Storage;

namespace Myna.Window;

/// <summary>A certificate issued to a resident's card, with its status now (found by serial, by card, by holder).</summary>
public sealed record CertificateEntry(
    JpkiHierarchy Hierarchy, string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, Guid? CardId, Guid? ResidentId,
    CertificateStatus Status, byte[]? Der);

// The index of certificates by card and holder, beside the authorities' own log.
public sealed partial class MunicipalWindow
{
    /// <summary>Every certificate issued to the resident's cards, oldest first, with its status now.</summary>
    public async Task<IReadOnlyList<CertificateEntry>> CertificatesOfResidentAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var rows = await db.IssuedCertificates.AsNoTracking().Where(r => r.ResidentId == residentId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new CertificateEntry(r.Hierarchy, r.SerialNumber, r.NotBefore, r.NotAfter, r.CardId, r.ResidentId,
            _certificates.GetStatus(r.Hierarchy, r.SerialNumber), r.Der))];
    }

    /// <summary>One certificate by its serial (hex, any case), or null.</summary>
    public async Task<CertificateEntry?> CertificateAsync(JpkiHierarchy hierarchy, string serialNumber, CancellationToken cancellationToken = default)
    {
        var serial = serialNumber.Trim().ToUpperInvariant();
        await using var db = _contexts.CreateDbContext();
        var row = await db.IssuedCertificates.AsNoTracking().SingleOrDefaultAsync(r => r.Hierarchy == hierarchy && r.SerialNumber == serial, cancellationToken);
        return row is null ? null : new CertificateEntry(row.Hierarchy, row.SerialNumber, row.NotBefore, row.NotAfter, row.CardId, row.ResidentId,
            _certificates.GetStatus(row.Hierarchy, row.SerialNumber), row.Der);
    }
}
