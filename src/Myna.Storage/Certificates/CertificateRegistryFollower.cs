using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;

namespace Myna.Storage.Certificates;

/// <summary>
/// Brings a process's <see cref="CertificateRegistry"/> up to what every process on the same database stored: the
/// certificates and revocations other processes wrote since the last look, taken in with
/// <see cref="CertificateRegistry.Absorb"/> (so the CRL is re-issued and the OCSP answers follow). A look is two reads
/// of an index, cheap enough to make every second. Not safe for concurrent use: one loop calls it.
/// </summary>
/// <remarks>
/// Rows are found by their identity, which is handed out at insert but becomes visible at commit, so a row can appear
/// below one seen already; each look therefore reads again the last <see cref="LookBack"/> identities it has not seen.
/// </remarks>
public sealed class CertificateRegistryFollower
{
    /// <summary>How far below the highest identity seen a late-committing row is still found.</summary>
    public const int LookBack = 1000;

    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly CertificateRegistry _registry;
    private readonly Window _issued = new();
    private readonly Window _revoked = new();

    public CertificateRegistryFollower(IDbContextFactory<MynaDbContext> contexts, CertificateRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(registry);
        _contexts = contexts;
        _registry = registry;
    }

    /// <summary>Takes in what other processes stored since the last look.</summary>
    /// <returns>How many certificates and revocations were new to this process.</returns>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        if (!_issued.Started)
        {
            // The registry loaded everything when it was made: start just below the end.
            _issued.Start(await db.IssuedCertificates.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0);
            _revoked.Start(await db.Revocations.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0);
        }
        // Revocations first: a certificate they name was committed before them, so the read of certificates after
        // finds it (or the registry has it already).
        var revokedFloor = _revoked.Floor;
        var revokedSeen = _revoked.Seen;
        var revocations = await db.Revocations.AsNoTracking()
            .Where(r => r.Id > revokedFloor && !revokedSeen.Contains(r.Id))
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var issuedFloor = _issued.Floor;
        var issuedSeen = _issued.Seen;
        var issued = await db.IssuedCertificates.AsNoTracking()
            .Where(r => r.Id > issuedFloor && !issuedSeen.Contains(r.Id))
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Hierarchy, r.SerialNumber, r.NotBefore, r.NotAfter, r.RequestId })
            .ToListAsync(cancellationToken);
        var records = issued
            .Select(r => new IssuedCertificateRecord(r.SerialNumber, r.Hierarchy, r.NotBefore, r.NotAfter) { RequestId = r.RequestId })
            .ToList();
        // A revocation of a certificate issued long ago by another process, below the look-back: read it by serial.
        foreach (var r in revocations)
        {
            if (_registry.Contains(r.Hierarchy, r.SerialNumber) || records.Any(c => c.Hierarchy == r.Hierarchy && c.SerialNumber == r.SerialNumber))
                continue;
            var older = await db.IssuedCertificates.AsNoTracking()
                .SingleAsync(c => c.Hierarchy == r.Hierarchy && c.SerialNumber == r.SerialNumber, cancellationToken);
            records.Add(older.ToRecord());
        }
        var added = _registry.Absorb(records,
            revocations.Select(r => new RevokedCertificate(r.Hierarchy, r.SerialNumber, r.RevokedAt, r.Reason)));
        _issued.Saw(issued.Select(r => r.Id));
        _revoked.Saw(revocations.Select(r => r.Id));
        return added;
    }

    /// <summary>The identities of one table seen within <see cref="LookBack"/> of the highest.</summary>
    private sealed class Window
    {
        private readonly SortedSet<long> _seen = [];
        private long _highest = -1;

        public bool Started => _highest >= 0;

        public long Floor => Math.Max(0, _highest - LookBack);

        public List<long> Seen => [.. _seen];

        public void Start(long highest)
        {
            _highest = highest;
            // Whatever is at or below the end now was loaded with the registry; only a row committed late is new, and
            // the registry skips what it has.
        }

        public void Saw(IEnumerable<long> ids)
        {
            foreach (var id in ids)
            {
                _seen.Add(id);
                _highest = Math.Max(_highest, id);
            }
            _seen.RemoveWhere(id => id <= Floor);
        }
    }
}
