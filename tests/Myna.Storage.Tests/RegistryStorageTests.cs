using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Documents;
using Myna.Registry.Moves;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;

namespace Myna.Storage.Tests;

/// <summary>The registry's aggregates survive a round trip through each provider unchanged.</summary>
public abstract class RegistryStorageTests(StorageFixture storage)
{
    private static readonly DateOnly Issued = new(2026, 4, 1);

    private static async Task<Municipality> KoriyamaAsync(MynaDbContext db)
    {
        var koriyama = Municipality.Koriyama();
        if (await db.Set<Municipality>().FindAsync(koriyama.Code) is { } existing)
            return existing;
        db.Add(koriyama);
        return koriyama;
    }

    private static Resident NewResident(Municipality municipality) => new(
        Guid.NewGuid(), municipality.Code, ResidentRecordCode.NewRandom(), MyNumber.FromFirstElevenDigits(RandomDigits(11)),
        new PersonName("番号", "花子", "バンゴウ", "ハナコ", "旧姓"), new DateOnly(1990, 2, 28), Sex.Female,
        "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 2, 28));

    private static string RandomDigits(int n) =>
        string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + Random.Shared.Next(10))));

    [Fact]
    public async Task Resident_AndCard_RoundTrip_WithCertificatesAndEndorsements()
    {
        Resident resident;
        CardRecord card;
        await using (var db = storage.Contexts.CreateDbContext())
        {
            var koriyama = await KoriyamaAsync(db);
            resident = NewResident(koriyama);
            resident.SetForeignResidence("ベトナム", ForeignResidence.MidToLongTerm(new DateOnly(2028, 3, 31)));
            resident.SetSupportMeasure(true, "福島県郡山市某所１－１");
            card = new CardRecord(Guid.NewGuid(), resident.Id, RandomDigits(16), koriyama.Code, Issued, new DateOnly(2028, 3, 31), "0123", [1, 2, 3]);
            card.LoadCertificate(new CardCertificate(JpkiHierarchy.Signature, "0A1B", Issued, new DateOnly(2028, 3, 31)), Issued);
            card.LoadCertificate(new CardCertificate(JpkiHierarchy.UserAuthentication, "0C1D", Issued, new DateOnly(2028, 3, 31)), Issued);
            card.Endorse(new DateOnly(2026, 5, 1), "2026年5月1日 転居");
            db.AddRange(resident, card);
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var back = await db.ResidentsWithMyNumber(resident.MyNumber).SingleAsync();
            Assert.Equal(resident.MyNumber, back.MyNumber);
            Assert.Equal(resident.RecordCode, back.RecordCode);
            Assert.Equal("番号［旧姓］\u3000花子", back.Name.OnCard);
            Assert.Equal(ForeignResidence.MidToLongTerm(new DateOnly(2028, 3, 31)), back.ForeignResidence);
            Assert.Equal("福島県郡山市某所１－１", back.Residence);
            var cardBack = await db.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
            Assert.Equal("0A1B", cardBack.SignatureCertificate?.SerialNumber);
            Assert.Equal(JpkiHierarchy.UserAuthentication, cardBack.AuthenticationCertificate?.Hierarchy);
            Assert.Equal("2026年5月1日 転居", Assert.Single(cardBack.Endorsements).Text);
            Assert.Equal([1, 2, 3], cardBack.CardPublicKey);

            // A transition and a second endorsement persist too; the suspended card keeps no certificates (L1).
            cardBack.Endorse(new DateOnly(2026, 6, 1), "2026年6月1日 氏名変更");
            cardBack.Suspend(new DateOnly(2026, 7, 1));
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var cardBack = await db.Set<CardRecord>().SingleAsync(c => c.Id == card.Id);
            Assert.Equal(CardState.Suspended, cardBack.State);
            Assert.Null(cardBack.SignatureCertificate);
            Assert.Null(cardBack.AuthenticationCertificate);
            Assert.Equal([1, 2], cardBack.Endorsements.Select(e => e.Line));
        }
    }

    [Fact]
    public async Task MyNumber_IsUnique_InTheDatabase()
    {
        await using var db = storage.Contexts.CreateDbContext();
        var koriyama = await KoriyamaAsync(db);
        var first = NewResident(koriyama);
        var twin = new Resident(Guid.NewGuid(), koriyama.Code, ResidentRecordCode.NewRandom(), first.MyNumber,
            new PersonName("別人", "太郎", "ベツジン", "タロウ"), new DateOnly(1980, 1, 1), Sex.Male, "福島県郡山市１", new DateOnly(1980, 1, 1));
        db.AddRange(first, twin);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Application_Document_Fee_AndMove_RoundTrip()
    {
        var ids = (Application: Guid.NewGuid(), Document: Guid.NewGuid(), Move: Guid.NewGuid());
        Guid residentId;
        await using (var db = storage.Contexts.CreateDbContext())
        {
            var koriyama = await KoriyamaAsync(db);
            var resident = NewResident(koriyama);
            residentId = resident.Id;
            var application = new CardApplication(ids.Application, resident.Id, Issued, CardIssueOccasion.FirstIssue,
                ApplicantRole.LegalRepresentative, "番号 一郎", false, true, DeliveryPlace.Residence, null);
            var document = new NumberDocument(ids.Document, resident.Id, MyNumberDocument.NotificationCard, new DateOnly(2016, 1, 1));
            document.HandBack(Issued);
            var move = new ResidentMove(ids.Move, resident.Id, koriyama.Code, Issued, Issued.AddDays(10), "東京都千代田区１－１");
            move.MoveIn(LocalGovernmentCode.Parse("13101").Value, "東京都千代田区１－１", Issued.AddDays(10), Issued.AddDays(12), cardPresented: false);
            db.AddRange(resident, application, document, move,
                new Myna.Registry.Fees.FeeEntry(Guid.NewGuid(), resident.Id, null, Issued, 800, CardFeeRule.FeeFor(CardIssueOccasion.ReissueAfterLossOrDamage, withCertificates: false).Reason));
            await db.SaveChangesAsync();
        }

        await using (var db = Restart.Reopen(storage.Contexts).CreateDbContext())
        {
            var application = await db.Set<CardApplication>().SingleAsync(a => a.Id == ids.Application);
            Assert.Equal(ApplicantRole.LegalRepresentative, application.Applicant);
            Assert.Equal(DeliveryPlace.Residence, application.DeliverTo);
            Assert.Equal(Issued, (await db.Set<NumberDocument>().SingleAsync(d => d.Id == ids.Document)).HandedBackOn);
            var move = await db.Set<ResidentMove>().SingleAsync(m => m.Id == ids.Move);
            Assert.Equal("131016", move.To?.Value);
            Assert.Null(move.ContinuedOn);
            Assert.Equal(800, (await db.Set<Myna.Registry.Fees.FeeEntry>().SingleAsync(f => f.ResidentId == residentId)).AmountYen);
        }
    }
}

public sealed class SqliteRegistryStorageTests(SqliteStorage storage) : RegistryStorageTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlRegistryStorageTests(PostgreSqlStorage storage) : RegistryStorageTests(storage), IClassFixture<PostgreSqlStorage>;
