using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.Insurance;

/// <summary>
/// The facts of the enrolment that covers the patient on the visit day, as the card's eligibility check gives them to
/// the clinic (U1.2, U1.3): the insurer, the card's symbol, number and branch, 本人 or 家族, the copayment rate, the
/// high-cost category (U1.6), and from 70 to 74 the elderly recipient's class.
/// </summary>
/// <param name="Insurer">The insurer.</param>
/// <param name="Enrolment">The enrolment.</param>
/// <param name="VisitDay">The day the facts hold.</param>
/// <param name="Copayment">The patient's share (<see cref="CopaymentRates"/>).</param>
/// <param name="Category">The high-cost ceiling's category (<see cref="HighCostCeiling"/>).</param>
/// <param name="ElderlyClass">高齢受給者の負担割合 from 70 to 74; null otherwise.</param>
public sealed record EligibleEnrolment(
    Insurer Insurer, Enrolment Enrolment, DateOnly VisitDay, CopaymentRate Copayment, HighCostCategory Category, ElderlyRecipientClass? ElderlyClass)
{
    public InsurerNumber InsurerNumber => Insurer.Number;

    public string Symbol => Enrolment.Symbol;

    public string Number => Enrolment.Number;

    public string Branch => Enrolment.Branch;

    public EnrolmentRole Role => Enrolment.Role;

    /// <summary>The month's ceiling at one institution for a total medical cost (U1.6).</summary>
    public int MonthlyLimit(int totalMedicalCostYen, bool outpatientOnly) =>
        HighCostCeiling.MonthlyLimit(Category, totalMedicalCostYen, outpatientOnly);

    /// <summary>What the counter charges for the month: with the patient's consent, no more than the ceiling (U1.6).</summary>
    public int AtCounter(int totalMedicalCostYen, bool outpatientOnly, bool consented) =>
        HighCostCeiling.AtCounter(Copayment, Category, totalMedicalCostYen, outpatientOnly, consented);
}

/// <summary>
/// The answer of the insurance eligibility check for one visit: the enrolment and its facts, or a refusal naming its rule,
/// in both languages (like the kiosk's decision).
/// </summary>
/// <param name="Decision">Yes or no, the rule id and the sentence.</param>
/// <param name="Eligible">The enrolment and its facts when eligible; null when refused.</param>
public sealed record EligibilityAnswer(RuleDecision Decision, EligibleEnrolment? Eligible)
{
    /// <summary>The refusal code when there is no registration for insurance use (U1.1).</summary>
    public const string NotRegistered = "not-registered";

    /// <summary>The refusal code when no enrolment covers the visit day (U1.2).</summary>
    public const string NoEnrolment = "no-enrolment";

    /// <summary>
    /// What the card does not replace (U1.3): a municipality's medical subsidy certificate (医療費助成の受給者証, for
    /// children, single parents, the disabled …) is still shown on paper. Part of every answer that is yes.
    /// </summary>
    public static readonly LocalizedText SubsidyCertificateNote = RuleDecision.Allow(RuleIds.U1_3, new(
        "高齢受給者証と限度額適用認定証の提示は不要です。市区町村の医療費助成の受給者証をお持ちの方は、引き続き受付で提示してください。",
        "the elderly recipient certificate and the ceiling certificate need not be shown; a municipality's medical subsidy certificate must still be shown at reception")).Reason;

    public bool IsEligible => Decision.IsAllowed;

    /// <summary><see cref="NotRegistered"/>, <see cref="NoEnrolment"/>, or null when eligible.</summary>
    public string? RefusalCode { get; init; }

    public string Rule => Decision.Rule;

    public LocalizedText Reason => Decision.Reason;

    public override string ToString() => Decision.ToString();
}

/// <summary>
/// Decides whether the card serves as the patient's insurance card at a visit (U1.1, U1.2): registered for insurance use
/// first, then an enrolment that covers the visit day. With several on that day (a change of scheme on the day), the one
/// that started last.
/// </summary>
public static class InsuranceEligibility
{
    /// <summary>The answer for a patient born on <paramref name="birthDate"/> at a visit on <paramref name="visitDay"/>.</summary>
    /// <param name="registeredForInsuranceUse">Whether the holder registered the card for insurance use (U1.1, in the portal).</param>
    /// <param name="enrolments">The holder's enrolments with their insurers, any period.</param>
    /// <param name="birthDate">The patient's date of birth.</param>
    /// <param name="visitDay">The day of the visit.</param>
    public static EligibilityAnswer Decide(
        bool registeredForInsuranceUse, IReadOnlyList<(Insurer Insurer, Enrolment Enrolment)> enrolments, DateOnly birthDate, DateOnly visitDay)
    {
        ArgumentNullException.ThrowIfNull(enrolments);
        if (!registeredForInsuranceUse)
        {
            return new EligibilityAnswer(RuleDecision.Refuse(RuleIds.U1_1, new(
                "このマイナンバーカードは健康保険証としての利用登録がされていません。マイナポータルで利用登録をしてください。",
                "this card is not registered for use as a health insurance card; register it for that use in the portal")), null)
            { RefusalCode = EligibilityAnswer.NotRegistered };
        }

        var covering = enrolments.Where(e => e.Enrolment.Covers(visitDay))
            .OrderByDescending(e => e.Enrolment.From).ThenByDescending(e => e.Enrolment.Id).FirstOrDefault();
        if (covering.Enrolment is null)
        {
            return new EligibilityAnswer(RuleDecision.Refuse(RuleIds.U1_2, new(
                $"{TextFormat.JapaneseDate(visitDay)}に有効な健康保険の資格が確認できません。加入している保険者にお問い合わせください。",
                $"no health insurance enrolment covers {TextFormat.EnglishDate(visitDay)}; ask the insurer")), null)
            { RefusalCode = EligibilityAnswer.NoEnrolment };
        }

        var (insurer, enrolment) = covering;
        var scheme = insurer.Scheme;
        var rate = CopaymentRates.For(birthDate, visitDay, scheme, enrolment.IncomeClass);
        var eligible = new EligibleEnrolment(insurer, enrolment, visitDay, rate,
            HighCostCeiling.CategoryFor(birthDate, visitDay, scheme, enrolment.IncomeClass),
            ElderlyRecipient.ClassOn(birthDate, visitDay, scheme, enrolment.IncomeClass));
        var role = EnrolmentRoles.NameOf(enrolment.Role);
        var decision = RuleDecision.Allow(RuleIds.U1_2, new(
            $"{insurer.Name}（保険者番号{insurer.Number}）の資格（{role.Japanese}）が確認できました。自己負担は{rate.Percent / 10}割です。",
            $"enrolled with {insurer.Name} (insurer number {insurer.Number}) as {role.English}; the patient pays {rate.Percent} %"));
        return new EligibilityAnswer(decision, eligible);
    }
}
