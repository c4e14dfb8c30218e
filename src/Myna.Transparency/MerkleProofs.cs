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
        var climb = new Climb(index, treeSize - 1);
        var r = leafHash;
        foreach (var p in path)
        {
            if (climb.AtRoot)
                return false;
            var siblingIsLeft = climb.SiblingIsLeft;
            r = siblingIsLeft ? MerkleHash.OfChildren(p, r) : MerkleHash.OfChildren(r, p);
            climb.Up(siblingIsLeft);
        }
        return climb.AtRoot && r == root;
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
        var climb = new Climb(oldSize - 1, newSize - 1);
        while (climb.IsRightChild)
            climb.Shift();
        MerkleHash fr = c[0], sr = c[0];
        foreach (var p in c.Skip(1))
        {
            if (climb.AtRoot)
                return false;
            var siblingIsLeft = climb.SiblingIsLeft;
            if (siblingIsLeft)
            {
                fr = MerkleHash.OfChildren(p, fr);
                sr = MerkleHash.OfChildren(p, sr);
            }
            else
            {
                sr = MerkleHash.OfChildren(sr, p);
            }
            climb.Up(siblingIsLeft);
        }
        return climb.AtRoot && fr == oldRoot && sr == newRoot;
    }

    // Where the running hash stands as a proof climbs the tree (the RFC's fn and sn): its index at the current level,
    // and the index of that level's last node.
    private struct Climb(long index, long lastIndex)
    {
        private long _index = index;
        private long _lastIndex = lastIndex;

        public readonly bool AtRoot => _lastIndex == 0;

        public readonly bool IsRightChild => (_index & 1) == 1;

        // The next proof hash goes on the left when the running hash is a right child, or the last node of its level
        // (it has no right sibling: the next hash is a left subtree further up).
        public readonly bool SiblingIsLeft => IsRightChild || _index == _lastIndex;

        public void Up(bool siblingWasLeft)
        {
            // A left child on the right edge has no sibling at the levels above it until it becomes a right child.
            if (siblingWasLeft)
            {
                while (!IsRightChild && _index != 0)
                    Shift();
            }
            Shift();
        }

        public void Shift()
        {
            _index >>= 1;
            _lastIndex >>= 1;
        }
    }
}
