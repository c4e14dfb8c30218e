using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Insurance.Records;
using Myna.OnlineEligibility.Terminals;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.MedicalRecords;

namespace Myna.OnlineEligibility.Records;

/// <summary>
/// The claims (レセプト, simplified) that clinics and pharmacies submit after a visit, through their reception terminal: each
/// belongs to an answered, eligible check of the same institution — the check names the patient, the institution never
/// sends or gets a My Number — and feeds the holder's records (U1.4, U1.5). A submission is one unit of work with its
/// audit entry; a second one for the same check is refused.
/// </summary>
public sealed class MedicalClaims(IDbContextFactory<MynaDbContext> contexts, Institutions institutions, TimeProvider clock)
{
    public const string SubmittedAction = "insurance.claim-submitted";

    /// <summary>Takes a claim for the visit of <see cref="ClaimSubmission.CheckId"/>.</summary>
    /// <remarks>
    /// The copayment is what the counter charges at the enrolment's rate on the visit day, no more than the high-cost
    /// ceiling when the patient consented to it at the check (U1.3, U1.6): given, it must be that; left out, it is worked out.
    /// The day is the visit's or a later one of the same month, not after today (a pharmacy may dispense the next day).
    /// </remarks>
    public async Task<RecordsOutcome<SubmittedClaim>> SubmitAsync(
        TerminalCredentials credentials, ClaimSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (await institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return RecordsProblems.UnknownTerminal;
        if (WellFormed(submission, terminal.Institution.Kind) is { } bad)
            return bad;

        await using var db = contexts.CreateDbContext();
        var check = await (from c in db.Set<EligibilityCheckRow>().AsNoTracking()
                           join t in db.Set<ReceptionTerminal>().AsNoTracking() on c.TerminalId equals t.Id
                           where c.Id == submission.CheckId && t.InstitutionId == terminal.Institution.Id
                           select c).SingleOrDefaultAsync(cancellationToken);
        if (check is null)
            return RecordsProblems.UnknownCheck;
        if (check is not { State: EligibilityCheckState.Answered, Result: Eligible, HolderReference: { } holder, VisitDay: { } visit })
            return RecordsProblems.CheckNotEligible;
        var today = JapanClock.Today(clock);
        if (submission.Day < visit || submission.Day > today || submission.Day.Month != visit.Month || submission.Day.Year != visit.Year)
            return RecordsProblems.BadDay(visit, today);
        if (await db.Set<MedicalClaimRow>().AnyAsync(c => c.CheckId == check.Id, cancellationToken))
            return RecordsProblems.ClaimExists;

        var recorded = await RecordAsync(db, terminal.Institution, holder, visit, check.Id, check.ConsentCeiling, submission,
            AuditActor.Terminal(terminal.Id), cancellationToken);
        if (recorded.Problem is not null)
            return recorded;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on the check: another submission for it won the race. Anything else is no refusal.
            if (await ClaimedAsync(check.Id, cancellationToken))
                return RecordsProblems.ClaimExists;
            throw;
        }
        return recorded;
    }

    /// <summary>
    /// Records a past visit that was checked without the card (the paper insurance card or 資格確認書): no check, no
    /// consent, the same rules for the lines and the copayment. Only the sandbox's history uses it.
    /// </summary>
    internal async Task<RecordsOutcome<SubmittedClaim>> RecordWithoutCardAsync(
        MedicalInstitution institution, Guid holder, ClaimSubmission submission, CancellationToken cancellationToken = default)
    {
        if (WellFormed(submission, institution.Kind) is { } bad)
            return bad;
        await using var db = contexts.CreateDbContext();
        var recorded = await RecordAsync(db, institution, holder, submission.Day, null, false, submission, AuditActor.System, cancellationToken);
        if (recorded.Problem is null)
            await db.SaveChangesAsync(cancellationToken);
        return recorded;
    }

    private async Task<bool> ClaimedAsync(Guid checkId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<MedicalClaimRow>().AnyAsync(c => c.CheckId == checkId, cancellationToken);
    }

    /// <summary>The check's result when the patient was covered (as <see cref="EligibilityService"/> writes it).</summary>
    private const string Eligible = "eligible";

    private static RecordsProblem? WellFormed(ClaimSubmission submission, InstitutionKind kind)
    {
        if (submission.TotalYen is < 1 or > ClaimLimits.MaxTotalYen)
            return RecordsProblems.BadTotal;
        if (submission.CopaymentYen is < 0 || submission.CopaymentYen > submission.TotalYen)
            return RecordsProblems.Bad("copaymentYen", new("窓口負担の額は0円以上、医療費総額以下で入力してください。",
                "The copayment is 0 yen or more and not more than the total."));
        var treatments = submission.Treatments ?? [];
        var drugs = submission.Drugs ?? [];
        if (ClaimLimits.BadLine(treatments) is { } treatment)
            return RecordsProblems.BadLine(treatment);
        if (ClaimLimits.BadLine(drugs) is { } drug)
            return RecordsProblems.BadLine(drug);
        // A pharmacy dispenses on a prescription and diagnoses nothing; a clinic's claim names a diagnosis and may list the
        // drugs it dispensed itself (院内処方), which go to the medication records too.
        if (kind == InstitutionKind.Pharmacy)
            return drugs.Count == 0 || treatments.Count > 0 ? RecordsProblems.PharmacyDispenses : null;
        return treatments.Count == 0 ? RecordsProblems.ClinicTreats : null;
    }

    // Adds the claim, its lines and the audit entry to the unit of work; the caller saves.
    private async Task<RecordsOutcome<SubmittedClaim>> RecordAsync(
        MynaDbContext db, MedicalInstitution institution, Guid holder, DateOnly visit, Guid? checkId, bool ceilingConsented,
        ClaimSubmission submission, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holder, cancellationToken) is not { } resident)
            return RecordsProblems.UnknownHolder;
        var enrolments = await (from e in db.Set<Enrolment>().AsNoTracking()
                                join i in db.Set<Insurer>().AsNoTracking() on e.InsurerId equals i.Id
                                where e.HolderReference == holder
                                select new { Insurer = i, Enrolment = e }).ToListAsync(cancellationToken);
        // The registration for insurance use was the check's business; the claim needs the enrolment of the visit day.
        if (InsuranceEligibility.Decide(true, [.. enrolments.Select(e => (e.Insurer, e.Enrolment))], resident.BirthDate, visit).Eligible is not { } eligible)
            return RecordsProblems.NoEnrolment;
        // What the counter charges: the rate's share, capped by the ceiling with the patient's consent (U1.6). The month's
        // earlier visits at the institution are not added up (the counter sees one visit here).
        var copayment = eligible.AtCounter(submission.TotalYen, outpatientOnly: true, ceilingConsented);
        if (submission.CopaymentYen is { } given && given != copayment)
            return RecordsProblems.BadCopayment(copayment, eligible.Copayment.Percent);

        var category = institution.Kind == InstitutionKind.Pharmacy ? MedicalExpenseCategory.Medicine : MedicalExpenseCategory.Treatment;
        var claim = new MedicalClaimRow
        {
            Id = Guid.NewGuid(), CheckId = checkId, InstitutionId = institution.Id, HolderReference = holder, Day = submission.Day,
            TotalYen = submission.TotalYen, CopaymentYen = copayment, CopaymentPercent = eligible.Copayment.Percent, Category = category,
            SubmittedAt = clock.GetUtcNow(), SubmittedBy = actor.Name,
        };
        db.Add(claim);
        var line = 0;
        foreach (var t in submission.Treatments ?? [])
            db.Add(new ClaimTreatmentRow { Id = Guid.NewGuid(), ClaimId = claim.Id, Line = ++line, Diagnosis = t.Diagnosis.Trim(), Procedure = t.Procedure?.Trim() });
        line = 0;
        foreach (var d in submission.Drugs ?? [])
        {
            db.Add(new ClaimDrugRow
            {
                Id = Guid.NewGuid(), ClaimId = claim.Id, Line = ++line, Name = d.Name.Trim(), Strength = d.Strength.Trim(),
                DailyQuantity = d.DailyQuantity, Unit = d.Unit.Trim(), Days = d.Days,
            });
        }
        var kind = institution.Kind == InstitutionKind.Pharmacy ? new LocalizedText("調剤", "dispensing") : new LocalizedText("診療", "treatment");
        db.AuditEntries.Add(AuditTrail.NewEntry(clock, actor, SubmittedAction, AuditSubject.Resident(holder), new LocalizedText(
            $"{institution.Name}の{TextFormat.JapaneseDate(submission.Day)}の{kind.Japanese}のレセプトを受け付けました（医療費総額{TextFormat.JapaneseYen(submission.TotalYen)}、窓口負担{TextFormat.JapaneseYen(copayment)}）。",
            $"Claim for {kind.English} at {institution.Name} on {TextFormat.EnglishDate(submission.Day)} received (total {TextFormat.EnglishYen(submission.TotalYen)}, copayment {TextFormat.EnglishYen(copayment)}).")));
        return RecordsOutcome<SubmittedClaim>.Of(new SubmittedClaim(claim.Id, checkId, claim.Day, claim.TotalYen, copayment, claim.CopaymentPercent, category));
    }
}
