using CsCheck;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

public class RenewalRuleTests
{
    [Theory]
    [InlineData("2036-01-02", "2035-10-02")] // same day three months earlier
    [InlineData("2031-05-31", "2031-02-28")] // no 31 February: clamped to the month's end
    [InlineData("2032-05-31", "2032-02-29")] // leap year: clamped to 29 February
    [InlineData("2030-03-01", "2029-12-01")] // across the year
    [InlineData("2031-02-28", "2030-11-28")] // a Feb 29 holder's common-year expiry
    public void ExpiryNotice_ThreeMonthsBefore_ClampedToMonthEnd_V1(string expiry, string notice) =>
        Assert.Equal(D(notice), RenewalRule.NoticeDate(D(expiry)));

    [Theory]
    [InlineData("2035-10-01", false)] // the day before the window
    [InlineData("2035-10-02", true)]  // V1: renewal opens three months before
    [InlineData("2036-01-02", true)]  // the expiry day is still a valid day
    [InlineData("2036-01-03", false)] // expired: no renewal
    public void Renewal_WindowEndsIncluded_V1(string on, bool allowed)
    {
        var decision = RenewalRule.MayRenew(ExpiringItem.Card, D("2036-01-02"), D(on));
        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal("V1", decision.Rule);
        Assert.EndsWith("(V1)", decision.Reason.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Renewal_BeforeWindow_SaysWhenItOpens_V1()
    {
        var decision = RenewalRule.MayRenew(ExpiringItem.SignatureCertificate, D("2031-01-02"), D("2030-09-30"));
        Assert.Equal(
            "the signature certificate expires on 2031-01-02; its renewal may be applied for from 2030-10-02, three months before (V1)",
            decision.Reason.English);
    }

    [Fact]
    public void Renewal_AfterExpiry_IsRefused_ForEachCertificateToo_V1()
    {
        var decision = RenewalRule.MayRenew(ExpiringItem.UserAuthenticationCertificate, D("2031-01-02"), D("2031-01-03"));
        Assert.False(decision.IsAllowed);
        Assert.StartsWith("the user-authentication certificate expired on 2031-01-02", decision.Reason.English, StringComparison.Ordinal);
    }

    [Fact]
    public void RenewalWindow_AnyExpiry_StartsOnNoticeDay_SpansAboutThreeMonths_V1() =>
        // Property: the window opens on the notice day, the expiry is its last day, its length is that of
        // three calendar months (89–92 days), and the notice day's day of month is the expiry's unless clamped.
        Gen.DateOnly[D("2016-01-01"), D("2099-12-31")].Sample(expiry =>
        {
            var window = RenewalRule.Window(expiry);
            Assert.Equal(RenewalRule.NoticeDate(expiry), window.First);
            Assert.Equal(expiry, window.Last);
            Assert.InRange(expiry.DayNumber - window.First.DayNumber, 89, 92);
            if (window.First.Day != expiry.Day)
            {
                Assert.True(window.First.Day < expiry.Day);
                Assert.Equal(1, window.First.AddDays(1).Day); // clamped: the last day of its month
            }
            Assert.Equal(expiry.Month, (window.First.Month + 2) % 12 + 1);
            Assert.True(RenewalRule.MayRenew(ExpiringItem.Card, expiry, window.First).IsAllowed);
            Assert.False(RenewalRule.MayRenew(ExpiringItem.Card, expiry, window.First.AddDays(-1)).IsAllowed);
        });
}
