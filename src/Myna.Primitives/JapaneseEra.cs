using System.Globalization;

namespace Myna.Primitives;

/// <summary>
/// The Japanese era (元号) of a date, numbered as the JPKI signature certificate codes it (card-interface §6):
/// 1 Meiji, 2 Taisho, 3 Showa, 4 Heisei, 5 Reiwa, 0 unknown.
/// </summary>
public enum JapaneseEra
{
    Unknown = 0,
    Meiji = 1,
    Taisho = 2,
    Showa = 3,
    Heisei = 4,
    Reiwa = 5,
}

/// <summary>Era arithmetic for the formats the card and the certificates use.</summary>
public static class JapaneseEras
{
    // First days of each era (改元日), from the Imperial House proclamations. The BCL's JapaneseCalendar
    // gives the same boundaries; the tests check every day against it.
    private static readonly (JapaneseEra Era, DateOnly Start, string Name)[] Eras =
    [
        (JapaneseEra.Reiwa, new DateOnly(2019, 5, 1), "令和"),
        (JapaneseEra.Heisei, new DateOnly(1989, 1, 8), "平成"),
        (JapaneseEra.Showa, new DateOnly(1926, 12, 25), "昭和"),
        (JapaneseEra.Taisho, new DateOnly(1912, 7, 30), "大正"),
        (JapaneseEra.Meiji, new DateOnly(1868, 10, 23), "明治"),
    ];

    /// <summary>The first day an era year can be written for: 1868-10-23, the first day of Meiji.</summary>
    public static DateOnly Earliest => Eras[^1].Start;

    /// <summary>The era a date falls in; <see cref="JapaneseEra.Unknown"/> before Meiji.</summary>
    public static JapaneseEra EraOf(DateOnly date)
    {
        foreach (var (era, start, _) in Eras)
        {
            if (date >= start)
                return era;
        }
        return JapaneseEra.Unknown;
    }

    /// <summary>The year within the era (元年 = 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is before Meiji.</exception>
    public static int EraYear(DateOnly date)
    {
        foreach (var (_, start, _) in Eras)
        {
            if (date >= start)
                return date.Year - start.Year + 1;
        }
        throw new ArgumentOutOfRangeException(nameof(date), "Dates before Meiji have no era year here.");
    }

    /// <summary>The era's name in kanji (令和 …), empty for unknown.</summary>
    public static string Name(JapaneseEra era) =>
        Eras.FirstOrDefault(e => e.Era == era).Name ?? "";

    /// <summary>
    /// The birth-date form of the signature certificate: <c>EYYYYMMDD</c>, the era code and then the
    /// Gregorian date, e.g. <c>419900102</c> for 1990-01-02 (card-interface §6, OID 1.2.392.200149.8.5.5.4).
    /// </summary>
    public static string ToCertificateBirthDate(DateOnly date) =>
        ((int)EraOf(date)).ToString(CultureInfo.InvariantCulture) +
        date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The era date <c>YYMMDD</c> (year within the era), as the visual AP's birth-date key and the first part of
    /// 照合番号B use it (card-interface §2.3, §3), e.g. <c>550217</c> for 1980-02-17 (Showa 55).
    /// </summary>
    public static string ToEraYyMmDd(DateOnly date) =>
        (EraYear(date) % 100).ToString("00", CultureInfo.InvariantCulture) +
        date.ToString("MMdd", CultureInfo.InvariantCulture);

    /// <summary>A date written the Japanese way: <c>令和8年11月25日</c> (元年 for the first year).</summary>
    public static string ToJapaneseLongDate(DateOnly date)
    {
        var era = EraOf(date);
        if (era == JapaneseEra.Unknown)
            return date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var year = EraYear(date);
        var y = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return $"{Name(era)}{y}年{date.Month}月{date.Day}日";
    }
}
