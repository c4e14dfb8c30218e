using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Insurance.Records;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.MedicalRecords;

namespace Myna.OnlineEligibility.Records;

/// <summary>
/// The sandbox's medical history for 番号 花子, so that a fresh sandbox shows real records: last year a cold treated at
/// あさひ内科クリニック with its dispensing at さくら薬局 and the association's health check, two months ago a visit for blood
/// pressure with its dispensing. Past visits made with the paper insurance card (no check), through the claims' own rules
/// and audit; seeded once, when there is no claim yet.
/// </summary>
public static class SandboxRecords
{
    /// <summary>The sandbox's clinic and pharmacy (<see cref="Terminals.SandboxClinics"/>).</summary>
    public const string ClinicCode = "0711234567";

    public const string PharmacyCode = "0741234568";

    /// <summary>The association's Fukushima branch, 花子's insurer.</summary>
    public const string InsurerNumber = "01070010";

    /// <summary>Seeds the history when there is no claim yet and the clinic, the pharmacy, 花子 and her insurer are there; answers whether it did.</summary>
    public static async Task<bool> SeedAsync(
        MedicalClaims claims, HealthCheckRecords healthChecks, IDbContextFactory<MynaDbContext> contexts, TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(healthChecks);
        ArgumentNullException.ThrowIfNull(contexts);
        MedicalInstitution? clinic, pharmacy;
        Resident? hanako;
        Insurer? insurer;
        await using (var db = contexts.CreateDbContext())
        {
            if (await db.Set<MedicalClaimRow>().AnyAsync(cancellationToken))
                return false;
            clinic = await db.Set<MedicalInstitution>().AsNoTracking().SingleOrDefaultAsync(i => i.Code == ClinicCode, cancellationToken);
            pharmacy = await db.Set<MedicalInstitution>().AsNoTracking().SingleOrDefaultAsync(i => i.Code == PharmacyCode, cancellationToken);
            var number = Myna.Insurance.InsurerNumber.Parse(InsurerNumber).Value;
            insurer = await db.Set<Insurer>().AsNoTracking().SingleOrDefaultAsync(i => i.Number == number, cancellationToken);
            var named = await db.Set<Resident>().AsNoTracking().ToListAsync(cancellationToken);
            hanako = named.Where(r => RecordText.Normalize(r.Name.FamilyName + r.Name.GivenName) == RecordText.Normalize("番号花子")).ToList() is [var one] ? one : null;
        }
        if (clinic is null || pharmacy is null || hanako is null || insurer is null)
            return false;

        var today = JapanClock.Today(clock);
        var lastYear = new DateOnly(today.Year - 1, 11, 12);
        var recent = today.AddMonths(-2);
        async Task SubmitAsync(MedicalInstitution at, DateOnly day, int total, TreatmentLine[] treatments, DispensedDrug[] drugs)
        {
            var outcome = await claims.RecordWithoutCardAsync(at, hanako.Id, new ClaimSubmission(Guid.Empty, day, total, null, treatments, drugs), cancellationToken);
            if (outcome.Problem is { } problem)
                throw new InvalidOperationException($"The sandbox's claim was refused: {problem}");
        }

        await SubmitAsync(clinic, lastYear, 3_120,
            [new("急性上気道炎", "初診料"), new("急性上気道炎", "処方箋料")], []);
        await SubmitAsync(pharmacy, lastYear, 1_980, [],
            [new("カルボシステイン錠", "500mg", 3, "錠", 5), new("アセトアミノフェン錠", "200mg", 1, "錠", 5)]);
        await SubmitAsync(clinic, recent, 4_460,
            [new("本態性高血圧症", "再診料"), new("本態性高血圧症", "血液学的検査"), new("脂質異常症", "生化学的検査")], []);
        await SubmitAsync(pharmacy, recent, 2_350, [],
            [new("アムロジピン錠", "5mg", 1, "錠", 30)]);

        var checkDay = new DateOnly(today.Year - 1, 6, 10);
        var recorded = await healthChecks.RecordAsync(insurer.Id, hanako.Id,
            new HealthCheckResult(checkDay, 158.2, 56.4, 74.0, 132, 84, 5.6, 142), AuditActor.System, cancellationToken);
        if (recorded.Problem is { } refused)
            throw new InvalidOperationException($"The sandbox's health check was refused: {refused}");
        return true;
    }
}
