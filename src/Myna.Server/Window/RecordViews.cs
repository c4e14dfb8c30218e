using Myna.Primitives;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>A seal registration (印鑑登録): its numbers, the impression in words, and whether it is in force.</summary>
public sealed record SealRegistrationView(
    Guid Id, Guid ResidentId, string Municipality, string RegistrationNumber, string CardNumber, DateOnly RegisteredOn, string Impression,
    SealRegistrationState State, DateOnly? AbolishedOn, SealAbolitionReason? AbolitionReason)
{
    public static SealRegistrationView Of(SealRegistration s) => new(
        s.Id, s.ResidentId, s.Municipality.Value, s.RegistrationNumber, s.CardNumber, s.RegisteredOn, s.Impression, s.State, s.AbolishedOn,
        s.AbolitionReason);
}

/// <summary>A seal registration certificate issued at the window (U2.10): what it certifies, of whom, and why it could be issued.</summary>
public sealed record SealCertificateView(
    SealRegistrationView Registration, string Name, string Kana, DateOnly BirthDate, Sex Sex, string Address, DateOnly IssuedOn, string Reason)
{
    public static SealCertificateView Of(SealCertificate c) => new(
        SealRegistrationView.Of(c.Registration), c.Resident.Name.OnCard, c.Resident.Name.Kana, c.Resident.BirthDate, c.Resident.Sex,
        c.Resident.Address, c.IssuedOn, c.Reason.Current);
}

/// <summary>An income and tax assessment of one fiscal year (所得・課税), in yen, and whether its certificate is released today (U2.6⑤).</summary>
public sealed record TaxAssessmentView(
    Guid Id, Guid ResidentId, int FiscalYear, int IncomeYear, long SalaryRevenue, long SalaryIncome, long OtherIncome, long TotalIncome,
    long DeductionsTotal, long TaxableIncome, long MunicipalPerCapita, long MunicipalIncomeLevy, long PrefecturalPerCapita,
    long PrefecturalIncomeLevy, long TotalLevy, DateOnly ReleasedOn, bool IsReleased, DateOnly RecordedOn, int Revision)
{
    public static TaxAssessmentView Of(TaxAssessment t, DateOnly today)
    {
        var f = t.Figures;
        return new(t.Id, t.ResidentId, t.FiscalYear, t.IncomeYear, f.SalaryRevenue, f.SalaryIncome, f.OtherIncome, f.TotalIncome,
            f.DeductionsTotal, f.TaxableIncome, f.MunicipalPerCapita, f.MunicipalIncomeLevy, f.PrefecturalPerCapita, f.PrefecturalIncomeLevy,
            f.TotalLevy, t.ReleasedOn, t.IsReleasedOn(today), t.RecordedOn, t.Revision);
    }
}

/// <summary>A member of a family register: entry, events, removal (除籍) and attachment (附票).</summary>
public sealed record FamilyMemberView(
    Guid Id, string Name, string? Kana, DateOnly BirthDate, Sex Sex, string? FatherName, string? MotherName, string Relationship,
    Guid? ResidentId, bool IsRemoved, DateOnly? RemovedOn, string? RemovalReason, IReadOnlyList<FamilyEventView> Events,
    IReadOnlyList<AttachmentAddressView> Attachment)
{
    public static FamilyMemberView Of(FamilyRegisterMember m) => new(
        m.Id, m.Name, m.Kana, m.BirthDate, m.Sex, m.FatherName, m.MotherName, m.Relationship, m.ResidentId, m.IsRemoved, m.RemovedOn,
        m.RemovalReason, [.. m.Events.Select(e => new FamilyEventView(e.On, e.Kind, e.Details))],
        [.. m.Addresses.Select(a => new AttachmentAddressView(a.Address, a.From, a.Until))]);
}

/// <summary>An event of an entry (身分事項) as a dated line.</summary>
public sealed record FamilyEventView(DateOnly On, string Kind, string? Details);

/// <summary>An address of the attachment: from, until (included), or current when <paramref name="Until"/> is null.</summary>
public sealed record AttachmentAddressView(string Address, DateOnly From, DateOnly? Until);

/// <summary>A family register (戸籍): domicile, head, every member in order of entry, and how many remain in it.</summary>
public sealed record FamilyRegisterView(
    Guid Id, string Municipality, string Domicile, string HeadName, DateOnly MadeOn, int MembersInRegister, IReadOnlyList<FamilyMemberView> Members)
{
    public static FamilyRegisterView Of(FamilyRegister r) => new(
        r.Id, r.Municipality.Value, r.Domicile, r.HeadName, r.MadeOn, r.MembersInRegister.Count, [.. r.Members.Select(FamilyMemberView.Of)]);
}

/// <summary>A register in which a resident has an entry: the entry's id, whether they remain in it, and whether alone (U2.6④).</summary>
public sealed record FamilyRegisterEntryView(FamilyRegisterView Register, Guid MemberId, bool IsInRegister, bool IsAloneInRegister)
{
    public static FamilyRegisterEntryView Of(FamilyRegisterEntry e) =>
        new(FamilyRegisterView.Of(e.Register), e.Member.Id, e.IsInRegister, e.IsAloneInRegister);
}
