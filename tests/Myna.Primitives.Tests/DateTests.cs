using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Myna.Primitives;

namespace Myna.Primitives.Tests;

public class DateTests
{
    [Theory]
    [InlineData("1990-01-02", "419900102")]
    [InlineData("1980-02-17", "319800217")]
    [InlineData("2019-05-01", "520190501")]
    [InlineData("2019-04-30", "420190430")]
    [InlineData("1989-01-07", "319890107")]
    [InlineData("1989-01-08", "419890108")]
    [InlineData("1926-12-25", "319261225")]
    [InlineData("1912-07-30", "219120730")]
    [InlineData("1900-01-01", "119000101")]
    public void CertificateBirthDate_EraCodeAndGregorian(string date, string expected) =>
        Assert.Equal(expected, JapaneseEras.ToCertificateBirthDate(DateOnly.Parse(date, CultureInfo.InvariantCulture)));

    [Fact]
    public void EraOf_EveryDaySinceTaisho_AgreesWithJapaneseCalendar()
    {
        // Exhaustive oracle: the BCL's JapaneseCalendar knows the same era boundaries.
        var calendar = new JapaneseCalendar();
        // The BCL numbers eras 1 Meiji … 5 Reiwa, as the certificate does.
        for (var d = new DateOnly(1912, 7, 30); d <= new DateOnly(2040, 12, 31); d = d.AddDays(1))
        {
            var dt = d.ToDateTime(TimeOnly.MinValue);
            Assert.Equal(calendar.GetEra(dt), (int)JapaneseEras.EraOf(d));
            Assert.Equal(calendar.GetYear(dt), JapaneseEras.EraYear(d));
        }
    }

    [Theory]
    [InlineData("1980-02-17", "550217")]
    [InlineData("2019-05-01", "010501")]
    [InlineData("1989-01-08", "010108")]
    public void EraYyMmDd_AsTheVisualApKeyUsesIt(string date, string expected) =>
        Assert.Equal(expected, JapaneseEras.ToEraYyMmDd(DateOnly.Parse(date, CultureInfo.InvariantCulture)));

    [Fact]
    public void JapaneseLongDate_FirstYearIsGannen() =>
        Assert.Equal("令和元年5月1日", JapaneseEras.ToJapaneseLongDate(new DateOnly(2019, 5, 1)));

    [Fact]
    public void JapanClock_DateChangesAt15UtcTheDayBefore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 14, 59, 59, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 3, 31), JapanClock.Today(clock));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateOnly(2026, 4, 1), JapanClock.Today(clock));
        Assert.Equal(TimeSpan.FromHours(9), JapanClock.Now(clock).Offset);
    }

    [Theory]
    [InlineData("2000-02-29", 2027, "2027-02-28")]
    [InlineData("2000-02-29", 2028, "2028-02-29")]
    [InlineData("2000-03-01", 2027, "2027-03-01")]
    public void BirthdayInYear_Feb29_V2(string birth, int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture),
            Birthdays.InYear(DateOnly.Parse(birth, CultureInfo.InvariantCulture), year));

    [Theory]
    [InlineData("1980-02-17", "2025-10-27", 5, "2030-02-17")] // the test card of card-interface §6
    [InlineData("1980-10-27", "2025-10-27", 5, "2030-10-27")] // issued on the birthday: that one does not count
    [InlineData("1980-10-28", "2025-10-27", 5, "2029-10-28")] // the first birthday is the next day
    [InlineData("2012-02-29", "2026-11-25", 5, "2031-02-28")]
    [InlineData("2012-02-29", "2026-11-25", 6, "2032-02-29")]
    public void NthBirthdayAfter_V2(string birth, string from, int n, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture),
            Birthdays.NthBirthdayAfter(DateOnly.Parse(birth, CultureInfo.InvariantCulture),
                DateOnly.Parse(from, CultureInfo.InvariantCulture), n));

    [Theory]
    [InlineData("2008-11-25", "2026-11-25", 18)]
    [InlineData("2008-11-26", "2026-11-25", 17)]
    [InlineData("2008-02-29", "2026-02-28", 18)]
    public void AgeOn_CountsTheBirthday(string birth, string on, int age) =>
        Assert.Equal(age, Birthdays.AgeOn(DateOnly.Parse(birth, CultureInfo.InvariantCulture), DateOnly.Parse(on, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData('1', Sex.Male)]
    [InlineData('2', Sex.Female)]
    [InlineData('9', Sex.NotApplicable)]
    [InlineData('0', Sex.Unknown)]
    public void Sex_JisCodesRoundTrip(char code, Sex sex)
    {
        Assert.Equal(sex, SexCodes.FromJisCode(code).Value);
        Assert.Equal(code, sex.ToJisCode());
    }

    [Fact]
    public void Sex_CertificateCodes() =>
        Assert.Equal("123", $"{Sex.Male.ToCertificateCode()}{Sex.Female.ToCertificateCode()}{Sex.Unknown.ToCertificateCode()}");
}
