using System.Globalization;
using Myna.Primitives;
using Myna.Registry.Rules;

namespace Myna.Registry.Tests;

public class CardExpiryRuleTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("1990-01-02", "2026-11-25", "2036-01-02")] // adult: 10th birthday
    [InlineData("2008-11-25", "2026-11-25", "2036-11-25")] // 18 on the day of issue: adult
    [InlineData("2008-11-26", "2026-11-25", "2030-11-26")] // 17 on the day of issue: 5th birthday, the first being tomorrow
    [InlineData("2011-11-25", "2026-11-25", "2031-11-25")] // 15: 5th birthday
    [InlineData("2020-04-01", "2026-11-25", "2031-04-01")] // under 15: 5th birthday
    [InlineData("2026-11-20", "2026-11-25", "2031-11-20")] // a baby
    [InlineData("1988-02-29", "2026-11-25", "2036-02-29")] // 2036 is a leap year
    [InlineData("1988-02-29", "2025-11-25", "2035-02-28")] // 2035 is not: 28 February
    [InlineData("2012-02-29", "2026-11-25", "2031-02-28")] // 14, Feb 29: 5th birthday on Feb 28
    public void CardExpiry_ByAgeAtIssue_V2(string birth, string issue, string expected) =>
        Assert.Equal(D(expected), CardExpiryRule.ExpiryFor(D(birth), D(issue)));

    [Fact]
    public void CardExpiry_EveryBirthDateOfALeapCycle_IsTheRightBirthday_V2()
    {
        // Exhaustive over four years of birth dates (one leap cycle) and two issue dates, against the
        // rule read directly: the expiry is a birthday (Feb 28 standing in for Feb 29), after the issue,
        // the 10th (18+) or 5th one counted from the issue date.
        foreach (var issue in new[] { D("2026-11-25"), D("2028-02-29") })
        {
            for (var birth = D("1996-01-01"); birth < D("2000-01-01"); birth = birth.AddDays(1))
                Check(birth, issue, 10);
            for (var birth = D("2016-01-01"); birth < D("2020-01-01"); birth = birth.AddDays(1))
                Check(birth, issue, 5);
        }

        static void Check(DateOnly birth, DateOnly issue, int n)
        {
            var expiry = CardExpiryRule.ExpiryFor(birth, issue);
            Assert.Equal(birth.Month, expiry.Month);
            var feb29InCommonYear = birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(expiry.Year);
            Assert.Equal(feb29InCommonYear ? 28 : birth.Day, expiry.Day);
            Assert.True(expiry > issue);
            // Exactly n birthdays lie in (issue, expiry].
            var count = 0;
            for (var y = issue.Year; y <= expiry.Year; y++)
            {
                var b = Birthdays.InYear(birth, y);
                if (b > issue && b <= expiry)
                    count++;
            }
            Assert.Equal(n, count);
        }
    }

    [Theory]
    [InlineData("1990-01-02", "2026-11-25", "2031-01-02")] // adult: 5th birthday, card runs longer
    [InlineData("2010-06-01", "2026-11-25", "2031-06-01")] // 16: card and certificate end together
    public void CertificateExpiry_FifthBirthday_E2(string birth, string issue, string expected)
    {
        var card = CardExpiryRule.ExpiryFor(D(birth), D(issue));
        Assert.Equal(D(expected), CardExpiryRule.CertificateExpiryFor(D(birth), D(issue), card));
    }

    [Fact]
    public void CertificateExpiry_NeverOutlivesTheCard_E2()
    {
        // A certificate loaded later (E5) on a card that expires before the 5th birthday after loading.
        var birth = D("1990-01-02");
        var cardExpiry = D("2028-01-02");
        Assert.Equal(cardExpiry, CardExpiryRule.CertificateExpiryFor(birth, D("2026-11-25"), cardExpiry));
    }

    [Fact]
    public void CardExpiry_BirthAfterIssue_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CardExpiryRule.ExpiryFor(D("2027-01-01"), D("2026-11-25")));
}
