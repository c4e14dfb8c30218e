using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;

namespace Myna.Storage.Tests;

/// <summary>
/// What the certificates show survives a round trip through each provider: the previous address, seal registrations
/// (one in force per resident, kept by the database too), tax assessments, family registers with members, events and
/// attachment; a later change of a member saves too.
/// </summary>
public abstract class RecordStorageTests(StorageFixture storage)
{
    private static readonly LocalGovernmentCode Koriyama = Municipality.Koriyama().Code;

    private static string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + Random.Shared.Next(10))));

    private async Task<Resident> NewResidentAsync()
    {
        await using var db = storage.Contexts.CreateDbContext();
        if (await db.Set<Municipality>().FindAsync(Koriyama) is null)
            db.Add(Municipality.Koriyama());
        var resident = new Resident(
            Guid.NewGuid(), Koriyama, ResidentRecordCode.NewRandom(), MyNumber.FromFirstElevenDigits(Digits(11)),
            new PersonName("番号", "花子", "バンゴウ", "ハナコ"), new DateOnly(1985, 2, 28), Sex.Female, "福島県郡山市朝日一丁目２３番７号",
            new DateOnly(2015, 10, 5));
        resident.SetPreviousAddress("東京都千代田区千代田１番１号", new DateOnly(2015, 10, 5));
        resident.SetHousehold("番号　花子", "世帯主");
        db.Add(resident);
        await db.SaveChangesAsync();
        return resident;
    }

    private static SealRegistration Seal(Resident resident) =>
        new(Guid.NewGuid(), resident.Id, Koriyama, Digits(8), Digits(10), new DateOnly(2016, 4, 1), "丸印、直径15mm、「番号」");

    [Fact]
    public async Task Resident_PreviousAddress_SealAndTax_RoundTrip()
    {
        var resident = await NewResidentAsync();
        var seal = Seal(resident);
        var figures = new TaxFigures(4_200_000, 2_920_000, 0, 1_050_000, 1_870_000, 3_000, 112_200, 2_000, 74_800);
        var tax = new TaxAssessment(Guid.NewGuid(), resident.Id, 2026, figures, new DateOnly(2026, 6, 1), new DateOnly(2026, 4, 1));
        await using (var db = storage.Contexts.CreateDbContext())
        {
            db.AddRange(seal, tax);
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var back = await db.Set<Resident>().SingleAsync(r => r.Id == resident.Id);
            Assert.Equal(("東京都千代田区千代田１番１号", new DateOnly(2015, 10, 5)), (back.PreviousAddress, back.AddressSince!.Value));
            Assert.Equal(("番号　花子", "世帯主"), (back.HouseholdHead, back.RelationshipToHead));
            var sealBack = await db.Set<SealRegistration>().SingleAsync(s => s.Id == seal.Id);
            Assert.Equal((seal.RegistrationNumber, seal.CardNumber, seal.Impression, SealRegistrationState.Registered),
                (sealBack.RegistrationNumber, sealBack.CardNumber, sealBack.Impression, sealBack.State));
            var taxBack = await db.Set<TaxAssessment>().SingleAsync(t => t.Id == tax.Id);
            Assert.Equal(figures, taxBack.Figures);
            Assert.Equal((2026, new DateOnly(2026, 6, 1)), (taxBack.FiscalYear, taxBack.ReleasedOn));

            sealBack.Abolish(new DateOnly(2025, 9, 1), SealAbolitionReason.CardLost);
            taxBack.Correct(TaxFigures.None, new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var sealBack = await db.Set<SealRegistration>().SingleAsync(s => s.Id == seal.Id);
            Assert.Equal((SealRegistrationState.Abolished, SealAbolitionReason.CardLost), (sealBack.State, sealBack.AbolitionReason!.Value));
            var taxBack = await db.Set<TaxAssessment>().SingleAsync(t => t.Id == tax.Id);
            Assert.Equal((TaxFigures.None, 1), (taxBack.Figures, taxBack.Revision));
        }
    }

    [Fact]
    public async Task OneSealInForcePerResident_AndOneTaxAssessmentPerYear_AreKeptByTheDatabase()
    {
        var resident = await NewResidentAsync();
        await using (var db = storage.Contexts.CreateDbContext())
        {
            db.AddRange(Seal(resident), Seal(resident));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = storage.Contexts.CreateDbContext())
        {
            // An abolished one beside the one in force is fine.
            var old = Seal(resident);
            old.Abolish(new DateOnly(2020, 1, 1), SealAbolitionReason.CardLost);
            db.AddRange(old, Seal(resident));
            await db.SaveChangesAsync();
        }
        await using (var db = storage.Contexts.CreateDbContext())
        {
            db.AddRange(
                new TaxAssessment(Guid.NewGuid(), resident.Id, 2025, TaxFigures.None, new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 1)),
                new TaxAssessment(Guid.NewGuid(), resident.Id, 2025, TaxFigures.None, new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 1)));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Fact]
    public async Task FamilyRegister_WithMembersEventsAndAttachment_RoundTrips_AndLaterChangesSave()
    {
        var resident = await NewResidentAsync();
        var register = new FamilyRegister(Guid.NewGuid(), Koriyama, "福島県郡山市朝日一丁目23番" + Digits(4), "番号　誠", new DateOnly(2012, 5, 20));
        var head = register.AddMember(new FamilyRegisterMember(Guid.NewGuid(), "番号　誠", "バンゴウ　マコト", new DateOnly(1983, 8, 8), Sex.Male,
            "番号　健一", "番号　和代", "長男"));
        head.AddEvent(new DateOnly(1983, 8, 8), "出生", "【出生地】福島県郡山市");
        var hanako = register.AddMember(new FamilyRegisterMember(Guid.NewGuid(), "番号　花子", null, resident.BirthDate, Sex.Female,
            null, null, "長女", resident.Id));
        hanako.AddAddress("東京都千代田区千代田１番１号", new DateOnly(2012, 5, 20), null);
        hanako.AddAddress("福島県郡山市朝日一丁目２３番７号", new DateOnly(2015, 10, 5), null);
        await using (var db = storage.Contexts.CreateDbContext())
        {
            db.Add(register);
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var back = await db.Set<FamilyRegister>().SingleAsync(r => r.Id == register.Id);
            Assert.Equal(["番号　誠", "番号　花子"], back.Members.Select(m => m.Name));
            Assert.Equal("出生", Assert.Single(back.Members[0].Events).Kind);
            var hanakoBack = back.MemberFor(resident.Id)!;
            Assert.Equal([new DateOnly(2015, 10, 4), null], hanakoBack.Addresses.Select(a => a.Until));
            // Found by a member's resident, as the window looks registers up.
            Assert.True(await db.Set<FamilyRegister>().AnyAsync(r => r.Id == register.Id && r.Members.Any(m => m.ResidentId == resident.Id)));

            back.Members[0].AddEvent(new DateOnly(2022, 3, 10), "死亡", null);
            back.Members[0].Remove(new DateOnly(2022, 3, 10), "死亡");
            hanakoBack.AddAddress("福島県郡山市堂前町１番１号", new DateOnly(2026, 4, 1), null);
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var back = await db.Set<FamilyRegister>().SingleAsync(r => r.Id == register.Id);
            Assert.True(back.Members[0].IsRemoved);
            Assert.Equal(2, back.Members[0].Events.Count);
            var hanakoBack = back.MemberFor(resident.Id)!;
            Assert.True(back.IsAloneInRegister(hanakoBack));
            Assert.Equal([new DateOnly(2015, 10, 4), new DateOnly(2026, 3, 31), null], hanakoBack.Addresses.Select(a => a.Until));
        }
    }
}

public sealed class SqliteRecordStorageTests(SqliteStorage storage) : RecordStorageTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlRecordStorageTests(PostgreSqlStorage storage) : RecordStorageTests(storage), IClassFixture<PostgreSqlStorage>;
