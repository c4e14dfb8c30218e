using Microsoft.EntityFrameworkCore;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage.Concurrency;

namespace Myna.Storage.Tests;

/// <summary>Two windows on the same resident or card (issue 4): the second save of a stale row fails, it never overwrites.</summary>
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

        mine.ChangeAddress("福島県郡山市堂前町1番1号", new DateOnly(2026, 5, 1));
        await first.SaveChangesAsync();
        theirs.ChangeAddress("福島県郡山市麓山二丁目2番2号", new DateOnly(2026, 5, 1));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var read = storage.Contexts.CreateDbContext();
        Assert.Equal("福島県郡山市堂前町1番1号", (await read.Set<Resident>().SingleAsync(r => r.Id == resident.Id)).Address);
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

        mine.Endorse(new DateOnly(2026, 5, 1), "2026年5月1日 住所変更 福島県郡山市堂前町1番1号");
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
    public async Task Claim_ThenSomeoneClaimsAfterReading_TheFirstSaveFails()
    {
        var (_, card) = await SaveResidentWithCardAsync();
        await using var first = storage.Contexts.CreateDbContext();
        var mine = await first.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
        Assert.True(await first.ClaimAsync(mine));

        // Another window reads the card after the claim and claims and saves it in turn.
        await using (var second = storage.Contexts.CreateDbContext())
        {
            var theirs = await second.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
            Assert.True(await second.ClaimAsync(theirs));
            theirs.Suspend(new DateOnly(2026, 5, 2));
            await second.SaveChangesAsync();
        }

        mine.Endorse(new DateOnly(2026, 5, 1), "2026年5月1日 住所変更");
        var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
        Assert.Equal("card", RowVersions.SubjectOf(conflict));
    }
}

public sealed class SqliteConcurrencyTests(SqliteStorage storage) : ConcurrencyTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlConcurrencyTests(PostgreSqlStorage storage) : ConcurrencyTests(storage), IClassFixture<PostgreSqlStorage>;
