using System.Globalization;
using CsCheck;
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
    public void CardExpiry_EveryBirthDateOfALeapCycle_TimesSeveralIssueDates_V2_E2()
    {
        // Exhaustive over a full leap cycle of birth dates (1461 days) around each threshold age — so both
        // sides of "18 on the day of issue" and of 15 are covered — for issue dates that stress the calendar.
        // The oracle reads the rule directly: the expiry is a birthday (Feb 28 standing in for Feb 29), after
        // the issue, the 10th (18+) or 5th one counted from the issue date; the age is counted here from the
        // birthdays themselves, not with Birthdays.AgeOn. E2: the certificates end on the 5th birthday, never
        // after the card.
        string[] issues = ["2026-11-25", "2028-02-29", "2027-02-28", "2027-03-01", "2026-12-31", "2027-01-01"];
        foreach (var issue in issues.Select(D))
        {
            foreach (var thresholdAge in new[] { 18, 15 })
            {
                var first = issue.AddYears(-thresholdAge - 2);
                for (var birth = first; birth < first.AddDays(1461); birth = birth.AddDays(1))
                    Check(birth, issue);
            }
        }

        static void Check(DateOnly birth, DateOnly issue)
        {
            var age = 0;
            for (var y = birth.Year + 1; y <= issue.Year; y++)
            {
                if (Birthdays.InYear(birth, y) <= issue)
                    age++;
            }
            var n = age >= 18 ? 10 : 5;
            var expiry = CardExpiryRule.ExpiryFor(birth, issue);
            Assert.Equal(n, BirthdaysIn(birth, issue, expiry));
            Assert.Equal(expiry, Birthdays.InYear(birth, expiry.Year));
            Assert.Equal(birth.Month, expiry.Month);
            var feb29InCommonYear = birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(expiry.Year);
            Assert.Equal(feb29InCommonYear ? 28 : birth.Day, expiry.Day);

            var certificate = CardExpiryRule.CertificateExpiryFor(birth, issue, expiry);
            Assert.True(certificate <= expiry);
            Assert.Equal(5, BirthdaysIn(birth, issue, certificate));
        }
    }

    [Fact]
    public void CardExpiry_AnyBirthAndIssueDate_IsTheTenthOrFifthBirthday_V2() =>
        // Property over the whole supported range: exactly 5 or 10 birthdays lie in (issue, expiry], the
        // expiry being the last of them, and the ten go to exactly those 18 or over on the day of issue.
        Gen.Select(Gen.DateOnly[D("1900-01-01"), D("2089-12-31")], Gen.Int[0, 40_000]).Sample((birth, days) =>
        {
            var issue = birth.AddDays(days);
            var expiry = CardExpiryRule.ExpiryFor(birth, issue);
            var adult = Birthdays.AgeOn(birth, issue) >= CardExpiryRule.AdultAge;
            Assert.Equal(adult ? 10 : 5, BirthdaysIn(birth, issue, expiry));
            Assert.Equal(expiry, Birthdays.InYear(birth, expiry.Year));
        });

    /// <summary>How many birthdays lie in (issue, until].</summary>
    private static int BirthdaysIn(DateOnly birth, DateOnly issue, DateOnly until)
    {
        var count = 0;
        for (var y = issue.Year; y <= until.Year; y++)
        {
            var b = Birthdays.InYear(birth, y);
            if (b > issue && b <= until)
                count++;
        }
        return count;
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
