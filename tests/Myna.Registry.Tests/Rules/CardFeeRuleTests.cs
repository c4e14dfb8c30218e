using Myna.Registry.Rules;

namespace Myna.Registry.Tests.Rules;

public class CardFeeRuleTests
{
    [Theory]
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage, true, 1000, "L3")]
    [InlineData(CardIssueOccasion.ReissueAfterLossOrDamage, false, 800, "L3")]
    [InlineData(CardIssueOccasion.ReissueAfterLapse, true, 1000, "V6")]
    [InlineData(CardIssueOccasion.ReissueAfterLapse, false, 800, "V6")]
    [InlineData(CardIssueOccasion.ReissueAfterExpiry, true, 1000, "V4")]
    [InlineData(CardIssueOccasion.ReissueEndorsementAreaFull, true, 0, "M2")]
    [InlineData(CardIssueOccasion.ReissueEndorsementAreaFull, false, 0, "M2")]
    [InlineData(CardIssueOccasion.Renewal, true, 0, "V1")]
    [InlineData(CardIssueOccasion.FirstIssue, true, 0, "D1")]
    public void Fee_ByOccasion_L3_V6_M2_V1(CardIssueOccasion occasion, bool withCertificates, int yen, string rule)
    {
        var fee = CardFeeRule.FeeFor(occasion, withCertificates);
        Assert.Equal(yen, fee.Yen);
        Assert.Equal(yen == 0, fee.IsFree);
        Assert.Equal(rule, fee.Rule);
        Assert.EndsWith($"({rule})", fee.Reason.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Fee_LapsedCardWithoutCertificates_SaysAmountAndRule_V6() =>
        Assert.Equal("reissue of a lapsed card, without e-certificates: 800 yen (V6)",
            CardFeeRule.FeeFor(CardIssueOccasion.ReissueAfterLapse, withCertificates: false).Reason.English);
}
