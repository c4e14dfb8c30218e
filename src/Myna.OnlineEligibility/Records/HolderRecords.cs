using Microsoft.EntityFrameworkCore;
using Myna.Insurance.Records;
using Myna.Registry.Residents;
using Myna.Storage;

namespace Myna.OnlineEligibility.Records;

/// <summary>
/// The holder's own health records for the portal's わたしの情報 (U1.4, U1.5): every dispensing, health check and treatment
/// recorded, and the medical expenses by year with the year's sum; a year's expenses as the tax agency's form for the
/// medical-expense deduction. Reading only: the portal writes the showing to the holder's exchange history.
/// </summary>
public sealed class HolderRecords(IDbContextFactory<MynaDbContext> contexts)
{
    /// <summary>The holder's records, newest first; years of expenses newest first.</summary>
    public async Task<HolderHealthRecords> OfAsync(Guid holder, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var medication = await RecordReader.MedicationAsync(db, holder, DateOnly.MinValue, cancellationToken);
        var healthChecks = await RecordReader.HealthChecksAsync(db, holder, DateOnly.MinValue, cancellationToken);
        var treatments = await RecordReader.TreatmentsAsync(db, holder, DateOnly.MinValue, cancellationToken);
        var expenses = await RecordReader.ExpensesAsync(db, holder, cancellationToken);
        var years = expenses.GroupBy(e => e.Day.Year).OrderByDescending(g => g.Key)
            .Select(g => new ExpenseYear(g.Key, g.Sum(e => e.TotalYen), g.Sum(e => e.PaidYen), [.. g.OrderByDescending(e => e.Day)]))
            .ToList();
        return new HolderHealthRecords(medication, healthChecks, treatments, years);
    }

    /// <summary>
    /// The payments of <paramref name="year"/> as the deduction counts them (U1.5): the patient's name, the institution,
    /// the category, the copayment paid and the day. Null when the registry has no such holder.
    /// </summary>
    public async Task<IReadOnlyList<MedicalExpense>?> ExpensesOfYearAsync(Guid holder, int year, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        if (await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holder, cancellationToken) is not { } resident)
            return null;
        var expenses = await RecordReader.ExpensesAsync(db, holder, cancellationToken);
        // The name the tax return knows: the current family and given name, without the former surname the card may show.
        var patient = $"{resident.Name.FamilyName}\u3000{resident.Name.GivenName}";
        // No payment is paid back as far as the service knows (a life insurer's benefit is the holder's to add).
        return MedicalExpenseForm.OfYear(expenses.Select(e => new MedicalExpense(patient, e.Institution, e.Category, e.PaidYen, 0, e.Day)), year);
    }
}
