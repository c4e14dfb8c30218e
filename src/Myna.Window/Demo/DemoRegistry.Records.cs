using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window.Demo;

// The sandbox's records for the certificates (U2.3): households and previous addresses, seal registrations, tax
// assessments of fiscal 2025 and 2026, and Koriyama's family registers with their attachment (docs/records.md).
public static partial class DemoRegistry
{
    /// <summary>How many seal registrations <see cref="SeedRecordsAsync"/> makes (one of them abolished after its card was lost).</summary>
    public const int DemoSealRegistrations = 6;

    /// <summary>How many tax assessments <see cref="SeedRecordsAsync"/> records: fiscal 2025 and 2026 for seven residents.</summary>
    public const int DemoTaxAssessments = 14;

    /// <summary>How many family registers <see cref="SeedRecordsAsync"/> makes in Koriyama.</summary>
    public const int DemoFamilyRegisters = 4;

    /// <summary>
    /// The first day the tax certificate of each demo fiscal year may be issued (U2.6 ⑤): 1 June of the fiscal year,
    /// after the assessment notices go out (our choice for the sandbox).
    /// </summary>
    public static readonly IReadOnlyDictionary<int, DateOnly> TaxReleaseDays = new Dictionary<int, DateOnly>
    {
        [2025] = new(2025, 6, 1),
        [2026] = new(2026, 6, 1),
    };

    private const string Koriyama = "072036";

    /// <summary>
    /// Seeds the demo residents' records when the registry holds none of them yet (no seal registration, tax assessment
    /// or family register): so also once on a sandbox seeded by an earlier version. Residents it does not find (by name)
    /// are passed over. Reports counts, never names.
    /// </summary>
    /// <returns>Whether anything was seeded.</returns>
    public static async Task<bool> SeedRecordsAsync(
        MunicipalWindow window, IDbContextFactory<MynaDbContext> contexts, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(contexts);
        Dictionary<string, Resident> residents;
        await using (var db = contexts.CreateDbContext())
        {
            if (await db.Set<SealRegistration>().AnyAsync(cancellationToken) || await db.Set<TaxAssessment>().AnyAsync(cancellationToken)
                || await db.Set<FamilyRegister>().AnyAsync(cancellationToken))
                return false;
            var all = await db.Set<Resident>().AsNoTracking().ToListAsync(cancellationToken);
            residents = all.GroupBy(r => r.Name.FamilyName + r.Name.GivenName).Where(g => g.Count() == 1)
                .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        }
        var staff = AuditActor.System;
        var seeded = false;
        int seals = 0, taxes = 0, registers = 0;
        // As the record keeps names (full-width, RecordText).
        Resident? Find(string name) => residents.GetValueOrDefault(Myna.Primitives.Text.RecordText.Normalize(name));

        // Households (世帯) and previous addresses (前住所) with the day the current address began.
        foreach (var (name, head, relationship, previous, since) in new (string, string, string, string?, DateOnly?)[]
                 {
                     ("番号花子", "番号　花子", "世帯主", "東京都千代田区千代田1番1号", new(2015, 10, 5)),
                     ("番号一太", "番号　花子", "子", null, null),
                     ("郡山太郎", "郡山　太郎", "世帯主", "福島県郡山市朝日一丁目1番", new(2010, 4, 1)),
                     ("鈴木一郎", "鈴木　一郎", "世帯主", "福島県福島市杉妻町2番16号", new(1985, 10, 10)),
                     ("グエンティ ラン", "グエン　ティ ラン", "世帯主", "ベトナム社会主義共和国ハノイ市", new(2015, 10, 5)),
                     ("佐藤美咲", "佐藤　美咲", "世帯主", "福島県郡山市桑野一丁目1番", new(2019, 4, 1)),
                     ("高橋健", "高橋　健", "世帯主", "福島県郡山市安積町1番", new(2018, 4, 1)),
                     ("田中結衣", "田中　結衣", "世帯主", "福島県郡山市桑野一丁目2番", new(2024, 4, 1)),
                 })
        {
            if (Find(name) is not { } resident)
                continue;
            _ = (await window.SetHouseholdAsync(resident.Id, head, relationship, staff, cancellationToken)).Value;
            if (since is { } day)
                _ = (await window.SetPreviousAddressAsync(resident.Id, new PreviousAddressForm(previous, day), staff, cancellationToken)).Value;
            seeded = true;
        }

        // Seal registrations: most adults; not the child (under 15), the resident moving out, nor the one whose card waits for delivery.
        foreach (var (name, card, impression, on) in new (string, string, string, DateOnly)[]
                 {
                     ("番号花子", "10000001", "丸印、直径15mm、「番号」", new(2016, 4, 1)),
                     ("郡山太郎", "10000002", "丸印、直径18mm、「郡山」", new(2015, 11, 2)),
                     ("鈴木一郎", "10000003", "楕円印、縦15mm・横12mm、「鈴木」", new(2015, 12, 1)),
                     ("グエンティ ラン", "10000004", "角印、12mm角、「グエン」", new(2020, 6, 15)),
                     ("佐藤美咲", "10000005", "丸印、直径12mm、「佐藤」", new(2016, 5, 10)),
                 })
        {
            if (Find(name) is not { } resident)
                continue;
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"registering seal {++seals}/{DemoSealRegistrations}"));
            var registration = (await window.RegisterSealAsync(resident.Id, new SealRegistrationForm(card, impression, on), staff, cancellationToken)).Value;
            if (name == "佐藤美咲")
            {
                // The card was lost: the registration was abolished and the seal registered again with a new card.
                var lostOn = new DateOnly(2025, 9, 1);
                _ = (await window.AbolishSealAsync(registration.Id, SealAbolitionReason.CardLost, lostOn, staff, cancellationToken)).Value;
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"registering seal {++seals}/{DemoSealRegistrations}"));
                _ = (await window.RegisterSealAsync(resident.Id, new SealRegistrationForm("10000006", impression, lostOn), staff, cancellationToken)).Value;
            }
            seeded = true;
        }

        // Tax assessments of fiscal 2025 and 2026 (incomes of 2024 and 2025): salaried, retired, part-time.
        foreach (var (name, salary2024, salary2025, other, insurance) in new (string, long, long, long, long)[]
                 {
                     ("番号花子", 4_200_000, 4_350_000, 0, 620_000),
                     ("郡山太郎", 6_800_000, 6_900_000, 240_000, 1_000_000),
                     ("鈴木一郎", 0, 0, 1_820_000, 180_000),
                     ("グエンティ ラン", 2_900_000, 3_050_000, 0, 430_000),
                     ("佐藤美咲", 3_600_000, 3_700_000, 0, 530_000),
                     ("高橋健", 3_100_000, 3_300_000, 0, 460_000),
                     ("田中結衣", 650_000, 900_000, 0, 0),
                 })
        {
            if (Find(name) is not { } resident)
                continue;
            foreach (var (year, salary) in new[] { (2025, salary2024), (2026, salary2025) })
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"recording tax assessment {++taxes}/{DemoTaxAssessments}"));
                _ = (await window.RecordTaxAssessmentAsync(resident.Id, year, DemoTax(salary, other, insurance, TaxReleaseDays[year]), staff, cancellationToken)).Value;
            }
            seeded = true;
        }

        // Family registers of the residents whose 本籍 is in Koriyama; one resident is alone in hers (U2.6 ④).
        foreach (var plan in FamilyPlans(Find))
        {
            if (Find(plan.Resident) is not { Domicile: { } domicile } resident || !domicile.StartsWith("福島県郡山市", StringComparison.Ordinal))
                continue;
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"making family register {++registers}/{DemoFamilyRegisters}"));
            var register = (await window.MakeFamilyRegisterAsync(new FamilyRegisterForm(Koriyama, domicile, plan.Head, plan.MadeOn), staff, cancellationToken)).Value;
            foreach (var (member, attachment, removal) in plan.Members)
            {
                var entered = (await window.EnterFamilyMemberAsync(register.Id, member, staff, cancellationToken)).Value;
                var memberId = entered.Members[^1].Id;
                foreach (var address in attachment)
                    _ = (await window.AddAttachmentAddressAsync(register.Id, memberId, address, staff, cancellationToken)).Value;
                if (removal is not null)
                    _ = (await window.RemoveFamilyMemberAsync(register.Id, memberId, removal, staff, cancellationToken)).Value;
            }
            seeded = true;
        }
        return seeded;
    }

    /// <summary>A demo register: whose 本籍 it is, its head, the day it was made, and each member with attachment and removal.</summary>
    private sealed record FamilyPlan(
        string Resident, string Head, DateOnly MadeOn, IReadOnlyList<(FamilyMemberForm Member, AttachmentAddressForm[] Attachment, MemberRemovalForm? Removal)> Members);

    private static IEnumerable<FamilyPlan> FamilyPlans(Func<string, Resident?> find)
    {
        var hanako = find("番号花子");
        var ichita = find("番号一太");
        FamilyEventForm Birth(DateOnly on, string place) => new(on, "出生", $"【出生地】{place}");

        // 1. 番号: the head died (除籍); his wife (花子, married from Tokyo, two addresses in the attachment) and their son remain.
        yield return new FamilyPlan("番号花子", "番号　誠", new DateOnly(2012, 5, 20),
        [
            (new FamilyMemberForm("番号　誠", "バンゴウ　マコト", new DateOnly(1983, 8, 8), Sex.Male, "番号　健一", "番号　和代", "長男", null,
                [Birth(new DateOnly(1983, 8, 8), "福島県郡山市"), new(new DateOnly(2012, 5, 20), "婚姻", "【配偶者氏名】旧姓　花子"),
                 new(new DateOnly(2022, 3, 10), "死亡", "【死亡地】福島県郡山市")]),
             [new("福島県郡山市朝日一丁目23番7号", new DateOnly(2012, 5, 20))],
             new MemberRemovalForm(new DateOnly(2022, 3, 10), "死亡")),
            (new FamilyMemberForm("番号　花子", "バンゴウ　ハナコ", new DateOnly(1985, 2, 28), Sex.Female, "旧姓　正男", "旧姓　良子", "長女", hanako?.Id,
                [Birth(new DateOnly(1985, 2, 28), "東京都千代田区"),
                 new(new DateOnly(2012, 5, 20), "婚姻", "【配偶者氏名】番号　誠　【従前戸籍】東京都千代田区千代田1番　旧姓　正男")]),
             [new("東京都千代田区千代田1番1号", new DateOnly(2012, 5, 20), new DateOnly(2015, 10, 4)),
              new("福島県郡山市朝日一丁目23番7号", new DateOnly(2015, 10, 5))],
             null),
            .. ichita is null
                ? []
                : new[]
                {
                    (new FamilyMemberForm("番号　一太", "バンゴウ　イチタ", ichita.BirthDate, Sex.Male, "番号　誠", "番号　花子", "長男", ichita.Id,
                        [Birth(ichita.BirthDate, "福島県郡山市")]),
                     new AttachmentAddressForm[] { new("福島県郡山市朝日一丁目23番7号", ichita.BirthDate) },
                     (MemberRemovalForm?)null),
                },
        ]);

        // 2. 佐藤 美咲: a register of her own since she left her parents' (分籍); nobody else is in it (U2.6 ④).
        yield return new FamilyPlan("佐藤美咲", "佐藤　美咲", new DateOnly(2014, 6, 2),
        [
            (new FamilyMemberForm("佐藤　美咲", "サトウ　ミサキ", new DateOnly(1992, 4, 20), Sex.Female, "佐藤　浩", "佐藤　恵子", "長女", find("佐藤美咲")?.Id,
                [Birth(new DateOnly(1992, 4, 20), "福島県郡山市"),
                 new(new DateOnly(2014, 6, 2), "分籍", "【従前戸籍】福島県郡山市富久山町1番　佐藤　浩")]),
             [new("福島県郡山市桑野一丁目1番", new DateOnly(2014, 6, 2), new DateOnly(2019, 3, 31)),
              new("福島県郡山市富久山町1番", new DateOnly(2019, 4, 1))],
             null),
        ]);

        // 3. 鈴木 一郎, his wife (not in the demo registry), and a son who married out (除籍).
        yield return new FamilyPlan("鈴木一郎", "鈴木　一郎", new DateOnly(1985, 10, 10),
        [
            (new FamilyMemberForm("鈴木　一郎", "スズキ　イチロウ", new DateOnly(1958, 11, 3), Sex.Male, "鈴木　一夫", "鈴木　ハナ", "長男", find("鈴木一郎")?.Id,
                [Birth(new DateOnly(1958, 11, 3), "福島県郡山市"), new(new DateOnly(1985, 10, 10), "婚姻", "【配偶者氏名】鈴木　和子")]),
             [new("福島県福島市杉妻町2番16号", new DateOnly(1985, 10, 10), new DateOnly(1990, 3, 31)),
              new("福島県郡山市清水台1丁目1番", new DateOnly(1990, 4, 1))],
             null),
            (new FamilyMemberForm("鈴木　和子", "スズキ　カズコ", new DateOnly(1960, 1, 15), Sex.Female, "山田　次郎", "山田　春子", "二女", null,
                [Birth(new DateOnly(1960, 1, 15), "福島県福島市"), new(new DateOnly(1985, 10, 10), "婚姻", "【配偶者氏名】鈴木　一郎")]),
             [new("福島県郡山市清水台1丁目1番", new DateOnly(1990, 4, 1))],
             null),
            (new FamilyMemberForm("鈴木　大輔", "スズキ　ダイスケ", new DateOnly(1988, 7, 7), Sex.Male, "鈴木　一郎", "鈴木　和子", "長男", null,
                [Birth(new DateOnly(1988, 7, 7), "福島県福島市"), new(new DateOnly(2016, 9, 30), "婚姻", "【新本籍】宮城県仙台市青葉区本町3丁目8番")]),
             [new("福島県郡山市清水台1丁目1番", new DateOnly(1990, 4, 1))],
             new MemberRemovalForm(new DateOnly(2016, 9, 30), "婚姻")),
        ]);

        // 4. 田中: the parents (not in the demo registry) and their daughter 結衣.
        yield return new FamilyPlan("田中結衣", "田中　修", new DateOnly(2003, 3, 3),
        [
            (new FamilyMemberForm("田中　修", "タナカ　オサム", new DateOnly(1975, 5, 5), Sex.Male, "田中　勇", "田中　幸子", "長男", null,
                [Birth(new DateOnly(1975, 5, 5), "福島県郡山市"), new(new DateOnly(2003, 3, 3), "婚姻", "【配偶者氏名】田中　由美")]),
             [new("福島県郡山市桑野1丁目2番", new DateOnly(2003, 3, 3))],
             null),
            (new FamilyMemberForm("田中　由美", "タナカ　ユミ", new DateOnly(1977, 7, 7), Sex.Female, "伊藤　実", "伊藤　光子", "長女", null,
                [Birth(new DateOnly(1977, 7, 7), "宮城県仙台市"), new(new DateOnly(2003, 3, 3), "婚姻", "【配偶者氏名】田中　修")]),
             [new("福島県郡山市桑野1丁目2番", new DateOnly(2003, 3, 3))],
             null),
            (new FamilyMemberForm("田中　結衣", "タナカ　ユイ", new DateOnly(2005, 6, 1), Sex.Female, "田中　修", "田中　由美", "長女", find("田中結衣")?.Id,
                [Birth(new DateOnly(2005, 6, 1), "福島県郡山市")]),
             [new("福島県郡山市桑野1丁目2番", new DateOnly(2005, 6, 1))],
             null),
        ]);
    }

    /// <summary>
    /// Plausible figures for the sandbox, not a tax computation: salary income by the employment income deduction table
    /// (from 2020), the basic deduction of 430,000 yen and the social insurance paid, taxable income rounded down to
    /// 1,000 yen, income levies of 6 % (city) and 4 % (prefecture) rounded down to 100 yen, per-capita levies of 3,000
    /// and 2,000 yen (Fukushima's includes its forest-environment levy), none at or under 450,000 yen of total income.
    /// </summary>
    private static TaxAssessmentForm DemoTax(long salaryRevenue, long otherIncome, long socialInsurance, DateOnly releasedOn)
    {
        var deduction = salaryRevenue switch
        {
            <= 1_625_000 => 550_000,
            <= 1_800_000 => salaryRevenue * 40 / 100 - 100_000,
            <= 3_600_000 => salaryRevenue * 30 / 100 + 80_000,
            <= 6_600_000 => salaryRevenue * 20 / 100 + 440_000,
            <= 8_500_000 => salaryRevenue * 10 / 100 + 1_100_000,
            _ => 1_950_000,
        };
        var salaryIncome = Math.Max(0, salaryRevenue - deduction);
        var total = salaryIncome + otherIncome;
        var deductions = 430_000 + socialInsurance;
        var taxable = Math.Max(0, total - deductions) / 1000 * 1000;
        var taxed = total > 450_000;
        return new TaxAssessmentForm(salaryRevenue, salaryIncome, otherIncome, deductions, taxable,
            taxed ? 3_000 : 0, taxable * 6 / 100 / 100 * 100, taxed ? 2_000 : 0, taxable * 4 / 100 / 100 * 100, releasedOn);
    }
}
