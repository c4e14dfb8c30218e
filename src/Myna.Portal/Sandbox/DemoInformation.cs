using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Portal.Information;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Portal;

namespace Myna.Portal.Sandbox;

/// <summary>
/// The sandbox's わたしの情報 for the demo holders (U3.4): for each resident with a card, as the bodies would publish
/// it — income and individual resident tax of the last fiscal year (adults), pension records (from 20), and a few
/// vaccinations. Figures vary by holder but are fixed for each (drawn from the resident's id). Published once, by
/// <c>system</c>, at the first sandbox start after the demo registry; a later start finds them and adds nothing.
/// </summary>
public sealed class DemoInformation(IDbContextFactory<MynaDbContext> contexts, InformationPublishing publishing, PortalClocks clocks)
{
    /// <summary>Publishes the demo holders' items unless the sandbox did so before; answers how many it published.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        List<Resident> holders;
        await using (var db = contexts.CreateDbContext())
        {
            if (await db.Set<PublishedInformation>().AnyAsync(i => i.PublishedBy == AuditActor.System.Name, cancellationToken))
                return 0;
            var withCards = db.Set<CardRecord>().Select(c => c.ResidentId);
            holders = await db.Set<Resident>().AsNoTracking().Where(r => withCards.Contains(r.Id)).ToListAsync(cancellationToken);
        }
        var today = JapanClock.Today(clocks.Civil);
        var count = 0;
        foreach (var holder in holders.OrderBy(h => h.RegisteredOn).ThenBy(h => h.Id))
        {
            foreach (var publication in For(holder, today))
            {
                var outcome = await publishing.PublishAsync(AuditActor.System, publication, cancellationToken);
                if (outcome.Problem is { } problem)
                    throw new InvalidOperationException($"The demo information was refused: {problem.Field}: {problem.Text.English}");
                count++;
            }
        }
        return count;
    }

    /// <summary>The items of one demo holder as of <paramref name="today"/>.</summary>
    internal static IEnumerable<InformationPublication> For(Resident holder, DateOnly today)
    {
        var random = new Random(BitConverter.ToInt32(holder.Id.ToByteArray(), 0));
        var age = Birthdays.AgeOn(holder.BirthDate, today);
        var reference = holder.Id.ToString();
        // The last fiscal year whose resident tax is assessed: income of the calendar year before, taxed from June.
        var incomeYear = today.Month >= 6 ? today.Year - 1 : today.Year - 2;
        if (age >= 18)
        {
            var income = age >= 65 ? random.Next(180, 320) * 10_000 : random.Next(240, 720) * 10_000;
            var salaried = age < 65;
            var deductions = salaried ? EmploymentDeduction(income) : Math.Min(income, 1_100_000);
            var taxable = Math.Max(0, income - deductions - 430_000 - random.Next(0, 40) * 10_000);
            var residentTax = taxable / 10 + 5_000;
            var fiscalYear = incomeYear + 1;
            yield return Publication(reference, InformationCategories.Tax, $"income-{incomeYear}", new DateOnly(fiscalYear, 6, 1),
                ($"{incomeYear}年分 所得の情報", $"Income for {incomeYear}"), ("郡山市 市民税課", "Koriyama City, Municipal Tax Division"),
                (salaried ? ("給与収入", "Employment income") : ("公的年金等の収入", "Public pension income"), Yen(income)),
                (("所得金額", "Income after deductions for expenses"), Yen(income - deductions)),
                (("課税標準額", "Taxable income"), Yen(taxable)));
            yield return Publication(reference, InformationCategories.Tax, $"resident-tax-{fiscalYear}", new DateOnly(fiscalYear, 6, 1),
                ($"{fiscalYear}年度 個人住民税", $"Individual resident tax, fiscal {fiscalYear}"), ("郡山市 市民税課", "Koriyama City, Municipal Tax Division"),
                (("年税額", "Tax for the year"), Yen(residentTax)),
                (("うち市民税", "City tax"), Yen(residentTax * 6 / 10)),
                (("うち県民税", "Prefectural tax"), Yen(residentTax - residentTax * 6 / 10)));
        }
        if (age >= 20)
        {
            var months = Math.Max(0, Math.Min(480, (age - 20) * 12 - random.Next(0, 24)));
            var employee = Math.Max(0, months - random.Next(0, 60));
            var annual = 816_000 * Math.Min(months, 480) / 480 + employee * random.Next(900, 1_400);
            var asOf = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
            yield return Publication(reference, InformationCategories.Pension, "record", asOf,
                ("年金加入記録", "Pension record"), ("日本年金機構", "Japan Pension Service"),
                (("国民年金 加入月数", "National pension: months covered"), Months(months)),
                (("うち厚生年金 加入月数", "Of which employees' pension: months"), Months(employee)),
                (("保険料納付済月数", "Months with contributions paid"), Months(Math.Max(0, months - random.Next(0, 6)))));
            yield return Publication(reference, InformationCategories.Pension, "estimate", asOf,
                ("年金見込額（65歳から）", "Estimated pension (from 65)"), ("日本年金機構", "Japan Pension Service"),
                (("老齢基礎年金", "Old-age basic pension"), Yen(816_000 * Math.Min(months, 480) / 480)),
                (("老齢厚生年金", "Old-age employees' pension"), Yen(annual - 816_000 * Math.Min(months, 480) / 480)),
                (("年額の合計", "Per year in all"), Yen(annual)));
        }
        var shots = new List<(string Key, DateOnly On, string Ja, string En, string Dose)>();
        if (age < 15)
        {
            shots.Add(("mr-1", holder.BirthDate.AddYears(1).AddDays(random.Next(0, 60)), "麻しん風しん混合（MR）", "Measles and rubella (MR)", "1"));
            shots.Add(("mr-2", holder.BirthDate.AddYears(5).AddDays(random.Next(0, 200)), "麻しん風しん混合（MR）", "Measles and rubella (MR)", "2"));
            shots.Add(("dpt-ipv-1", holder.BirthDate.AddMonths(2).AddDays(random.Next(0, 30)), "四種混合（DPT-IPV）", "DPT-IPV", "1"));
        }
        else
        {
            shots.Add(("covid-19-1", new DateOnly(2021, 6, 1).AddDays(random.Next(0, 90)), "新型コロナウイルス感染症", "COVID-19", "1"));
            shots.Add(("covid-19-2", shots[0].On.AddDays(21), "新型コロナウイルス感染症", "COVID-19", "2"));
            if (age >= 65 || random.Next(2) == 0)
                shots.Add(($"influenza-{today.Year - 1}", new DateOnly(today.Year - 1, 10, 15).AddDays(random.Next(0, 45)), "インフルエンザ", "Influenza", "1"));
        }
        foreach (var shot in shots.Where(s => s.On <= today))
        {
            yield return Publication(reference, InformationCategories.Vaccination, shot.Key, shot.On,
                ($"予防接種 {shot.Ja}", $"Vaccination: {shot.En}"), ("郡山市保健所", "Koriyama City Public Health Centre"),
                (("接種回数（回目）", "Dose"), shot.Dose),
                (("接種日", "Date"), TextFormat.EnglishDate(shot.On)));
        }
    }

    private static InformationPublication Publication(string holder, string category, string key, DateOnly asOf,
        (string Ja, string En) title, (string Ja, string En) source, params ((string Ja, string En) Label, string Value)[] fields) =>
        new(holder, category, key, TextFormat.EnglishDate(asOf), new(title.Ja, title.En), new(source.Ja, source.En),
            [.. fields.Select(f => new FieldInput(new(f.Label.Ja, f.Label.En), f.Value))]);

    private static string Yen(int amount) => TextFormat.JapaneseYen(amount);

    private static string Months(int months) => months.ToString(CultureInfo.InvariantCulture);

    // The employment income deduction (給与所得控除) of the income tax, simplified to its brackets.
    private static int EmploymentDeduction(int income) => income switch
    {
        <= 1_625_000 => 550_000,
        <= 1_800_000 => income * 4 / 10 - 100_000,
        <= 3_600_000 => income * 3 / 10 + 80_000,
        <= 6_600_000 => income * 2 / 10 + 440_000,
        <= 8_500_000 => income / 10 + 1_100_000,
        _ => 1_950_000,
    };
}
