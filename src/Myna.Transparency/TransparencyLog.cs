using Myna.Transparency.Notes;

namespace Myna.Transparency;

/// <summary>An entry of the log and its leaf index, as the caller keeps it (the tree keeps only hashes).</summary>
public sealed record LogEntry(long Index, byte[] Data);

/// <summary>
/// A transparency log: a <see cref="MerkleTree"/> named by its <see cref="Origin"/> whose checkpoints the log's key
/// signs, and which hands out what an outsider needs to check it (<see cref="ProveAsync"/>).
/// </summary>
public sealed class TransparencyLog
{
    private readonly NoteSigner _signer;

    public TransparencyLog(string origin, IMerkleNodeStore store, NoteSigner signer)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        ArgumentNullException.ThrowIfNull(signer);
        Origin = origin;
        Tree = new MerkleTree(store);
        _signer = signer;
    }

    /// <summary>The origin line of the log's checkpoints.</summary>
    public string Origin { get; }

    public MerkleTree Tree { get; }

    /// <summary>The key that checks the log's checkpoints, to be published.</summary>
    public NoteVerifier Verifier => _signer.Verifier;

    /// <summary>Appends an entry and answers its leaf index.</summary>
    public Task<long> AppendAsync(ReadOnlySpan<byte> entry, CancellationToken cancellationToken = default) =>
        Tree.AppendAsync(entry, cancellationToken);

    /// <summary>The checkpoint of the tree as it is now, signed.</summary>
    public async Task<string> SignCheckpointAsync(CancellationToken cancellationToken = default) =>
        (await CurrentCheckpointAsync(cancellationToken).ConfigureAwait(false)).Sign(_signer);

    /// <summary>The checkpoint of the tree as it is now, unsigned.</summary>
    public async Task<Checkpoint> CurrentCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var size = await Tree.GetSizeAsync(cancellationToken).ConfigureAwait(false);
        var root = await Tree.GetRootAsync(size, cancellationToken).ConfigureAwait(false);
        return new Checkpoint(Origin, size, root);
    }

    /// <summary>
    /// Everything needed to check <paramref name="entries"/> offline against a new signed checkpoint: their inclusion
    /// proofs and, when the reader already holds a <paramref name="previousCheckpoint"/> of this log, the proof that
    /// the new tree extends that one.
    /// </summary>
    /// <exception cref="SignedNoteException">The previous checkpoint is not one of this log's.</exception>
    public async Task<ProofBundle> ProveAsync(IReadOnlyList<LogEntry> entries, string? previousCheckpoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var checkpoint = await CurrentCheckpointAsync(cancellationToken).ConfigureAwait(false);
        var size = checkpoint.TreeSize;
        var proven = new List<ProvenEntry>();
        foreach (var entry in entries)
        {
            var proof = await Tree.GetInclusionProofAsync(entry.Index, size, cancellationToken).ConfigureAwait(false);
            proven.Add(new ProvenEntry(entry.Index, entry.Data, proof.Path));
        }
        ConsistencyProof? consistency = null;
        if (previousCheckpoint is not null)
        {
            var oldSize = Checkpoint.Open(previousCheckpoint, Origin, [Verifier]).TreeSize;
            consistency = await Tree.GetConsistencyProofAsync(oldSize, size, cancellationToken).ConfigureAwait(false);
        }
        return new ProofBundle(Origin, Verifier.VerifierKey, checkpoint.Sign(_signer), proven, previousCheckpoint, consistency?.Path);
    }
}
