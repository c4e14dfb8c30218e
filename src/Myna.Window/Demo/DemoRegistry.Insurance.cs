using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Window.Procedures.Insurance;

namespace Myna.Window.Demo;

// The sandbox's insurers and the demo residents' enrolments (docs/insurance.md). The registration of a card for
// insurance use is the holder's own step in the portal (U1.1) and is not seeded.
public static partial class DemoRegistry
{
    /// <summary>How many insurers <see cref="SeedInsuranceAsync"/> adds.</summary>
    public const int DemoInsurers = 4;

    /// <summary>How many enrolments <see cref="SeedInsuranceAsync"/> records (one of them ended last month).</summary>
    public const int DemoEnrolments = 7;

    /// <summary>The sandbox's insurers: the association's Fukushima branch, a health insurance society, Koriyama's NHI and Fukushima's late-stage union.</summary>
    public static IReadOnlyList<InsurerForm> Insurers { get; } =
    [
        new("01070010", "全国健康保険協会福島支部", InsuranceScheme.KyokaiKenpo),
        new("06070122", "郡山電機健康保険組合", InsuranceScheme.HealthInsuranceSociety),
        new("070037", "郡山市国民健康保険", InsuranceScheme.NationalHealthInsurance, "07203"),
        new("39072038", "福島県後期高齢者医療広域連合", InsuranceScheme.LateStageElderly),
    ];

    /// <summary>
    /// Adds the sandbox's insurers and the demo residents' enrolments when there is no insurer yet (so also once on a
    /// sandbox seeded by an earlier version). Residents it does not find (by name) are passed over. Reports counts, never names.
    /// </summary>
    /// <returns>Whether anything was seeded.</returns>
    public static async Task<bool> SeedInsuranceAsync(
        InsuranceOffice office, IDbContextFactory<MynaDbContext> contexts, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(office);
        ArgumentNullException.ThrowIfNull(contexts);
        Dictionary<string, Resident> residents;
        await using (var db = contexts.CreateDbContext())
        {
            if (await db.Set<Insurer>().AnyAsync(cancellationToken))
                return false;
            var all = await db.Set<Resident>().AsNoTracking().ToListAsync(cancellationToken);
            residents = all.GroupBy(r => r.Name.FamilyName + r.Name.GivenName).Where(g => g.Count() == 1)
                .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        }
        var staff = AuditActor.System;
        var insurers = new Dictionary<InsuranceScheme, Insurer>();
        foreach (var form in Insurers)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"adding insurer {insurers.Count + 1}/{DemoInsurers}"));
            insurers[form.Scheme] = (await office.AddInsurerAsync(form, staff, cancellationToken)).Value;
        }

        Resident? Find(string name) => residents.GetValueOrDefault(Myna.Primitives.Text.RecordText.Normalize(name));
        var enrolled = 0;
        async Task<Enrolment?> EnrolAsync(string name, InsuranceScheme scheme, string symbol, string number, string branch, DateOnly from,
            IncomeClass income, Resident? insured = null)
        {
            if (Find(name) is not { } resident)
                return null;
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"recording enrolment {++enrolled}/{DemoEnrolments}"));
            var role = insured is null ? EnrolmentRole.Insured : EnrolmentRole.Dependant;
            var day = from < resident.BirthDate ? resident.BirthDate : from;
            return (await office.EnrolAsync(insurers[scheme].Id,
                new EnrolmentForm(resident.Id, symbol, number, branch, role, insured?.Id, day, income), staff, cancellationToken)).Value;
        }

        // 番号花子 works for a company in the association (協会けんぽ), her son is her dependant; the income class ウ.
        await EnrolAsync("番号花子", InsuranceScheme.KyokaiKenpo, "7010001", "125", "00", new DateOnly(2016, 4, 1), IncomeClass.WorkingAge1);
        if (Find("番号花子") is { } hanako)
            await EnrolAsync("番号一太", InsuranceScheme.KyokaiKenpo, "7010001", "125", "01", new DateOnly(2016, 4, 1), IncomeClass.WorkingAge1, hanako);
        // 郡山太郎 in his employer's health insurance society, class イ.
        await EnrolAsync("郡山太郎", InsuranceScheme.HealthInsuranceSociety, "301", "4521", "00", new DateOnly(2010, 4, 1), IncomeClass.WorkingAge2);
        // 鈴木一郎 (born 1958) retired at 60 and is in Koriyama's national health insurance until late-stage care at 75.
        await EnrolAsync("鈴木一郎", InsuranceScheme.NationalHealthInsurance, "", "1023456", "00", new DateOnly(2018, 12, 1), IncomeClass.General);
        await EnrolAsync("グエンティ ラン", InsuranceScheme.KyokaiKenpo, "7010214", "38", "00", new DateOnly(2020, 6, 1), IncomeClass.General);
        await EnrolAsync("高橋健", InsuranceScheme.KyokaiKenpo, "7010388", "7", "00", new DateOnly(2022, 4, 1), IncomeClass.WorkingAge1);
        // 佐藤美咲 left her job: the society's enrolment was lost on the 16th of last month, and no other is recorded yet.
        if (await EnrolAsync("佐藤美咲", InsuranceScheme.HealthInsuranceSociety, "301", "5307", "00", new DateOnly(2016, 5, 1), IncomeClass.WorkingAge1) is { } misaki)
        {
            var today = office.Today;
            var lost = new DateOnly(today.Year, today.Month, 16).AddMonths(-1);
            _ = (await office.EndEnrolmentAsync(misaki.Id, lost, staff, cancellationToken)).Value;
        }
        // 田中結衣 has no enrolment recorded.
        return true;
    }
}
