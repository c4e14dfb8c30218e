using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;

namespace Myna.Storage.Certificates;

/// <summary>
/// The last CRL number per hierarchy in the database, so CRL numbers continue after a restart, and the last CRL signed
/// with it, which every process on the database serves.
/// </summary>
public sealed class EfCrlNumberStore : ICrlNumberStore
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly TimeProvider _clock;

    /// <param name="contexts">The database.</param>
    /// <param name="clock">What a stored CRL's <see cref="PublishedCrlRow.PublishedAt"/> reads; the system clock when null.</param>
    public EfCrlNumberStore(IDbContextFactory<MynaDbContext> contexts, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        _contexts = contexts;
        _clock = clock ?? TimeProvider.System;
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
        using var db = _contexts.CreateDbContext();
        MoveNumberOn(db, hierarchy, number);
        Save(db, hierarchy, number);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the number moves on as <see cref="Record(JpkiHierarchy, BigInteger)"/> moves it, the CRL is
    /// inserted under its number (a primary key: never two CRLs with one number), and the earlier CRLs of the hierarchy,
    /// which it supersedes, are deleted, so the table holds one CRL per hierarchy however many are signed. Of two
    /// processes storing at once, the one whose number update fails stores nothing.
    /// </remarks>
    public void Record(JpkiHierarchy hierarchy, PublishedCrl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        using var db = _contexts.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        MoveNumberOn(db, hierarchy, crl.Number);
        db.PublishedCrls.Add(new PublishedCrlRow
        {
            Hierarchy = hierarchy,
            Number = crl.Number,
            Der = crl.Der.ToArray(),
            ThisUpdate = crl.ThisUpdate,
            NextUpdate = crl.NextUpdate,
            PublishedAt = _clock.GetUtcNow(),
        });
        Save(db, hierarchy, crl.Number);
        // After the number moved on: a process that lost the race has failed above, before touching these rows.
        db.PublishedCrls.Where(r => r.Hierarchy == hierarchy && r.Number != crl.Number).ExecuteDelete();
        transaction.Commit();
    }

    /// <inheritdoc />
    public PublishedCrl? LastCrl(JpkiHierarchy hierarchy)
    {
        using var db = _contexts.CreateDbContext();
        // Record keeps one row per hierarchy; the highest number wins all the same.
        var last = db.PublishedCrls.AsNoTracking().Where(r => r.Hierarchy == hierarchy).AsEnumerable().MaxBy(r => r.Number);
        return last is null ? null : PublishedCrl.Of(last.Der, last.Number, last.ThisUpdate, last.NextUpdate);
    }

    private static void MoveNumberOn(MynaDbContext db, JpkiHierarchy hierarchy, BigInteger number)
    {
        if (number.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(number), number, "A CRL number is non-negative (RFC 5280 §5.2.3).");
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
    }

    private static void Save(MynaDbContext db, JpkiHierarchy hierarchy, BigInteger number)
    {
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
