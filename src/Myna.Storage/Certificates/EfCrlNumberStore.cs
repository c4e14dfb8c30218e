using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;

namespace Myna.Storage.Certificates;

/// <summary>The last CRL number per hierarchy in the database, so CRL numbers continue after a restart.</summary>
public sealed class EfCrlNumberStore : ICrlNumberStore
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;

    public EfCrlNumberStore(IDbContextFactory<MynaDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        _contexts = contexts;
    }

    /// <inheritdoc />
    public BigInteger? LastNumber(JpkiHierarchy hierarchy)
    {
        using var db = _contexts.CreateDbContext();
        return db.CrlNumbers.AsNoTracking().SingleOrDefault(r => r.Hierarchy == hierarchy)?.LastNumber;
    }

    /// <inheritdoc />
    /// <exception cref="DbUpdateException">Another writer stored a number for the hierarchy in the meantime.</exception>
    public void Record(JpkiHierarchy hierarchy, BigInteger number)
    {
        if (number.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(number), number, "A CRL number is non-negative (RFC 5280 §5.2.3).");
        using var db = _contexts.CreateDbContext();
        var row = db.CrlNumbers.SingleOrDefault(r => r.Hierarchy == hierarchy);
        if (row is null)
        {
            db.CrlNumbers.Add(new CrlNumberRow { Hierarchy = hierarchy, LastNumber = number });
        }
        else
        {
            // Numbers only go up (RFC 5280 §5.2.3); a lower one means a second publisher for the hierarchy.
            if (number <= row.LastNumber)
                throw new InvalidOperationException($"CRL number {number} is not above the stored {row.LastNumber} for {hierarchy}.");
            row.LastNumber = number;
        }
        // The stored number is a concurrency token: a racing writer's update fails instead of going unnoticed.
        db.SaveChanges();
    }
}
