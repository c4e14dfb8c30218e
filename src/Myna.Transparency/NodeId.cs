namespace Myna.Transparency;

/// <summary>
/// A complete (perfect) subtree of the log: the node at <see cref="Level"/> L and <see cref="Index"/> i covers the
/// 2^L leaves [i·2^L, (i+1)·2^L). Level 0 nodes are the leaves.
/// </summary>
public readonly record struct NodeId
{
    /// <summary>The highest level a tree of at most <see cref="long.MaxValue"/> leaves has.</summary>
    public const int MaxLevel = 62;

    public NodeId(int level, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Level = level;
        Index = index;
    }

    public int Level { get; }

    public long Index { get; }

    /// <summary>The first leaf the node covers.</summary>
    public long FirstLeaf => Index << Level;

    /// <summary>The number of leaves it covers.</summary>
    public long LeafCount => 1L << Level;

    public override string ToString() => $"({Level}, {Index})";
}

/// <summary>A stored node: a complete subtree and its hash.</summary>
public readonly record struct MerkleNode(NodeId Id, MerkleHash Hash);
