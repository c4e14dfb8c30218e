using System.Collections.Frozen;

namespace Myna.Primitives;

/// <summary>A day off in Japan under the Act on National Holidays (国民の祝日に関する法律).</summary>
/// <param name="Date">The civil date.</param>
/// <param name="Name">The name in Japanese, as the Cabinet Office lists it (e.g. <c>振替休日</c>).</param>
/// <param name="EnglishName">An English name for pages.</param>
public sealed record JapaneseHoliday(DateOnly Date, string Name, string EnglishName);

/// <summary>
/// Japanese national holidays (国民の祝日) and the other days off the Act makes holidays: substitute
/// holidays (振替休日) and citizens' holidays (国民の休日), for the years 1980–2099.
/// </summary>
/// <remarks>
/// <para>Hand-written: the framework has no holiday calendar, and the rules are short and fixed by statute,
/// so a dependency would add more to trust than it saves; the tests hold it against the published lists.</para>
/// <para>The Act as amended: fixed days; Happy Monday days since 2000/2003 (Act No. 141 of 1998, No. 59
/// of 2001); the Emperor's Birthday moved with each reign; Shōwa Day since 2007; Mountain Day since
/// 2016; the one-off days of 1989, 1990, 1993 and 2019 (Accession Day and the Enthronement Ceremony);
/// and the Tokyo Olympic moves of Marine, Sports and Mountain Day in 2020 and 2021 (Act No. 68 of 2019,
/// Act No. 68 of 2020).</para>
/// <para>Equinox days use the standard approximation (valid 1980–2099; the Cabinet announces the real
/// day each February from the National Astronomical Observatory's ephemeris, and the two have agreed
/// for every year so far): day = ⌊20.8431 + 0.242194 (Y − 1980) − ⌊(Y − 1980) / 4⌋⌋ in March,
/// ⌊23.2488 + …⌋ in September.</para>
/// <para>Substitute holiday (Art. 3(2), since 1973-04-12): a national holiday on a Sunday makes the next
/// day off — until 2006 just the Monday, since 2007 the next day that is not itself a national holiday.
/// Citizens' holiday (Art. 3(3), since 1985-12-27): a day between two national holidays is off — until
/// 2006 only if it is no Sunday and no substitute holiday, since 2007 whenever it is no national holiday.</para>
/// </remarks>
public static class JapaneseHolidays
{
    /// <summary>The first year covered (the equinox formula's range).</summary>
    public const int FirstYear = 1980;

    /// <summary>The last year covered.</summary>
    public const int LastYear = 2099;

    private static readonly FrozenDictionary<DateOnly, JapaneseHoliday> s_all = Enumerable.Range(FirstYear, LastYear - FirstYear + 1)
        .SelectMany(Compute)
        .ToFrozenDictionary(h => h.Date);

    /// <summary>Whether <paramref name="date"/> is a holiday (national, substitute or citizens').</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1980–2099.</exception>
    public static bool IsHoliday(DateOnly date) => Find(date) is not null;

    /// <summary>The holiday on <paramref name="date"/>, or <c>null</c> on an ordinary day.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1980–2099.</exception>
    public static JapaneseHoliday? Find(DateOnly date)
    {
        CheckYear(date.Year);
        return s_all.GetValueOrDefault(date);
    }

    /// <summary>The holidays of <paramref name="year"/>, in date order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1980–2099.</exception>
    public static IReadOnlyList<JapaneseHoliday> InYear(int year)
    {
        CheckYear(year);
        return [.. s_all.Values.Where(h => h.Date.Year == year).OrderBy(h => h.Date)];
    }

    /// <summary>The vernal equinox day (春分日) of <paramref name="year"/>, in March.</summary>
    public static int VernalEquinoxDay(int year) => EquinoxDay(20_843_100, year);

    /// <summary>The autumnal equinox day (秋分日) of <paramref name="year"/>, in September.</summary>
    public static int AutumnalEquinoxDay(int year) => EquinoxDay(23_248_800, year);

    private static void CheckYear(int year)
    {
        if (year is < FirstYear or > LastYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Japanese holidays are known for {FirstYear}–{LastYear}.");
    }

    // In millionths of a day, so that the formula's decimals are exact integers (no floating-point rounding at .0).
    private static int EquinoxDay(int baseMicroDays, int year)
    {
        var n = year - FirstYear;
        return (baseMicroDays + (242_194 * n) - (1_000_000 * (n / 4))) / 1_000_000;
    }

    private static IEnumerable<JapaneseHoliday> Compute(int year)
    {
        var national = NationalHolidays(year).ToDictionary(h => h.Date);
        var days = new Dictionary<DateOnly, JapaneseHoliday>(national);

        foreach (var holiday in national.Values.Where(h => h.Date.DayOfWeek == DayOfWeek.Sunday))
        {
            var next = holiday.Date.AddDays(1);
            if (year >= 2007)
            {
                while (national.ContainsKey(next))
                    next = next.AddDays(1);
            }
            // Before 2007 a substitute landing on a national holiday (never happened) was simply lost.
            days.TryAdd(next, new JapaneseHoliday(next, "振替休日", "Substitute Holiday"));
        }

        if (year >= 1986)
        {
            foreach (var holiday in national.Values)
            {
                var between = holiday.Date.AddDays(1);
                if (!national.ContainsKey(between.AddDays(1)) || national.ContainsKey(between) || between.Year != year)
                    continue;
                if (year < 2007 && (between.DayOfWeek == DayOfWeek.Sunday || days.ContainsKey(between)))
                    continue;
                days.TryAdd(between, new JapaneseHoliday(between, "国民の休日", "Citizens' Holiday"));
            }
        }
        // A substitute holiday may fall into the next year only from 31 December, which is never a holiday.
        return days.Values.Where(h => h.Date.Year == year);
    }

    private static IEnumerable<JapaneseHoliday> NationalHolidays(int year)
    {
        JapaneseHoliday On(int month, int day, string name, string english) => new(new DateOnly(year, month, day), name, english);
        JapaneseHoliday Monday(int month, int nth, string name, string english) => new(NthMonday(year, month, nth), name, english);

        yield return On(1, 1, "元日", "New Year's Day");
        yield return year < 2000 ? On(1, 15, "成人の日", "Coming of Age Day") : Monday(1, 2, "成人の日", "Coming of Age Day");
        yield return On(2, 11, "建国記念の日", "National Foundation Day");
        if (year >= 2020)
            yield return On(2, 23, "天皇誕生日", "The Emperor's Birthday");
        yield return On(3, VernalEquinoxDay(year), "春分の日", "Vernal Equinox Day");
        yield return year switch
        {
            < 1989 => On(4, 29, "天皇誕生日", "The Emperor's Birthday"),
            < 2007 => On(4, 29, "みどりの日", "Greenery Day"),
            _ => On(4, 29, "昭和の日", "Shōwa Day"),
        };
        yield return On(5, 3, "憲法記念日", "Constitution Memorial Day");
        if (year >= 2007)
            yield return On(5, 4, "みどりの日", "Greenery Day");
        yield return On(5, 5, "こどもの日", "Children's Day");
        if (year >= 1996)
        {
            yield return year switch
            {
                < 2003 => On(7, 20, "海の日", "Marine Day"),
                2020 => On(7, 23, "海の日", "Marine Day"),
                2021 => On(7, 22, "海の日", "Marine Day"),
                _ => Monday(7, 3, "海の日", "Marine Day"),
            };
        }
        if (year >= 2016)
        {
            yield return year switch
            {
                2020 => On(8, 10, "山の日", "Mountain Day"),
                2021 => On(8, 8, "山の日", "Mountain Day"),
                _ => On(8, 11, "山の日", "Mountain Day"),
            };
        }
        yield return year < 2003
            ? On(9, 15, "敬老の日", "Respect for the Aged Day")
            : Monday(9, 3, "敬老の日", "Respect for the Aged Day");
        yield return On(9, AutumnalEquinoxDay(year), "秋分の日", "Autumnal Equinox Day");
        yield return year switch
        {
            < 2000 => On(10, 10, "体育の日", "Health and Sports Day"),
            < 2020 => Monday(10, 2, "体育の日", "Health and Sports Day"),
            2020 => On(7, 24, "スポーツの日", "Sports Day"),
            2021 => On(7, 23, "スポーツの日", "Sports Day"),
            _ => Monday(10, 2, "スポーツの日", "Sports Day"),
        };
        yield return On(11, 3, "文化の日", "Culture Day");
        yield return On(11, 23, "勤労感謝の日", "Labour Thanksgiving Day");
        if (year is >= 1989 and <= 2018)
            yield return On(12, 23, "天皇誕生日", "The Emperor's Birthday");

        // One-off holidays set by their own Acts.
        switch (year)
        {
            case 1989:
                yield return On(2, 24, "昭和天皇の大喪の礼", "State Funeral of Emperor Shōwa");
                break;
            case 1990:
                yield return On(11, 12, "即位礼正殿の儀", "Enthronement Ceremony");
                break;
            case 1993:
                yield return On(6, 9, "結婚の儀", "Wedding of the Crown Prince");
                break;
            case 2019:
                yield return On(5, 1, "天皇の即位の日", "Accession Day");
                yield return On(10, 22, "即位礼正殿の儀", "Enthronement Ceremony");
                break;
        }
    }

    private static DateOnly NthMonday(int year, int month, int nth)
    {
        var first = new DateOnly(year, month, 1);
        var toMonday = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toMonday + (7 * (nth - 1)));
    }
}
