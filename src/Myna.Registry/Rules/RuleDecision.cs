using System.Globalization;
using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>
/// A rule's answer to "may this be done?": yes or no, with one sentence that names the rule, in both languages, as
/// the window's and the kiosk's pages show it (「更新の申請は2035年10月2日からできます。（V1）」 /
/// "renewal may be applied for from 2035-10-02 (V1)").
/// </summary>
/// <remarks>
/// A refusal is an expected outcome, so it is a value, not an exception. The sentence never
/// carries a My Number or a PIN: rules see dates and plain facts only.
/// </remarks>
/// <param name="IsAllowed">Whether the rule lets it be done.</param>
/// <param name="Rule">The guidebook rule id (<see cref="RuleIds.V1"/>, <see cref="RuleIds.K"/> …).</param>
/// <param name="Reason">The sentence, ending with the rule id in brackets in both languages.</param>
public sealed record RuleDecision(bool IsAllowed, string Rule, LocalizedText Reason)
{
    /// <summary>A yes; <paramref name="reason"/> gets the rule id appended (「（V1）」, " (V1)").</summary>
    public static RuleDecision Allow(string rule, LocalizedText reason) => new(true, rule, RuleText.Cite(rule, reason));

    /// <summary>A no; <paramref name="reason"/> gets the rule id appended (「（V1）」, " (V1)").</summary>
    public static RuleDecision Refuse(string rule, LocalizedText reason) => new(false, rule, RuleText.Cite(rule, reason));

    /// <summary>The English sentence (logs).</summary>
    public override string ToString() => Reason.English;
}

/// <summary>How rule sentences write dates, amounts and cite rules, the same way everywhere.</summary>
/// <remarks>
/// Japanese sentences are written as a municipal office writes them (です・ます調, ending with 「。」) and dates
/// as 2026年4月1日; English sentences keep ISO 8601 dates (2026-04-01), unambiguous to any reader.
/// </remarks>
internal static class RuleText
{
    /// <summary>ISO 8601 (2026-03-17), for the English sentences.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Japanese way (2026年3月17日), for the Japanese sentences.</summary>
    public static string JapaneseDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>Yen with a thousands separator (1,000 yen).</summary>
    public static string Yen(int amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + " yen";

    /// <summary>Yen as Japanese writes it (1,000円).</summary>
    public static string JapaneseYen(int amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "円";

    /// <summary>The sentence with the rule id after it: 「…。（V1）」 and "… (V1)".</summary>
    public static LocalizedText Cite(string rule, LocalizedText reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason.Japanese);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason.English);
        return new LocalizedText($"{reason.Japanese}（{rule}）", $"{reason.English} ({rule})");
    }
}
