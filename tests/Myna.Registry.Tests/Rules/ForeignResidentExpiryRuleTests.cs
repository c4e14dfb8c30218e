using CsCheck;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

public class ForeignResidentExpiryRuleTests
{
    // An adult issued a card on 2026-11-25: V2 gives the 10th birthday, 2036-06-15.
    private static readonly DateOnly s_birth = D("1990-06-15");
    private static readonly DateOnly s_issue = D("2026-11-25");
    private static readonly DateOnly s_v2 = D("2036-06-15");

    public static TheoryData<string, ForeignResidence, string> Cases => new()
    {
        { "permanent resident: as V2", ForeignResidence.PermanentResident, "2036-06-15" },
        { "highly skilled professional (ii): as V2", ForeignResidence.HighlySkilledProfessionalII, "2036-06-15" },
        { "special permanent resident: as V2", ForeignResidence.SpecialPermanentResident, "2036-06-15" },
        { "mid- to long-term: last day of stay", ForeignResidence.MidToLongTerm(D("2029-03-31")), "2029-03-31" },
        { "mid- to long-term past V2: capped", ForeignResidence.MidToLongTerm(D("2037-01-31")), "2036-06-15" },
        { "temporary refuge: end of landing period", ForeignResidence.TemporaryRefuge(D("2027-05-24")), "2027-05-24" },
        { "provisional stay: end of period", ForeignResidence.ProvisionalStay(D("2027-02-25")), "2027-02-25" },
        { "loss of nationality on 2026-11-01: +60 days", ForeignResidence.AfterLossOfNationality(D("2026-11-01")), "2026-12-31" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForeignResidentCardExpiry_ByCategory_V3(string why, ForeignResidence residence, string expected)
    {
        var expiry = ForeignResidentExpiryRule.ExpiryFor(s_birth, s_issue, residence);
        Assert.True(D(expected) == expiry.Date, why);
        Assert.EndsWith("(V3)", expiry.Reason.English, StringComparison.Ordinal);
    }

    [Fact]
    public void ForeignResidentCardExpiry_BornInJapan_SixtyDaysAfterBirth_V3()
    {
        // Born 2026-11-20 (a foreign national's child), card issued 2026-11-25: the transitional stay ends
        // 60 days after the birth, 2027-01-19, long before V2's 5th birthday (2031-11-20).
        var born = D("2026-11-20");
        var expiry = ForeignResidentExpiryRule.ExpiryFor(born, s_issue, ForeignResidence.AfterBirth(born));
        Assert.Equal(D("2027-01-19"), expiry.Date);
        Assert.Equal("the card expires on 2027-01-19, 60 days after the birth (V3)", expiry.Reason.English);
    }

    [Fact]
    public void ForeignResidentCardExpiry_PeriodBeyondV2_SaysItIsCapped_V3() =>
        Assert.Equal(
            "the card expires on 2036-06-15, its V2 expiry, which comes before the last day of the period of stay (2037-01-31) (V3)",
            ForeignResidentExpiryRule.ExpiryFor(s_birth, s_issue, ForeignResidence.MidToLongTerm(D("2037-01-31"))).Reason.English);

    [Fact]
    public void ForeignResidentCardExpiry_PeriodEndedBeforeIssue_IsAContractError_V3() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ForeignResidentExpiryRule.ExpiryFor(s_birth, s_issue, ForeignResidence.MidToLongTerm(D("2026-11-24"))));

    [Fact]
    public void ForeignResidentCardExpiry_AnyPeriod_IsPeriodEndCappedAtV2_V3() =>
        // Property: the expiry is the earlier of the period's end and V2, never past V2.
        Gen.Select(Gen.DateOnly[D("1950-01-01"), D("2026-11-25")], Gen.Int[0, 8_000]).Sample((birth, days) =>
        {
            var periodEnd = s_issue.AddDays(days);
            var v2 = CardExpiryRule.ExpiryFor(birth, s_issue);
            var expiry = ForeignResidentExpiryRule.ExpiryFor(birth, s_issue, ForeignResidence.MidToLongTerm(periodEnd)).Date;
            Assert.Equal(periodEnd < v2 ? periodEnd : v2, expiry);
        });

    [Fact]
    public void ExpiryChange_AfterExtension_ToNewPeriodEnd_V4()
    {
        // Card valid until 2029-03-31 (old period of stay); extension granted to 2032-03-31, asked on 2029-03-10.
        var change = ExpiryChangeRule.AfterStatusChange(s_birth, s_issue, D("2029-03-31"),
            ForeignResidence.MidToLongTerm(D("2032-03-31")), appliedOn: D("2029-03-10"));
        Assert.True(change.Decision.IsAllowed);
        Assert.Equal(D("2032-03-31"), change.NewExpiry);
        Assert.Equal("V4", change.Decision.Rule);
        Assert.Equal(
            "after the change of status, the card's expiry changes from 2029-03-31 to 2032-03-31 (V4): " +
            "the card expires on 2032-03-31, the last day of the period of stay (V3)",
            change.Decision.Reason.English);
    }

    [Fact]
    public void ExpiryChange_ToPermanentResident_IsV2_V4()
    {
        var change = ExpiryChangeRule.AfterStatusChange(s_birth, s_issue, D("2029-03-31"),
            ForeignResidence.PermanentResident, appliedOn: D("2028-07-01"));
        Assert.Equal(s_v2, change.NewExpiry);
    }

    [Fact]
    public void ExpiryChange_NewPeriodPastV2_IsCapped_V4()
    {
        var change = ExpiryChangeRule.AfterStatusChange(s_birth, s_issue, D("2033-03-31"),
            ForeignResidence.MidToLongTerm(D("2038-03-31")), appliedOn: D("2033-03-31"));
        Assert.Equal(s_v2, change.NewExpiry);
    }

    [Theory]
    [InlineData("2029-03-31", true)]  // V4: on the expiry day the card is still valid
    [InlineData("2029-04-01", false)] // the day after: expired, only a paid reissue helps
    public void ExpiryChange_OnlyBeforeTheCardExpires_V4(string appliedOn, bool allowed)
    {
        var change = ExpiryChangeRule.AfterStatusChange(s_birth, s_issue, D("2029-03-31"),
            ForeignResidence.MidToLongTerm(D("2032-03-31")), D(appliedOn));
        Assert.Equal(allowed, change.Decision.IsAllowed);
        Assert.Equal(allowed, change.NewExpiry is not null);
        if (!allowed)
        {
            Assert.Equal("the card expired on 2029-03-31, so its expiry can no longer be changed; only a paid reissue helps (V4)",
                change.Decision.Reason.English);
        }
    }

    [Fact]
    public void ExpiryChange_DuringSpecialPeriod_ToItsEnd_V4()
    {
        // Extension applied for before 2029-03-31; the special period runs until the decision, at most 2029-05-31.
        var change = ExpiryChangeRule.DuringSpecialPeriod(s_birth, s_issue, D("2029-03-31"), D("2029-05-31"), D("2029-03-20"));
        Assert.True(change.Decision.IsAllowed);
        Assert.Equal(D("2029-05-31"), change.NewExpiry);
        Assert.Contains("the end of the special period", change.Decision.Reason.English, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiryChange_DuringSpecialPeriod_AfterExpiry_IsRefused_V4() =>
        Assert.False(ExpiryChangeRule.DuringSpecialPeriod(s_birth, s_issue, D("2029-03-31"), D("2029-05-31"), D("2029-04-01"))
            .Decision.IsAllowed);
}
