using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Protection;

namespace Myna.Insurance.Tests;

/// <summary>Insurers and enrolments survive a round trip through SQLite (tables <c>insurers</c>, <c>enrolments</c>).</summary>
public sealed class InsuranceStorageTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-insurance-").FullName;
    private MynaDbContextFactory _contexts = null!;

    public async Task InitializeAsync()
    {
        _contexts = new MynaDbContextFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "myna.db") }.ToString(),
            MyNumberKeys = MyNumberProtector.GenerateKeys(),
        });
        await _contexts.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<Resident> NewResidentAsync(DateOnly birth)
    {
        await using var db = _contexts.CreateDbContext();
        if (await db.Set<Municipality>().FindAsync(Municipality.Koriyama().Code) is null)
            db.Add(Municipality.Koriyama());
        var digits = string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('0' + Random.Shared.Next(10))));
        var resident = new Resident(Guid.NewGuid(), Municipality.Koriyama().Code, ResidentRecordCode.NewRandom(), MyNumber.FromFirstElevenDigits(digits),
            new PersonName("番号", "花子", "バンゴウ", "ハナコ"), birth, Sex.Female, "福島県郡山市朝日一丁目２３番７号", birth > new DateOnly(2015, 10, 5) ? birth : new DateOnly(2015, 10, 5));
        db.Add(resident);
        await db.SaveChangesAsync();
        return resident;
    }

    [Fact]
    public async Task InsurersAndEnrolments_RoundTrip_AndAnEndedOneSaves()
    {
        var parent = await NewResidentAsync(new DateOnly(1985, 2, 28));
        var child = await NewResidentAsync(new DateOnly(2017, 5, 5));
        var kyokai = Samples.Kyokai();
        var nhi = Samples.Nhi();
        var insured = Samples.Insured(kyokai, parent.Id, new DateOnly(2020, 4, 1));
        var dependant = Enrolment.Enrol(Guid.NewGuid(), kyokai, child.Id, EnrolmentCard.Create("1234", "567", "01")!, EnrolmentRole.Dependant, parent.Id,
            new DateOnly(2020, 4, 1), IncomeClass.WorkingAge1, []);
        var earlier = Enrolment.Enrol(Guid.NewGuid(), nhi, parent.Id, EnrolmentCard.Create("", "9876", "00")!, EnrolmentRole.Insured, null,
            new DateOnly(2015, 10, 5), IncomeClass.General, []);
        earlier.End(new DateOnly(2020, 4, 1));
        await using (var db = _contexts.CreateDbContext())
        {
            db.AddRange(kyokai, nhi, insured, dependant, earlier);
            await db.SaveChangesAsync();
        }

        await using (var db = _contexts.CreateDbContext())
        {
            var insurers = await db.Set<Insurer>().OrderBy(i => i.Name).ToListAsync();
            var nhiBack = insurers.Single(i => i.Id == nhi.Id);
            Assert.Equal(("070037", InsuranceScheme.NationalHealthInsurance, "072036"), (nhiBack.Number.Value, nhiBack.Scheme, nhiBack.Municipality!.Value.Value));
            Assert.Null(insurers.Single(i => i.Id == kyokai.Id).Municipality);
            Assert.Equal(kyokai.Id, (await db.Set<Insurer>().SingleAsync(i => i.Number == kyokai.Number)).Id);

            var ofParent = await db.Set<Enrolment>().Where(e => e.HolderReference == parent.Id).OrderBy(e => e.From).ToListAsync();
            Assert.Equal([earlier.Id, insured.Id], ofParent.Select(e => e.Id));
            Assert.Equal(("", "9876", "00", new DateOnly(2020, 4, 1)), (ofParent[0].Symbol, ofParent[0].Number, ofParent[0].Branch, ofParent[0].Until!.Value));
            var childBack = await db.Set<Enrolment>().SingleAsync(e => e.HolderReference == child.Id);
            Assert.Equal((EnrolmentRole.Dependant, parent.Id, IncomeClass.WorkingAge1, "01"),
                (childBack.Role, childBack.InsuredReference!.Value, childBack.IncomeClass, childBack.Branch));
            ofParent[1].End(new DateOnly(2026, 12, 1));
            await db.SaveChangesAsync();
        }

        await using (var db = _contexts.CreateDbContext())
            Assert.Equal(new DateOnly(2026, 12, 1), (await db.Set<Enrolment>().SingleAsync(e => e.Id == insured.Id)).Until);
    }

    [Fact]
    public async Task AnInsurerNumber_IsUnique()
    {
        await using var db = _contexts.CreateDbContext();
        db.AddRange(Samples.LateStage(), Samples.LateStage());
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
