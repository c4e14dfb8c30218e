using Microsoft.EntityFrameworkCore;
using Myna.OnlineEligibility.Terminals;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;

namespace Myna.OnlineEligibility.Records;

/// <summary>
/// A patient's records as the clinic or pharmacy sees them during a visit (U1.4): for the institution's own answered,
/// eligible check only, only the kinds the patient consented to at the check — medication (薬剤情報), health checks
/// (特定健診等情報), treatments (診療情報) — and only on the visit day in Japan. Each showing is written to the holder's
/// exchange history (やりとり履歴) with the institution, what was shown and the consent that allowed it, and audited.
/// </summary>
public sealed class VisitRecords(IDbContextFactory<MynaDbContext> contexts, Institutions institutions, TimeProvider clock)
{
    public const string ShownAction = "insurance.records-shown";

    /// <summary>How far back the medication and treatment records go from the visit day (3 years, as the national service keeps them).</summary>
    public const int MedicationYears = 3;

    /// <summary>How far back the health checks go (5 years).</summary>
    public const int HealthCheckYears = 5;

    /// <summary>The records of the terminal's own check, over the terminal's API.</summary>
    public async Task<RecordsOutcome<VisitRecordsView>> ForTerminalAsync(
        TerminalCredentials credentials, Guid checkId, CancellationToken cancellationToken = default)
    {
        if (await institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return RecordsProblems.UnknownTerminal;
        return await ForCheckAsync(terminal.Institution.Id, checkId, AuditActor.Terminal(terminal.Id), cancellationToken);
    }

    /// <summary>
    /// The records of check <paramref name="checkId"/> for institution <paramref name="institutionId"/>, shown to
    /// <paramref name="viewer"/> (the terminal, or the institution's staff member in process). Another institution's check
    /// is as unknown as one that never was.
    /// </summary>
    public async Task<RecordsOutcome<VisitRecordsView>> ForCheckAsync(
        Guid institutionId, Guid checkId, AuditActor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var found = await (from c in db.Set<EligibilityCheckRow>().AsNoTracking()
                           join t in db.Set<ReceptionTerminal>().AsNoTracking() on c.TerminalId equals t.Id
                           join i in db.Set<MedicalInstitution>().AsNoTracking() on t.InstitutionId equals i.Id
                           where c.Id == checkId && i.Id == institutionId
                           select new { Check = c, Institution = i }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return RecordsProblems.UnknownCheck;
        var check = found.Check;
        if (check is not { State: EligibilityCheckState.Answered, Result: "eligible", HolderReference: { } holder, VisitDay: { } visit })
            return RecordsProblems.CheckNotEligible;
        var consent = new Consent(check.ConsentMedication, check.ConsentHealthChecks, check.ConsentTreatments, check.ConsentCeiling);
        if (!consent.Medication && !consent.HealthChecks && !consent.Treatments)
            return RecordsProblems.NoConsent;
        // The consent is for this visit: it holds until the end of the visit day in Japan.
        var until = JapanClock.StartOf(visit.AddDays(1));
        var now = clock.GetUtcNow();
        if (now >= until)
            return RecordsProblems.VisitOver;

        var medication = consent.Medication ? await RecordReader.MedicationAsync(db, holder, visit.AddYears(-MedicationYears), cancellationToken) : null;
        var healthChecks = consent.HealthChecks ? await RecordReader.HealthChecksAsync(db, holder, visit.AddYears(-HealthCheckYears), cancellationToken) : null;
        var treatments = consent.Treatments ? await RecordReader.TreatmentsAsync(db, holder, visit.AddYears(-MedicationYears), cancellationToken) : null;

        var shown = Shown(medication, healthChecks, treatments);
        var institution = new LocalizedText(found.Institution.Name, found.Institution.Name);
        db.Add(ExchangeRecord.Of(holder, now, new ExchangeContent(
            "insurance-records-shown",
            institution,
            new("オンライン資格確認等システム", "Online eligibility service"),
            shown,
            new LocalizedText("受診時の診療・調剤のための情報提供（", "Shown for treatment or dispensing at a visit (").Then(consent.Describe()).Then(new("）", ")")))));
        db.AuditEntries.Add(AuditTrail.NewEntry(clock, viewer, ShownAction, AuditSubject.Resident(holder),
            new LocalizedText($"{found.Institution.Name}に患者の同意に基づき{shown.Japanese}を表示しました。",
                $"Shown to {found.Institution.Name} with the patient's consent: {shown.English}.")));
        await db.SaveChangesAsync(cancellationToken);
        return RecordsOutcome<VisitRecordsView>.Of(new VisitRecordsView(check.Id, visit, until, consent, medication, healthChecks, treatments));
    }

    // What was shown, in words, with counts: 「薬剤情報（2件）・特定健診等情報（1件）」.
    private static LocalizedText Shown(IReadOnlyList<MedicationRecord>? medication, IReadOnlyList<HealthCheckRecord>? healthChecks, IReadOnlyList<TreatmentRecord>? treatments)
    {
        var ja = new List<string>();
        var en = new List<string>();
        if (medication is not null) { ja.Add($"薬剤情報（{medication.Count}件）"); en.Add($"medication ({medication.Count})"); }
        if (healthChecks is not null) { ja.Add($"特定健診等情報（{healthChecks.Count}件）"); en.Add($"health checks ({healthChecks.Count})"); }
        if (treatments is not null) { ja.Add($"診療情報（{treatments.Count}件）"); en.Add($"treatments ({treatments.Count})"); }
        return new(string.Join("・", ja), string.Join(", ", en));
    }
}
