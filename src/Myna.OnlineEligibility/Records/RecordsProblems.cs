using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.OnlineEligibility.Records;

/// <summary>The records' service's refusals, in the words the terminal, the insurer's staff or the portal shows.</summary>
public static class RecordsProblems
{
    public const string Invalid = "invalid";

    public static RecordsProblem UnknownTerminal { get; } = new(EligibilityRefusals.UnknownTerminal.Code, null, null, EligibilityRefusals.UnknownTerminal.Text);

    public static RecordsProblem UnknownCheck { get; } = new(EligibilityRefusals.UnknownCheck.Code, null, null, EligibilityRefusals.UnknownCheck.Text);

    public static RecordsProblem CheckNotEligible { get; } = new("check-not-eligible", null, RuleIds.U1_2, new(
        "この受付では保険資格が確認できていません。資格が確認できた受付についてのみ、レセプトの提出や情報の閲覧ができます。",
        "This check did not confirm the patient's insurance; claims and records go only with a check that did."));

    public static RecordsProblem ClaimExists { get; } = new("claim-exists", null, RuleIds.State, new(
        "この受付のレセプトは、すでに提出されています。", "A claim for this check has been submitted already."));

    public static RecordsProblem NoEnrolment { get; } = new("no-enrolment", null, RuleIds.U1_2, new(
        "受診日に有効な保険の資格がありません。", "No enrolment covers the day of the visit."));

    public static RecordsProblem NoConsent { get; } = new("no-consent", null, RuleIds.U1_4, new(
        "患者さんは、この受診で薬剤情報・特定健診等情報・診療情報の提供に同意していません。",
        "The patient did not consent to show their medication, health-check or treatment records at this visit."));

    public static RecordsProblem VisitOver { get; } = new("visit-over", null, RuleIds.U1_4, new(
        "同意は受診日に限り有効です。受診日を過ぎたため表示できません。",
        "The consent holds for the day of the visit only; that day is over."));

    public static RecordsProblem UnknownInsurer { get; } = new("insurer-unknown", null, null, new("該当する保険者が見つかりません。", "No such insurer."));

    public static RecordsProblem UnknownHolder { get; } = new("holder-unknown", "holderReference", null, new(
        "該当する住民が見つかりません。", "No such resident."));

    public static RecordsProblem NotEnrolled { get; } = new("not-enrolled", null, RuleIds.State, new(
        "健診の日に、この保険者の資格がありません。", "The person is not enrolled with this insurer on the day of the check."));

    /// <summary>A field not well formed: 400, nothing written.</summary>
    public static RecordsProblem Bad(string field, LocalizedText text) => new(Invalid, field, null, text);

    public static RecordsProblem BadDay(DateOnly visit, DateOnly today) => Bad("day", new(
        $"診療日・調剤日は受診日（{TextFormat.JapaneseDate(visit)}）から本日までの、同じ月の日付を入力してください。",
        $"The day is between the visit ({TextFormat.EnglishDate(visit)}) and today, in the same month."));

    public static RecordsProblem BadTotal { get; } = Bad("totalYen", new(
        "医療費総額は1円以上5,000万円以下で入力してください。", "The total medical cost is 1 to 50,000,000 yen."));

    public static RecordsProblem BadCopayment(int expected, int percent) => Bad("copaymentYen", new(
        $"窓口負担の額が負担割合（{percent / 10}割）と合いません。この受診では{TextFormat.JapaneseYen(expected)}です。",
        $"The copayment does not match the rate ({percent} %): {TextFormat.EnglishYen(expected)} for this visit."));

    public static RecordsProblem BadLine(string field) => Bad(field, new(
        "診療行為・医薬品の内容が正しくありません（名称は100文字以内、規格・単位は20文字以内、日数は1〜365日、明細は50行まで）。",
        "A treatment or drug line is not well formed (names up to 100 characters, strength and unit up to 20, 1 to 365 days, at most 50 lines)."));

    public static RecordsProblem PharmacyDispenses { get; } = Bad("drugs", new(
        "薬局のレセプトには調剤した医薬品を1つ以上記載し、傷病名・診療行為は記載しないでください。",
        "A pharmacy's claim lists at least one drug dispensed and no diagnosis."));

    public static RecordsProblem ClinicTreats { get; } = Bad("treatments", new(
        "医療機関のレセプトには傷病名を1つ以上記載してください。", "A clinic's claim lists at least one diagnosis."));
}
