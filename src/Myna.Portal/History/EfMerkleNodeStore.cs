using Microsoft.EntityFrameworkCore;
using Myna.Storage;
using Myna.Storage.History;
using Myna.Transparency;

namespace Myna.Portal.History;

/// <summary>
/// The exchange history's tree in the database (table <c>history_nodes</c>), on one context: what it adds is saved at
/// once, inside whatever transaction the caller has open, so that the entries' leaf indexes and their nodes commit
/// together.
/// </summary>
internal sealed class EfMerkleNodeStore(MynaDbContext db) : IMerkleNodeStore
{
    public async Task<long> GetTreeSizeAsync(CancellationToken cancellationToken = default)
    {
        // The primary key (level, index) answers the largest leaf index without a scan.
        var last = await db.Set<HistoryNode>().Where(n => n.Level == 0).MaxAsync(n => (long?)n.Index, cancellationToken);
        return last is { } index ? index + 1 : 0;
    }

    public async Task<IReadOnlyList<MerkleHash>> GetNodesAsync(IReadOnlyList<NodeId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return [];
        // One round-trip: every (level, index) of the list is among the rows of these levels and indexes (a proof's
        // O(log n) keys make the cross product small); the exact ones are picked out here.
        var levels = ids.Select(i => i.Level).Distinct().ToList();
        var indexes = ids.Select(i => i.Index).Distinct().ToList();
        var rows = await db.Set<HistoryNode>().AsNoTracking()
            .Where(n => levels.Contains(n.Level) && indexes.Contains(n.Index))
            .ToListAsync(cancellationToken);
        var found = rows.ToDictionary(n => new NodeId(n.Level, n.Index), n => n.Hash);
        return [.. ids.Select(id => found.TryGetValue(id, out var hash)
            ? MerkleHash.FromBytes(hash)
            : throw new KeyNotFoundException($"The history's tree has no node {id}."))];
    }

    public async Task AddNodesAsync(IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var node in nodes)
            db.Add(new HistoryNode { Level = node.Id.Level, Index = node.Id.Index, Hash = node.Hash.Bytes.ToArray() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            throw new InvalidOperationException("Another appender wrote these nodes first.", e);
        }
    }
}
