using Microsoft.EntityFrameworkCore;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;
using Myna.Storage.PlainRows;

namespace Myna.OnlineEligibility.Checks;

/// <summary>A check's row — opened, or answered or ended with the rows that go with it (receipt, exchange record, audit entry).</summary>
internal sealed record CheckWrite(EligibilityCheckRow Check, IReadOnlyList<object> Rows);

/// <summary>
/// Group commit of checks: the opens and answers that arrive while a transaction is being made durable wait, and then go
/// together in the next one. One commit — one fsync of SQLite's write-ahead log, one WAL flush of PostgreSQL — thus serves many
/// answers, where a transaction each would bound the service by the disk (a few thousand fsyncs a second at best).
/// </summary>
/// <remarks>
/// <para>Each caller is told only once its batch is durable; a batch that fails fails every caller in it, and none of its
/// rows is written (one transaction). An open inserts the check's row; an answer (or the end of a check) turns an open row
/// into the answered one with its other rows, once: a check already answered or ended (earlier, or before in the same
/// batch) is not written again, and that caller is told so — a replayed answer is refused exactly once, whatever the
/// timing.</para>
/// <para>No thread waits for work: the first caller to find no batch being written starts the writing, which takes
/// batches until none is left. At most <see cref="MaxBatch"/> checks go in one transaction.</para>
/// </remarks>
internal sealed class CheckWriter(IDbContextFactory<MynaDbContext> contexts)
{
    /// <summary>The most checks in one transaction.</summary>
    public const int MaxBatch = 500;

    private readonly Lock _gate = new();
    private List<Pending> _queue = [];
    private bool _writing;
    private int _inFlight;

    private sealed class Pending(CheckWrite write)
    {
        public CheckWrite Write { get; } = write;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The checks waiting for the next transaction (not those of the one being made durable).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>The checks of the transaction being made durable.</summary>
    public int Writing => Volatile.Read(ref _inFlight);

    /// <summary>Writes the check and its rows durably: true once written, false when the check had been answered or ended before.</summary>
    /// <exception cref="DbUpdateException">The batch could not be written; nothing of it was.</exception>
    public Task<bool> WriteAsync(CheckWrite write)
    {
        var pending = new Pending(write);
        bool lead;
        lock (_gate)
        {
            _queue.Add(pending);
            lead = !_writing;
            _writing = true;
        }
        if (lead)
            _ = Task.Run(WriteBatchesAsync);
        return pending.Done.Task;
    }

    private async Task WriteBatchesAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                if (_queue.Count <= MaxBatch)
                    (batch, _queue) = (_queue, []);
                else
                {
                    batch = _queue.GetRange(0, MaxBatch);
                    _queue.RemoveRange(0, MaxBatch);
                }
            }
            Volatile.Write(ref _inFlight, batch.Count);
            await CommitAsync(batch);
            Volatile.Write(ref _inFlight, 0);
        }
    }

    /// <summary>
    /// Writes the batch in one transaction. When the database refuses it because a check of the batch was written in
    /// between by another writer (another server process on the same PostgreSQL database: the primary key of a check
    /// answered without an open row, the version of an open one), the batch is made again from the states read anew: that
    /// check's answer is refused as already answered and the others are written — a conflict on one check loses none of
    /// the others. A refusal the states do not explain (a full disk, a broken constraint) fails the whole batch.
    /// </summary>
    private async Task CommitAsync(List<Pending> batch)
    {
        bool[]? refused = null;
        Exception? failure = null;
        while (true)
        {
            var db = _db ??= contexts.CreateDbContext();
            Plan plan;
            try
            {
                plan = await PlanAsync(db, batch);
            }
            catch (Exception e)
            {
                await FailAsync(db, batch, e);
                return;
            }
            if (refused is not null && !plan.WritesFewerThan(refused))
            {
                await FailAsync(db, batch, failure!);
                return;
            }
            try
            {
                if (BeforeWrite is { } beforeWrite)
                    await beforeWrite([.. batch.Select(p => p.Write.Check.Id)]);
                await using var transaction = await db.Database.BeginTransactionAsync();
                await PlainRowWriter.WriteAsync(db, plan.Rows);
                await transaction.CommitAsync();
            }
            catch (Exception e)
            {
                // The context may hold a broken connection or transaction: the next attempt takes a new one.
                await ForgetContextAsync(db);
                (refused, failure) = (plan.Written, e);
                continue;
            }
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(plan.Written[i]);
            return;
        }
    }

    /// <summary>Ends the kept context (and the state read prepared on its connection): the next batch makes a new one.</summary>
    private async Task ForgetContextAsync(MynaDbContext db)
    {
        _db = null;
        _stateReader?.Dispose();
        _stateReader = null;
        await db.DisposeAsync();
    }

    /// <summary>Tests only: runs after the batch's states are read and before its transaction begins (where another writer can come between).</summary>
    internal Func<IReadOnlyCollection<Guid>, Task>? BeforeWrite { get; set; }

    private async Task FailAsync(MynaDbContext db, List<Pending> batch, Exception failure)
    {
        await ForgetContextAsync(db);
        foreach (var pending in batch)
            pending.Done.TrySetException(failure);
    }

    /// <summary>The rows a batch writes, in order, and which of its checks it writes (the others were answered or ended before).</summary>
    private sealed record Plan(IReadOnlyList<RowWrite> Rows, bool[] Written)
    {
        /// <summary>Whether this plan leaves out a check the earlier one wrote, and writes none it left out.</summary>
        public bool WritesFewerThan(bool[] earlier)
        {
            var fewer = false;
            for (var i = 0; i < Written.Length; i++)
            {
                if (Written[i] && !earlier[i])
                    return false;
                fewer |= earlier[i] && !Written[i];
            }
            return fewer;
        }
    }

    private async Task<Plan> PlanAsync(MynaDbContext db, List<Pending> batch)
    {
        var written = new bool[batch.Count];
        var statements = _statements ??= new Statements(db);
        // An open's id is new (CheckChallenges), so only the answers' checks are read. Read outside the transaction: the one
        // writer of checks in this process is this one, so nothing of this process comes between; a row written by another
        // process in between makes the transaction fail, never a check answered twice (CommitAsync then reads again). The ids
        // go as one parameter, so that the query is the same whatever their number (one translation, one statement to prepare).
        var ids = batch.Where(p => p.Write.Check.State != EligibilityCheckState.Open).Select(p => p.Write.Check.Id).Distinct().ToList();
        var states = ids.Count == 0 ? []
            : db is SqliteMynaDbContext ? StatesOneByOne(db, ids)
            : await db.Set<EligibilityCheckRow>().AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id))
                .Select(c => new { c.Id, c.State }).ToDictionaryAsync(c => c.Id, c => c.State);
        // The rows in order: a check's row before the rows that refer to it. An open answered in the same transaction
        // leaves its place empty: the answered row is the one written. A check given ahead (no open row) is inserted answered.
        var rows = new List<RowWrite?>();
        var openedHere = new Dictionary<Guid, int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var check = batch[i].Write.Check;
            var known = states.TryGetValue(check.Id, out var state);
            if (check.State == EligibilityCheckState.Open)
            {
                if (known)
                    continue;
                openedHere[check.Id] = rows.Count;
                rows.Add(new RowWrite(statements.InsertCheck, check));
            }
            else
            {
                if (known && state != EligibilityCheckState.Open)
                    continue;
                var openedBefore = openedHere.Remove(check.Id, out var opened);
                if (openedBefore)
                    rows[opened] = null;
                if (known && !openedBefore)
                {
                    check.Version = OpenVersion + 2;
                    rows.Add(new RowWrite(statements.UpdateOpenCheck, check, OpenVersion));
                }
                else
                {
                    check.Version = OpenVersion;
                    rows.Add(new RowWrite(statements.InsertCheck, check));
                }
                foreach (var row in batch[i].Write.Rows)
                    rows.Add(new RowWrite(statements.Insert(row), row));
            }
            states[check.Id] = check.State;
            written[i] = true;
        }
        return new Plan([.. rows.OfType<RowWrite>()], written);
    }

    /// <summary>
    /// The states of the checks <paramref name="ids"/> that have a row, on SQLite: a point read each, prepared once on the
    /// kept context's connection (kept open for it) — in the process a prepared read costs microseconds, where one query
    /// of all the ids through EF cost its translation's cache look-up and SQLite's parse and plan of it for every batch.
    /// </summary>
    private Dictionary<Guid, EligibilityCheckState> StatesOneByOne(MynaDbContext db, List<Guid> ids)
    {
        if (_stateReader is null)
        {
            db.Database.OpenConnection();
            _stateReader = ColumnByKeyReader.Of<EligibilityCheckRow>(db, nameof(EligibilityCheckRow.State));
        }
        var states = new Dictionary<Guid, EligibilityCheckState>(ids.Count);
        foreach (var id in ids)
        {
            if (_stateReader.TryRead(id, out var state))
                states[id] = (EligibilityCheckState)state!;
        }
        return states;
    }

    /// <summary>The point read of a check's state on <see cref="_db"/>'s connection (SQLite only); it goes with the context.</summary>
    private ColumnByKeyReader? _stateReader;

    private Statements? _statements;

    /// <summary>
    /// The context the batches are written with, kept from one to the next (a context's first query builds its services): it
    /// tracks nothing, as the rows go as plain statements; one batch at a time uses it. A batch that fails ends it.
    /// </summary>
    private MynaDbContext? _db;

    /// <summary>The statements of the group commit, made once from the model of the writer's database.</summary>
    private sealed class Statements(MynaDbContext db)
    {
        public RowStatement InsertCheck { get; } = RowStatement.Insert<EligibilityCheckRow>(db);

        /// <summary>An open row turned into the answered or ended one: the version moves as any save's does, from a row at rest by 2.</summary>
        public RowStatement UpdateOpenCheck { get; } = RowStatement.UpdateIfVersion<EligibilityCheckRow>(db, nameof(EligibilityCheckRow.Version));

        private readonly RowStatement _receipt = RowStatement.Insert<EligibilityReceiptRow>(db);
        private readonly RowStatement _exchange = RowStatement.Insert<ExchangeRecord>(db);
        private readonly RowStatement _audit = RowStatement.Insert<AuditEntry>(db);

        /// <summary>The insert of an answer's other row.</summary>
        public RowStatement Insert(object row) => row switch
        {
            EligibilityReceiptRow => _receipt,
            ExchangeRecord => _exchange,
            AuditEntry => _audit,
            _ => throw new ArgumentException($"The group commit writes no {row.GetType().Name}.", nameof(row)),
        };
    }

    /// <summary>The version of a check's row as the open writes it.</summary>
    private const long OpenVersion = 0;
}
