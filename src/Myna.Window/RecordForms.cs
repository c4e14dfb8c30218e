using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Registry.Seals;

namespace Myna.Window;

/// <summary>A seal registration (印鑑登録) as the window types it in.</summary>
/// <param name="CardNumber">The number of the seal registration card (印鑑登録証) handed over: 6 to 10 digits.</param>
/// <param name="Impression">The seal's impression in words (丸印、直径15mm、「番号」).</param>
/// <param name="RegisteredOn">The day of registration; null: today. Not in the future.</param>
public sealed record SealRegistrationForm(string CardNumber, string Impression, DateOnly? RegisteredOn = null)
{
    public override string ToString() => "SealRegistrationForm";
}

/// <summary>What a seal registration certificate issued at the window shows (U2.3 ③, U2.10).</summary>
/// <param name="Registration">The registration it certifies.</param>
/// <param name="Resident">Its holder, as the record stands.</param>
/// <param name="IssuedOn">The day of issue.</param>
/// <param name="Reason">Why it could be issued (U2.10: the card was presented).</param>
public sealed record SealCertificate(SealRegistration Registration, Resident Resident, DateOnly IssuedOn, LocalizedText Reason);

/// <summary>An income and tax assessment (所得・課税) of one fiscal year as the tax office gives it, in yen.</summary>
/// <remarks>See <see cref="Registry.Taxes.TaxFigures"/> for what each figure is and the sums the window checks.</remarks>
public sealed record TaxAssessmentForm(
    long SalaryRevenue, long SalaryIncome, long OtherIncome, long DeductionsTotal, long TaxableIncome,
    long MunicipalPerCapita, long MunicipalIncomeLevy, long PrefecturalPerCapita, long PrefecturalIncomeLevy, DateOnly ReleasedOn)
{
    public override string ToString() => "TaxAssessmentForm";
}

/// <summary>A new family register (戸籍の編製).</summary>
/// <param name="Municipality">The municipality of the domicile (its local government code).</param>
/// <param name="Domicile">The domicile (本籍), from the prefecture on.</param>
/// <param name="HeadName">The head of the register (筆頭者).</param>
/// <param name="MadeOn">The day the register was made (編製日); not in the future.</param>
public sealed record FamilyRegisterForm(string Municipality, string Domicile, string HeadName, DateOnly MadeOn);

/// <summary>A person entered in a family register, with the events of the entry.</summary>
public sealed record FamilyMemberForm(
    string Name, string? Kana, DateOnly BirthDate, Sex Sex, string? FatherName, string? MotherName, string Relationship,
    Guid? ResidentId = null, IReadOnlyList<FamilyEventForm>? Events = null);

/// <summary>An event of a member's entry (身分事項) as a dated line: 出生, 婚姻 … and its details.</summary>
public sealed record FamilyEventForm(DateOnly On, string Kind, string? Details = null);

/// <summary>An address of the attachment (戸籍の附票): from a day until a day (included), or current when <paramref name="Until"/> is null.</summary>
public sealed record AttachmentAddressForm(string Address, DateOnly From, DateOnly? Until = null);

/// <summary>A removal from the register (除籍): the day and the reason as the register writes it (婚姻, 死亡, 分籍 …).</summary>
public sealed record MemberRemovalForm(DateOnly RemovedOn, string Reason);

/// <summary>The household (世帯) and the previous address (前住所) with the day the current address began (住所を定めた日).</summary>
public sealed record PreviousAddressForm(string? PreviousAddress, DateOnly AddressSince);

/// <summary>A family register found for a resident, and the resident's entry in it.</summary>
/// <param name="Register">The register with all its members.</param>
/// <param name="Member">The resident's entry (removed or not).</param>
public sealed record FamilyRegisterEntry(FamilyRegister Register, FamilyRegisterMember Member)
{
    /// <summary>Whether the resident is still in the register (not removed).</summary>
    public bool IsInRegister => !Member.IsRemoved;

    /// <summary>U2.6 ④: the resident is alone in the register (nobody else remains in it).</summary>
    public bool IsAloneInRegister => Register.IsAloneInRegister(Member);
}
