using System.Diagnostics;
using System.Numerics;

namespace Myna.Transparency;

/// <summary>
/// Which leaf ranges a root or a proof needs (RFC 9162 §2.1), and which stored complete subtrees make each range.
/// </summary>
/// <remarks>
/// Every range here is a subtree of the RFC's recursive split: it starts at a multiple of the largest power of two
/// below its end's span, so its hash is its complete subtrees, largest first, folded from the right
/// (H(P1, H(P2, … Pk))). That is why storing complete subtrees is enough.
/// </remarks>
internal static class TreeMath
{
    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where the RFC splits n leaves.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>The complete subtrees that make the range [start, end), largest (leftmost) first.</summary>
    public static List<NodeId> Decompose(long start, long end)
    {
        var nodes = new List<NodeId>();
        var position = start;
        for (var level = NodeId.MaxLevel; level >= 0; level--)
        {
            if (((end - start) >> level & 1) == 0)
                continue;
            Debug.Assert(position % (1L << level) == 0, "The range is not a subtree of the RFC's split.");
            nodes.Add(new NodeId(level, position >> level));
            position += 1L << level;
        }
        return nodes;
    }

    /// <summary>The nodes a leaf appended at <paramref name="size"/> is combined with: the complete subtrees of [0, size).</summary>
    public static List<NodeId> Frontier(long size) => Decompose(0, size);

    /// <summary>
    /// The ranges whose hashes make the inclusion proof of leaf <paramref name="index"/> in a tree of
    /// <paramref name="size"/> leaves (RFC 9162 §2.1.3.1), in the proof's order: nearest the leaf first.
    /// </summary>
    public static List<(long Start, long End)> InclusionRanges(long index, long size)
    {
        var ranges = new List<(long, long)>();
        long start = 0, end = size;
        while (end - start > 1)
        {
            var split = start + SplitPoint(end - start);
            if (index < split)
            {
                ranges.Add((split, end));
                end = split;
            }
            else
            {
                ranges.Add((start, split));
                start = split;
            }
        }
        ranges.Reverse();
        return ranges;
    }

    /// <summary>
    /// The ranges whose hashes make the consistency proof from <paramref name="oldSize"/> to
    /// <paramref name="newSize"/> leaves (RFC 9162 §2.1.4.1, 0 &lt; old &lt; new), in the proof's order.
    /// </summary>
    public static List<(long Start, long End)> ConsistencyRanges(long oldSize, long newSize)
    {
        var ranges = new List<(long, long)>();
        long start = 0, end = newSize;
        // The old tree's root is left out while the walk stays on its left edge: the verifier has that root.
        var onLeftEdge = true;
        while (oldSize != end)
        {
            var split = start + SplitPoint(end - start);
            if (oldSize <= split)
            {
                ranges.Add((split, end));
                end = split;
            }
            else
            {
                ranges.Add((start, split));
                start = split;
                onLeftEdge = false;
            }
        }
        if (!onLeftEdge)
            ranges.Add((start, end));
        ranges.Reverse();
        return ranges;
    }

    /// <summary>The hash of a range from the hashes of its complete subtrees, largest first.</summary>
    public static MerkleHash Fold(ReadOnlySpan<MerkleHash> subtrees)
    {
        var hash = subtrees[^1];
        for (var i = subtrees.Length - 2; i >= 0; i--)
            hash = MerkleHash.OfChildren(subtrees[i], hash);
        return hash;
    }
}
