using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Storage;
using Myna.Storage.History;

namespace Myna.Portal.History;

/// <summary>
/// The sandbox's exchanges between bodies for the demo holders (U3.5): what the information-provision network would
/// have carried for them — a pension office and a tax office asking the municipality — so that a demo holder's
/// やりとり履歴 is not empty on the first day.
/// </summary>
public static class DemoExchanges
{
    private static readonly ExchangeContent[] Exchanges =
    [
        new("information-provided",
            new("日本年金機構", "Japan Pension Service"),
            new("福島県郡山市", "Koriyama-shi, Fukushima-ken"),
            new("住民票関係情報", "Resident record information"),
            new("年金給付の支給に関する事務（番号法第19条第8号、別表第二）", "Paying pensions (My Number Act, Art. 19(8), Annex 2)")),
        new("information-provided",
            new("福島県郡山市（こども家庭課）", "Koriyama-shi, children and families division"),
            new("福島県郡山市（市民税課）", "Koriyama-shi, municipal tax division"),
            new("地方税関係情報（所得）", "Local tax information (income)"),
            new("児童手当の支給に関する事務（番号法第19条第8号、別表第二）", "Paying the child allowance (My Number Act, Art. 19(8), Annex 2)")),
    ];

    /// <summary>Writes the demo exchanges for every holder of a card when the history is empty. Safe to call on every start.</summary>
    /// <returns>Whether anything was written.</returns>
    public static async Task<bool> SeedAsync(IDbContextFactory<MynaDbContext> contexts, TimeProvider clock, ExchangeHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(history);
        await using (var db = contexts.CreateDbContext())
        {
            if (await db.Set<ExchangeRecord>().AnyAsync(cancellationToken))
                return false;
            var holders = await db.Set<CardRecord>().Select(c => c.ResidentId).Distinct().ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var holder in holders.Order())
            {
                for (var i = 0; i < Exchanges.Length; i++)
                    db.Add(ExchangeRecord.Of(holder, now.AddDays(-30 + (10 * i)), Exchanges[i]));
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await history.SequenceAsync(cancellationToken);
        return true;
    }
}
