namespace Myna.Transparency;

/// <summary>
/// An append-only RFC 9162 Merkle tree kept in an <see cref="IMerkleNodeStore"/>: appends, roots of any past size,
/// inclusion and consistency proofs, each with one store read of O(log n) nodes and never a scan of the leaves.
/// </summary>
/// <remarks>
/// Appends through one instance are serialised; appenders in other processes are kept apart by the store's primary
/// key (the loser's <see cref="IMerkleNodeStore.AddNodesAsync"/> fails and nothing of it is stored).
/// </remarks>
public sealed class MerkleTree(IMerkleNodeStore store)
{
    private readonly IMerkleNodeStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly SemaphoreSlim _appendLock = new(1, 1);

    /// <summary>The number of leaves now.</summary>
    public Task<long> GetSizeAsync(CancellationToken cancellationToken = default) => _store.GetTreeSizeAsync(cancellationToken);

    /// <summary>Appends one entry (its leaf hash is SHA-256(0x00 || entry)) and answers its leaf index.</summary>
    public Task<long> AppendAsync(ReadOnlySpan<byte> entry, CancellationToken cancellationToken = default) =>
        AppendLeafHashesAsync([MerkleHash.OfLeaf(entry)], cancellationToken);

    /// <summary>Appends entries in order, in one store write, and answers the leaf index of the first.</summary>
    public Task<long> AppendManyAsync(IEnumerable<byte[]> entries, CancellationToken cancellationToken = default) =>
        AppendLeafHashesAsync([.. entries.Select(e => MerkleHash.OfLeaf(e))], cancellationToken);

    /// <summary>
    /// Appends leaves by their leaf hashes (for entries hashed elsewhere), in one store write, and answers the leaf
    /// index of the first. Each leaf writes itself and every subtree it completes: O(log n) nodes.
    /// </summary>
    public async Task<long> AppendLeafHashesAsync(IReadOnlyList<MerkleHash> leafHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafHashes.Any(h => h.IsDefault))
            throw new ArgumentException("A leaf hash is missing.", nameof(leafHashes));
        await _appendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var size = await _store.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
            if (leafHashes.Count == 0)
                return size;
            // The complete subtrees of [0, size) are all a new leaf can be combined with that is not new itself.
            var frontierIds = TreeMath.Frontier(size);
            var frontier = await _store.GetNodesAsync(frontierIds, cancellationToken).ConfigureAwait(false);
            var known = new Dictionary<NodeId, MerkleHash>();
            for (var i = 0; i < frontierIds.Count; i++)
                known[frontierIds[i]] = frontier[i];

            var added = new List<MerkleNode>();
            for (var i = 0; i < leafHashes.Count; i++)
            {
                var node = new NodeId(0, size + i);
                var hash = leafHashes[i];
                added.Add(new MerkleNode(node, hash));
                known[node] = hash;
                // A right child completes its parent.
                while ((node.Index & 1) == 1)
                {
                    hash = MerkleHash.OfChildren(known[new NodeId(node.Level, node.Index - 1)], hash);
                    node = new NodeId(node.Level + 1, node.Index >> 1);
                    added.Add(new MerkleNode(node, hash));
                    known[node] = hash;
                }
            }
            await _store.AddNodesAsync(added, cancellationToken).ConfigureAwait(false);
            return size;
        }
        finally
        {
            _appendLock.Release();
        }
    }

    /// <summary>The leaf hash of the entry at <paramref name="index"/>.</summary>
    public async Task<MerkleHash> GetLeafHashAsync(long index, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var hashes = await _store.GetNodesAsync([new NodeId(0, index)], cancellationToken).ConfigureAwait(false);
        return hashes[0];
    }

    /// <summary>The root hash of the tree of the first <paramref name="treeSize"/> leaves (RFC 9162 MTH).</summary>
    public async Task<MerkleHash> GetRootAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        await RequireSizeAsync(treeSize, cancellationToken).ConfigureAwait(false);
        if (treeSize == 0)
            return MerkleHash.EmptyTree;
        var hashes = await HashRangesAsync([(0, treeSize)], cancellationToken).ConfigureAwait(false);
        return hashes[0];
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves (RFC 9162 §2.1.3.1).</summary>
    public async Task<InclusionProof> GetInclusionProofAsync(long index, long treeSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        await RequireSizeAsync(treeSize, cancellationToken).ConfigureAwait(false);
        var path = await HashRangesAsync(TreeMath.InclusionRanges(index, treeSize), cancellationToken).ConfigureAwait(false);
        return new InclusionProof(index, treeSize, path);
    }

    /// <summary>
    /// The consistency proof from the tree of <paramref name="oldSize"/> leaves to the tree of
    /// <paramref name="newSize"/> (RFC 9162 §2.1.4.1); empty when old is 0 or equal to new.
    /// </summary>
    public async Task<ConsistencyProof> GetConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        await RequireSizeAsync(newSize, cancellationToken).ConfigureAwait(false);
        var path = oldSize == 0 || oldSize == newSize
            ? []
            : await HashRangesAsync(TreeMath.ConsistencyRanges(oldSize, newSize), cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(oldSize, newSize, path);
    }

    private async Task RequireSizeAsync(long treeSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        var size = await _store.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
        if (treeSize > size)
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"The log has {size} leaves.");
    }

    // The hashes of the ranges, from one store read of all the complete subtrees they are made of.
    private async Task<MerkleHash[]> HashRangesAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken)
    {
        var parts = ranges.Select(r => TreeMath.Decompose(r.Start, r.End)).ToList();
        MerkleHash[] hashes = [.. await _store.GetNodesAsync([.. parts.SelectMany(p => p)], cancellationToken).ConfigureAwait(false)];
        var result = new MerkleHash[ranges.Count];
        var offset = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            result[i] = TreeMath.Fold(hashes.AsSpan(offset, parts[i].Count));
            offset += parts[i].Count;
        }
        return result;
    }
}
