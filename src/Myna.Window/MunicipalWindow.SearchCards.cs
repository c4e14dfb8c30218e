using Microsoft.EntityFrameworkCore;
using Myna.Registry.Cards;

namespace Myna.Window;

// The card column of the window's search results.
public sealed partial class MunicipalWindow
{
    /// <summary>
    /// The state today of each resident's current card (neither returned nor replaced), in one query; residents
    /// without such a card are absent from the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, CardState>> CurrentCardStatesAsync(
        IReadOnlyCollection<Guid> residentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(residentIds);
        if (residentIds.Count == 0)
            return new Dictionary<Guid, CardState>();
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var cards = await db.Set<CardRecord>().AsNoTracking()
            .Where(c => residentIds.Contains(c.ResidentId) && c.State != CardState.Returned && c.State != CardState.Replaced)
            .ToListAsync(cancellationToken);
        // The newest per resident, as CurrentCardAsync picks it.
        return cards.GroupBy(c => c.ResidentId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.IssuedOn).First().StateOn(today));
    }
}
