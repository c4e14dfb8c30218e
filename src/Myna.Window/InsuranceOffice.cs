using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Window.Procedures;
using Myna.Window.Procedures.Insurance;

namespace Myna.Window;

/// <summary>
/// The insurers' side of the card's health-insurance use (U1.1): insurers and the enrolments (資格) they record, each change
/// one audited procedure on its own unit of work (<see cref="ProcedureRunner"/>), and what the eligibility check reads.
/// </summary>
public sealed class InsuranceOffice
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly ProcedureRunner _runner;

    /// <summary>An office on the window's services (the same database, clock and log).</summary>
    public InsuranceOffice(WindowServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _contexts = services.Contexts;
        _clock = services.Clock;
        _runner = new ProcedureRunner(services);
    }

    /// <summary>Today in Japan, by the office's clock.</summary>
    public DateOnly Today => JapanClock.Today(_clock);

    /// <inheritdoc cref="AddInsurer"/>
    public Task<WindowOutcome<Insurer>> AddInsurerAsync(InsurerForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(actor, AddInsurer.Action, work => AddInsurer.RunAsync(work, form), cancellationToken);

    /// <inheritdoc cref="Enrol"/>
    public Task<WindowOutcome<Enrolment>> EnrolAsync(Guid insurerId, EnrolmentForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(actor, Enrol.Action, work => Enrol.RunAsync(work, insurerId, form), cancellationToken);

    /// <inheritdoc cref="EndEnrolment"/>
    public Task<WindowOutcome<Enrolment>> EndEnrolmentAsync(Guid enrolmentId, DateOnly lossDay, AuditActor actor, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(actor, EndEnrolment.Action, work => EndEnrolment.RunAsync(work, enrolmentId, lossDay), cancellationToken);

    /// <summary>Every insurer, by number.</summary>
    public async Task<IReadOnlyList<Insurer>> InsurersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var all = await db.Set<Insurer>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.OrderBy(i => i.Number.Value, StringComparer.Ordinal)];
    }

    /// <summary>One insurer, or null.</summary>
    public async Task<Insurer?> InsurerAsync(Guid insurerId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<Insurer>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == insurerId, cancellationToken);
    }

    /// <summary>One enrolment, or null.</summary>
    public async Task<Enrolment?> EnrolmentAsync(Guid enrolmentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<Enrolment>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == enrolmentId, cancellationToken);
    }

    /// <summary>The enrolments of an insurer, newest first.</summary>
    public async Task<IReadOnlyList<Enrolment>> EnrolmentsWithAsync(Guid insurerId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var found = await db.Set<Enrolment>().AsNoTracking().Where(e => e.InsurerId == insurerId).ToListAsync(cancellationToken);
        return [.. found.OrderByDescending(e => e.From)];
    }

    /// <summary>
    /// A resident's enrolments with their insurers, newest first, any period (what <see cref="InsuranceEligibility.Decide"/>
    /// reads); null when no such resident.
    /// </summary>
    public async Task<IReadOnlyList<(Insurer Insurer, Enrolment Enrolment)>?> EnrolmentsOfAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        if (!await db.Set<Resident>().AnyAsync(r => r.Id == residentId, cancellationToken))
            return null;
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Where(e => e.HolderReference == residentId).ToListAsync(cancellationToken);
        var ids = enrolments.Select(e => e.InsurerId).Distinct().ToList();
        var insurers = await db.Set<Insurer>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        return [.. enrolments.OrderByDescending(e => e.From).Select(e => (insurers[e.InsurerId], e))];
    }

    /// <summary>
    /// Records in the audit trail that <paramref name="actor"/> was shown, on the insurers' pages, these residents with
    /// their enrolments (one entry each, attributed to the resident, as every look-up by staff is).
    /// </summary>
    public async Task AuditShownOnInsurerPagesAsync(IReadOnlyCollection<Guid> residentIds, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(residentIds);
        if (residentIds.Count == 0)
            return;
        await using var db = _contexts.CreateDbContext();
        db.AuditEntries.AddRange(residentIds.Distinct().Select(id => AuditTrail.NewEntry(_clock, actor, MunicipalWindow.RecordsViewedAction, Checks.ResidentSubject(id),
            new LocalizedText("保険者の画面で健康保険の資格を表示しました。", "health insurance enrolments shown (insurer's pages)."))));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records in the audit trail that <paramref name="actor"/> was shown a resident's enrolments.</summary>
    public async Task AuditEnrolmentsViewedAsync(Guid residentId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, MunicipalWindow.RecordsViewedAction, Checks.ResidentSubject(residentId),
            new LocalizedText("APIで健康保険の資格を表示しました。", "health insurance enrolments shown (API).")));
        await db.SaveChangesAsync(cancellationToken);
    }
}
