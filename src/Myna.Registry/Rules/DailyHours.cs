using System.Globalization;
using Myna.Primitives;

namespace Myna.Registry.Rules;

/// <summary>Opening hours within a day, Japan time: open from <see cref="Opens"/> (included) until <see cref="Closes"/> (excluded).</summary>
/// <remarks>"09:30–20:00" is open at 09:30:00 and at 19:59:59, closed at 20:00:00.</remarks>
/// <param name="Opens">The first moment open.</param>
/// <param name="Closes">The first moment closed again; after <paramref name="Opens"/>.</param>
public readonly record struct DailyHours(TimeOnly Opens, TimeOnly Closes)
{
    /// <summary>Whether <paramref name="time"/> lies within the hours.</summary>
    public bool Contains(TimeOnly time) => time >= Opens && time < Closes;

    /// <summary>The hours common to both (for a service inside a building's hours).</summary>
    /// <exception cref="ArgumentException">The two do not overlap.</exception>
    public DailyHours Within(DailyHours outer)
    {
        var opens = Opens > outer.Opens ? Opens : outer.Opens;
        var closes = Closes < outer.Closes ? Closes : outer.Closes;
        if (opens >= closes)
            throw new ArgumentException("The hours do not overlap.", nameof(outer));
        return new DailyHours(opens, closes);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Time(Opens)}–{Time(Closes)}";

    internal static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The days on which offices keep their hours, shared by the call centre (K) and the city hall (U2.11).</summary>
internal static class OfficeDays
{
    /// <summary>29 December – 3 January (年末年始), when public offices close.</summary>
    public static bool IsYearEnd(DateOnly date) => date is { Month: 12, Day: >= 29 } or { Month: 1, Day: <= 3 };

    /// <summary>Saturday, Sunday or a national holiday (<see cref="JapaneseHolidays"/>).</summary>
    public static bool IsWeekendOrHoliday(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || JapaneseHolidays.IsHoliday(date);

    /// <summary>The Japanese civil date and time of day of <paramref name="instant"/>.</summary>
    public static (DateOnly Date, TimeOnly Time) InJapan(DateTimeOffset instant) => JapanClock.InJapan(instant);
}
