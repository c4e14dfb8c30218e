using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Stores;

/// <summary>What one store collected for a municipality on a day.</summary>
public sealed record StoreTakings(Guid StoreId, StoreChain Chain, string StoreNumber, string StoreName, int Payments, int Documents, long AmountYen);

/// <summary>A municipality's day at the kiosks: every store's takings, the totals, and whether the day is closed.</summary>
public sealed record SettlementReport(
    string Municipality, DateOnly BusinessDay, IReadOnlyList<StoreTakings> Stores, int Payments, int Documents, long AmountYen, DateTimeOffset? ClosedAt);

/// <summary>
/// The daily settlement (日次精算) of convenience-store issuance: the fees the stores took for each municipality on a
/// day in Japan, store by store. A day is closed once it is over; the closed totals never change afterwards.
/// </summary>
public sealed class DailySettlement(IDbContextFactory<MynaDbContext> contexts, TimeProvider clock)
{
    /// <summary>The report of <paramref name="municipality"/> (6-digit code) on <paramref name="day"/>: closed totals, or the running ones.</summary>
    public async Task<SettlementReport> ReportAsync(string municipality, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(municipality);
        await using var db = contexts.CreateDbContext();
        var stores = await (from p in db.Set<KioskPayment>().AsNoTracking()
                            join s in db.Set<KioskStore>().AsNoTracking() on p.StoreId equals s.Id
                            where p.Municipality == municipality && p.BusinessDay == day
                            group p by new { s.Id, s.Chain, s.StoreNumber, s.Name } into g
                            select new StoreTakings(g.Key.Id, g.Key.Chain, g.Key.StoreNumber, g.Key.Name, g.Count(), g.Sum(p => p.Copies), g.Sum(p => (long)p.AmountYen)))
            .ToListAsync(cancellationToken);
        stores = [.. stores.OrderBy(s => s.Chain).ThenBy(s => s.StoreNumber, StringComparer.Ordinal)];
        var closed = await db.Set<KioskSettlement>().AsNoTracking()
            .SingleOrDefaultAsync(s => s.Municipality == municipality && s.BusinessDay == day, cancellationToken);
        return closed is not null
            ? new SettlementReport(municipality, day, stores, closed.Payments, closed.Documents, closed.AmountYen, closed.ClosedAt)
            : new SettlementReport(municipality, day, stores, stores.Sum(s => s.Payments), stores.Sum(s => s.Documents), stores.Sum(s => s.AmountYen), null);
    }

    /// <summary>
    /// Closes every municipality's days that are over and not closed yet (the daily job; safe to run again: a closed day is
    /// kept as it was). The number of days closed.
    /// </summary>
    public async Task<int> CloseFinishedDaysAsync(CancellationToken cancellationToken = default)
    {
        var today = JapanClock.Today(clock);
        await using var db = contexts.CreateDbContext();
        var open = await (from p in db.Set<KioskPayment>().AsNoTracking()
                          where p.BusinessDay < today
                             && !db.Set<KioskSettlement>().Any(s => s.Municipality == p.Municipality && s.BusinessDay == p.BusinessDay)
                          group p by new { p.Municipality, p.BusinessDay } into g
                          select new { g.Key.Municipality, g.Key.BusinessDay, Payments = g.Count(), Documents = g.Sum(p => p.Copies), Amount = g.Sum(p => (long)p.AmountYen) })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var day in open)
        {
            db.Add(new KioskSettlement
            {
                Municipality = day.Municipality, BusinessDay = day.BusinessDay, Payments = day.Payments, Documents = day.Documents,
                AmountYen = day.Amount, ClosedAt = now,
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another run closed some of these days at the same moment: theirs stands, and the next run closes the rest.
            return 0;
        }
        return open.Count;
    }
}
