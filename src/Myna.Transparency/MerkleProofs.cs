namespace Myna.Transparency;

/// <summary>
/// Checks RFC 9162 proofs with nothing but the hashes: no store, no log, so a holder's client (or any other
/// program) can do the same.
/// </summary>
public static class MerkleProofs
{
    /// <summary>
    /// Whether <paramref name="path"/> proves that the leaf with <paramref name="leafHash"/> stands at
    /// <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves whose root is
    /// <paramref name="root"/> (RFC 9162 §2.1.3.2).
    /// </summary>
    public static bool VerifyInclusion(long index, long treeSize, MerkleHash leafHash, IReadOnlyList<MerkleHash> path, MerkleHash root)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (index < 0 || index >= treeSize || leafHash.IsDefault || root.IsDefault || path.Any(h => h.IsDefault))
            return false;
        long fn = index, sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.OfChildren(p, r);
                // A left child on the right edge has no sibling at the levels above it: skip them.
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.OfChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r == root;
    }

    /// <summary>
    /// Whether <paramref name="path"/> proves that the tree of <paramref name="oldSize"/> leaves with root
    /// <paramref name="oldRoot"/> is the beginning of the tree of <paramref name="newSize"/> leaves with root
    /// <paramref name="newRoot"/> (RFC 9162 §2.1.4.2). Equal sizes need equal roots and an empty path; an empty old
    /// tree needs the empty tree's root and an empty path.
    /// </summary>
    public static bool VerifyConsistency(long oldSize, long newSize, MerkleHash oldRoot, MerkleHash newRoot, IReadOnlyList<MerkleHash> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (oldSize < 0 || oldSize > newSize || oldRoot.IsDefault || newRoot.IsDefault || path.Any(h => h.IsDefault))
            return false;
        if (oldSize == newSize)
            return path.Count == 0 && oldRoot == newRoot;
        if (oldSize == 0)
            return path.Count == 0 && oldRoot == MerkleHash.EmptyTree;
        if (path.Count == 0)
            return false;

        // An old tree that is a complete subtree is a node of the new one, and the proof leaves its hash out.
        IReadOnlyList<MerkleHash> c = (oldSize & (oldSize - 1)) == 0 ? [oldRoot, .. path] : path;
        long fn = oldSize - 1, sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        MerkleHash fr = c[0], sr = c[0];
        foreach (var p in c.Skip(1))
        {
            if (sn == 0)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.OfChildren(p, fr);
                sr = MerkleHash.OfChildren(p, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.OfChildren(sr, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr == oldRoot && sr == newRoot;
    }
}
