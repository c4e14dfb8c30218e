using System.Text;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance.Records;
using Myna.OnlineEligibility.Records;
using Myna.OnlineEligibility.Terminals;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;
using Myna.Storage.MedicalRecords;

namespace Myna.OnlineEligibility.Tests;

/// <summary>
/// The holder's medical records: claims after a visit feed the medication, treatment and expense records, the insurer
/// records health checks, the clinic sees during the visit only what the patient consented to (U1.4), and the holder's
/// year of expenses goes into the deduction's form (U1.5).
/// </summary>
public sealed class MedicalRecordsTests : IAsyncLifetime
{
    private readonly EligibilityHarness _h = new();
    private RegisteredTerminal _pharmacy = null!;
    private RegisteredTerminal _otherClinic = null!;
    private MedicalClaims _claims = null!;
    private VisitRecords _visits = null!;
    private HealthCheckRecords _healthChecks = null!;
    private HolderRecords _holders = null!;

    public async Task InitializeAsync()
    {
        await _h.InitializeAsync();
        var institutions = new Institutions(_h.Contexts);
        _pharmacy = (await institutions.AddAsync("0741234568", "さくら薬局 郡山駅前店", InstitutionKind.Pharmacy, 1))[0];
        _otherClinic = (await institutions.AddAsync("0711999990", "けやき整形外科", InstitutionKind.Clinic, 1))[0];
        _claims = new MedicalClaims(_h.Contexts, institutions, _h.Clock);
        _visits = new VisitRecords(_h.Contexts, institutions, _h.Clock);
        _healthChecks = new HealthCheckRecords(_h.Contexts, _h.Clock);
        _holders = new HolderRecords(_h.Contexts);
    }

    public Task DisposeAsync() => _h.DisposeAsync();

    private static readonly Consent Everything = new(true, true, true, false);

    private static readonly DispensedDrug Amlodipine = new("アムロジピン錠", "5mg", 1, "錠", 30);

    /// <summary>A patient (1990, 協会けんぽ 一般: 30 %) registered for insurance use, with a card.</summary>
    private async Task<(Guid Holder, Guid Card)> PatientAsync()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        return (resident.Id, card.Id);
    }

    private async Task<EligibilityResult> CheckAsync(RegisteredTerminal terminal, Guid card, Consent consent)
    {
        var opened = (await _h.Service.OpenAsync(terminal.Credentials)).Value!;
        return (await _h.Service.AnswerAsync(terminal.Credentials, opened.CheckId, _h.WithPin(card, opened.Challenge, consent))).Value!;
    }

    private static ClaimSubmission Dispensing(Guid check, DateOnly day, int total = 2_350, int? copayment = null) =>
        new(check, day, total, copayment, [], [Amlodipine]);

    private static ClaimSubmission Treatment(Guid check, DateOnly day, int total = 4_460) =>
        new(check, day, total, null, [new("本態性高血圧症", "再診料"), new("脂質異常症", "生化学的検査")], []);

    private static DateOnly Today => new(2026, 4, 6);

    [Fact]
    public async Task APharmacysClaim_FeedsTheMedicationAndTheExpenses_WithTheCopaymentOfTheRate_U1_5()
    {
        var (holder, card) = await PatientAsync();
        var check = await CheckAsync(_pharmacy, card, Consent.None);

        var claim = await _claims.SubmitAsync(_pharmacy.Credentials, Dispensing(check.CheckId, Today));
        Assert.True(claim.Succeeded, claim.Problem?.ToString());
        // 30 % of 2,350 yen is 705, charged to the nearest 10 yen.
        Assert.Equal((710, 30, MedicalExpenseCategory.Medicine), (claim.Value!.CopaymentYen, claim.Value.CopaymentPercent, claim.Value.Category));

        var records = await _holders.OfAsync(holder);
        var dispensing = Assert.Single(records.Medication);
        Assert.Equal((Today, "さくら薬局 郡山駅前店"), (dispensing.Day, dispensing.Institution));
        Assert.Equal(Amlodipine, Assert.Single(dispensing.Drugs));
        Assert.Empty(records.Treatments);
        var year = Assert.Single(records.Expenses);
        Assert.Equal((2026, 2_350, 710), (year.Year, year.TotalYen, year.PaidYen));

        var audit = await AuditAsync(holder, MedicalClaims.SubmittedAction);
        Assert.Equal(AuditActor.Terminal(_pharmacy.Id).Name, Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task TheCopaymentGiven_MustBeTheRatesShare_AndASecondClaimForTheCheckIsRefused()
    {
        var (holder, card) = await PatientAsync();
        var check = await CheckAsync(_h.Terminal, card, Consent.None);

        var wrong = await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(check.CheckId, Today) with { CopaymentYen = 446 });
        Assert.Equal(("invalid", "copaymentYen"), (wrong.Problem!.Code, wrong.Problem.Field));
        Assert.Contains("1,340円", wrong.Problem.Text.Japanese, StringComparison.Ordinal);

        var right = await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(check.CheckId, Today) with { CopaymentYen = 1_340 });
        Assert.True(right.Succeeded, right.Problem?.ToString());
        var again = await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(check.CheckId, Today));
        Assert.Equal("claim-exists", again.Problem!.Code);
        Assert.Single((await _holders.OfAsync(holder)).Treatments);
    }

    [Fact]
    public async Task TwoClaimsForOneCheckAtOnce_OneIsTakenAndTheOtherRefused()
    {
        var (holder, card) = await PatientAsync();
        var check = await CheckAsync(_pharmacy, card, Consent.None);
        var both = await Task.WhenAll(
            Task.Run(() => _claims.SubmitAsync(_pharmacy.Credentials, Dispensing(check.CheckId, Today))),
            Task.Run(() => _claims.SubmitAsync(_pharmacy.Credentials, Dispensing(check.CheckId, Today))));
        Assert.Single(both, b => b.Succeeded);
        Assert.Single(both, b => b.Problem?.Code == "claim-exists");
        Assert.Single((await _holders.OfAsync(holder)).Medication);
    }

    [Fact]
    public async Task WithConsentToTheCeiling_TheCopaymentIsNoMoreThanIt_U1_6()
    {
        var (_, card) = await PatientAsync();
        // 一般 under 70 (エ): the month's ceiling is 57,600 yen; 30 % of 300,000 yen would be 90,000.
        var withCeiling = await CheckAsync(_h.Terminal, card, new Consent(false, false, false, true));
        var capped = await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(withCeiling.CheckId, Today, total: 300_000));
        Assert.Equal(57_600, capped.Value!.CopaymentYen);
        var without = await CheckAsync(_h.Terminal, card, Consent.None);
        var full = await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(without.CheckId, Today, total: 300_000));
        Assert.Equal(90_000, full.Value!.CopaymentYen);
    }

    [Fact]
    public async Task BadClaims_AreRefusedNamingTheField_AndWriteNothing_U1_5()
    {
        var (holder, card) = await PatientAsync();
        var clinicCheck = await CheckAsync(_h.Terminal, card, Consent.None);
        var pharmacyCheck = await CheckAsync(_pharmacy, card, Consent.None);

        (RegisteredTerminal Terminal, ClaimSubmission Claim, string Field)[] bad =
        [
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today, total: 0), "totalYen"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today, total: ClaimLimits.MaxTotalYen + 1), "totalYen"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today) with { CopaymentYen = -1 }, "copaymentYen"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today.AddDays(1)), "day"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today.AddDays(-1)), "day"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today) with { Treatments = [] }, "treatments"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today) with { Treatments = [new(" ", null)] }, "treatments[0].diagnosis"),
            (_h.Terminal, Treatment(clinicCheck.CheckId, Today) with { Treatments = [new("高血圧症", new string('x', 101))] }, "treatments[0].procedure"),
            (_pharmacy, Dispensing(pharmacyCheck.CheckId, Today) with { Drugs = [] }, "drugs"),
            (_pharmacy, Dispensing(pharmacyCheck.CheckId, Today) with { Treatments = [new("高血圧症", null)] }, "drugs"),
            (_pharmacy, Dispensing(pharmacyCheck.CheckId, Today) with { Drugs = [Amlodipine with { Days = 0 }] }, "drugs[0].days"),
            (_pharmacy, Dispensing(pharmacyCheck.CheckId, Today) with { Drugs = [Amlodipine, Amlodipine with { DailyQuantity = double.NaN }] }, "drugs[1].dailyQuantity"),
            (_pharmacy, Dispensing(pharmacyCheck.CheckId, Today) with { Drugs = [Amlodipine with { Unit = "" }] }, "drugs[0].unit"),
        ];
        foreach (var (terminal, claim, field) in bad)
        {
            var refused = await _claims.SubmitAsync(terminal.Credentials, claim);
            Assert.True(refused.Problem is { Code: "invalid" } && refused.Problem.Field == field, $"{field}: {refused.Problem}");
        }

        await using var db = _h.Contexts.CreateDbContext();
        Assert.Empty(await db.Set<MedicalClaimRow>().ToListAsync());
        Assert.Empty(await db.Set<ClaimDrugRow>().ToListAsync());
        Assert.Empty(await db.Set<ClaimTreatmentRow>().ToListAsync());
        Assert.Empty(await AuditAsync(holder, MedicalClaims.SubmittedAction));
    }

    [Fact]
    public async Task AClaim_BelongsToAnEligibleCheckOfTheSameInstitution()
    {
        var (_, card) = await PatientAsync();
        var clinicCheck = await CheckAsync(_h.Terminal, card, Consent.None);

        // The pharmacy cannot claim for the clinic's check: it is as unknown as one that never was.
        Assert.Equal("check-unknown", (await _claims.SubmitAsync(_pharmacy.Credentials, Dispensing(clinicCheck.CheckId, Today))).Problem!.Code);
        Assert.Equal("check-unknown", (await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(Guid.NewGuid(), Today))).Problem!.Code);
        Assert.Equal("terminal-unknown", (await _claims.SubmitAsync(new TerminalCredentials(_h.Terminal.Id, "guess"), Treatment(clinicCheck.CheckId, Today))).Problem!.Code);

        // A patient whose card is not registered for insurance use: no eligible check, no claim through it.
        var (stranger, strangerCard) = await _h.PatientAsync(new DateOnly(1980, 1, 1), "一郎");
        await _h.EnrolAsync(stranger.Id, new DateOnly(2020, 4, 1));
        var refused = await CheckAsync(_h.Terminal, strangerCard.Id, Everything);
        Assert.False(refused.Eligible);
        var problem = (await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(refused.CheckId, Today))).Problem!;
        Assert.Equal(("check-not-eligible", RuleIds.U1_2), (problem.Code, problem.Rule));
    }

    [Fact]
    public async Task TheClinicSees_OnlyTheKindsConsentedTo_AndTheHolderHistoryNamesItAndTheConsent_U1_4()
    {
        var (holder, card) = await PatientAsync();
        await RecordHistoryAsync(holder, card);

        var medicationOnly = await CheckAsync(_h.Terminal, card, new Consent(true, false, false, false));
        var shown = (await _visits.ForTerminalAsync(_h.Terminal.Credentials, medicationOnly.CheckId)).Value!;
        Assert.Equal(Amlodipine, Assert.Single(Assert.Single(shown.Medication!).Drugs));
        Assert.Null(shown.HealthChecks);
        Assert.Null(shown.Treatments);
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 0, 0, 0, Primitives.JapanClock.Offset), shown.ShownUntil);

        var checksOnly = await CheckAsync(_h.Terminal, card, new Consent(false, true, false, false));
        var results = (await _visits.ForTerminalAsync(_h.Terminal.Credentials, checksOnly.CheckId)).Value!;
        Assert.Null(results.Medication);
        Assert.Null(results.Treatments);
        var healthCheck = Assert.Single(results.HealthChecks!);
        Assert.Equal(("全国健康保険協会福島支部", 22.5), (healthCheck.Insurer, healthCheck.Bmi));

        var all = (await _visits.ForTerminalAsync(_h.Terminal.Credentials, (await CheckAsync(_h.Terminal, card, Everything)).CheckId)).Value!;
        Assert.Equal(2, all.Treatments!.Single().Lines.Count);

        var history = (await HistoryAsync(holder)).Where(e => e.Kind == "insurance-records-shown").ToList();
        Assert.Equal(3, history.Count);
        Assert.All(history, e => Assert.Equal("あさひ内科クリニック", e.Requester.Japanese));
        Assert.Equal("薬剤情報（1件）", history[0].Information.Japanese);
        Assert.Contains("同意：薬剤情報", history[0].Purpose.Japanese, StringComparison.Ordinal);
        Assert.Equal("特定健診等情報（1件）", history[1].Information.Japanese);
        Assert.Contains("同意：特定健診等情報", history[1].Purpose.Japanese, StringComparison.Ordinal);
        Assert.Equal(3, (await AuditAsync(holder, VisitRecords.ShownAction)).Count);
    }

    [Fact]
    public async Task WithoutConsent_NotEligible_AnotherInstitution_OrAfterTheVisitDay_NothingIsShownOrWritten_U1_4()
    {
        var (holder, card) = await PatientAsync();
        await RecordHistoryAsync(holder, card);
        var none = await CheckAsync(_h.Terminal, card, new Consent(false, false, false, true));
        var consented = await CheckAsync(_h.Terminal, card, Everything);
        var before = (await HistoryAsync(holder)).Count;

        var refused = (await _visits.ForTerminalAsync(_h.Terminal.Credentials, none.CheckId)).Problem!;
        Assert.Equal(("no-consent", RuleIds.U1_4), (refused.Code, refused.Rule));
        // Another institution's terminal: the check is unknown to it, as to the staff of that institution in process.
        Assert.Equal("check-unknown", (await _visits.ForTerminalAsync(_otherClinic.Credentials, consented.CheckId)).Problem!.Code);
        Assert.Equal("check-unknown", (await _visits.ForCheckAsync(_otherClinic.InstitutionId, consented.CheckId, AuditActor.Staff("keyaki"))).Problem!.Code);
        // A check that did not confirm the insurance shows nothing, whatever was ticked.
        var (stranger, strangerCard) = await _h.PatientAsync(new DateOnly(1980, 1, 1), "一郎");
        await _h.EnrolAsync(stranger.Id, new DateOnly(2020, 4, 1));
        var notEligible = await CheckAsync(_h.Terminal, strangerCard.Id, Everything);
        Assert.Equal("check-not-eligible", (await _visits.ForTerminalAsync(_h.Terminal.Credentials, notEligible.CheckId)).Problem!.Code);

        // During the visit day the institution's staff see it in process too; at midnight in Japan the consent has lapsed.
        _h.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 6, 23, 59, 0, Primitives.JapanClock.Offset));
        Assert.True((await _visits.ForCheckAsync(_h.Terminal.InstitutionId, consented.CheckId, AuditActor.Staff("asahi"))).Succeeded);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var over = (await _visits.ForTerminalAsync(_h.Terminal.Credentials, consented.CheckId)).Problem!;
        Assert.Equal(("visit-over", RuleIds.U1_4), (over.Code, over.Rule));

        Assert.Equal(before + 1, (await HistoryAsync(holder)).Count);
        Assert.Equal(AuditActor.Staff("asahi").Name, Assert.Single(await AuditAsync(holder, VisitRecords.ShownAction)).Actor);
    }

    [Fact]
    public async Task TheInsurerRecordsAHealthCheck_OfItsMemberOnly_WithItsMeasurementsInRange_U1_4()
    {
        var (holder, _) = await PatientAsync();
        var result = new HealthCheckResult(new DateOnly(2025, 6, 10), 158.2, 56.4, 74, 132, 84, 5.6, 142);

        Assert.Equal("insurer-unknown", (await _healthChecks.RecordAsync(Guid.NewGuid(), holder, result, EligibilityHarness.Staff)).Problem!.Code);
        Assert.Equal("not-enrolled", (await _healthChecks.RecordAsync(_h.Kyokai.Id, holder, result with { Day = new DateOnly(2019, 6, 10) }, EligibilityHarness.Staff)).Problem!.Code);
        Assert.Equal("day", (await _healthChecks.RecordAsync(_h.Kyokai.Id, holder, result with { Day = Today.AddDays(1) }, EligibilityHarness.Staff)).Problem!.Field);
        Assert.Equal("heightCm", (await _healthChecks.RecordAsync(_h.Kyokai.Id, holder, result with { HeightCm = 1582 }, EligibilityHarness.Staff)).Problem!.Field);
        Assert.Equal("diastolicMmHg", (await _healthChecks.RecordAsync(_h.Kyokai.Id, holder, result with { DiastolicMmHg = 140 }, EligibilityHarness.Staff)).Problem!.Field);
        Assert.Empty((await _holders.OfAsync(holder)).HealthChecks);

        Assert.True((await _healthChecks.RecordAsync(_h.Kyokai.Id, holder, result, EligibilityHarness.Staff)).Succeeded);
        var recorded = Assert.Single((await _holders.OfAsync(holder)).HealthChecks);
        Assert.Equal((result, 22.5), (recorded.Result, recorded.Bmi));
        Assert.Single(await AuditAsync(holder, HealthCheckRecords.RecordedAction));
    }

    [Fact]
    public async Task TheYearsExpenses_GoIntoTheDeductionsForm_AndAddUpToTheYearsSum_U1_5()
    {
        var (holder, card) = await PatientAsync();
        var visit = await CheckAsync(_h.Terminal, card, Consent.None);
        Assert.True((await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(visit.CheckId, Today))).Succeeded);
        var dispensing = await CheckAsync(_pharmacy, card, Consent.None);
        Assert.True((await _claims.SubmitAsync(_pharmacy.Credentials, Dispensing(dispensing.CheckId, Today))).Succeeded);
        // A visit of the next year is not in this year's form.
        _h.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 8, 10, 0, 0, Primitives.JapanClock.Offset));
        var nextYear = await CheckAsync(_h.Terminal, card, Consent.None);
        Assert.True((await _claims.SubmitAsync(_h.Terminal.Credentials, Treatment(nextYear.CheckId, new DateOnly(2027, 1, 8), total: 10_000))).Succeeded);

        var expenses = (await _holders.ExpensesOfYearAsync(holder, 2026))!;
        Assert.Equal(2, expenses.Count);
        Assert.Equal(1_340 + 710, MedicalExpenseForm.Sum(expenses).PaidYen);
        var years = (await _holders.OfAsync(holder)).Expenses;
        Assert.Equal([(2027, 3_000), (2026, 2_050)], years.Select(y => (y.Year, y.PaidYen)));

        var csv = MedicalExpenseForm.Csv(expenses);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("医療を受けた人,病院・薬局などの支払先の名称,医療費の区分,支払った医療費の額,左のうち生命保険や社会保険などで補填される金額,支払年月日", lines[0]);
        Assert.Equal(["番号　花子,あさひ内科クリニック,診療・治療,1340,0,2026/04/06", "番号　花子,さくら薬局 郡山駅前店,医薬品購入,710,0,2026/04/06"], lines[1..]);
        Assert.Equal(2_050, lines[1..].Sum(l => int.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TheForm_QuotesCommasAndDefusesFormulas()
    {
        var csv = Encoding.UTF8.GetString(MedicalExpenseForm.Csv([new("番号　花子", "=HYPERLINK(\"x\"),医院", MedicalExpenseCategory.Treatment, 100, 0, Today)]));
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\"),医院\",", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSandboxHistory_IsSeededOnce_ThroughTheClaimsRules()
    {
        var (holder, _) = await PatientAsync();
        Assert.True(await SandboxRecords.SeedAsync(_claims, _healthChecks, _h.Contexts, _h.Clock));
        Assert.False(await SandboxRecords.SeedAsync(_claims, _healthChecks, _h.Contexts, _h.Clock));

        var records = await _holders.OfAsync(holder);
        Assert.Equal(2, records.Medication.Count);
        Assert.Equal(2, records.Treatments.Count);
        Assert.Single(records.HealthChecks);
        Assert.Equal([2026, 2025], records.Expenses.Select(y => y.Year));
        Assert.Equal(4, (await AuditAsync(holder, MedicalClaims.SubmittedAction)).Count);
    }

    // A dispensing at the pharmacy, a visit at another clinic and the insurer's health check.
    private async Task RecordHistoryAsync(Guid holder, Guid card)
    {
        var dispensing = await CheckAsync(_pharmacy, card, Consent.None);
        Assert.True((await _claims.SubmitAsync(_pharmacy.Credentials, Dispensing(dispensing.CheckId, Today))).Succeeded);
        var visit = await CheckAsync(_otherClinic, card, Consent.None);
        Assert.True((await _claims.SubmitAsync(_otherClinic.Credentials, Treatment(visit.CheckId, Today))).Succeeded);
        Assert.True((await _healthChecks.RecordAsync(_h.Kyokai.Id, holder, new HealthCheckResult(new DateOnly(2025, 6, 10), 158.2, 56.4, null, 120, 80, null, null),
            EligibilityHarness.Staff)).Succeeded);
    }

    private async Task<List<ExchangeContent>> HistoryAsync(Guid holder)
    {
        await using var db = _h.Contexts.CreateDbContext();
        var rows = await db.Set<ExchangeRecord>().AsNoTracking().Where(e => e.HolderReference == holder).OrderBy(e => e.Id).ToListAsync();
        return [.. rows.Select(r => r.Read())];
    }

    private async Task<List<AuditEntry>> AuditAsync(Guid holder, string action)
    {
        await using var db = _h.Contexts.CreateDbContext();
        var subject = holder.ToString("N");
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == action && a.SubjectId == subject).ToListAsync();
    }
}
