using Myna.Registry.Rules;

namespace Myna.Insurance.Tests;

/// <summary>The eligibility answer for a visit (U1.1–U1.3, U1.6).</summary>
public class InsuranceEligibilityTests
{
    private static readonly Guid Holder = Guid.NewGuid();
    private static readonly DateOnly Birth = new(1985, 2, 28);
    private static readonly DateOnly Visit = new(2026, 12, 7);

    /// <summary>The facts on <see cref="Visit"/> of a patient born on <paramref name="birth"/>, enrolled with <paramref name="insurer"/> since 2019.</summary>
    private static EligibleEnrolment FactsOnVisit(Insurer insurer, IncomeClass income, DateOnly birth) =>
        InsuranceEligibility.Decide(true, [(insurer, Samples.Insured(insurer, Holder, new DateOnly(2019, 4, 1), income))], birth, Visit).Eligible!;

    [Fact]
    public void NotRegisteredForInsuranceUse_IsRefused_U1_1()
    {
        var kyokai = Samples.Kyokai();
        var answer = InsuranceEligibility.Decide(false, [(kyokai, Samples.Insured(kyokai, Holder, new DateOnly(2020, 4, 1)))], Birth, Visit);
        Assert.False(answer.IsEligible);
        Assert.Equal(EligibilityAnswer.NotRegistered, answer.RefusalCode);
        Assert.Equal(RuleIds.U1_1, answer.Rule);
        Assert.EndsWith("（U1.1）", answer.Reason.Japanese, StringComparison.Ordinal);
        Assert.Contains("マイナポータル", answer.Reason.Japanese, StringComparison.Ordinal);
        Assert.EndsWith("(U1.1)", answer.Reason.English, StringComparison.Ordinal);
        Assert.Null(answer.Eligible);
    }

    [Fact]
    public void NoEnrolmentOnTheVisitDay_IsRefused_AlsoOnTheDayOfLoss_U1_2()
    {
        Assert.Equal(EligibilityAnswer.NoEnrolment, InsuranceEligibility.Decide(true, [], Birth, Visit).RefusalCode);
        var kyokai = Samples.Kyokai();
        var ended = Samples.Insured(kyokai, Holder, new DateOnly(2020, 4, 1));
        ended.End(Visit);
        var answer = InsuranceEligibility.Decide(true, [(kyokai, ended)], Birth, Visit);
        Assert.Equal(EligibilityAnswer.NoEnrolment, answer.RefusalCode);
        Assert.Equal(RuleIds.U1_2, answer.Rule);
        Assert.Contains("保険者にお問い合わせ", answer.Reason.Japanese, StringComparison.Ordinal);
        Assert.Contains("2026-12-07", answer.Reason.English, StringComparison.Ordinal);
        Assert.True(InsuranceEligibility.Decide(true, [(kyokai, ended)], Birth, Visit.AddDays(-1)).IsEligible);
        // Nor before it began.
        var future = Samples.Insured(kyokai, Guid.NewGuid(), Visit.AddDays(1));
        Assert.False(InsuranceEligibility.Decide(true, [(kyokai, future)], Birth, Visit).IsEligible);
    }

    [Fact]
    public void Eligible_GivesTheEnrolmentsFactsOnTheDay_U1_2()
    {
        var kyokai = Samples.Kyokai();
        var enrolment = Samples.Insured(kyokai, Holder, new DateOnly(2020, 4, 1), IncomeClass.WorkingAge1);
        var answer = InsuranceEligibility.Decide(true, [(kyokai, enrolment)], Birth, Visit);
        Assert.True(answer.IsEligible);
        Assert.Null(answer.RefusalCode);
        var facts = answer.Eligible!;
        Assert.Equal("01070010", facts.InsurerNumber.Value);
        Assert.Equal(("1234", "567", "00"), (facts.Symbol, facts.Number, facts.Branch));
        Assert.Equal(EnrolmentRole.Insured, facts.Role);
        Assert.Equal(30, facts.Copayment.Percent);
        Assert.Equal(HighCostCategory.UnderSeventyU, facts.Category);
        Assert.Null(facts.ElderlyClass);
        Assert.Contains("3割", answer.Reason.Japanese, StringComparison.Ordinal);
        Assert.EndsWith("（U1.2）", answer.Reason.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void AtSeventyOne_TheElderlyClassComesWithTheAnswer_AndTheSubsidyCertificateIsStillShown_U1_3()
    {
        var facts = FactsOnVisit(Samples.Nhi(), IncomeClass.General, new DateOnly(1955, 3, 3));
        Assert.Equal(ElderlyRecipientClass.TwentyPercent, facts.ElderlyClass);
        Assert.Equal(20, facts.Copayment.Percent);
        Assert.Equal(HighCostCategory.General, facts.Category);
        Assert.Contains("医療費助成の受給者証", EligibilityAnswer.SubsidyCertificateNote.Japanese, StringComparison.Ordinal);
        Assert.Contains("medical subsidy certificate", EligibilityAnswer.SubsidyCertificateNote.English, StringComparison.Ordinal);
        Assert.EndsWith("（U1.3）", EligibilityAnswer.SubsidyCertificateNote.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void WithConsent_TheCounterChargesTheCeiling_U1_6()
    {
        var facts = FactsOnVisit(Samples.LateStage(), IncomeClass.General, new DateOnly(1950, 3, 3));
        Assert.Equal(10, facts.Copayment.Percent);
        Assert.Equal(18_000, facts.MonthlyLimit(300_000, outpatientOnly: true));
        Assert.Equal(18_000, facts.AtCounter(300_000, outpatientOnly: true, consented: true));
        Assert.Equal(30_000, facts.AtCounter(300_000, outpatientOnly: true, consented: false));
    }

    [Fact]
    public void ASchemeChangeOnTheDay_TheEnrolmentThatStartedLast_U1_2()
    {
        var nhi = Samples.Nhi();
        var kyokai = Samples.Kyokai();
        var old = Samples.Insured(nhi, Holder, new DateOnly(2015, 4, 1), IncomeClass.General);
        var started = Samples.Insured(kyokai, Holder, Visit, IncomeClass.WorkingAge1);
        var answer = InsuranceEligibility.Decide(true, [(kyokai, started), (nhi, old)], Birth, Visit);
        Assert.Same(started, answer.Eligible!.Enrolment);
        answer = InsuranceEligibility.Decide(true, [(nhi, old), (kyokai, started)], Birth, Visit);
        Assert.Same(kyokai, answer.Eligible!.Insurer);
        Assert.Same(old, InsuranceEligibility.Decide(true, [(nhi, old), (kyokai, started)], Birth, Visit.AddDays(-1)).Eligible!.Enrolment);
    }
}
