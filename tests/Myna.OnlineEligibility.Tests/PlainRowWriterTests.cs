using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.OnlineEligibility.Checks;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;
using Myna.Storage.PlainRows;

namespace Myna.OnlineEligibility.Tests;

/// <summary>
/// The group commit writes its rows as plain SQL made from the model: what it writes reads back through EF exactly as
/// written (every column, its conversion), and an update whose version moved writes nothing.
/// </summary>
public sealed class PlainRowWriterTests : IAsyncLifetime
{
    private readonly EligibilityHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task RowsWrittenPlainly_ReadBackAsWritten_AndAnUpdateFromAMovedVersion_WritesNothing()
    {
        await ProveRowsReadBackAsync(_h);
    }

    /// <summary>The group commit's point read of a check's state: the column as EF reads it, again and again on one prepared command.</summary>
    [Fact]
    public async Task ColumnByKey_ReadsTheColumnAsStored_EveryTime_AndNothingForAnUnknownKey()
    {
        var now = _h.Clock.GetUtcNow();
        var check = new EligibilityCheckRow
        {
            Id = Guid.NewGuid(), TerminalId = _h.Terminal.Id, OpenedAt = now, ExpiresAt = now.AddMinutes(5),
            Challenge = RandomNumberGenerator.GetBytes(EligibilityCheckRow.ChallengeLength), State = EligibilityCheckState.Open,
        };
        await WriteAsync(_h, db => [new RowWrite(RowStatement.Insert<EligibilityCheckRow>(db), check)]);
        await using var db = _h.Contexts.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        using var states = ColumnByKeyReader.Of<EligibilityCheckRow>(db, nameof(EligibilityCheckRow.State));
        using var results = ColumnByKeyReader.Of<EligibilityCheckRow>(db, nameof(EligibilityCheckRow.Result));

        Assert.True(states.TryRead(check.Id, out var state));
        Assert.Equal(EligibilityCheckState.Open, state);
        Assert.True(results.TryRead(check.Id, out var result));
        Assert.Null(result);
        Assert.False(states.TryRead(Guid.NewGuid(), out _));

        var ended = new EligibilityCheckRow
        {
            Id = check.Id, TerminalId = check.TerminalId, OpenedAt = check.OpenedAt, ExpiresAt = check.ExpiresAt, Challenge = check.Challenge,
            State = EligibilityCheckState.Ended, Result = "bad-signature", Version = 2,
        };
        await WriteAsync(_h, w => [new RowWrite(RowStatement.UpdateIfVersion<EligibilityCheckRow>(w, nameof(EligibilityCheckRow.Version)), ended, 0L)]);
        Assert.True(states.TryRead(check.Id, out state));
        Assert.Equal(EligibilityCheckState.Ended, state);
        Assert.True(results.TryRead(check.Id, out result));
        Assert.Equal("bad-signature", result);
    }

    internal static async Task ProveRowsReadBackAsync(EligibilityHarness h)
    {
        var now = h.Clock.GetUtcNow();
        var check = new EligibilityCheckRow
        {
            Id = Guid.NewGuid(), TerminalId = h.Terminal.Id, OpenedAt = now, ExpiresAt = now.AddMinutes(5),
            Challenge = RandomNumberGenerator.GetBytes(EligibilityCheckRow.ChallengeLength), State = EligibilityCheckState.Open,
        };
        await WriteAsync(h, db => [new RowWrite(RowStatement.Insert<EligibilityCheckRow>(db), check)]);
        var opened = await ReadAsync(h, db => db.Set<EligibilityCheckRow>().SingleAsync(c => c.Id == check.Id));
        Assert.Equivalent(check, opened, strict: true);

        var holder = Guid.NewGuid();
        var receipt = new EligibilityReceiptRow { Id = Guid.NewGuid(), CheckId = check.Id, Content = "{\"v\":1}", Signature = [1, 2, 3], IssuedAt = now.AddSeconds(2) };
        var answered = new EligibilityCheckRow
        {
            Id = check.Id, TerminalId = check.TerminalId, OpenedAt = check.OpenedAt, ExpiresAt = check.ExpiresAt, Challenge = check.Challenge,
            State = EligibilityCheckState.Answered, Identity = IdentityCheck.Face, HolderReference = holder, CertificateSerial = "0A1B2C",
            VisitDay = new DateOnly(2026, 4, 6), Result = "eligible", ConsentMedication = true, ConsentHealthChecks = false,
            ConsentTreatments = true, ConsentCeiling = true, ReceiptId = receipt.Id, AnsweredAt = now.AddSeconds(2), Version = 2,
        };
        var exchange = ExchangeRecord.Of(holder, now.AddSeconds(2), new ExchangeContent("insurance-eligibility-checked",
            new("あさひ内科クリニック", "あさひ内科クリニック"), new("オンライン資格確認等システム", "Online eligibility service"),
            new("医療保険の資格情報", "Health insurance eligibility"), new("受診時の資格確認", "Eligibility check at a visit")));
        var audit = AuditTrail.NewEntry(h.Clock, AuditActor.Terminal(h.Terminal.Id), EligibilityService.CheckedAction,
            new AuditSubject("resident", holder.ToString()), new LocalizedText("保険資格を確認しました。", "Insurance eligibility checked."));
        await WriteAsync(h, db =>
        [
            new RowWrite(RowStatement.UpdateIfVersion<EligibilityCheckRow>(db, nameof(EligibilityCheckRow.Version)), answered, 0L),
            new RowWrite(RowStatement.Insert<EligibilityReceiptRow>(db), receipt),
            new RowWrite(RowStatement.Insert<ExchangeRecord>(db), exchange),
            new RowWrite(RowStatement.Insert<AuditEntry>(db), audit),
        ]);
        Assert.Equivalent(answered, await ReadAsync(h, db => db.Set<EligibilityCheckRow>().SingleAsync(c => c.Id == check.Id)), strict: true);
        Assert.Equivalent(receipt, await ReadAsync(h, db => db.Set<EligibilityReceiptRow>().SingleAsync(r => r.Id == receipt.Id)), strict: true);
        var exchangeRead = await ReadAsync(h, db => db.Set<ExchangeRecord>().SingleAsync(e => e.HolderReference == holder));
        Assert.True(exchangeRead.Id > 0);
        Assert.Equal((exchange.Content, exchange.OccurredAt, (long?)null, (DateTimeOffset?)null), (exchangeRead.Content, exchangeRead.OccurredAt, exchangeRead.LeafIndex, exchangeRead.FlaggedAt));
        var auditRead = await ReadAsync(h, db => db.AuditEntries.SingleAsync(e => e.SubjectId == holder.ToString()));
        Assert.True(auditRead.Id > 0);
        Assert.Equal((audit.Instant, audit.RealInstant, audit.Actor, audit.Action, audit.SubjectKind, audit.Details, audit.DetailsJapanese),
            (auditRead.Instant, auditRead.RealInstant, auditRead.Actor, auditRead.Action, auditRead.SubjectKind, auditRead.Details, auditRead.DetailsJapanese));

        // The row is no longer at the open's version: a second answer's update touches nothing and fails the whole.
        var again = new EligibilityCheckRow
        {
            Id = check.Id, TerminalId = check.TerminalId, OpenedAt = check.OpenedAt, ExpiresAt = check.ExpiresAt, Challenge = check.Challenge,
            State = EligibilityCheckState.Ended, Result = "bad-signature", Version = 2,
        };
        var otherHolder = Guid.NewGuid();
        var otherExchange = ExchangeRecord.Of(otherHolder, now, new ExchangeContent("insurance-eligibility-checked",
            new("あさひ内科クリニック", "あさひ内科クリニック"), new("オンライン資格確認等システム", "Online eligibility service"),
            new("医療保険の資格情報", "Health insurance eligibility"), new("受診時の資格確認", "Eligibility check at a visit")));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => WriteAsync(h, db =>
        [
            new RowWrite(RowStatement.Insert<ExchangeRecord>(db), otherExchange),
            new RowWrite(RowStatement.UpdateIfVersion<EligibilityCheckRow>(db, nameof(EligibilityCheckRow.Version)), again, 0L),
        ]));
        Assert.Equivalent(answered, await ReadAsync(h, db => db.Set<EligibilityCheckRow>().SingleAsync(c => c.Id == check.Id)), strict: true);
        Assert.Equal(0, await ReadAsync(h, db => db.Set<ExchangeRecord>().CountAsync(e => e.HolderReference == otherHolder)));

        // A row the database refuses (the receipt's check does not exist) is an update failure, as EF reports it.
        var orphan = new EligibilityReceiptRow { Id = Guid.NewGuid(), CheckId = Guid.NewGuid(), Content = "{}", Signature = [9], IssuedAt = now };
        await Assert.ThrowsAsync<DbUpdateException>(() => WriteAsync(h, db => [new RowWrite(RowStatement.Insert<EligibilityReceiptRow>(db), orphan)]));
    }

    /// <summary>Writes the rows in a transaction of their own, committed only when every row was written.</summary>
    private static async Task WriteAsync(EligibilityHarness h, Func<MynaDbContext, IReadOnlyList<RowWrite>> rows)
    {
        await using var db = h.Contexts.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await PlainRowWriter.WriteAsync(db, rows(db));
        await transaction.CommitAsync();
    }

    private static async Task<T> ReadAsync<T>(EligibilityHarness h, Func<MynaDbContext, Task<T>> read)
    {
        await using var db = h.Contexts.CreateDbContext();
        return await read(db);
    }
}
