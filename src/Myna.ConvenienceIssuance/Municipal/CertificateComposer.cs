using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Documents;
using Myna.Kiosk;
using Myna.Primitives;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;
using Myna.Storage;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>
/// Composes what a kiosk certificate says, from the registry as it stands: the resident record (①②), the seal
/// registration (③), the tax assessment (④), the family register and its attachment (⑤⑥). The My Number is never
/// printed on a kiosk certificate.
/// </summary>
public static class CertificateComposer
{
    /// <summary>The tax certificate of <paramref name="fiscalYear"/> and its release day; null when there is no assessment.</summary>
    public static async Task<TaxCertificateYear?> TaxYearAsync(MynaDbContext db, Guid resident, int fiscalYear, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var released = await db.Set<TaxAssessment>().AsNoTracking()
            .Where(t => t.ResidentId == resident && t.FiscalYear == fiscalYear)
            .Select(t => (DateOnly?)t.ReleasedOn).SingleOrDefaultAsync(cancellationToken);
        return released is { } day ? new TaxCertificateYear(fiscalYear, day) : null;
    }

    /// <summary>Whether <paramref name="resident"/> has a seal registration in force.</summary>
    public static Task<bool> HasLiveSealAsync(MynaDbContext db, Guid resident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<SealRegistration>().AnyAsync(s => s.ResidentId == resident && s.State == SealRegistrationState.Registered, cancellationToken);
    }

    /// <summary>The content of <paramref name="order"/>'s certificate for <paramref name="holder"/>, or why there is nothing to certify.</summary>
    public static async Task<KioskAnswer<CertificateContent>> ComposeAsync(
        MynaDbContext db, IssuingMunicipality issuer, string mayor, Guid holder, CertificateOrder order, string issueNumber, DateOnly day,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(order);
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holder, cancellationToken);
        if (resident is null)
            return KioskRefusals.NoResidentRecord;
        IReadOnlyList<CertificateItem>? body = order.Certificate switch
        {
            KioskCertificate.ResidentRecord => ResidentRecord(resident),
            KioskCertificate.ResidentRecordItems => ResidentRecordItems(resident),
            KioskCertificate.SealRegistration => await SealAsync(db, resident, cancellationToken),
            KioskCertificate.IncomeAndTax => await TaxAsync(db, resident, order.FiscalYear!.Value, cancellationToken),
            KioskCertificate.FamilyRegisterAttachment => await AttachmentAsync(db, resident, cancellationToken),
            KioskCertificate.FamilyRegister => await FamilyRegisterAsync(db, resident, order.Individual, cancellationToken),
            _ => null,
        };
        if (body is null)
            return KioskRefusals.NoResidentRecord;
        var kind = order.Certificate switch
        {
            KioskCertificate.ResidentRecord => CertificateKind.ResidentRecord,
            KioskCertificate.ResidentRecordItems => CertificateKind.ResidentRecordItems,
            KioskCertificate.SealRegistration => CertificateKind.SealRegistration,
            KioskCertificate.IncomeAndTax => CertificateKind.IncomeAndTax,
            KioskCertificate.FamilyRegisterAttachment => CertificateKind.FamilyRegisterAttachment,
            _ => order.Individual ? CertificateKind.FamilyRegisterIndividual : CertificateKind.FamilyRegisterAll,
        };
        return KioskAnswer<CertificateContent>.Of(new CertificateContent(kind, issuer, issueNumber, day, body, mayor));
    }

    private static string Date(DateOnly date) => JapaneseEras.ToJapaneseLongDate(date);

    private static string Yen(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "円";

    // ① The holder's entry of the resident record (本人分), as a copy.
    private static List<CertificateItem> ResidentRecord(Resident r)
    {
        var items = ResidentRecordItems(r);
        items.Add(new CertificateField("世帯主", r.HouseholdHead ?? r.Name.OnCard));
        items.Add(new CertificateField("続柄", r.RelationshipToHead ?? "世帯主"));
        items.Add(new CertificateField("住民となった年月日", Date(r.RegisteredOn)));
        if (r.AddressSince is { } since)
            items.Add(new CertificateField("住所を定めた年月日", Date(since)));
        if (r.PreviousAddress is { } previous)
            items.Add(new CertificateField("前住所", previous));
        if (r.Domicile is { } domicile)
            items.Add(new CertificateField("本籍", domicile));
        if (r.Nationality is { } nationality)
            items.Add(new CertificateField("国籍・地域", nationality));
        return items;
    }

    // ② The entries that a 記載事項証明書 certifies: name, birth date, sex, address.
    private static List<CertificateItem> ResidentRecordItems(Resident r) =>
    [
        new CertificateField("氏名", r.Name.OnCard),
        new CertificateField("フリガナ", r.Name.Kana),
        new CertificateField("生年月日", JapaneseEras.ToCertificateBirthDate(r.BirthDate)),
        new CertificateField("性別", r.Sex.ToJapanese()),
        new CertificateField("住所", r.Address),
    ];

    // ③ The live seal registration (none: nothing to certify).
    private static async Task<List<CertificateItem>?> SealAsync(MynaDbContext db, Resident r, CancellationToken cancellationToken)
    {
        var seal = await db.Set<SealRegistration>().AsNoTracking()
            .Where(s => s.ResidentId == r.Id && s.State == SealRegistrationState.Registered).FirstOrDefaultAsync(cancellationToken);
        if (seal is null)
            return null;
        return
        [
            new CertificateField("印影", seal.Impression),
            new CertificateField("登録番号", seal.RegistrationNumber),
            new CertificateField("氏名", r.Name.OnCard),
            new CertificateField("生年月日", JapaneseEras.ToCertificateBirthDate(r.BirthDate)),
            new CertificateField("性別", r.Sex.ToJapanese()),
            new CertificateField("住所", r.Address),
            new CertificateField("登録年月日", Date(seal.RegisteredOn)),
        ];
    }

    // ④ The assessment of the fiscal year: income, deductions, the four levies.
    private static async Task<List<CertificateItem>?> TaxAsync(MynaDbContext db, Resident r, int fiscalYear, CancellationToken cancellationToken)
    {
        var tax = await db.Set<TaxAssessment>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.ResidentId == r.Id && t.FiscalYear == fiscalYear, cancellationToken);
        if (tax is null)
            return null;
        var f = tax.Figures;
        var era = JapaneseEras.Name(JapaneseEras.EraOf(new DateOnly(fiscalYear, 4, 1)));
        return
        [
            new CertificateField("年度", $"{era}{JapaneseEras.EraYear(new DateOnly(fiscalYear, 4, 1))}年度（{fiscalYear}年度）"),
            new CertificateField("氏名", r.Name.OnCard),
            new CertificateField("住所", r.Address),
            new CertificateTable("所得（" + tax.IncomeYear.ToString(CultureInfo.InvariantCulture) + "年分）", ["区分", "金額"],
            [
                ["給与収入", Yen(f.SalaryRevenue)],
                ["給与所得", Yen(f.SalaryIncome)],
                ["その他の所得", Yen(f.OtherIncome)],
                ["合計所得金額", Yen(f.TotalIncome)],
                ["所得控除額合計", Yen(f.DeductionsTotal)],
                ["課税標準額", Yen(f.TaxableIncome)],
            ]),
            new CertificateTable("税額", ["区分", "均等割", "所得割"],
            [
                ["市民税", Yen(f.MunicipalPerCapita), Yen(f.MunicipalIncomeLevy)],
                ["県民税", Yen(f.PrefecturalPerCapita), Yen(f.PrefecturalIncomeLevy)],
            ]),
            new CertificateField("年税額", Yen(f.TotalLevy)),
        ];
    }

    // ⑤ The attachment of the holder's entry: 本籍, 筆頭者 and the addresses.
    private static async Task<List<CertificateItem>?> AttachmentAsync(MynaDbContext db, Resident r, CancellationToken cancellationToken)
    {
        if (await FamilyRegisterFacts.OfAsync(db, r.Id, cancellationToken) is not { } facts)
            return null;
        return
        [
            new CertificateField("本籍", facts.Register.Domicile),
            new CertificateField("筆頭者", facts.Register.HeadName),
            new CertificateField("氏名", facts.Member.Name),
            new CertificateField("生年月日", JapaneseEras.ToCertificateBirthDate(facts.Member.BirthDate)),
            new CertificateTable("住所の履歴", ["住所", "住所を定めた年月日"],
                facts.Member.Addresses.OrderBy(a => a.Line).Select(a => (IEnumerable<string>)[a.Address, Date(a.From)])),
        ];
    }

    // ⑥ All the entries of the register (全部事項), or the holder's alone (個人事項).
    private static async Task<List<CertificateItem>?> FamilyRegisterAsync(MynaDbContext db, Resident r, bool individual, CancellationToken cancellationToken)
    {
        if (await FamilyRegisterFacts.OfAsync(db, r.Id, cancellationToken) is not { } facts)
            return null;
        var members = individual ? [facts.Member] : facts.Register.Members.ToList();
        var items = new List<CertificateItem>
        {
            new CertificateField("本籍", facts.Register.Domicile),
            new CertificateField("氏名（筆頭者）", facts.Register.HeadName),
            new CertificateField("戸籍編製", Date(facts.Register.MadeOn)),
        };
        foreach (var m in members)
        {
            items.Add(new CertificateTable(
                $"戸籍に記録されている者　{m.Name}{(m.IsRemoved ? "（除籍）" : "")}", ["項目", "内容"],
                new List<IEnumerable<string>>
                {
                    new[] { "生年月日", JapaneseEras.ToCertificateBirthDate(m.BirthDate) },
                    new[] { "父", m.FatherName ?? "" },
                    new[] { "母", m.MotherName ?? "" },
                    new[] { "続柄", m.Relationship },
                    new[] { "性別", m.Sex.ToJapanese() },
                }.Concat(m.Events.OrderBy(e => e.Line).Select(e => (IEnumerable<string>)new[] { e.Kind, Date(e.On) + (e.Details is null ? "" : "　" + e.Details) }))));
        }
        return items;
    }
}
