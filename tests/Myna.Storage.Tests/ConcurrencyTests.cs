using Microsoft.EntityFrameworkCore;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage.Concurrency;

namespace Myna.Storage.Tests;

/// <summary>Two windows on the same resident or card: the second save of a stale row fails, it never overwrites.</summary>
public abstract class ConcurrencyTests(StorageFixture storage)
{
    private async Task<(Resident Resident, CardRecord Card)> SaveResidentWithCardAsync()
    {
        var resident = await MyNumberAtRestTests.SaveNewResidentAsync(storage.Contexts);
        var card = new CardRecord(Guid.NewGuid(), resident.Id, Restart.NewSerial()[..16], resident.Municipality,
            new DateOnly(2026, 4, 1), new DateOnly(2036, 5, 10), "0123", [1, 2, 3]);
        await using var db = storage.Contexts.CreateDbContext();
        db.Add(card);
        await db.SaveChangesAsync();
        return (resident, card);
    }

    [Fact]
    public async Task StaleResident_SecondSave_FailsAndKeepsTheFirst()
    {
        var (resident, _) = await SaveResidentWithCardAsync();
        await using var first = storage.Contexts.CreateDbContext();
        await using var second = storage.Contexts.CreateDbContext();
        var mine = await first.Set<Resident>().SingleAsync(r => r.Id == resident.Id);
        var theirs = await second.Set<Resident>().SingleAsync(r => r.Id == resident.Id);

        mine.ChangeAddress("福島県郡山市堂前町１番１号", new DateOnly(2026, 5, 1));
        await first.SaveChangesAsync();
        theirs.ChangeAddress("福島県郡山市麓山二丁目２番２号", new DateOnly(2026, 5, 1));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var read = storage.Contexts.CreateDbContext();
        Assert.Equal("福島県郡山市堂前町１番１号", (await read.Set<Resident>().SingleAsync(r => r.Id == resident.Id)).Address);
    }

    [Fact]
    public async Task StaleCard_OnlyAnEndorsementLineChanged_StillConflicts()
    {
        // The endorsement lines live in their own table: adding one must move the card's version too.
        var (_, card) = await SaveResidentWithCardAsync();
        await using var first = storage.Contexts.CreateDbContext();
        await using var second = storage.Contexts.CreateDbContext();
        var mine = await first.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
        var theirs = await second.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);

        mine.Endorse(new DateOnly(2026, 5, 1), "2026年5月1日 住所変更 福島県郡山市堂前町１番１号");
        await first.SaveChangesAsync();
        theirs.Suspend(new DateOnly(2026, 5, 2));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var read = storage.Contexts.CreateDbContext();
        var back = await read.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
        Assert.Equal(CardState.Active, back.State);
        Assert.Single(back.Endorsements);
    }

    [Fact]
    public async Task Claim_RefusesTheSecondWindow_BeforeItChangesAnything()
    {
        var (resident, _) = await SaveResidentWithCardAsync();
        await using var first = storage.Contexts.CreateDbContext();
        await using var second = storage.Contexts.CreateDbContext();
        var mine = await first.Set<Resident>().SingleAsync(r => r.Id == resident.Id);
        var theirs = await second.Set<Resident>().SingleAsync(r => r.Id == resident.Id);

        Assert.True(await first.ClaimAsync(mine));
        Assert.False(await second.ClaimAsync(theirs));
        // The claimed unit of work saves as usual, also when it changes nothing else of the row.
        await first.SaveChangesAsync();
        mine.SetAdultWard(true);
        await first.SaveChangesAsync();
    }

    [Fact]
    public async Task ClaimedRow_ReadMeanwhile_CanNeitherBeClaimedNorSaved_AndTheClaimantSaves()
    {
        var (_, card) = await SaveResidentWithCardAsync();
        await using var first = storage.Contexts.CreateDbContext();
        var mine = await first.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
        Assert.True(await first.ClaimAsync(mine));

        // Another window reads the card while the first works on its chip: it may not start work of its own on it.
        await using (var second = storage.Contexts.CreateDbContext())
        {
            var theirs = await second.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
            Assert.False(await second.ClaimAsync(theirs));
            theirs.Suspend(new DateOnly(2026, 5, 2));
            var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
            Assert.Equal("card", RowVersions.SubjectOf(conflict));
        }

        mine.Endorse(new DateOnly(2026, 5, 1), "2026年5月1日 住所変更");
        await first.SaveChangesAsync();
        await using var read = storage.Contexts.CreateDbContext();
        var back = await read.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
        Assert.Equal(CardState.Active, back.State);
        Assert.Single(back.Endorsements);
    }

    [Fact]
    public async Task Claim_NotSaved_IsGivenBackWhenTheContextEnds_OrAtTheNextStart()
    {
        var (resident, _) = await SaveResidentWithCardAsync();
        await using (var refused = storage.Contexts.CreateDbContext())
            Assert.True(await refused.ClaimAsync(await refused.Set<Resident>().SingleAsync(r => r.Id == resident.Id)));

        // A process that dies between claim and save leaves the claim; the next start gives it back.
        await using var dying = storage.Contexts.CreateDbContext(); // disposed only at the end: its claim is never given back by it
        Assert.True(await dying.ClaimAsync(await dying.Set<Resident>().SingleAsync(r => r.Id == resident.Id)));
        await using (var meanwhile = storage.Contexts.CreateDbContext())
            Assert.False(await meanwhile.ClaimAsync(await meanwhile.Set<Resident>().SingleAsync(r => r.Id == resident.Id)));
        await Restart.Reopen(storage.Contexts).MigrateAsync();

        await using var next = storage.Contexts.CreateDbContext();
        var again = await next.Set<Resident>().SingleAsync(r => r.Id == resident.Id);
        Assert.True(await next.ClaimAsync(again));
        again.SetAdultWard(true);
        await next.SaveChangesAsync();
    }

    [Fact]
    public async Task Claim_OfARunningProcess_SurvivesAnotherProcessStartingBesideIt()
    {
        var (resident, _) = await SaveResidentWithCardAsync();
        await using var working = storage.Contexts.CreateDbContext();
        Assert.True(await working.ClaimAsync(await working.Set<Resident>().SingleAsync(r => r.Id == resident.Id)));

        // A second process starts while the first works: it is not alone on the database, so the claim is live.
        await Restart.Reopen(storage.Contexts).MigrateAsync(releaseAbandonedClaims: false);

        await using (var meanwhile = storage.Contexts.CreateDbContext())
            Assert.False(await meanwhile.ClaimAsync(await meanwhile.Set<Resident>().SingleAsync(r => r.Id == resident.Id)));
        var mine = await working.Set<Resident>().SingleAsync(r => r.Id == resident.Id);
        mine.SetAdultWard(true);
        // The claimant's save still holds: nobody gave its claim back under it.
        await working.SaveChangesAsync();
    }
}

public sealed class SqliteConcurrencyTests(SqliteStorage storage) : ConcurrencyTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlConcurrencyTests(PostgreSqlStorage storage) : ConcurrencyTests(storage), IClassFixture<PostgreSqlStorage>;
