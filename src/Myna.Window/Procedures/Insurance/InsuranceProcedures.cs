using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using Myna.Window.Procedures.Records;

namespace Myna.Window.Procedures.Insurance;

/// <summary>An insurer as staff enter it: the number, the Japanese name, the scheme and, for NHI, the municipality (5 or 6 digits).</summary>
public sealed record InsurerForm(string? Number, string? Name, InsuranceScheme Scheme, string? Municipality = null);

/// <summary>
/// An enrolment as the insurer records it (U1.1): whom (the resident's registry id, never the My Number), the card's
/// symbol, number and branch, 本人 or 家族 (with the insured person), the day of joining and the income class.
/// </summary>
public sealed record EnrolmentForm(
    Guid HolderReference, string? Symbol, string? Number, string? Branch, EnrolmentRole Role, Guid? InsuredReference, DateOnly From,
    IncomeClass IncomeClass);

/// <summary>The insurance procedures' sentences, in both languages.</summary>
public static class InsuranceRefusals
{
    public static Refusal NoSuchInsurer => Refusal.NotFound(new("該当する保険者が見つかりません。", "No such insurer."));

    public static Refusal NoSuchEnrolment => Refusal.NotFound(new("該当する資格が見つかりません。", "No such enrolment."));

    public static Refusal BadInsurerNumber => Refusal.Invalid(new(
        "保険者番号が正しくありません。8桁（国民健康保険は6桁）の数字で、検証番号まで正しく入力してください。",
        "The insurer number is not valid: 8 digits (6 for national health insurance) with a correct check digit."), InputField.InsurerNumber);

    public static Refusal NumberNotOfScheme => Refusal.Invalid(new(
        "保険者番号が制度に合いません。法別番号（最初の2桁）を確かめてください。国民健康保険の保険者番号は6桁です。",
        "The insurer number does not fit the scheme: check its law code (the first two digits); national health insurance numbers have 6 digits."),
        InputField.InsurerNumber);

    public static Refusal MunicipalityForNhiOnly => Refusal.Invalid(new(
        "市区町村コードは国民健康保険の保険者にだけ、必ず入力してください。",
        "A local government code is given for a national health insurer, which needs one, and for no other."), InputField.Municipality);

    public static Refusal InsurerNumberTaken => Refusal.ByRule(RuleIds.State, new(
        "この保険者番号の保険者は、すでに登録されています。", "An insurer with this number is registered already."));

    public static Refusal BadEnrolmentCard => Refusal.Invalid(new(
        "記号は20文字以内（なくても可）、番号は20文字以内の英数字、枝番は2桁の数字で入力してください。",
        "The symbol has at most 20 characters (or none), the number 1 to 20 letters or digits, the branch 2 digits."), InputField.EnrolmentCard);

    public static Refusal NoSuchInsured => Refusal.Invalid(new(
        "被保険者（本人）として指定された住民が見つかりません。", "The insured person named is no resident of the registry."), InputField.InsuredReference);

    public static Refusal JoinedBeforeBirth => Refusal.Invalid(new(
        "資格取得日は、生年月日以降の日付を入力してください。", "The day of joining is on or after the date of birth."), InputField.EnrolmentFrom);

    public static Refusal InsuredNotEnrolled(DateOnly from) => Refusal.ByRule(RuleIds.State, new(
        $"被保険者（本人）は、{TextFormat.JapaneseDate(from)}にこの保険者の資格がありません。家族の資格は本人の資格に付きます。",
        $"the insured person is not enrolled with this insurer on {TextFormat.EnglishDate(from)}; a dependant's enrolment goes with theirs"));
}

/// <summary>Adds an insurer (保険者) by its number; one insurer per number.</summary>
internal static class AddInsurer
{
    public const string Action = "insurance.insurer-added";

    public static AuditSubject Subject(Guid id) => new("insurer", id.ToString("N"));

    public static async Task<WindowOutcome<Insurer>> RunAsync(WindowWork work, InsurerForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!Enum.IsDefined(form.Scheme))
            return Refusal.Invalid(new("制度の区分が正しくありません。", "Unknown scheme."), InputField.Scheme);
        if (!InsurerNumber.Parse(form.Number).TryGetValue(out var number))
            return InsuranceRefusals.BadInsurerNumber;
        if (!number.Fits(form.Scheme))
            return InsuranceRefusals.NumberNotOfScheme;
        if (RecordChecks.RequiredText(InputField.InsurerName, form.Name) is { } badName)
            return badName;
        LocalGovernmentCode? municipality = null;
        if (!string.IsNullOrWhiteSpace(form.Municipality))
        {
            if (!LocalGovernmentCode.Parse(form.Municipality).TryGetValue(out var code))
                return Refusals.BadMunicipalityCode;
            municipality = code;
        }
        if ((form.Scheme == InsuranceScheme.NationalHealthInsurance) != municipality.HasValue)
            return InsuranceRefusals.MunicipalityForNhiOnly;
        if (await work.Db.Set<Insurer>().AnyAsync(i => i.Number == number, work.Cancellation))
            return InsuranceRefusals.InsurerNumberTaken;

        var insurer = new Insurer(Guid.NewGuid(), number, form.Name!, form.Scheme, municipality);
        work.Db.Add(insurer);
        var scheme = InsuranceSchemes.NameOf(insurer.Scheme);
        work.Audit(Action, Subject(insurer.Id), new LocalizedText(
            $"保険者（{scheme.Japanese}、保険者番号{number}）を登録しました。", $"insurer added ({scheme.English}, insurer number {number})"));
        return WindowOutcome<Insurer>.Success(insurer);
    }
}

/// <summary>
/// Enrols a person with an insurer (資格取得, U1.1): the insurer's own procedure; once recorded, a card registered for
/// insurance use serves for it. The enrolment must not overlap the person's other enrolments with this insurer; a
/// dependant's insured person must be enrolled with it on the day of joining.
/// </summary>
internal static class Enrol
{
    public const string Action = "insurance.enrolled";

    public static async Task<WindowOutcome<Enrolment>> RunAsync(WindowWork work, Guid insurerId, EnrolmentForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!Enum.IsDefined(form.Role))
            return Refusal.Invalid(new("本人・家族の区分が正しくありません。", "Unknown role: Insured or Dependant."));
        if (!Enum.IsDefined(form.IncomeClass))
            return Refusal.Invalid(new("所得区分が正しくありません。", "Unknown income class."));
        if (EnrolmentCard.Create(form.Symbol, form.Number, form.Branch) is not { } card)
            return InsuranceRefusals.BadEnrolmentCard;
        if (await work.Db.Set<Insurer>().SingleOrDefaultAsync(i => i.Id == insurerId, work.Cancellation) is not { } insurer)
            return InsuranceRefusals.NoSuchInsurer;
        if (await work.ResidentAsync(form.HolderReference) is not { } holder)
            return Refusals.NoSuchResident;
        if (form.From < holder.BirthDate)
            return InsuranceRefusals.JoinedBeforeBirth;
        if (form.InsuredReference is { } insuredId && insuredId != holder.Id)
        {
            if (!await work.Db.Set<Resident>().AnyAsync(r => r.Id == insuredId, work.Cancellation))
                return InsuranceRefusals.NoSuchInsured;
            if (form.Role == EnrolmentRole.Dependant)
            {
                var insuredEnrolments = await work.Db.Set<Enrolment>()
                    .Where(e => e.InsurerId == insurer.Id && e.HolderReference == insuredId && e.Role == EnrolmentRole.Insured).ToListAsync(work.Cancellation);
                if (!insuredEnrolments.Any(e => e.Covers(form.From)))
                    return InsuranceRefusals.InsuredNotEnrolled(form.From);
            }
        }

        var existing = await work.Db.Set<Enrolment>()
            .Where(e => e.InsurerId == insurer.Id && e.HolderReference == holder.Id).ToListAsync(work.Cancellation);
        var enrolment = Enrolment.Enrol(Guid.NewGuid(), insurer, holder.Id, card, form.Role, form.InsuredReference, form.From, form.IncomeClass, existing);
        work.Db.Add(enrolment);
        var role = EnrolmentRoles.NameOf(enrolment.Role);
        work.Audit(Action, Checks.ResidentSubject(holder.Id), new LocalizedText(
            $"{insurer.Name}（保険者番号{insurer.Number}）の資格（{role.Japanese}）を{TextFormat.JapaneseDate(enrolment.From)}から記録しました。",
            $"enrolled with insurer number {insurer.Number} as {role.English} from {TextFormat.EnglishDate(enrolment.From)}"));
        return WindowOutcome<Enrolment>.Success(enrolment);
    }
}

/// <summary>Records the loss of an enrolment (資格喪失) on its day of loss, the first day no longer covered.</summary>
internal static class EndEnrolment
{
    public const string Action = "insurance.enrolment-ended";

    public static async Task<WindowOutcome<Enrolment>> RunAsync(WindowWork work, Guid enrolmentId, DateOnly lossDay)
    {
        if (await work.Db.Set<Enrolment>().SingleOrDefaultAsync(e => e.Id == enrolmentId, work.Cancellation) is not { } enrolment)
            return InsuranceRefusals.NoSuchEnrolment;
        var insurer = await work.Db.Set<Insurer>().SingleAsync(i => i.Id == enrolment.InsurerId, work.Cancellation);
        enrolment.End(lossDay);
        work.Audit(Action, Checks.ResidentSubject(enrolment.HolderReference), new LocalizedText(
            $"{insurer.Name}（保険者番号{insurer.Number}）の資格の喪失（{TextFormat.JapaneseDate(lossDay)}）を記録しました。",
            $"enrolment with insurer number {insurer.Number} lost on {TextFormat.EnglishDate(lossDay)}"));
        return WindowOutcome<Enrolment>.Success(enrolment);
    }
}
