namespace Myna.Primitives;

/// <summary>Birthday arithmetic, with 29 February decided once (V2).</summary>
public static class Birthdays
{
    /// <summary>
    /// The birthday of someone born on <paramref name="birthDate"/> in <paramref name="year"/>. A holder
    /// born on 29 February has it on 28 February in a year without that day (V2 note; NodaTime's
    /// <c>AnnualDate.InYear</c> decides the same).
    /// </summary>
    public static DateOnly InYear(DateOnly birthDate, int year)
    {
        var day = birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(year) ? 28 : birthDate.Day;
        return new DateOnly(year, birthDate.Month, day);
    }

    /// <summary>
    /// The <paramref name="n"/>-th birthday after <paramref name="from"/>: a birthday falling on
    /// <paramref name="from"/> itself does not count (V2, "counted in birthdays from the day of issue").
    /// </summary>
    public static DateOnly NthBirthdayAfter(DateOnly birthDate, DateOnly from, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var thisYear = InYear(birthDate, from.Year);
        var firstYear = thisYear > from ? from.Year : from.Year + 1;
        return InYear(birthDate, firstYear + n - 1);
    }

    /// <summary>Age in completed years on <paramref name="on"/>: a year is completed on the birthday (<see cref="InYear"/>).</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year;
        if (InYear(birthDate, on.Year) > on)
            age--;
        return age;
    }
}
