using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Registry.Residents;
using Myna.Window.Demo;
using Myna.Window.Procedures;

namespace Myna.Window.Tests;

/// <summary>The sandbox's insurers and the demo residents' enrolments: seeded once, through the audited procedures (U1.1).</summary>
public class InsuranceSeedTests : WindowTestBase
{
    [Fact]
    public async Task DemoSeed_AddsTheInsurersAndEnrolments_OnceOnly_U1_1()
    {
        var office = new InsuranceOffice(new WindowServices(H.Contexts, H.Issuing, H.Certificates, H.Clock));
        Assert.True(await DemoRegistry.SeedResidentsAsync(Window, H.Contexts));
        var steps = new List<string>();
        Assert.True(await DemoRegistry.SeedInsuranceAsync(office, H.Contexts, new SynchronousProgress(steps)));
        Assert.False(await DemoRegistry.SeedInsuranceAsync(office, H.Contexts));
        Assert.Contains($"recording enrolment {DemoRegistry.DemoEnrolments}/{DemoRegistry.DemoEnrolments}", steps);
        Assert.DoesNotContain(steps, s => s.Any(c => c > 0x2E80));

        var insurers = await office.InsurersAsync();
        Assert.Equal(DemoRegistry.DemoInsurers, insurers.Count);
        Assert.Equal(Enum.GetValues<InsuranceScheme>().Except([InsuranceScheme.MutualAid]).Order(), insurers.Select(i => i.Scheme).Order());
        var residents = await H.WithDbAsync(db => db.Set<Resident>().ToListAsync());
        Resident Named(string given) => residents.Single(r => r.Name.GivenName == given);
        async Task<EligibilityAnswer> DecideAsync(Resident resident) =>
            InsuranceEligibility.Decide(true, (await office.EnrolmentsOfAsync(resident.Id))!, resident.BirthDate, office.Today);

        var hanako = await DecideAsync(Named("花子"));
        Assert.Equal((InsuranceScheme.KyokaiKenpo, EnrolmentRole.Insured, 30), (hanako.Eligible!.Insurer.Scheme, hanako.Eligible.Role, hanako.Eligible.Copayment.Percent));
        var child = await DecideAsync(Named("一太"));
        Assert.Equal((EnrolmentRole.Dependant, Named("花子").Id, "01"), (child.Eligible!.Role, child.Eligible.Enrolment.InsuredReference!.Value, child.Eligible.Branch));
        Assert.Equal(InsuranceScheme.NationalHealthInsurance, (await DecideAsync(Named("一郎"))).Eligible!.Insurer.Scheme);
        // 佐藤美咲's enrolment ended last month; 田中結衣 has none.
        var misaki = (await office.EnrolmentsOfAsync(Named("美咲").Id))!;
        Assert.Equal(new DateOnly(2026, 3, 16), Assert.Single(misaki).Enrolment.Until);
        Assert.Equal(EligibilityAnswer.NoEnrolment, (await DecideAsync(Named("美咲"))).RefusalCode);
        Assert.Empty((await office.EnrolmentsOfAsync(Named("結衣").Id))!);

        // Through the procedures: each enrolment audited under its resident.
        var entries = await H.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("insurance.")).ToListAsync());
        Assert.Equal(DemoRegistry.DemoInsurers, entries.Count(e => e.Action == "insurance.insurer-added"));
        Assert.Equal(DemoRegistry.DemoEnrolments, entries.Count(e => e.Action == "insurance.enrolled"));
        Assert.Single(entries, e => e.Action == "insurance.enrolment-ended");
    }

    private sealed class SynchronousProgress(List<string> steps) : IProgress<string>
    {
        public void Report(string value) => steps.Add(value);
    }
}
