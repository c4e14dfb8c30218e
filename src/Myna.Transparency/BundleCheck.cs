using System.Text.Json;

namespace Myna.Transparency;

/// <summary>Why a bundle does not prove what it claims.</summary>
public sealed class BundleCheckException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What a holder checks with the bundles they downloaded (the C# side of the offline check; the Python verifier in the
/// tests does the same from the same files): a bundle's entries are in the tree of its signed checkpoint; and a later
/// bundle extends an earlier one — its checkpoint's tree contains the earlier tree unchanged (the consistency proof
/// from the earlier checkpoint), and every entry the earlier bundle held is still there, with the same data.
/// </summary>
/// <remarks>
/// The verifier key is the one the holder trusted first: the earlier bundle's, which the later one must repeat. A
/// log that removed or changed an entry cannot give a bundle that passes: the entry is missing, or its data no longer
/// hashes to the leaf the proof leads to, or the new tree is not consistent with the old checkpoint.
/// </remarks>
public static class BundleCheck
{
    /// <summary>Reads a bundle as <see cref="ProofBundle.ToJson"/> writes it.</summary>
    /// <exception cref="BundleCheckException">Not such a bundle.</exception>
    public static ProofBundle Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var entries = root.GetProperty("entries").EnumerateArray().Select(e => new ProvenEntry(
                e.GetProperty("index").GetInt64(),
                Convert.FromBase64String(e.GetProperty("data").GetString()!),
                Hashes(e.GetProperty("inclusion_proof")))).ToList();
            var old = root.TryGetProperty("old_checkpoint", out var o) ? o.GetString() : null;
            return new ProofBundle(
                root.GetProperty("origin").GetString()!,
                root.GetProperty("verifier_key").GetString()!,
                root.GetProperty("new_checkpoint").GetString()!,
                entries,
                old,
                old is null ? null : Hashes(root.GetProperty("consistency_proof")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new BundleCheckException("The file is not a proof bundle of the exchange history.", e);
        }
    }

    /// <summary>Checks that every entry of <paramref name="bundle"/> is in its checkpoint's tree; answers the checkpoint.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="verifierKey">The key trusted for the log (the bundle's own when null).</param>
    /// <exception cref="BundleCheckException">What does not hold, naming the entry.</exception>
    public static Checkpoint Verify(ProofBundle bundle, string? verifierKey = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var checkpoint = Open(bundle.NewCheckpoint, bundle.Origin, verifierKey ?? bundle.VerifierKey);
        foreach (var entry in bundle.Entries)
        {
            if (entry.Index < 0 || entry.Index >= checkpoint.TreeSize
                || !MerkleProofs.VerifyInclusion(entry.Index, checkpoint.TreeSize, MerkleHash.OfLeaf(entry.Data), entry.InclusionProof, checkpoint.RootHash))
                throw new BundleCheckException($"Entry {entry.Index} is not in the tree of the checkpoint (size {checkpoint.TreeSize}): it was changed, or the proof is wrong.");
        }
        return checkpoint;
    }

    /// <summary>
    /// Checks <paramref name="later"/> on its own and as an extension of <paramref name="earlier"/>: same log and key,
    /// the consistency proof from the earlier checkpoint, and every earlier entry present with the same data.
    /// </summary>
    /// <returns>The later checkpoint.</returns>
    /// <exception cref="BundleCheckException">What does not hold, naming the entry.</exception>
    public static Checkpoint VerifyExtends(ProofBundle earlier, ProofBundle later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        var before = Verify(earlier);
        if (later.Origin != earlier.Origin || later.VerifierKey != earlier.VerifierKey)
            throw new BundleCheckException("The later bundle is of another log or signed with another key than the earlier one.");
        var after = Verify(later, earlier.VerifierKey);
        if (later.OldCheckpoint is null || later.ConsistencyProof is null)
            throw new BundleCheckException("The later bundle holds no consistency proof: download it again giving the earlier bundle's checkpoint.");
        var claimedOld = Open(later.OldCheckpoint, earlier.Origin, earlier.VerifierKey);
        if (claimedOld.TreeSize != before.TreeSize || claimedOld.RootHash != before.RootHash)
            throw new BundleCheckException("The later bundle's consistency proof starts from another checkpoint than the earlier bundle's.");
        if (!MerkleProofs.VerifyConsistency(before.TreeSize, after.TreeSize, before.RootHash, after.RootHash, later.ConsistencyProof))
            throw new BundleCheckException($"The log's tree of size {after.TreeSize} does not extend the tree of size {before.TreeSize} you saw: entries were removed or changed.");
        var now = later.Entries.ToDictionary(e => e.Index);
        foreach (var entry in earlier.Entries)
        {
            if (!now.TryGetValue(entry.Index, out var still))
                throw new BundleCheckException($"Entry {entry.Index}, which you saw before, is missing from the later bundle.");
            if (!still.Data.AsSpan().SequenceEqual(entry.Data))
                throw new BundleCheckException($"Entry {entry.Index} differs from the one you saw before.");
        }
        return after;
    }

    private static Checkpoint Open(string note, string origin, string verifierKey)
    {
        try
        {
            return Checkpoint.Open(note, origin, [Notes.NoteVerifier.Parse(verifierKey)]);
        }
        catch (Exception e) when (e is Notes.SignedNoteException or FormatException)
        {
            throw new BundleCheckException("A checkpoint's signature does not verify with the log's key, or it is not a checkpoint of this log.", e);
        }
    }

    private static List<MerkleHash> Hashes(JsonElement array) => [.. array.EnumerateArray().Select(h => MerkleHash.FromBase64(h.GetString()!))];
}
