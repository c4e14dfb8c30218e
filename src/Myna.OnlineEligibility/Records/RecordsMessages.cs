using Myna.Insurance.Records;
using Myna.Primitives.Text;

namespace Myna.OnlineEligibility.Records;

/// <summary>
/// A claim for a visit as the institution's terminal sends it: the check of the visit (which names the patient), the day,
/// the total medical cost, the copayment (null: the service works it out), the treatment lines and the drugs dispensed.
/// </summary>
public sealed record ClaimSubmission(
    Guid CheckId, DateOnly Day, int TotalYen, int? CopaymentYen, IReadOnlyList<TreatmentLine> Treatments, IReadOnlyList<DispensedDrug> Drugs);

/// <summary>A claim accepted: its id, the day, the total, what the patient paid at the rate, and its category for the deduction.</summary>
public sealed record SubmittedClaim(
    Guid ClaimId, Guid? CheckId, DateOnly Day, int TotalYen, int CopaymentYen, int CopaymentPercent, MedicalExpenseCategory Category);

/// <summary>
/// Why the records' service said no: a code for programs, the input field at fault (a 400 over the API), the rule, the sentence.
/// </summary>
public sealed record RecordsProblem(string Code, string? Field, string? Rule, LocalizedText Text)
{
    public override string ToString() => $"{Code} ({Field ?? Rule}): {Text.English}";
}

/// <summary>An answer of the records' service: the value, or the problem.</summary>
public sealed record RecordsOutcome<T>(T? Value, RecordsProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static implicit operator RecordsOutcome<T>(RecordsProblem problem) => new(default, problem);

    public static RecordsOutcome<T> Of(T value) => new(value, null);
}

/// <summary>The drugs of one dispensing, with where and when (薬剤情報).</summary>
public sealed record MedicationRecord(DateOnly Day, string Institution, IReadOnlyList<DispensedDrug> Drugs);

/// <summary>The diagnoses and procedures of one visit, with where and when (診療情報).</summary>
public sealed record TreatmentRecord(DateOnly Day, string Institution, IReadOnlyList<TreatmentLine> Lines);

/// <summary>A health check's results with the insurer that recorded them (特定健診情報).</summary>
public sealed record HealthCheckRecord(string Insurer, HealthCheckResult Result)
{
    public double Bmi => Result.Bmi;
}

/// <summary>One visit's cost as the holder's medical-expense notice gives it (医療費通知情報).</summary>
public sealed record ExpenseRecord(DateOnly Day, string Institution, MedicalExpenseCategory Category, LocalizedText CategoryName, int TotalYen, int PaidYen);

/// <summary>A year's medical expenses: the visits, and what they add up to.</summary>
public sealed record ExpenseYear(int Year, int TotalYen, int PaidYen, IReadOnlyList<ExpenseRecord> Visits);

/// <summary>The holder's own health records in the portal (U1.4, U1.5): medication, health checks, treatments, expenses by year (newest first).</summary>
public sealed record HolderHealthRecords(
    IReadOnlyList<MedicationRecord> Medication, IReadOnlyList<HealthCheckRecord> HealthChecks, IReadOnlyList<TreatmentRecord> Treatments,
    IReadOnlyList<ExpenseYear> Expenses)
{
    public bool IsEmpty => Medication.Count == 0 && HealthChecks.Count == 0 && Treatments.Count == 0 && Expenses.Count == 0;
}

/// <summary>
/// What a clinic is shown of a patient's records during the visit (U1.4): only the kinds the patient consented to — a kind
/// not consented to is null, not empty — and until when it may be shown.
/// </summary>
public sealed record VisitRecordsView(
    Guid CheckId, DateOnly VisitDay, DateTimeOffset ShownUntil, Consent Consent, IReadOnlyList<MedicationRecord>? Medication,
    IReadOnlyList<HealthCheckRecord>? HealthChecks, IReadOnlyList<TreatmentRecord>? Treatments);
