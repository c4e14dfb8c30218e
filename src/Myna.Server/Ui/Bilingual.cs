using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Myna.Server.Ui;

/// <summary>
/// The pages' two languages: Japanese (the system's own) and English. Each text is written as a pair where it is
/// used, <c>@T("住民を探す", "Find a resident")</c>, so no string can lack its translation and a reader sees both.
/// </summary>
/// <remarks>
/// The framework's request localization picks the culture (cookie, then <c>Accept-Language</c>); resource files
/// (resx) would split every sentence from its translation over two files for a fixed pair of languages, which
/// is why the pairs are written inline instead.
/// </remarks>
public static class Bilingual
{
    /// <summary>Japanese, the default.</summary>
    public const string Japanese = "ja";

    /// <summary>English, by the switch in the header.</summary>
    public const string English = "en";

    /// <summary>The cultures the pages speak, the default first.</summary>
    public static readonly IReadOnlyList<string> Languages = [Japanese, English];

    /// <summary>Whether the current request is in English.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English;

    /// <summary>The text in the request's language.</summary>
    public static string T(string japanese, string english) => IsEnglish ? english : japanese;

    /// <summary>A catalogue's words as a label in the request's language: English words, written for the middle of a
    /// sentence, start with a capital.</summary>
    public static string Label(Myna.Primitives.Text.LocalizedText words) =>
        IsEnglish && words.English.Length > 0 ? char.ToUpperInvariant(words.English[0]) + words.English[1..] : words.Japanese;

    /// <summary>
    /// Both sentences, Japanese first and the English beneath it (marked <c>lang="en"</c>), for a screen that speaks to
    /// everyone at once, as a store's machine does (the kiosk pages).
    /// </summary>
    public static IHtmlContent Both(Myna.Primitives.Text.LocalizedText text) => new HtmlContentBuilder()
        .AppendHtml("<span class=\"ja\">").Append(text.Japanese).AppendHtml("</span><span class=\"en\" lang=\"en\">")
        .Append(text.English).AppendHtml("</span>");

    /// <summary>A date as people at a Japanese window write it (2026-11-26 in both languages, weekday added).</summary>
    public static string Date(DateOnly date) =>
        date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (" + T(JapaneseWeekday(date.DayOfWeek), date.DayOfWeek.ToString()[..3]) + ")";

    /// <summary>An instant in Japan time to the minute, as the date above with the time: 2026-12-06 (日) 03:00.</summary>
    public static string DateAndTime(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Myna.Primitives.JapanClock.Offset);
        return Date(DateOnly.FromDateTime(local.DateTime)) + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static string JapaneseWeekday(DayOfWeek day) => "日月火水木金土"[(int)day].ToString();
}
