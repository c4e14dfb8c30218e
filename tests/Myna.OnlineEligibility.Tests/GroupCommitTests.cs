using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;
using Myna.Testing;

namespace Myna.OnlineEligibility.Tests;

/// <summary>
/// Checks are written by a group commit: many opens and answers in one transaction, each given only once its
/// transaction is durable, a failing transaction failing every answer in it with nothing of them written, and a check
/// answered once however many answers race for it.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private static readonly Consent All = new(true, true, true, true);
    private readonly EligibilityHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task ManyAnswersAtOnce_AndTheirReplays_AnswerEachCheckOnce_WithOneReceiptExchangeAndAuditEntryEach()
    {
        await ProveManyAtOnceAsync(_h);
    }

    [Fact]
    public async Task AnAnswer_IsNotGiven_BeforeItsTransactionIsDurable()
    {
        var card = await CoveredPatientAsync();
        var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        var answer = _h.WithPin(card, opened.Challenge, All);

        await using var blocker = await HoldWriteLockAsync();
        var answering = _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, answer);
        await UntilAsync(() => _h.Service.ChecksInWriter.Writing == 1);
        await Task.Delay(300);
        Assert.False(answering.IsCompleted);
        Assert.Equal(1, await CountAsync<EligibilityCheckRow>(c => c.Id == opened.CheckId && c.State == EligibilityCheckState.Open));

        await blocker.ReleaseAsync();
        Assert.True((await answering).Value!.Eligible);
        Assert.Equal(1, await CountAsync<EligibilityCheckRow>(c => c.Id == opened.CheckId && c.State == EligibilityCheckState.Answered));
    }

    [Fact]
    public async Task AFailingTransaction_FailsEveryAnswerInIt_AndWritesNothingOfThem_WhileTheBatchBeforeStands()
    {
        var good = await CoveredPatientAsync();
        var poisoned = await CoveredPatientAsync("次郎");
        var checks = new List<(Guid Id, CardAnswer Answer)>();
        foreach (var card in new[] { good, good, poisoned.Card, good })
        {
            var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
            checks.Add((opened.CheckId, _h.WithPin(card, opened.Challenge, All)));
        }
        // The database refuses the poisoned holder's exchange record, as a full disk or a broken constraint would.
        await ExecuteAsync($"CREATE TRIGGER poisoned BEFORE INSERT ON exchange_history WHEN upper(NEW.holder_reference) = upper('{poisoned.Holder}') BEGIN SELECT RAISE(ABORT, 'refused'); END;");

        Task<EligibilityAnswerOf<EligibilityResult>> Answer(int i) => _h.Service.AnswerAsync(_h.Terminal.Credentials, checks[i].Id, checks[i].Answer);
        await using (var blocker = await HoldWriteLockAsync())
        {
            // The first answer's transaction waits for the lock; the next three gather for the transaction after it.
            var first = Answer(0);
            await UntilAsync(() => _h.Service.ChecksInWriter == (0, 1));
            var batch = new[] { Answer(1), Answer(2), Answer(3) };
            await UntilAsync(() => _h.Service.ChecksInWriter == (3, 1));
            await blocker.ReleaseAsync();

            Assert.True((await first).Succeeded);
            foreach (var failed in batch)
                await Assert.ThrowsAnyAsync<DbUpdateException>(() => failed);
        }

        var failedIds = checks.Skip(1).Select(c => c.Id).ToList();
        Assert.Equal(3, await CountAsync<EligibilityCheckRow>(c => failedIds.Contains(c.Id) && c.State == EligibilityCheckState.Open));
        Assert.Equal(0, await CountAsync<EligibilityReceiptRow>(r => failedIds.Contains(r.CheckId)));
        Assert.Equal(1, await CountAsync<ExchangeRecord>(e => e.Content.Contains("insurance-eligibility-checked")));
        Assert.Equal(1, await CountAsync<AuditEntry>(e => e.Action == EligibilityService.CheckedAction));

        // Nothing of them was written, so each is answered once the database takes it again — and only once.
        await ExecuteAsync("DROP TRIGGER poisoned;");
        Assert.True((await Answer(2)).Value!.Eligible);
        Assert.Equal("already-answered", (await Answer(2)).Refusal!.Code);
        Assert.Equal(1, await CountAsync<EligibilityReceiptRow>(r => r.CheckId == checks[2].Id));
    }

    [Fact]
    public async Task TwoAnswersOfAChallengeGivenAhead_InOneTransaction_WriteItOnce_AndRefuseTheOther_U1_2()
    {
        var card = await CoveredPatientAsync();
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 2)).Value!;
        var first = _h.WithPin(card, given[0].Challenge, All);
        var answer = _h.WithPin(card, given[1].Challenge, All);

        await using (var blocker = await HoldWriteLockAsync())
        {
            // The first answer's transaction waits for the lock; the two answers of the second challenge gather for the next.
            var waiting = _h.Service.AnswerAsync(_h.Terminal.Credentials, given[0].CheckId, first);
            await UntilAsync(() => _h.Service.ChecksInWriter == (0, 1));
            var twice = new[] { _h.Service.AnswerAsync(_h.Terminal.Credentials, given[1].CheckId, answer), _h.Service.AnswerAsync(_h.Terminal.Credentials, given[1].CheckId, answer) };
            await UntilAsync(() => _h.Service.ChecksInWriter == (2, 1));
            await blocker.ReleaseAsync();

            Assert.True((await waiting).Value!.Eligible);
            var results = await Task.WhenAll(twice);
            Assert.Single(results, r => r.Succeeded && r.Value!.Eligible);
            Assert.Single(results, r => r.Refusal?.Code == "already-answered");
        }
        Assert.Equal(1, await CountAsync<EligibilityCheckRow>(c => c.Id == given[1].CheckId));
        Assert.Equal(1, await CountAsync<EligibilityReceiptRow>(r => r.CheckId == given[1].CheckId));
        Assert.Equal(2, await CountAsync<ExchangeRecord>(e => e.Content.Contains("insurance-eligibility-checked")));
        Assert.Equal(2, await CountAsync<AuditEntry>(e => e.Action == EligibilityService.CheckedAction));
    }

    [Fact]
    public async Task AChallengeAnsweredByAnotherProcess_BetweenTheReadAndTheWrite_IsRefusedOnce_AndTheOtherAnswersOfItsTransactionAreWritten_U1_2()
    {
        await ProveAnotherWriterInBetweenAsync(_h, HoldLockAsync);
    }

    [Fact]
    public async Task AnExpiredCheck_IsRefusedAndEnded_AndAnsweredNoMore()
    {
        var card = await CoveredPatientAsync();
        var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        Assert.Equal(EligibilityHarness.Start + EligibilityService.CheckLifetime, opened.ExpiresAt);
        var answer = _h.WithPin(card, opened.Challenge, All);

        _h.Clock.Advance(EligibilityService.CheckLifetime);
        Assert.Equal("check-expired", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, answer)).Refusal!.Code);
        await using (var db = _h.Contexts.CreateDbContext())
        {
            var row = await db.Set<EligibilityCheckRow>().SingleAsync();
            Assert.Equal((EligibilityCheckState.Ended, "check-expired", EligibilityHarness.Start), (row.State, row.Result, row.OpenedAt));
        }
        Assert.Equal("already-answered", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, answer)).Refusal!.Code);
        Assert.Equal(0, await CountAsync<EligibilityReceiptRow>(_ => true));
    }

    [Fact]
    public async Task AnOpenCheck_IsWrittenBeforeItsChallengeIsGiven_ItsInstitutionSeesItOpen_AndAnotherTerminalCannotAnswerIt()
    {
        var card = await CoveredPatientAsync();
        var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        Assert.Equal(EligibilityCheckState.Open, (await SingleCheckAsync()).State);

        var second = (await _h.Institutions.AddAsync("0711234567", "あさひ内科クリニック", InstitutionKind.Clinic, 1))[0];
        var pharmacy = (await _h.Institutions.AddAsync("0741234568", "さくら薬局", InstitutionKind.Pharmacy, 1))[0];
        var view = (await _h.Service.ViewAsync(second.Credentials, opened.CheckId)).Value!;
        Assert.Equal((EligibilityCheckState.Open, null, null), (view.State, view.Result, view.Receipt));
        Assert.Equal("check-unknown", (await _h.Service.ViewAsync(pharmacy.Credentials, opened.CheckId)).Refusal!.Code);

        var answer = _h.WithPin(card, opened.Challenge, All);
        Assert.Equal("check-unknown", (await _h.Service.AnswerAsync(second.Credentials, opened.CheckId, answer)).Refusal!.Code);
        var bytes = opened.CheckId.ToByteArray();
        bytes[^1] ^= 1;
        Assert.Equal("check-unknown", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, new Guid(bytes), answer)).Refusal!.Code);
        Assert.True((await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, answer)).Value!.Eligible);
        Assert.Equal(EligibilityCheckState.Answered, (await _h.Service.ViewAsync(second.Credentials, opened.CheckId)).Value!.State);
    }

    [Fact]
    public async Task AKnownTerminal_IsBelievedForHalfAMinute_ButNeverWithAWrongSecret_AndForgottenWhenTerminalsAreRegistered()
    {
        var terminal = (await _h.Institutions.AddAsync("0711234567", "あさひ内科クリニック", InstitutionKind.Clinic, 1))[0];
        Assert.NotNull(await _h.Institutions.AuthenticateAsync(terminal.Credentials));
        await DeleteTerminalAsync(terminal.Id);

        Assert.NotNull(await _h.Institutions.AuthenticateAsync(terminal.Credentials));
        Assert.Null(await _h.Institutions.AuthenticateAsync(terminal.Credentials with { Secret = terminal.Secret + "x" }));
        _h.Clock.Advance(Terminals.Institutions.KnownFor);
        Assert.Null(await _h.Institutions.AuthenticateAsync(terminal.Credentials));

        var another = (await _h.Institutions.AddAsync("0711234567", "あさひ内科クリニック", InstitutionKind.Clinic, 1))[0];
        Assert.NotNull(await _h.Institutions.AuthenticateAsync(another.Credentials));
        await DeleteTerminalAsync(another.Id);
        await _h.Institutions.AddAsync("0741234568", "さくら薬局", InstitutionKind.Pharmacy, 1);
        Assert.Null(await _h.Institutions.AuthenticateAsync(another.Credentials));
    }

    /// <summary>
    /// Three covered patients, ten checks each, all answered at once and each answer sent twice: every check answered
    /// exactly once, with its own receipt, exchange record and audit entry.
    /// </summary>
    internal static async Task ProveManyAtOnceAsync(EligibilityHarness h)
    {
        var cards = new List<(Guid Holder, Guid Card)>();
        foreach (var name in new[] { "一郎", "二郎", "三郎" })
        {
            var (resident, card) = await h.PatientAsync(new DateOnly(1990, 5, 10), name);
            await h.RegisterForInsuranceUseAsync(resident.Id);
            await h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
            cards.Add((resident.Id, card.Id));
        }
        var checks = new List<(Guid Id, CardAnswer Answer)>();
        for (var i = 0; i < 30; i++)
        {
            var opened = (await h.Service.OpenAsync(h.Terminal.Credentials)).Value!;
            checks.Add((opened.CheckId, h.WithPin(cards[i % 3].Card, opened.Challenge, All)));
        }

        var answers = await Task.WhenAll(checks.Concat(checks).Select(c => Task.Run(() => h.Service.AnswerAsync(h.Terminal.Credentials, c.Id, c.Answer))));

        var answered = answers.Where(a => a.Succeeded).Select(a => a.Value!).ToList();
        Assert.Equal(30, answered.Count);
        Assert.Equal(checks.Select(c => c.Id).Order(), answered.Select(a => a.CheckId).Order());
        Assert.All(answers.Where(a => !a.Succeeded), a => Assert.Equal("already-answered", a.Refusal!.Code));
        await using var db = h.Contexts.CreateDbContext();
        var rows = await db.Set<EligibilityCheckRow>().AsNoTracking().ToListAsync();
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Equal(EligibilityCheckState.Answered, r.State));
        var receipts = await db.Set<EligibilityReceiptRow>().AsNoTracking().ToListAsync();
        Assert.Equal(answered.Select(a => a.Receipt.Id).Order(), receipts.Select(r => r.Id).Order());
        Assert.Equal(rows.Select(r => r.ReceiptId!.Value).Order(), receipts.Select(r => r.Id).Order());
        foreach (var (holder, _) in cards)
        {
            Assert.Equal(10, await db.Set<ExchangeRecord>().CountAsync(e => e.HolderReference == holder && e.Content.Contains("insurance-eligibility-checked")));
            Assert.Equal(10, await db.AuditEntries.CountAsync(e => e.Action == EligibilityService.CheckedAction && e.SubjectId == AuditSubject.Resident(holder).Id));
        }
    }

    /// <summary>
    /// Four answers to challenges given ahead; while the group commit writes the one holding the third, another server
    /// process on the same database answers the third first (after the batch read the checks' states, before its
    /// transaction): the database refuses the batch on the check's key, and the batch is written again without it — the
    /// others answered, the third refused as already answered, every check's rows written once.
    /// </summary>
    /// <param name="hold">On SQLite, a holder of the write lock, so that the last three answers gather in one transaction.</param>
    internal static async Task ProveAnotherWriterInBetweenAsync(EligibilityHarness h, Func<Task<IAsyncDisposable>>? hold)
    {
        var (resident, card) = await h.PatientAsync(new DateOnly(1990, 5, 10));
        await h.RegisterForInsuranceUseAsync(resident.Id);
        await h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        var given = (await h.Service.IssueChallengesAsync(h.Terminal.Credentials, 4)).Value!;
        var answers = given.Select(c => h.WithPin(card.Id, c.Challenge, All)).ToList();
        var contested = given[2].CheckId;
        var other = h.AnotherProcess();
        EligibilityAnswerOf<EligibilityResult>? othersAnswer = null;
        h.Service.BeforeGroupWrite = async checks =>
        {
            if (othersAnswer is null && checks.Contains(contested))
                othersAnswer = await other.AnswerAsync(h.Terminal.Credentials, contested, answers[2]);
        };
        Task<EligibilityAnswerOf<EligibilityResult>> Answer(int i) => h.Service.AnswerAsync(h.Terminal.Credentials, given[i].CheckId, answers[i]);

        EligibilityAnswerOf<EligibilityResult>[] results;
        if (hold is null)
            results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Answer(i))));
        else
        {
            var blocker = await hold();
            var first = Answer(0);
            await UntilAsync(() => h.Service.ChecksInWriter == (0, 1));
            var rest = new[] { Answer(1), Answer(2), Answer(3) };
            await UntilAsync(() => h.Service.ChecksInWriter == (3, 1));
            await blocker.DisposeAsync();
            results = [await first, .. await Task.WhenAll(rest)];
        }

        Assert.True(othersAnswer!.Value!.Eligible);
        Assert.Equal("already-answered", results[2].Refusal!.Code);
        Assert.All(results.Where((_, i) => i != 2), r => Assert.True(r.Value!.Eligible));
        await using var db = h.Contexts.CreateDbContext();
        var ids = given.Select(c => c.CheckId).ToList();
        Assert.Equal(4, await db.Set<EligibilityCheckRow>().CountAsync(c => ids.Contains(c.Id) && c.State == EligibilityCheckState.Answered));
        var receipts = await db.Set<EligibilityReceiptRow>().AsNoTracking().ToListAsync();
        Assert.Equal(given.Select(c => c.CheckId).Order(), receipts.Select(r => r.CheckId).Order());
        Assert.Equal(othersAnswer.Value.Receipt.Id, receipts.Single(r => r.CheckId == contested).Id);
        Assert.Equal(4, await db.Set<ExchangeRecord>().CountAsync(e => e.HolderReference == resident.Id));
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == EligibilityService.CheckedAction));
    }

    private async Task<Guid> CoveredPatientAsync() => (await CoveredPatientAsync("花子")).Card;

    private async Task<(Guid Holder, Guid Card)> CoveredPatientAsync(string name)
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10), name);
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        return (resident.Id, card.Id);
    }

    private async Task<EligibilityCheckRow> SingleCheckAsync()
    {
        await using var db = _h.Contexts.CreateDbContext();
        return await db.Set<EligibilityCheckRow>().AsNoTracking().SingleAsync();
    }

    private async Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> where) where T : class
    {
        await using var db = _h.Contexts.CreateDbContext();
        return await db.Set<T>().CountAsync(where);
    }

    private async Task DeleteTerminalAsync(Guid id)
    {
        await using var db = _h.Contexts.CreateDbContext();
        await db.Set<ReceptionTerminal>().Where(t => t.Id == id).ExecuteDeleteAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(_h.Contexts.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Another connection holding SQLite's write lock (BEGIN IMMEDIATE) until released.</summary>
    private async Task<IAsyncDisposable> HoldLockAsync() => await HoldWriteLockAsync();

    /// <summary>Another connection holding SQLite's write lock (BEGIN IMMEDIATE) until released.</summary>
    private async Task<WriteLock> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection(_h.Contexts.ConnectionString);
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return new WriteLock(connection);
    }

    private sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        private bool _released;

        public async Task ReleaseAsync()
        {
            if (_released)
                return;
            _released = true;
            await using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await connection.DisposeAsync();
        }
    }

    internal static async Task UntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The group commit did not reach the expected state in 30 s.");
            await Task.Delay(10);
        }
    }
}

/// <summary>
/// The group commit on PostgreSQL: many answers at once, each check answered once. A database of its own on the server
/// named by <c>MYNA_TEST_POSTGRES</c>, which <c>./scripts/test.sh</c> starts; failing, never skipped, without it.
/// </summary>
public sealed class PostgreSqlGroupCommitTests : IAsyncLifetime
{
    private PostgreSqlTestDatabase? _database;
    private EligibilityHarness? _h;

    public async Task InitializeAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_eligibility_test");
        _h = new EligibilityHarness(home => new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database.ConnectionString }.WithDefaults(home));
        await _h.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task ManyAnswersAtOnce_OnPostgreSql_AnswerEachCheckOnce()
    {
        Assert.Equal(StorageProvider.PostgreSql, _h!.Contexts.Provider);
        await GroupCommitTests.ProveManyAtOnceAsync(_h);
    }

    [Fact]
    public async Task AChallengeAnsweredByAnotherProcess_OnPostgreSql_IsRefusedOnce_AndTheOtherAnswersAreWritten()
    {
        Assert.Equal(StorageProvider.PostgreSql, _h!.Contexts.Provider);
        await GroupCommitTests.ProveAnotherWriterInBetweenAsync(_h, hold: null);
    }

    [Fact]
    public async Task RowsWrittenPlainly_OnPostgreSql_ReadBackAsWritten()
    {
        Assert.Equal(StorageProvider.PostgreSql, _h!.Contexts.Provider);
        await PlainRowWriterTests.ProveRowsReadBackAsync(_h);
    }
}
