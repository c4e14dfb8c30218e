using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;

namespace Myna.Storage.Certificates;

/// <summary>
/// The <see cref="CertificateRegistry"/>'s issued certificates and revocations in the database, so the
/// registry survives a restart. A context per call (the registry calls one at a time, under its lock).
/// </summary>
public sealed class EfCertificateRegistryStore : ICertificateRegistryStore
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;

    public EfCertificateRegistryStore(IDbContextFactory<MynaDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        _contexts = contexts;
    }

    /// <inheritdoc />
    public IReadOnlyList<IssuedCertificateRecord> LoadIssued()
    {
        using var db = _contexts.CreateDbContext();
        return db.IssuedCertificates.AsNoTracking()
            .OrderBy(r => r.Id)
            .AsEnumerable()
            .Select(r => r.ToRecord())
            .ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<RevokedCertificate> LoadRevoked()
    {
        using var db = _contexts.CreateDbContext();
        return db.Revocations.AsNoTracking()
            .OrderBy(r => r.Id)
            .AsEnumerable()
            .Select(r => new RevokedCertificate(r.Hierarchy, r.SerialNumber, r.RevokedAt, r.Reason))
            .ToList();
    }

    /// <inheritdoc />
    /// <exception cref="DbUpdateException">The serial is already stored for the hierarchy.</exception>
    public void AddIssued(IssuedCertificateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var db = _contexts.CreateDbContext();
        db.IssuedCertificates.Add(new IssuedCertificateRow
        {
            Hierarchy = record.Hierarchy,
            SerialNumber = record.SerialNumber,
            NotBefore = record.NotBefore,
            NotAfter = record.NotAfter,
            RequestId = record.RequestId,
        });
        db.SaveChanges();
    }

    /// <inheritdoc />
    /// <exception cref="DbUpdateException">The serial was never issued, or is already revoked.</exception>
    public void AddRevoked(RevokedCertificate revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        using var db = _contexts.CreateDbContext();
        db.Revocations.Add(new RevocationRow
        {
            Hierarchy = revocation.Hierarchy,
            SerialNumber = revocation.SerialNumber,
            RevokedAt = revocation.RevokedAt,
            Reason = revocation.Reason,
        });
        db.SaveChanges();
    }
}
