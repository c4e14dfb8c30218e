using Microsoft.EntityFrameworkCore;
using Myna.Registry.Fees;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;

namespace Myna.Window;

/// <summary>A line of the fee ledger with the payer's name (never the My Number).</summary>
public sealed record FeeLedgerLine(Guid Id, Guid ResidentId, string Name, DateOnly TakenOn, int AmountYen, string Reason);

// Read-only lists the staff pages show: the municipalities (move-in form) and the fee ledger of a day (L3, V6).
public sealed partial class MunicipalWindow
{
    /// <summary>The municipalities in the registry, by code.</summary>
    public async Task<IReadOnlyList<Municipality>> MunicipalitiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var all = await db.Set<Municipality>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.OrderBy(m => m.Code.Value, StringComparer.Ordinal)];
    }

    /// <summary>The fees taken on <paramref name="day"/>, by the payer's kana.</summary>
    public async Task<IReadOnlyList<FeeLedgerLine>> FeesOnAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var lines = await (from fee in db.Set<FeeEntry>().AsNoTracking()
                           join resident in db.Set<Resident>().AsNoTracking() on fee.ResidentId equals resident.Id
                           where fee.TakenOn == day
                           select new { fee, resident }).ToListAsync(cancellationToken);
        return [.. lines.OrderBy(l => l.resident.Name.Kana, StringComparer.Ordinal).Select(l => new FeeLedgerLine(l.fee.Id, l.fee.ResidentId, l.resident.Name.OnCard, l.fee.TakenOn, l.fee.AmountYen, l.fee.Reason))];
    }
}
