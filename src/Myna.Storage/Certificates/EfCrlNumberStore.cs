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
    /// <remarks>
    /// Atomic across processes: the update names the number it read (a concurrency token), and the first insert is a
    /// primary key, so of two processes moving the number on from the same value one fails and is told so.
    /// </remarks>
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
            // Numbers only go up (RFC 5280 §5.2.3); a lower one means another publisher went first.
            if (number <= row.LastNumber)
                throw new CrlNumberTakenException(hierarchy, number);
            row.LastNumber = number;
        }
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException e)
        {
            // The row changed since it was read (UPDATE … WHERE last_number = read), or another process inserted it first.
            throw new CrlNumberTakenException(hierarchy, number, e);
        }
    }
}
