using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Myna.Storage;
using Myna.Storage.History;
using Myna.Storage.PlainRows;
using Myna.Transparency;

namespace Myna.Portal.History;

/// <summary>
/// The exchange history's tree in the database (table <c>history_nodes</c>), on one context: what it adds is written at
/// once as plain rows, inside whatever transaction the caller has open, so that the entries' leaf indexes and their
/// nodes commit together.
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
        // One round-trip for exactly the nodes asked: (level = @l0 AND index = @i0) OR … , each pair a search of the
        // primary key, so a proof's O(log n) keys read O(log n) rows. (A first version asked for level IN (…) AND
        // index IN (…): their cross product, O(log² n) searches and about ten times the rows on a tree of 10 million
        // leaves, docs/performance.md. A row value (level, index) IN (VALUES …) makes SQLite scan the table.)
        var rows = await db.Set<HistoryNode>().AsNoTracking()
            .Where(AnyOf([.. ids.Distinct()]))
            .ToListAsync(cancellationToken);
        var found = rows.ToDictionary(n => new NodeId(n.Level, n.Index), n => n.Hash);
        return [.. ids.Select(id => found.TryGetValue(id, out var hash)
            ? MerkleHash.FromBytes(hash)
            : throw new KeyNotFoundException($"The history's tree has no node {id}."))];
    }

    /// <summary>
    /// n => (n.Level == ids[0].Level &amp;&amp; n.Index == ids[0].Index) || …, as a balanced tree of ORs (SQLite limits the depth
    /// of an expression), with the values as parameters: EF Core caches one query per count of ids, not per set of ids.
    /// </summary>
    private static Expression<Func<HistoryNode, bool>> AnyOf(IReadOnlyList<NodeId> ids)
    {
        var node = Expression.Parameter(typeof(HistoryNode), "n");
        var terms = ids.Select(id =>
        {
            var key = Expression.Constant(new Key(id.Level, id.Index));
            return (Expression)Expression.AndAlso(
                Expression.Equal(Expression.Property(node, nameof(HistoryNode.Level)), Expression.Field(key, nameof(Key.Level))),
                Expression.Equal(Expression.Property(node, nameof(HistoryNode.Index)), Expression.Field(key, nameof(Key.Index))));
        }).ToList();
        while (terms.Count > 1)
            terms = [.. terms.Chunk(2).Select(pair => pair.Length == 2 ? Expression.OrElse(pair[0], pair[1]) : pair[0])];
        return Expression.Lambda<Func<HistoryNode, bool>>(terms[0], node);
    }

    // Fields of an object, not constants: EF Core turns them into parameters.
    private sealed class Key(int level, long index)
    {
        public readonly int Level = level;
        public readonly long Index = index;
    }

    public async Task AddNodesAsync(IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
            return;
        // Plain rows, not the change tracker: an append of 500 leaves writes about 1,000 nodes. Inside the caller's
        // transaction, or in one of its own (all or none).
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var insert = RowStatement.Insert<HistoryNode>(db);
            await PlainRowWriter.WriteAsync(db,
                [.. nodes.Select(n => new RowWrite(insert, new HistoryNode { Level = n.Id.Level, Index = n.Id.Index, Hash = n.Hash.Bytes.ToArray() }))],
                cancellationToken);
            if (own is not null)
                await own.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            throw new InvalidOperationException("Another appender wrote these nodes first.", e);
        }
        finally
        {
            if (own is not null)
                await own.DisposeAsync();
        }
    }
}
