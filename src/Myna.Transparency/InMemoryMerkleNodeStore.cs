namespace Myna.Transparency;

/// <summary>
/// An <see cref="IMerkleNodeStore"/> in memory, for tests and tools: per level, the hashes side by side in one
/// growing buffer (32 bytes a node), since each level only ever grows at its end.
/// </summary>
public sealed class InMemoryMerkleNodeStore : IMerkleNodeStore
{
    private readonly Lock _lock = new();
    private readonly byte[][] _levels = new byte[NodeId.MaxLevel + 1][];
    private readonly long[] _counts = new long[NodeId.MaxLevel + 1];

    public InMemoryMerkleNodeStore()
    {
        for (var level = 0; level < _levels.Length; level++)
            _levels[level] = [];
    }

    public Task<long> GetTreeSizeAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_counts[0]);
    }

    public Task<IReadOnlyList<MerkleHash>> GetNodesAsync(IReadOnlyList<NodeId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var hashes = new MerkleHash[ids.Count];
        lock (_lock)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                if (id.Index >= _counts[id.Level])
                    throw new KeyNotFoundException($"No node {id} is stored.");
                hashes[i] = MerkleHash.FromBytes(_levels[id.Level].AsSpan(checked((int)(id.Index * MerkleHash.Size)), MerkleHash.Size));
            }
        }
        return Task.FromResult<IReadOnlyList<MerkleHash>>(hashes);
    }

    public Task AddNodesAsync(IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        lock (_lock)
        {
            // All checked before any is stored: all or none.
            var next = (long[])_counts.Clone();
            foreach (var node in nodes.OrderBy(n => n.Id.Level).ThenBy(n => n.Id.Index))
            {
                if (node.Id.Index < next[node.Id.Level])
                    throw new InvalidOperationException($"Node {node.Id} is already stored.");
                if (node.Id.Index > next[node.Id.Level])
                    throw new ArgumentException($"Node {node.Id} would leave a gap: level {node.Id.Level} grows only at its end.", nameof(nodes));
                next[node.Id.Level]++;
            }
            foreach (var node in nodes)
                Write(node);
            next.CopyTo(_counts, 0);
        }
        return Task.CompletedTask;
    }

    private void Write(MerkleNode node)
    {
        ref var buffer = ref _levels[node.Id.Level];
        var offset = checked((int)(node.Id.Index * MerkleHash.Size));
        if (offset + MerkleHash.Size > buffer.Length)
            Array.Resize(ref buffer, Math.Max(offset + MerkleHash.Size, buffer.Length * 2));
        node.Hash.Bytes.CopyTo(buffer.AsSpan(offset));
    }
}
