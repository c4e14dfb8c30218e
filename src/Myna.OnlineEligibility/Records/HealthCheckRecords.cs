using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Insurance.Records;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.MedicalRecords;

namespace Myna.OnlineEligibility.Records;

/// <summary>
/// The specific health checks' results (特定健診情報) that insurers publish for their members (U1.4): one audited unit of
/// work each; the member must be enrolled with the insurer on the day of the check.
/// </summary>
public sealed class HealthCheckRecords(IDbContextFactory<MynaDbContext> contexts, TimeProvider clock)
{
    public const string RecordedAction = "insurance.health-check-recorded";

    /// <summary>Records <paramref name="result"/> of <paramref name="holder"/> for insurer <paramref name="insurerId"/>.</summary>
    public async Task<RecordsOutcome<HealthCheckRecord>> RecordAsync(
        Guid insurerId, Guid holder, HealthCheckResult result, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.BadField() is { } field)
            return RecordsProblems.Bad(field, new(
                "健診結果の値が正しくありません（身長・体重・腹囲・血圧・HbA1c・LDLコレステロールの単位と範囲を確かめてください）。",
                "A measurement is out of range (check the units: cm, kg, mmHg, %, mg/dL)."));
        await using var db = contexts.CreateDbContext();
        if (await db.Set<Insurer>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == insurerId, cancellationToken) is not { } insurer)
            return RecordsProblems.UnknownInsurer;
        if (await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holder, cancellationToken) is not { } resident)
            return RecordsProblems.UnknownHolder;
        if (result.Day > JapanClock.Today(clock) || result.Day < resident.BirthDate)
            return RecordsProblems.Bad("day", new("健診日は、生年月日から本日までの日付を入力してください。", "The day of the check is between the date of birth and today."));
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Where(e => e.InsurerId == insurerId && e.HolderReference == holder).ToListAsync(cancellationToken);
        if (!enrolments.Any(e => e.Covers(result.Day)))
            return RecordsProblems.NotEnrolled;

        db.Add(new HealthCheckRow
        {
            Id = Guid.NewGuid(), InsurerId = insurerId, HolderReference = holder, Day = result.Day, HeightCm = result.HeightCm, WeightKg = result.WeightKg,
            WaistCm = result.WaistCm, SystolicMmHg = result.SystolicMmHg, DiastolicMmHg = result.DiastolicMmHg, HbA1cPercent = result.HbA1cPercent,
            LdlMgPerDl = result.LdlMgPerDl, RecordedAt = clock.GetUtcNow(), RecordedBy = actor.Name,
        });
        db.AuditEntries.Add(AuditTrail.NewEntry(clock, actor, RecordedAction, AuditSubject.Resident(holder), new LocalizedText(
            $"{insurer.Name}の{TextFormat.JapaneseDate(result.Day)}の特定健診の結果を記録しました。",
            $"Specific health check of {TextFormat.EnglishDate(result.Day)} recorded by {insurer.Name}.")));
        await db.SaveChangesAsync(cancellationToken);
        return RecordsOutcome<HealthCheckRecord>.Of(new HealthCheckRecord(insurer.Name, result));
    }
}
