using System.Globalization;

namespace Myna.Primitives.Text;

/// <summary>
/// A sentence a person reads, in the system's two languages: Japanese, the civil language of the system and the
/// default, and English. Refusals, rule decisions, audit details and the domain's other sentences carry one, so
/// that a page shows the sentence in its own language and never mixes the two.
/// </summary>
/// <remarks>
/// The pair is written where the sentence is made (a refusal's factory, a rule), not split over resource files:
/// a reader sees both at once and no sentence can lack its translation. <c>default</c> is two empty strings.
/// The text never holds a My Number or a PIN.
/// </remarks>
/// <param name="Japanese">As a municipal office writes it (です・ます調).</param>
/// <param name="English">The same sentence in plain English.</param>
public readonly record struct LocalizedText(string Japanese, string English)
{
    /// <summary>The English two-letter language name, as <see cref="CultureInfo.TwoLetterISOLanguageName"/> gives it.</summary>
    public const string EnglishLanguage = "en";

    /// <summary>The text in <paramref name="culture"/>'s language: English for an English culture, Japanese for any other.</summary>
    public string In(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == EnglishLanguage ? English : Japanese;
    }

    /// <summary>The text in the current UI culture's language (Japanese unless it is English).</summary>
    public string Current => In(CultureInfo.CurrentUICulture);

    /// <summary>Both sentences joined by a space: two texts one after the other.</summary>
    public LocalizedText Then(LocalizedText next) =>
        new(Japanese + next.Japanese, English + " " + next.English);

    /// <summary>The English sentence: logs and exception messages are English.</summary>
    public override string ToString() => English ?? "";
}

/// <summary>How dates and amounts are written in the two languages' sentences, the same everywhere.</summary>
public static class TextFormat
{
    /// <summary>A date in a Japanese sentence, as the endorsement area writes it: 2026年4月1日.</summary>
    public static string JapaneseDate(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>A date in an English sentence: ISO 8601, 2026-04-01.</summary>
    public static string EnglishDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Yen in a Japanese sentence: 1,000円.</summary>
    public static string JapaneseYen(int amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "円";

    /// <summary>Yen in an English sentence: 1,000 yen.</summary>
    public static string EnglishYen(int amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + " yen";
}
