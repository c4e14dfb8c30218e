namespace Myna.Insurance;

/// <summary>
/// The days on which the age rules of health insurance turn (U1.3), counted as the law counts ages (年齢計算ニ関スル法律):
/// a person reaches an age (達する日) at the end of the day before the birthday — so one born on the 1st of a month
/// reaches it in the month before, and one born on 29 February reaches it on 28 February in other years.
/// </summary>
public static class InsuranceAges
{
    /// <summary>The day the person reaches <paramref name="age"/> (達する日): the day before that birthday.</summary>
    public static DateOnly Reaches(DateOnly birthDate, int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        var year = birthDate.Year + age;
        // 29 February in a year without it: the birthday is 1 March, so the age is reached on 28 February.
        var birthday = birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birthDate.Month, birthDate.Day);
        return birthday.AddDays(-1);
    }

    /// <summary>
    /// The last day before school (義務教育就学前): the first 31 March on or after the day the child reaches 6
    /// (6歳に達する日以後の最初の3月31日). A child born on 1 April reaches 6 on 31 March, and that day is the last.
    /// </summary>
    public static DateOnly LastPreschoolDay(DateOnly birthDate)
    {
        var six = Reaches(birthDate, 6);
        var march = new DateOnly(six.Year, 3, 31);
        return march >= six ? march : march.AddYears(1);
    }

    /// <summary>
    /// The first day of the rules for 70 to 74 (高齢受給者): the first of the month after the month the person reaches 70
    /// (70歳に達する日の属する月の翌月) — for one born on the 1st, the month of the birthday itself.
    /// </summary>
    public static DateOnly SeventyRulesFrom(DateOnly birthDate)
    {
        var seventy = Reaches(birthDate, 70);
        return new DateOnly(seventy.Year, seventy.Month, 1).AddMonths(1);
    }

    /// <summary>The first day of late-stage elderly care: the 75th birthday (the day after the age is reached).</summary>
    public static DateOnly LateStageFrom(DateOnly birthDate) => Reaches(birthDate, 75).AddDays(1);
}
