using System.Globalization;

namespace Myna.Registry.Tests.Rules;

/// <summary>Exact dates and Japan-time instants for rule tests, written as ISO text.</summary>
internal static class Dates
{
    /// <summary>A civil date: <c>D("2026-03-17")</c>.</summary>
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant given as Japan time: <c>Jst("2026-03-17 09:30")</c> or with seconds.</summary>
    public static DateTimeOffset Jst(string isoLocal) =>
        new(DateTime.ParseExact(isoLocal, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None),
            TimeSpan.FromHours(9));
}
