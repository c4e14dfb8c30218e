using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage.Audit;

namespace Myna.Window.Procedures.Records;

/// <summary>
/// Family registers (戸籍) of the municipality's domiciles: making one (編製), entering a member with the events of the
/// entry, adding an event, an address of the attachment (附票), and a removal (除籍). Each is one unit of work on the
/// register's aggregate, audited under the register (names, numbers and addresses stay out of the audit details).
/// </summary>
internal static class FamilyRegisters
{
    public const string MadeAction = "family-register.made";

    public const string MemberEnteredAction = "family-register.member-entered";

    public const string EventAddedAction = "family-register.event-added";

    public const string AddressAddedAction = "family-register.attachment-added";

    public const string MemberRemovedAction = "family-register.member-removed";

    public static AuditSubject Subject(Guid registerId) => new("family-register", registerId.ToString("N"));

    public static async Task<WindowOutcome<FamilyRegister>> MakeAsync(WindowWork work, FamilyRegisterForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var code = LocalGovernmentCode.Parse(form.Municipality);
        if (!code.Success)
            return Refusals.BadMunicipalityCode;
        if ((RecordChecks.RequiredText(InputField.RegisterDomicile, form.Domicile) ?? RecordChecks.RequiredText(InputField.HeadName, form.HeadName)) is { } badText)
            return badText;
        if (RecordChecks.PastDay(InputField.MadeOn, form.MadeOn, work.Today) is { } badDay)
            return badDay;
        if (!await work.Db.Set<Municipality>().AnyAsync(m => m.Code == code.Value, work.Cancellation))
            return Refusals.NoSuchMunicipality;
        var register = new FamilyRegister(Guid.NewGuid(), code.Value, form.Domicile, form.HeadName, form.MadeOn);
        if (await work.Db.Set<FamilyRegister>().AnyAsync(
                r => r.Municipality == register.Municipality && r.Domicile == register.Domicile && r.HeadName == register.HeadName, work.Cancellation))
            return Refusals.FamilyRegisterExists;
        work.Db.Add(register);
        work.Audit(MadeAction, Subject(register.Id), new LocalizedText("戸籍を編製しました。", "family register made"));
        return WindowOutcome<FamilyRegister>.Success(register);
    }

    public static async Task<WindowOutcome<FamilyRegister>> EnterMemberAsync(WindowWork work, Guid registerId, FamilyMemberForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = work.Today;
        foreach (var (field, text) in new[] { (InputField.MemberName, form.Name), (InputField.Relationship, form.Relationship) })
        {
            if (RecordChecks.RequiredText(field, text) is { } bad)
                return bad;
        }
        foreach (var (field, text) in new[] { (InputField.MemberKana, form.Kana), (InputField.FatherName, form.FatherName), (InputField.MotherName, form.MotherName) })
        {
            if (Checks.OptionalText(field, text) is { } bad)
                return bad;
        }
        if (RecordChecks.PastDay(InputField.BirthDate, form.BirthDate, today) is { } badBirth)
            return badBirth;
        if (!Enum.IsDefined(form.Sex))
            return Refusals.UnknownSex;
        foreach (var entry in form.Events ?? [])
        {
            if (CheckEvent(entry, form.BirthDate, today) is { } badEvent)
                return badEvent;
        }
        if (await RegisterAsync(work, registerId) is not { } register)
            return Refusals.NoSuchFamilyRegister;
        if (form.ResidentId is { } residentId && !await work.Db.Set<Resident>().AnyAsync(r => r.Id == residentId, work.Cancellation))
            return Refusals.NoSuchResident;

        var member = register.AddMember(new FamilyRegisterMember(
            Guid.NewGuid(), form.Name, form.Kana, form.BirthDate, form.Sex, form.FatherName, form.MotherName, form.Relationship, form.ResidentId));
        foreach (var entry in form.Events ?? [])
            member.AddEvent(entry.On, entry.Kind, entry.Details);
        work.Audit(MemberEnteredAction, Subject(register.Id), new LocalizedText(
            $"戸籍に記載しました（続柄：{member.Relationship}）。", $"member entered in the register ({member.Relationship})"));
        return WindowOutcome<FamilyRegister>.Success(register);
    }

    public static async Task<WindowOutcome<FamilyRegister>> AddEventAsync(WindowWork work, Guid registerId, Guid memberId, FamilyEventForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await MemberAsync(work, registerId, memberId) is not var (register, member))
            return await NotFoundAsync(work, registerId);
        if (CheckEvent(form, member.BirthDate, work.Today) is { } bad)
            return bad;
        var added = member.AddEvent(form.On, form.Kind, form.Details);
        work.Audit(EventAddedAction, Subject(register.Id), new LocalizedText(
            $"身分事項を記載しました（{added.Kind}）。", $"event entered ({added.Kind})"));
        return WindowOutcome<FamilyRegister>.Success(register);
    }

    public static async Task<WindowOutcome<FamilyRegister>> AddAddressAsync(WindowWork work, Guid registerId, Guid memberId, AttachmentAddressForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (Checks.Address(form.Address, Refusals.AddressRequired) is { } badAddress)
            return badAddress;
        if (form.Until is { } until && until < form.From)
            return Refusals.AttachmentPeriodReversed;
        if (await MemberAsync(work, registerId, memberId) is not var (register, member))
            return await NotFoundAsync(work, registerId);
        if (RecordChecks.Day(InputField.AttachmentFrom, form.From, member.BirthDate, work.Today) is { } badFrom)
            return badFrom;
        if (form.Until is { } last && RecordChecks.Day(InputField.AttachmentUntil, last, member.BirthDate, work.Today) is { } badUntil)
            return badUntil;
        member.AddAddress(form.Address, form.From, form.Until);
        work.Audit(AddressAddedAction, Subject(register.Id), new LocalizedText(
            "戸籍の附票に住所を記録しました。", "address recorded in the family-register attachment"));
        return WindowOutcome<FamilyRegister>.Success(register);
    }

    public static async Task<WindowOutcome<FamilyRegister>> RemoveMemberAsync(WindowWork work, Guid registerId, Guid memberId, MemberRemovalForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (RecordChecks.RequiredText(InputField.RemovalReason, form.Reason) is { } badReason)
            return badReason;
        if (await MemberAsync(work, registerId, memberId) is not var (register, member))
            return await NotFoundAsync(work, registerId);
        if (RecordChecks.Day(InputField.RemovedOn, form.RemovedOn, member.BirthDate, work.Today) is { } badDay)
            return badDay;
        member.Remove(form.RemovedOn, form.Reason);
        work.Audit(MemberRemovedAction, Subject(register.Id), new LocalizedText(
            $"除籍しました（事由：{member.RemovalReason}）。", $"member removed from the register ({member.RemovalReason})"));
        return WindowOutcome<FamilyRegister>.Success(register);
    }

    private static Refusal? CheckEvent(FamilyEventForm entry, DateOnly birthDate, DateOnly today) =>
        RecordChecks.RequiredText(InputField.EventKind, entry.Kind)
        ?? Checks.OptionalText(InputField.EventDetails, entry.Details)
        ?? RecordChecks.Day(InputField.EventOn, entry.On, birthDate, today);

    private static Task<FamilyRegister?> RegisterAsync(WindowWork work, Guid registerId) =>
        work.Db.Set<FamilyRegister>().SingleOrDefaultAsync(r => r.Id == registerId, work.Cancellation);

    private static async Task<(FamilyRegister Register, FamilyRegisterMember Member)?> MemberAsync(WindowWork work, Guid registerId, Guid memberId) =>
        await RegisterAsync(work, registerId) is { } register && register.Member(memberId) is { } member ? (register, member) : null;

    private static async Task<Refusal> NotFoundAsync(WindowWork work, Guid registerId) =>
        await RegisterAsync(work, registerId) is null ? Refusals.NoSuchFamilyRegister : Refusals.NoSuchFamilyMember;
}
