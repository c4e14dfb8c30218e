using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;
using Myna.Storage.Audit;
using Myna.Window.Procedures;
using Myna.Window.Procedures.Records;
using Myna.Window.Procedures.Residents;

namespace Myna.Window;

// What the certificates of the window and the kiosk show (U2.3): the household and previous address on the resident
// record, seal registrations (印鑑登録), tax assessments (所得・課税), family registers (戸籍) with their attachment (附票).
public sealed partial class MunicipalWindow
{
    /// <summary>The audit action of a resident's seal registrations or tax assessments shown to staff.</summary>
    public const string RecordsViewedAction = "resident.records-viewed";

    /// <summary>The audit action of a family register shown to staff.</summary>
    public const string FamilyRegisterViewedAction = "family-register.viewed";

    // The household and the previous address.

    /// <inheritdoc cref="SetHousehold"/>
    public Task<WindowOutcome<Resident>> SetHouseholdAsync(
        Guid residentId, string? head, string? relationship, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, SetHousehold.Action, work => SetHousehold.RunAsync(work, residentId, head, relationship), cancellationToken);

    /// <inheritdoc cref="SetPreviousAddress"/>
    public Task<WindowOutcome<Resident>> SetPreviousAddressAsync(
        Guid residentId, PreviousAddressForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, SetPreviousAddress.Action, work => SetPreviousAddress.RunAsync(work, residentId, form), cancellationToken);

    // Seal registrations (印鑑登録).

    /// <inheritdoc cref="RegisterSeal"/>
    public Task<WindowOutcome<SealRegistration>> RegisterSealAsync(
        Guid residentId, SealRegistrationForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, RegisterSeal.Action, work => RegisterSeal.RunAsync(work, residentId, form), cancellationToken);

    /// <inheritdoc cref="AbolishSeal"/>
    public Task<WindowOutcome<SealRegistration>> AbolishSealAsync(
        Guid registrationId, SealAbolitionReason reason, DateOnly? abolishedOn, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, AbolishSeal.Action, work => AbolishSeal.RunAsync(work, registrationId, reason, abolishedOn), cancellationToken);

    /// <inheritdoc cref="IssueSealCertificate"/>
    public Task<WindowOutcome<SealCertificate>> IssueSealCertificateAsync(
        Guid residentId, PresentedDocument presented, string? cardNumber, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, IssueSealCertificate.Action, work => IssueSealCertificate.RunAsync(work, residentId, presented, cardNumber), cancellationToken);

    /// <summary>A resident's seal registrations, newest first (the live one and those abolished); null when no such resident.</summary>
    public async Task<IReadOnlyList<SealRegistration>?> SealRegistrationsOfAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        if (!await db.Set<Resident>().AnyAsync(r => r.Id == residentId, cancellationToken))
            return null;
        var found = await db.Set<SealRegistration>().AsNoTracking().Where(s => s.ResidentId == residentId).ToListAsync(cancellationToken);
        return [.. found.OrderByDescending(s => s.RegisteredOn).ThenBy(s => s.IsLive ? 0 : 1)];
    }

    /// <summary>One seal registration, or null.</summary>
    public async Task<SealRegistration?> SealRegistrationAsync(Guid registrationId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<SealRegistration>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == registrationId, cancellationToken);
    }

    /// <summary>The resident's seal registration in force, or null (what a seal certificate certifies).</summary>
    public async Task<SealRegistration?> LiveSealRegistrationAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<SealRegistration>().AsNoTracking()
            .SingleOrDefaultAsync(s => s.ResidentId == residentId && s.State == SealRegistrationState.Registered, cancellationToken);
    }

    // Tax assessments (所得・課税).

    /// <inheritdoc cref="RecordTaxAssessment"/>
    public Task<WindowOutcome<TaxAssessment>> RecordTaxAssessmentAsync(
        Guid residentId, int fiscalYear, TaxAssessmentForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, RecordTaxAssessment.RecordedAction, work => RecordTaxAssessment.RunAsync(work, residentId, fiscalYear, form), cancellationToken);

    /// <summary>A resident's tax assessments, newest fiscal year first; null when no such resident.</summary>
    public async Task<IReadOnlyList<TaxAssessment>?> TaxAssessmentsOfAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        if (!await db.Set<Resident>().AnyAsync(r => r.Id == residentId, cancellationToken))
            return null;
        return await db.Set<TaxAssessment>().AsNoTracking().Where(t => t.ResidentId == residentId)
            .OrderByDescending(t => t.FiscalYear).ToListAsync(cancellationToken);
    }

    /// <summary>A resident's tax assessment of <paramref name="fiscalYear"/>, or null.</summary>
    public async Task<TaxAssessment?> TaxAssessmentAsync(Guid residentId, int fiscalYear, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<TaxAssessment>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.ResidentId == residentId && t.FiscalYear == fiscalYear, cancellationToken);
    }

    // Family registers (戸籍) and their attachment (附票).

    /// <summary>Makes a family register (戸籍の編製) of a domicile in a municipality of the registry.</summary>
    public Task<WindowOutcome<FamilyRegister>> MakeFamilyRegisterAsync(FamilyRegisterForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, FamilyRegisters.MadeAction, work => FamilyRegisters.MakeAsync(work, form), cancellationToken);

    /// <summary>Enters a member in a family register, with the events of the entry; optionally linked to a resident record.</summary>
    public Task<WindowOutcome<FamilyRegister>> EnterFamilyMemberAsync(
        Guid registerId, FamilyMemberForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, FamilyRegisters.MemberEnteredAction, work => FamilyRegisters.EnterMemberAsync(work, registerId, form), cancellationToken);

    /// <summary>Adds an event (身分事項: 婚姻, 養子縁組 …) to a member's entry.</summary>
    public Task<WindowOutcome<FamilyRegister>> AddFamilyEventAsync(
        Guid registerId, Guid memberId, FamilyEventForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, FamilyRegisters.EventAddedAction, work => FamilyRegisters.AddEventAsync(work, registerId, memberId, form), cancellationToken);

    /// <summary>Adds an address to a member's attachment (戸籍の附票); a current one that began earlier ends the day before.</summary>
    public Task<WindowOutcome<FamilyRegister>> AddAttachmentAddressAsync(
        Guid registerId, Guid memberId, AttachmentAddressForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, FamilyRegisters.AddressAddedAction, work => FamilyRegisters.AddAddressAsync(work, registerId, memberId, form), cancellationToken);

    /// <summary>Removes a member from the register (除籍); they stay in it, marked removed.</summary>
    public Task<WindowOutcome<FamilyRegister>> RemoveFamilyMemberAsync(
        Guid registerId, Guid memberId, MemberRemovalForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, FamilyRegisters.MemberRemovedAction, work => FamilyRegisters.RemoveMemberAsync(work, registerId, memberId, form), cancellationToken);

    /// <summary>One family register with all its members, or null.</summary>
    public async Task<FamilyRegister?> FamilyRegisterAsync(Guid registerId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<FamilyRegister>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == registerId, cancellationToken);
    }

    /// <summary>
    /// The family registers in which a resident has an entry (still in it first), each with that entry: whether they are
    /// still in it and whether they are alone in it (U2.6 ④). Null when no such resident.
    /// </summary>
    public async Task<IReadOnlyList<FamilyRegisterEntry>?> FamilyRegistersOfAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        if (!await db.Set<Resident>().AnyAsync(r => r.Id == residentId, cancellationToken))
            return null;
        var registers = await db.Set<FamilyRegister>().AsNoTracking()
            .Where(r => r.Members.Any(m => m.ResidentId == residentId)).ToListAsync(cancellationToken);
        return [.. registers
            .Select(r => new FamilyRegisterEntry(r, r.MemberFor(residentId) ?? r.Members.Last(m => m.ResidentId == residentId)))
            .OrderBy(e => e.IsInRegister ? 0 : 1).ThenByDescending(e => e.Register.MadeOn)];
    }

    /// <summary>Records in the audit trail that <paramref name="actor"/> was shown a resident's records of <paramref name="what"/>.</summary>
    public Task AuditRecordsViewedAsync(Guid residentId, LocalizedText what, AuditActor actor, CancellationToken cancellationToken = default) =>
        AuditViewAsync(actor, RecordsViewedAction, Checks.ResidentSubject(residentId), new LocalizedText(
            $"APIで{what.Japanese}を表示しました。", $"{what.English} shown (API)."), cancellationToken);

    /// <summary>Records in the audit trail that <paramref name="actor"/> was shown a family register.</summary>
    public Task AuditFamilyRegisterViewedAsync(Guid registerId, AuditActor actor, CancellationToken cancellationToken = default) =>
        AuditViewAsync(actor, FamilyRegisterViewedAction, FamilyRegisters.Subject(registerId),
            new LocalizedText("APIで戸籍を表示しました。", "The family register was shown (API)."), cancellationToken);

    private async Task AuditViewAsync(AuditActor actor, string action, AuditSubject subject, LocalizedText details, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, action, subject, details));
        await db.SaveChangesAsync(cancellationToken);
    }
}
