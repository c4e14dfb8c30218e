namespace Myna.Transparency;

/// <summary>
/// Where a log keeps its tree: the hashes of complete subtrees, keyed by (level, index), and nothing else.
/// </summary>
/// <remarks>
/// <para>A database implementation is one table <c>(level, index, hash)</c> with (level, index) as its primary key.
/// Each call is one round-trip: <see cref="MerkleTree"/> asks for all the nodes a root or proof needs in one
/// <see cref="GetNodesAsync"/> (O(log n) keys) and writes all the nodes of an append in one
/// <see cref="AddNodesAsync"/> (O(log n) rows a leaf).</para>
/// <para>Nodes are never changed or removed: the log is append-only, and the primary key is what makes two
/// appenders that race for the same leaf index fail rather than fork the tree.</para>
/// </remarks>
public interface IMerkleNodeStore
{
    /// <summary>
    /// The number of leaves: the number of level-0 nodes (in SQL, one more than the largest level-0 index, which
    /// the primary key answers without a scan).
    /// </summary>
    Task<long> GetTreeSizeAsync(CancellationToken cancellationToken = default);

    /// <summary>The hashes of the given nodes, in the same order.</summary>
    /// <exception cref="KeyNotFoundException">One of the nodes is not stored.</exception>
    Task<IReadOnlyList<MerkleHash>> GetNodesAsync(IReadOnlyList<NodeId> ids, CancellationToken cancellationToken = default);

    /// <summary>Stores new nodes, all or none (one transaction).</summary>
    /// <exception cref="InvalidOperationException">A node with one of the ids is already stored.</exception>
    Task AddNodesAsync(IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken = default);
}
