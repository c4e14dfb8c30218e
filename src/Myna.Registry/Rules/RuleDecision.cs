using System.Globalization;

namespace Myna.Registry.Rules;

/// <summary>
/// A rule's answer to "may this be done?": yes or no, with one sentence that names the rule, as the
/// window's and the kiosk's pages show it (e.g. "renewal may be applied for from 2035-10-02 (V1)").
/// </summary>
/// <remarks>
/// A refusal is an expected outcome, so it is a value, not an exception. The sentence never
/// carries a My Number or a PIN: rules see dates and plain facts only.
/// </remarks>
/// <param name="IsAllowed">Whether the rule lets it be done.</param>
/// <param name="Rule">The guidebook rule id (<c>V1</c>, <c>K</c> …).</param>
/// <param name="Reason">The sentence, ending with the rule id in brackets.</param>
public sealed record RuleDecision(bool IsAllowed, string Rule, string Reason)
{
    /// <summary>A yes; <paramref name="reason"/> gets " (<paramref name="rule"/>)" appended.</summary>
    public static RuleDecision Allow(string rule, string reason) => new(true, rule, RuleText.Cite(rule, reason));

    /// <summary>A no; <paramref name="reason"/> gets " (<paramref name="rule"/>)" appended.</summary>
    public static RuleDecision Refuse(string rule, string reason) => new(false, rule, RuleText.Cite(rule, reason));

    /// <inheritdoc/>
    public override string ToString() => Reason;
}

/// <summary>How rule sentences write dates and cite rules, the same way everywhere.</summary>
internal static class RuleText
{
    /// <summary>ISO 8601 (2026-03-17): unambiguous on English and Japanese pages alike.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Yen with a thousands separator (1,000 yen).</summary>
    public static string Yen(int amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + " yen";

    public static string Cite(string rule, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return $"{reason} ({rule})";
    }
}
