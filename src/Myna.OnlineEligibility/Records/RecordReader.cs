using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Insurance.Records;
using Myna.Storage;
using Myna.Storage.Eligibility;
using Myna.Storage.MedicalRecords;

namespace Myna.OnlineEligibility.Records;

/// <summary>Reads a holder's records from the claims and the insurers' health checks, newest first; the one reading for the holder and the clinic.</summary>
internal static class RecordReader
{
    /// <summary>The dispensings (a pharmacy's, or a clinic's own) since <paramref name="since"/>.</summary>
    public static async Task<IReadOnlyList<MedicationRecord>> MedicationAsync(MynaDbContext db, Guid holder, DateOnly since, CancellationToken cancellationToken)
    {
        var rows = await (from d in db.Set<ClaimDrugRow>().AsNoTracking()
                          join c in db.Set<MedicalClaimRow>().AsNoTracking() on d.ClaimId equals c.Id
                          join i in db.Set<MedicalInstitution>().AsNoTracking() on c.InstitutionId equals i.Id
                          where c.HolderReference == holder && c.Day >= since
                          select new { Claim = c.Id, c.Day, c.SubmittedAt, Institution = i.Name, Drug = d }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Claim).OrderByDescending(g => g.First().Day).ThenByDescending(g => g.First().SubmittedAt)
            .Select(g => new MedicationRecord(g.First().Day, g.First().Institution,
                [.. g.OrderBy(r => r.Drug.Line).Select(r => new DispensedDrug(r.Drug.Name, r.Drug.Strength, r.Drug.DailyQuantity, r.Drug.Unit, r.Drug.Days))]))];
    }

    /// <summary>The diagnoses and procedures by visit since <paramref name="since"/>.</summary>
    public static async Task<IReadOnlyList<TreatmentRecord>> TreatmentsAsync(MynaDbContext db, Guid holder, DateOnly since, CancellationToken cancellationToken)
    {
        var rows = await (from t in db.Set<ClaimTreatmentRow>().AsNoTracking()
                          join c in db.Set<MedicalClaimRow>().AsNoTracking() on t.ClaimId equals c.Id
                          join i in db.Set<MedicalInstitution>().AsNoTracking() on c.InstitutionId equals i.Id
                          where c.HolderReference == holder && c.Day >= since
                          select new { Claim = c.Id, c.Day, c.SubmittedAt, Institution = i.Name, Line = t }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Claim).OrderByDescending(g => g.First().Day).ThenByDescending(g => g.First().SubmittedAt)
            .Select(g => new TreatmentRecord(g.First().Day, g.First().Institution,
                [.. g.OrderBy(r => r.Line.Line).Select(r => new TreatmentLine(r.Line.Diagnosis, r.Line.Procedure))]))];
    }

    /// <summary>The health checks' results since <paramref name="since"/>.</summary>
    public static async Task<IReadOnlyList<HealthCheckRecord>> HealthChecksAsync(MynaDbContext db, Guid holder, DateOnly since, CancellationToken cancellationToken)
    {
        var rows = await (from h in db.Set<HealthCheckRow>().AsNoTracking()
                          join i in db.Set<Insurer>().AsNoTracking() on h.InsurerId equals i.Id
                          where h.HolderReference == holder && h.Day >= since
                          select new { Check = h, Insurer = i.Name }).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Check.Day).ThenByDescending(r => r.Check.RecordedAt).Select(r => new HealthCheckRecord(r.Insurer, r.Check.Result))];
    }

    /// <summary>Every claim's cost, oldest first.</summary>
    public static async Task<IReadOnlyList<ExpenseRecord>> ExpensesAsync(MynaDbContext db, Guid holder, CancellationToken cancellationToken)
    {
        var rows = await (from c in db.Set<MedicalClaimRow>().AsNoTracking()
                          join i in db.Set<MedicalInstitution>().AsNoTracking() on c.InstitutionId equals i.Id
                          where c.HolderReference == holder
                          select new { Claim = c, Institution = i.Name }).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Claim.Day).ThenBy(r => r.Claim.SubmittedAt)
            .Select(r => new ExpenseRecord(r.Claim.Day, r.Institution, r.Claim.Category, MedicalExpenseCategories.NameOf(r.Claim.Category),
                r.Claim.TotalYen, r.Claim.CopaymentYen))];
    }
}
