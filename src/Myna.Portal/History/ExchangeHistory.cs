using System.Text;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.History;
using Myna.Storage.PlainRows;
using Myna.Transparency;
using Myna.Transparency.Notes;

namespace Myna.Portal.History;

/// <summary>An entry of a holder's exchange history as the holder sees it.</summary>
/// <param name="LeafIndex">Its place in the log (null for the moment between its writing and the log taking it).</param>
/// <param name="OccurredAt">When the exchange took place.</param>
/// <param name="Exchange">Who asked, who answered, what and why.</param>
/// <param name="FlaggedAt">When the holder flagged it as not recognised, if they did.</param>
public sealed record HistoryEntry(long? LeafIndex, DateTimeOffset OccurredAt, ExchangeContent Exchange, DateTimeOffset? FlaggedAt);

/// <summary>An entry a holder flagged, as the municipality's audit queue shows it.</summary>
public sealed record FlaggedEntry(long LeafIndex, Guid HolderReference, DateTimeOffset OccurredAt, ExchangeContent Exchange, DateTimeOffset FlaggedAt, string? Note);

/// <summary>A holder's proof bundle and the size of the tree its checkpoint signs.</summary>
public sealed record HistoryProof(ProofBundle Bundle, long TreeSize);

/// <summary>Why a proof could not be made for the checkpoint a holder brought.</summary>
public sealed class HistoryProofException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// やりとり履歴 (U3.5): every exchange of a holder's information, kept tamper-evident as a transparency log. One
/// append-only Merkle tree over all entries (RFC 9162), signed checkpoints in the C2SP signed-note form, and for each
/// holder their entries with inclusion proofs, plus a consistency proof from a checkpoint they kept before
/// (docs/portal.md, docs/transparency-log.md). Entries are written by whoever makes the exchange, in the exchange's own
/// unit of work (<see cref="ExchangeRecord"/>); this log takes them into the tree in the order they were written.
/// </summary>
public sealed class ExchangeHistory
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly NoteSigner _signer;
    private readonly PortalClocks _clocks;
    // Appends are one at a time in this process; another process's append fails on the nodes' key and is retried.
    private readonly SemaphoreSlim _appending = new(1, 1);

    /// <summary>The entries a transaction takes into the log: short enough not to hold the database's writer for long.</summary>
    private const int BatchSize = 500;

    /// <param name="contexts">The database.</param>
    /// <param name="signer">The log's key; its name is the checkpoints' origin.</param>
    /// <param name="clocks">The portal's clocks.</param>
    public ExchangeHistory(IDbContextFactory<MynaDbContext> contexts, NoteSigner signer, PortalClocks clocks)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _contexts = contexts;
        _signer = signer;
        _clocks = clocks;
    }

    /// <summary>The checkpoints' origin line (the log's name).</summary>
    public string Origin => _signer.Name;

    /// <summary>The key that checks the log's checkpoints, as published.</summary>
    public string VerifierKey => _signer.Verifier.VerifierKey;

    /// <summary>Writes an exchange of <paramref name="holderReference"/>'s information and takes it into the log.</summary>
    public async Task RecordAsync(Guid holderReference, ExchangeContent exchange, CancellationToken cancellationToken)
    {
        await using (var db = _contexts.CreateDbContext())
        {
            db.Add(ExchangeRecord.Of(holderReference, _clocks.Civil.GetUtcNow(), exchange));
            await db.SaveChangesAsync(cancellationToken);
        }
        await SequenceAsync(cancellationToken);
    }

    /// <summary>Takes every entry written and not yet in the log into the tree, oldest first; answers how many.</summary>
    /// <remarks>
    /// Each batch is one transaction: the entries read, their nodes and their leaf indexes written as plain rows (not
    /// through the change tracker, which could not keep up with the eligibility checks' thousands a second), committed
    /// together or not at all. A crash before the commit leaves the entries pending and the tree as it was.
    /// </remarks>
    public async Task<int> SequenceAsync(CancellationToken cancellationToken)
    {
        await _appending.WaitAsync(cancellationToken);
        try
        {
            var taken = 0;
            var conflicts = 0;
            while (true)
            {
                await using var db = _contexts.CreateDbContext();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var pending = await db.Set<ExchangeRecord>().AsNoTracking().Where(e => e.LeafIndex == null).OrderBy(e => e.Id).Take(BatchSize)
                    .Select(e => new { e.Id, e.Content }).ToListAsync(cancellationToken);
                if (pending.Count == 0)
                    return taken;
                var tree = new MerkleTree(new EfMerkleNodeStore(db));
                long first;
                try
                {
                    first = await tree.AppendLeafHashesAsync([.. pending.Select(e => MerkleHash.OfLeaf(Encoding.UTF8.GetBytes(e.Content)))], cancellationToken);
                }
                catch (InvalidOperationException) when (++conflicts <= 3)
                {
                    // Another process took these entries (or others) into the tree first: read its state again.
                    continue;
                }
                var setLeafIndex = RowStatement.UpdateColumns<ExchangeRecord>(db, nameof(ExchangeRecord.LeafIndex));
                await PlainRowWriter.WriteAsync(db,
                    [.. pending.Select((e, i) => new RowWrite(setLeafIndex, new ExchangeRecord { Id = e.Id, LeafIndex = first + i }))], cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                taken += pending.Count;
            }
        }
        finally
        {
            _appending.Release();
        }
    }

    /// <summary>The log's checkpoint now, signed (and kept, one per tree size).</summary>
    public async Task<string> CheckpointAsync(CancellationToken cancellationToken)
    {
        await SequenceAsync(cancellationToken);
        await using var db = _contexts.CreateDbContext();
        var log = new TransparencyLog(Origin, new EfMerkleNodeStore(db), _signer);
        var checkpoint = await log.SignCheckpointAsync(cancellationToken);
        await KeepAsync(db, checkpoint, cancellationToken);
        return checkpoint;
    }

    /// <summary>The holder's entries, newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> EntriesAsync(Guid holderReference, CancellationToken cancellationToken)
    {
        await SequenceAsync(cancellationToken);
        await using var db = _contexts.CreateDbContext();
        var rows = await db.Set<ExchangeRecord>().AsNoTracking().Where(e => e.HolderReference == holderReference)
            .OrderByDescending(e => e.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(e => new HistoryEntry(e.LeafIndex, e.OccurredAt, e.Read(), e.FlaggedAt))];
    }

    /// <summary>
    /// What the holder downloads to check their history offline: their entries with inclusion proofs in the log's
    /// current signed checkpoint and, when they bring a checkpoint they kept before, the proof that the log now
    /// extends it (nothing they saw then was removed or changed).
    /// </summary>
    /// <exception cref="HistoryProofException">The checkpoint brought is not this log's, or is of a larger tree than the log's.</exception>
    public async Task<HistoryProof> ProveAsync(Guid holderReference, string? previousCheckpoint, CancellationToken cancellationToken)
    {
        await SequenceAsync(cancellationToken);
        await using var db = _contexts.CreateDbContext();
        var entries = await db.Set<ExchangeRecord>().AsNoTracking()
            .Where(e => e.HolderReference == holderReference && e.LeafIndex != null)
            .OrderBy(e => e.LeafIndex)
            .Select(e => new { e.LeafIndex, e.Content })
            .ToListAsync(cancellationToken);
        var log = new TransparencyLog(Origin, new EfMerkleNodeStore(db), _signer);
        var size = await log.Tree.GetSizeAsync(cancellationToken);
        if (previousCheckpoint is not null)
        {
            Checkpoint old;
            try
            {
                old = Checkpoint.Open(previousCheckpoint, Origin, [_signer.Verifier]);
            }
            catch (Exception e) when (e is SignedNoteException or FormatException)
            {
                throw new HistoryProofException("The checkpoint given is not a checkpoint signed by this log.", e);
            }
            if (old.TreeSize > size)
                throw new HistoryProofException("The checkpoint given is of a larger tree than the log has now: the log was rolled back.");
        }
        var bundle = await log.ProveAsync([.. entries.Select(e => new LogEntry(e.LeafIndex!.Value, Encoding.UTF8.GetBytes(e.Content)))],
            previousCheckpoint, cancellationToken);
        return new HistoryProof(bundle, await KeepAsync(db, bundle.NewCheckpoint, cancellationToken));
    }

    /// <summary>
    /// The holder flags entry <paramref name="leafIndex"/> of theirs as one they do not recognise: it goes to the
    /// municipality's audit queue, and the flag is in the audit trail. False when they have no such entry.
    /// </summary>
    public async Task<bool> FlagAsync(Guid holderReference, Guid accountId, long leafIndex, string? note, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        var entry = await db.Set<ExchangeRecord>().SingleOrDefaultAsync(e => e.HolderReference == holderReference && e.LeafIndex == leafIndex, cancellationToken);
        if (entry is null)
            return false;
        entry.FlaggedAt = _clocks.Civil.GetUtcNow();
        entry.FlagNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        db.Add(AuditTrail.NewEntry(_clocks.Civil, AuditActor.Holder(accountId), PortalAudit.HistoryFlagged,
            AuditSubject.Resident(holderReference),
            new LocalizedText($"本人が覚えのないやりとり履歴（番号 {leafIndex}）を申し出ました。",
                $"The holder flagged exchange history entry {leafIndex} as not recognised.")));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The entries holders flagged, newest flag first: the municipality's audit queue.</summary>
    public async Task<IReadOnlyList<FlaggedEntry>> FlaggedAsync(CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        var rows = await db.Set<ExchangeRecord>().AsNoTracking().Where(e => e.FlaggedAt != null && e.LeafIndex != null)
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(e => e.FlaggedAt)
            .Select(e => new FlaggedEntry(e.LeafIndex!.Value, e.HolderReference, e.OccurredAt, e.Read(), e.FlaggedAt!.Value, e.FlagNote))];
    }

    /// <summary>Keeps a signed checkpoint (once per tree size); answers its tree size.</summary>
    private async Task<long> KeepAsync(MynaDbContext db, string signedCheckpoint, CancellationToken cancellationToken)
    {
        var size = Checkpoint.Open(signedCheckpoint, Origin, [_signer.Verifier]).TreeSize;
        if (await db.Set<HistoryCheckpoint>().AnyAsync(c => c.TreeSize == size, cancellationToken))
            return size;
        db.Add(new HistoryCheckpoint { TreeSize = size, SignedNote = signedCheckpoint, SignedAt = _clocks.Real.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Kept by a request at the same time: the note is the same (Ed25519 signatures are deterministic).
        }
        return size;
    }
}
