using Myna.Registry;
using Myna.Registry.Rules;

namespace Myna.Insurance.Tests;

/// <summary>Enrolments (資格): the days they cover, and the transitions they refuse (U1.1).</summary>
public class EnrolmentTests
{
    private static readonly Guid Holder = Guid.NewGuid();

    [Fact]
    public void Covers_FromTheDayOfJoining_ToTheDayBeforeTheDayOfLoss_U1_1()
    {
        var enrolment = Samples.Insured(Samples.Kyokai(), Holder, new DateOnly(2020, 4, 1));
        Assert.False(enrolment.Covers(new DateOnly(2020, 3, 31)));
        Assert.True(enrolment.Covers(new DateOnly(2020, 4, 1)));
        Assert.True(enrolment.Covers(new DateOnly(2099, 1, 1)));
        enrolment.End(new DateOnly(2026, 5, 16)); // left the job on 15 May
        Assert.True(enrolment.Covers(new DateOnly(2026, 5, 15)));
        Assert.False(enrolment.Covers(new DateOnly(2026, 5, 16)));
    }

    [Fact]
    public void EndingOnOrBeforeTheFirstDay_IsRefused_InBothLanguages_U1_1()
    {
        var enrolment = Samples.Insured(Samples.Kyokai(), Holder, new DateOnly(2020, 4, 1));
        var refused = Assert.Throws<RuleViolationException>(() => enrolment.End(new DateOnly(2020, 4, 1)));
        Assert.Equal(RuleIds.State, refused.RuleId);
        Assert.Contains("資格喪失日", refused.Text.Japanese, StringComparison.Ordinal);
        Assert.Contains("2020-04-01", refused.Text.English, StringComparison.Ordinal);
        Assert.Throws<RuleViolationException>(() => enrolment.End(new DateOnly(2019, 1, 1)));
        Assert.Null(enrolment.Until);
    }

    [Fact]
    public void EndingTwice_IsRefused_U1_1()
    {
        var enrolment = Samples.Insured(Samples.Kyokai(), Holder, new DateOnly(2020, 4, 1));
        enrolment.End(new DateOnly(2025, 1, 1));
        var refused = Assert.Throws<RuleViolationException>(() => enrolment.End(new DateOnly(2025, 2, 1)));
        Assert.Contains("すでに", refused.Text.Japanese, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2025, 1, 1), enrolment.Until);
    }

    [Fact]
    public void OverlappingEnrolmentsWithOneInsurer_AreRefused_ButOneFromTheDayOfLoss_IsNot_U1_1()
    {
        var insurer = Samples.Kyokai();
        var first = Samples.Insured(insurer, Holder, new DateOnly(2020, 4, 1));
        var refused = Assert.Throws<RuleViolationException>(() => Samples.Insured(insurer, Holder, new DateOnly(2024, 1, 1), existing: first));
        Assert.Contains("重なります", refused.Text.Japanese, StringComparison.Ordinal);
        Assert.Contains("overlaps", refused.Text.English, StringComparison.Ordinal);
        first.End(new DateOnly(2024, 1, 1));
        Assert.Throws<RuleViolationException>(() => Samples.Insured(insurer, Holder, new DateOnly(2023, 12, 31), existing: first));
        var again = Samples.Insured(insurer, Holder, new DateOnly(2024, 1, 1), existing: first);
        Assert.True(again.Covers(new DateOnly(2024, 1, 1)));
        // Another person, or another insurer, is no overlap.
        Samples.Insured(insurer, Guid.NewGuid(), new DateOnly(2024, 6, 1), existing: again);
        Samples.Insured(Samples.Nhi(), Holder, new DateOnly(2024, 6, 1), existing: again);
    }

    [Fact]
    public void Dependants_AreOnlyInEmployeeSchemes_AndOfSomeoneElse_U1_1()
    {
        var parent = Guid.NewGuid();
        var child = Enrolment.Enrol(Guid.NewGuid(), Samples.Kyokai(), Holder, EnrolmentCard.Create("1234", "567", "01")!, EnrolmentRole.Dependant, parent,
            new DateOnly(2020, 4, 1), IncomeClass.WorkingAge1, []);
        Assert.Equal(parent, child.InsuredReference);
        var nhi = Assert.Throws<RuleViolationException>(() => Enrolment.Enrol(Guid.NewGuid(), Samples.Nhi(), Holder, Samples.Card,
            EnrolmentRole.Dependant, parent, new DateOnly(2020, 4, 1), IncomeClass.General, []));
        Assert.Contains("被扶養者", nhi.Text.Japanese, StringComparison.Ordinal);
        Assert.Throws<RuleViolationException>(() => Enrolment.Enrol(Guid.NewGuid(), Samples.Kyokai(), Holder, Samples.Card,
            EnrolmentRole.Dependant, Holder, new DateOnly(2020, 4, 1), IncomeClass.General, []));
        Assert.Throws<RuleViolationException>(() => Enrolment.Enrol(Guid.NewGuid(), Samples.Kyokai(), Holder, Samples.Card,
            EnrolmentRole.Dependant, null, new DateOnly(2020, 4, 1), IncomeClass.General, []));
        Assert.Throws<RuleViolationException>(() => Enrolment.Enrol(Guid.NewGuid(), Samples.Kyokai(), Holder, Samples.Card,
            EnrolmentRole.Insured, parent, new DateOnly(2020, 4, 1), IncomeClass.General, []));
    }

    [Theory]
    [InlineData("", "12345", "00", true)]
    [InlineData("郡山", "12345", "00", true)]
    [InlineData("1234", "", "00", false)]
    [InlineData("1234", "12 34", "00", false)]
    [InlineData("1234", "1234", "0", false)]
    [InlineData("1234", "1234", "0a", false)]
    [InlineData("123456789012345678901", "1", "00", false)]
    public void TheCardsSymbolNumberAndBranch_AreChecked(string symbol, string number, string branch, bool valid) =>
        Assert.Equal(valid, EnrolmentCard.Create(symbol, number, branch) is not null);
}
