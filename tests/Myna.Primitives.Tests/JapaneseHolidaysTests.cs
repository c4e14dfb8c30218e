using System.Globalization;
using Myna.Primitives;

namespace Myna.Primitives.Tests;

public class JapaneseHolidaysTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The Cabinet Office's published lists (内閣府「国民の祝日について」), national, substitute and
    // citizens' holidays together, month-day, written out by hand for each year.
    public static TheoryData<int, string> Published => new()
    {
        { 2019, "01-01 01-14 02-11 03-21 04-29 04-30 05-01 05-02 05-03 05-04 05-05 05-06 07-15 08-11 08-12 09-16 09-23 10-14 10-22 11-03 11-04 11-23" },
        { 2020, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 05-06 07-23 07-24 08-10 09-21 09-22 11-03 11-23" },
        { 2021, "01-01 01-11 02-11 02-23 03-20 04-29 05-03 05-04 05-05 07-22 07-23 08-08 08-09 09-20 09-23 11-03 11-23" },
        { 2022, "01-01 01-10 02-11 02-23 03-21 04-29 05-03 05-04 05-05 07-18 08-11 09-19 09-23 10-10 11-03 11-23" },
        { 2023, "01-01 01-02 01-09 02-11 02-23 03-21 04-29 05-03 05-04 05-05 07-17 08-11 09-18 09-23 10-09 11-03 11-23" },
        { 2024, "01-01 01-08 02-11 02-12 02-23 03-20 04-29 05-03 05-04 05-05 05-06 07-15 08-11 08-12 09-16 09-22 09-23 10-14 11-03 11-04 11-23" },
        { 2025, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 05-06 07-21 08-11 09-15 09-23 10-13 11-03 11-23 11-24" },
        { 2026, "01-01 01-12 02-11 02-23 03-20 04-29 05-03 05-04 05-05 05-06 07-20 08-11 09-21 09-22 09-23 10-12 11-03 11-23" },
        { 2027, "01-01 01-11 02-11 02-23 03-21 03-22 04-29 05-03 05-04 05-05 07-19 08-11 09-20 09-23 10-11 11-03 11-23" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void InYear_MatchesThePublishedList(int year, string monthDays)
    {
        var expected = monthDays.Split(' ').Select(md => D($"{year}-{md}")).ToArray();
        Assert.Equal(expected, JapaneseHolidays.InYear(year).Select(h => h.Date).ToArray());
        // And day by day, so IsHoliday agrees with the list on every ordinary day too.
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
            Assert.Equal(expected.Contains(d), JapaneseHolidays.IsHoliday(d));
    }

    [Theory]
    [InlineData("2019-05-01", "天皇の即位の日")]   // 2019 special Act: Accession Day
    [InlineData("2019-04-30", "国民の休日")]       // between 29 April and the accession
    [InlineData("2019-05-02", "国民の休日")]
    [InlineData("2019-10-22", "即位礼正殿の儀")]
    [InlineData("2019-10-14", "体育の日")]         // renamed Sports Day from 2020
    [InlineData("2020-07-24", "スポーツの日")]     // Olympics move
    [InlineData("2021-08-08", "山の日")]           // Olympics move, on a Sunday …
    [InlineData("2021-08-09", "振替休日")]         // … so the Monday is off
    [InlineData("2026-09-22", "国民の休日")]       // between Respect for the Aged Day and the equinox
    [InlineData("2008-05-06", "振替休日")]         // since 2007: the next day that is no holiday
    [InlineData("1998-05-04", "振替休日")]         // before 2007: the Monday, and no citizens' holiday on it
    [InlineData("2006-05-04", "国民の休日")]       // before Greenery Day moved there
    [InlineData("2007-05-04", "みどりの日")]
    [InlineData("1989-02-24", "昭和天皇の大喪の礼")]
    [InlineData("1993-06-09", "結婚の儀")]
    [InlineData("1999-01-15", "成人の日")]         // fixed day before Happy Monday
    [InlineData("2000-01-10", "成人の日")]         // second Monday from 2000
    [InlineData("2018-12-23", "天皇誕生日")]
    public void Find_NamesTheDay(string date, string name) =>
        Assert.Equal(name, JapaneseHolidays.Find(D(date))?.Name);

    [Theory]
    [InlineData("2019-12-23")] // no Emperor's Birthday in 2019
    [InlineData("2019-02-23")]
    [InlineData("2020-10-12")] // Sports Day moved to 24 July
    [InlineData("1985-05-04")] // before the citizens' holiday existed
    [InlineData("2026-12-29")] // year-end days are no national holidays
    public void Find_OrdinaryDays_AreNoHolidays(string date) =>
        Assert.Null(JapaneseHolidays.Find(D(date)));

    [Theory]
    [InlineData(1980, 20, 23)]
    [InlineData(2011, 21, 23)]
    [InlineData(2012, 20, 22)] // 23.2488 + 7.750208 - 8 = 22.999…: the integer arithmetic must not round up
    [InlineData(2017, 20, 23)]
    [InlineData(2092, 19, 22)] // a 19 March equinox
    [InlineData(2099, 20, 23)]
    public void EquinoxDays_StandardApproximation(int year, int vernal, int autumnal)
    {
        Assert.Equal(vernal, JapaneseHolidays.VernalEquinoxDay(year));
        Assert.Equal(autumnal, JapaneseHolidays.AutumnalEquinoxDay(year));
    }

    [Fact]
    public void EveryYear_SubstituteAndCitizensHolidays_FollowTheAct()
    {
        // Exhaustive over 1980–2099: each substitute holiday closes a run of holidays that began on a Sunday
        // national holiday; each Sunday national holiday is followed by a substitute (since 2007 always; before,
        // unless the Monday was a holiday anyway); each citizens' holiday lies between two national holidays.
        for (var year = JapaneseHolidays.FirstYear; year <= JapaneseHolidays.LastYear; year++)
        {
            var days = JapaneseHolidays.InYear(year).ToDictionary(h => h.Date);
            bool National(DateOnly d) => JapaneseHolidays.Find(d) is { Name: not ("振替休日" or "国民の休日") };
            foreach (var h in days.Values)
            {
                if (h.Name == "振替休日")
                {
                    var d = h.Date.AddDays(-1);
                    while (National(d) && d.DayOfWeek != DayOfWeek.Sunday)
                        d = d.AddDays(-1);
                    Assert.True(National(d) && d.DayOfWeek == DayOfWeek.Sunday, $"{h.Date}: no Sunday holiday before it");
                }
                if (h.Name == "国民の休日")
                    Assert.True(National(h.Date.AddDays(-1)) && National(h.Date.AddDays(1)), $"{h.Date}: not between two holidays");
                if (National(h.Date) && h.Date.DayOfWeek == DayOfWeek.Sunday)
                {
                    var d = h.Date.AddDays(1);
                    while (National(d))
                        d = d.AddDays(1);
                    Assert.True(year < 2007 ? JapaneseHolidays.IsHoliday(h.Date.AddDays(1)) : days[d].Name == "振替休日", $"{h.Date}: no substitute");
                }
            }
        }
    }

    [Theory]
    [InlineData(1979)]
    [InlineData(2100)]
    public void OutsideTheFormulasRange_IsRefused(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.InYear(year));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.IsHoliday(new DateOnly(year, 6, 1)));
    }
}
