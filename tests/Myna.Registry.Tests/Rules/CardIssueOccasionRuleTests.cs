using Myna.Registry.Cards;
using Myna.Registry.Rules;

namespace Myna.Registry.Tests.Rules;

public class CardIssueOccasionRuleTests
{
    private static readonly DateOnly Today = new(2026, 4, 1);

    private static LatestCardFacts Card(CardState state, string expires = "2030-01-01", bool room = true) =>
        new(state, DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), room);

    [Fact]
    public void FirstIssue_OnlyForSomeoneWhoNeverHadACard_L3()
    {
        Assert.True(CardIssueOccasionRule.MayApply(CardIssueOccasion.FirstIssue, null, Today).IsAllowed);
        var again = CardIssueOccasionRule.MayApply(CardIssueOccasion.FirstIssue, Card(CardState.Returned), Today);
        Assert.False(again.IsAllowed);
        Assert.Equal(RuleIds.L3, again.Rule);
    }

    [Theory]
    [InlineData(CardIssueOccasion.Renewal)]
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage)]
    [InlineData(CardIssueOccasion.ReissueAfterLapse)]
    [InlineData(CardIssueOccasion.ReissueEndorsementAreaFull)]
    [InlineData(CardIssueOccasion.ReissueAfterExpiry)]
    public void EveryOtherOccasion_NeedsACard_L3(CardIssueOccasion occasion)
    {
        var decision = CardIssueOccasionRule.MayApply(occasion, null, Today);
        Assert.False(decision.IsAllowed);
        Assert.Equal(RuleIds.L3, decision.Rule);
    }

    [Theory]
    // occasion, state of the latest card, its expiry, room in the endorsement area, allowed, rule
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage, CardState.Active, "2030-01-01", true, true, "L3")]
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage, CardState.Suspended, "2030-01-01", true, true, "L3")]
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage, CardState.Lapsed, "2030-01-01", true, false, "L3")]
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage, CardState.Returned, "2030-01-01", true, true, "L3")]   // handed back, wanted again
    [InlineData(CardIssueOccasion.ReissueAfterLapse, CardState.Lapsed, "2030-01-01", true, true, "V6")]
    [InlineData(CardIssueOccasion.ReissueAfterLapse, CardState.Active, "2030-01-01", true, false, "V6")]
    [InlineData(CardIssueOccasion.ReissueEndorsementAreaFull, CardState.Active, "2030-01-01", false, true, "M2")]
    [InlineData(CardIssueOccasion.ReissueEndorsementAreaFull, CardState.Active, "2030-01-01", true, false, "M2")]
    [InlineData(CardIssueOccasion.ReissueAfterExpiry, CardState.Expired, "2026-03-31", true, true, "V4")]
    [InlineData(CardIssueOccasion.ReissueAfterExpiry, CardState.Returned, "2026-03-31", true, true, "V4")]     // expired, then handed back
    [InlineData(CardIssueOccasion.ReissueAfterExpiry, CardState.Returned, "2030-01-01", true, false, "V4")]    // handed back before expiry
    [InlineData(CardIssueOccasion.ReissueAfterExpiry, CardState.Active, "2030-01-01", true, false, "V4")]
    [InlineData(CardIssueOccasion.Renewal, CardState.Returned, "2026-05-01", true, false, "V1")]
    public void Reissue_FitsTheLatestCardsCondition_L3_V6_M2_V4(
        CardIssueOccasion occasion, CardState state, string expires, bool room, bool allowed, string rule)
    {
        var decision = CardIssueOccasionRule.MayApply(occasion, Card(state, expires, room), Today);
        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(rule, decision.Rule);
    }

    [Theory]
    [InlineData("2026-07-01", true)]  // renewal opens three months before the expiry (V1)
    [InlineData("2026-07-02", false)]
    public void Renewal_InTheThreeMonthsBeforeExpiry_V1(string expires, bool allowed) =>
        Assert.Equal(allowed, CardIssueOccasionRule.MayApply(CardIssueOccasion.Renewal, Card(CardState.Active, expires), Today).IsAllowed);

    [Theory]
    [InlineData(ResidenceCategory.MidToLongTerm, "2026-03-31", false)]
    [InlineData(ResidenceCategory.MidToLongTerm, "2026-04-01", true)]
    [InlineData(ResidenceCategory.TransitionalStayAfterBirth, "2026-01-31", true)]   // 60 days after the birth: 2026-04-01
    [InlineData(ResidenceCategory.TransitionalStayAfterBirth, "2026-01-30", false)]
    public void ACard_IsIssuedOnlyWhileTheStayLasts_V3(ResidenceCategory category, string date, bool allowed)
    {
        var residence = ForeignResidence.Of(category, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        var decision = ForeignResidentExpiryRule.MayIssue(residence, Today);
        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(RuleIds.V3, decision.Rule);
    }

    [Fact]
    public void APermanentResident_NeverRunsOutOfStay_V3() =>
        Assert.True(ForeignResidentExpiryRule.MayIssue(ForeignResidence.PermanentResident, new DateOnly(2099, 1, 1)).IsAllowed);
}
