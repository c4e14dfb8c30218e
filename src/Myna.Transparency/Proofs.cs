namespace Myna.Transparency;

/// <summary>
/// The hashes that prove the leaf at <see cref="LeafIndex"/> is in the tree of <see cref="TreeSize"/> leaves
/// (RFC 9162 §2.1.3), nearest the leaf first.
/// </summary>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<MerkleHash> Path)
{
    /// <summary>Whether the proof leads from <paramref name="leafHash"/> to <paramref name="root"/>.</summary>
    public bool Verify(MerkleHash leafHash, MerkleHash root) =>
        MerkleProofs.VerifyInclusion(LeafIndex, TreeSize, leafHash, Path, root);
}

/// <summary>
/// The hashes that prove the tree of <see cref="OldSize"/> leaves is the beginning of the tree of
/// <see cref="NewSize"/> leaves: nothing was changed or removed, only appended (RFC 9162 §2.1.4).
/// </summary>
public sealed record ConsistencyProof(long OldSize, long NewSize, IReadOnlyList<MerkleHash> Path)
{
    /// <summary>Whether the proof joins the two roots.</summary>
    public bool Verify(MerkleHash oldRoot, MerkleHash newRoot) =>
        MerkleProofs.VerifyConsistency(OldSize, NewSize, oldRoot, newRoot, Path);
}
