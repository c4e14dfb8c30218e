using Myna.Transparency;

namespace Myna.Transparency.Tests;

/// <summary>
/// RFC 9162 §2.1 written as the RFC states it, recursively over all the leaves: slow, and obviously right, to hold
/// the store-based tree against.
/// </summary>
internal static class ReferenceTree
{
    public static MerkleHash Root(ReadOnlySpan<MerkleHash> leaves)
    {
        if (leaves.Length == 0)
            return MerkleHash.EmptyTree;
        if (leaves.Length == 1)
            return leaves[0];
        var k = Split(leaves.Length);
        return MerkleHash.OfChildren(Root(leaves[..k]), Root(leaves[k..]));
    }

    // PATH(m, D[n])
    public static List<MerkleHash> InclusionPath(int m, ReadOnlySpan<MerkleHash> leaves)
    {
        if (leaves.Length <= 1)
            return [];
        var k = Split(leaves.Length);
        if (m < k)
            return [.. InclusionPath(m, leaves[..k]), Root(leaves[k..])];
        return [.. InclusionPath(m - k, leaves[k..]), Root(leaves[..k])];
    }

    // PROOF(m, D[n]) = SUBPROOF(m, D[n], true)
    public static List<MerkleHash> ConsistencyPath(int m, ReadOnlySpan<MerkleHash> leaves) =>
        m == 0 || m == leaves.Length ? [] : SubProof(m, leaves, true);

    private static List<MerkleHash> SubProof(int m, ReadOnlySpan<MerkleHash> leaves, bool complete)
    {
        if (m == leaves.Length)
            return complete ? [] : [Root(leaves)];
        var k = Split(leaves.Length);
        if (m <= k)
            return [.. SubProof(m, leaves[..k], complete), Root(leaves[k..])];
        return [.. SubProof(m - k, leaves[k..], false), Root(leaves[..k])];
    }

    // The largest power of two smaller than n.
    private static int Split(int n)
    {
        var k = 1;
        while (k * 2 < n)
            k *= 2;
        return k;
    }
}
