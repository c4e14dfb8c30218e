using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Myna.Primitives.Text;
using Myna.Registry.Cards;

namespace Myna.Registry.Rules;

/// <summary>
/// The registry's sentences that are kept in the database: a card's state reason (<see cref="CardRecord.StateReason"/>),
/// a fee's reason (<see cref="Fees.FeeEntry.Reason"/>), and the audit details written from them. The columns hold the
/// English sentence, as they always have; this reads one back into both languages, so that a Japanese page shows it
/// in Japanese.
/// </summary>
/// <remarks>
/// Every sentence that is stored is made here (or by <see cref="CardFeeRule"/>, whose few sentences are all known),
/// from a pair of templates whose only variable parts are dates; reading matches the English template and
/// makes the pair again from the dates it finds. A text the registry did not make (older data, a sentence typed
/// elsewhere) is not recognised: <see cref="Read"/> then gives it unchanged in both languages.
/// </remarks>
public static class StoredSentences
{
    /// <summary>L1: why a card is suspended.</summary>
    internal static readonly LocalizedText Suspended = RuleText.Cite(RuleIds.L1, new(
        "紛失・盗難の届出により一時停止しました。", "suspended after a report of loss or theft"));

    /// <summary>Why a card is returned (返納): the holder brought it back.</summary>
    internal static readonly LocalizedText Returned = new("返納されました。", "returned (返納)");

    /// <summary>V7: the card expired after its last valid day {0}.</summary>
    internal static readonly DatedSentence Expired = new(RuleIds.V7,
        "有効期限（{0}）が過ぎました。",
        "expired after {0}");

    /// <summary>V5: lapsed on {0}, no move-in notice within 14 days after the move on {1}; the last day was {2}.</summary>
    internal static readonly DatedSentence LapsedNoMoveInAfterMove = new(RuleIds.V5,
        $"カードは{{0}}に失効しました。転入をした日（{{1}}）から{CardLapseRule.DaysAfterMove}日以内に転入届が出されませんでした（期限は{{2}}でした）。",
        $"the card lapsed on {{0}}: the move-in notice was not filed within {CardLapseRule.DaysAfterMove} days after the move on {{1}} (the last day was {{2}})");

    /// <summary>V5: lapsed on {0}, no move-in notice within 30 days after the planned move-out date {1}; the last day was {2}.</summary>
    internal static readonly DatedSentence LapsedNoMoveInAfterPlannedMoveOut = new(RuleIds.V5,
        $"カードは{{0}}に失効しました。転出予定日（{{1}}）から{CardLapseRule.DaysAfterPlannedMoveOut}日以内に転入届が出されませんでした（期限は{{2}}でした）。",
        $"the card lapsed on {{0}}: the move-in notice was not filed within {CardLapseRule.DaysAfterPlannedMoveOut} days after the planned move-out date {{1}} (the last day was {{2}})");

    /// <summary>V5: lapsed on {0}, a further move-out notice on {1} before the continuation procedure.</summary>
    internal static readonly DatedSentence LapsedMovedOutAgain = new(RuleIds.V5,
        "カードは{0}に失効しました。継続利用の手続をしないまま、{1}に再び転出の届出がありました。",
        "the card lapsed on {0}: the holder moved out again on {1} without the continuation procedure");

    /// <summary>V5: lapsed on {0}, the move-in notice of {1} without the card and no continuation by {2}.</summary>
    internal static readonly DatedSentence LapsedNoContinuation = new(RuleIds.V5,
        $"カードは{{0}}に失効しました。{{1}}の転入届の際にカードの提示がなく、{CardLapseRule.DaysForContinuation}日以内に継続利用の手続がされませんでした（期限は{{2}}でした）。",
        $"the card lapsed on {{0}}: the move-in notice of {{1}} was filed without the card and the continuation procedure was not done within {CardLapseRule.DaysForContinuation} days (the last day was {{2}})");

    private static readonly DatedSentence[] s_dated =
        [Expired, LapsedNoMoveInAfterMove, LapsedNoMoveInAfterPlannedMoveOut, LapsedMovedOutAgain, LapsedNoContinuation];

    /// <summary>The sentences without dates, by their English.</summary>
    private static readonly FrozenDictionary<string, LocalizedText> s_fixed = FixedSentences()
        .DistinctBy(t => t.English, StringComparer.Ordinal)
        .ToFrozenDictionary(t => t.English, StringComparer.Ordinal);

    /// <summary>Why a card was replaced by a new one on <paramref name="occasion"/> (renewal, reissue).</summary>
    /// <remarks>The English names the occasion as the window has always written it ("replaced by a new card (Renewal)").</remarks>
    public static LocalizedText Replaced(CardIssueOccasion occasion) => new(
        $"新しいカード（{JapaneseTerm(occasion)}）に切り替わりました。",
        $"replaced by a new card ({occasion})");

    /// <summary>
    /// The sentence whose English is <paramref name="english"/>, in both languages, if the registry made it
    /// (a card's state reason, a fee's reason, a lapse).
    /// </summary>
    public static bool TryRead(string? english, out LocalizedText text)
    {
        text = default;
        if (string.IsNullOrWhiteSpace(english))
            return false;
        if (s_fixed.TryGetValue(english, out text))
            return true;
        foreach (var sentence in s_dated)
        {
            if (sentence.TryRead(english, out text))
                return true;
        }
        return false;
    }

    /// <summary>
    /// <paramref name="english"/> in both languages when the registry made it; otherwise the text as it is on
    /// both sides (a Japanese page then shows the stored text unchanged rather than nothing).
    /// </summary>
    public static LocalizedText Read(string english)
    {
        ArgumentNullException.ThrowIfNull(english);
        return TryRead(english, out var text) ? text : new LocalizedText(english, english);
    }

    private static string JapaneseTerm(CardIssueOccasion occasion) => occasion switch
    {
        CardIssueOccasion.FirstIssue => "新規交付",
        CardIssueOccasion.Renewal => "更新",
        CardIssueOccasion.ReissueAfterLossOrDamage => "紛失・盗難・破損による再交付",
        CardIssueOccasion.ReissueAfterLapse => "失効後の再交付",
        CardIssueOccasion.ReissueEndorsementAreaFull => "追記欄の余白がないための再交付",
        CardIssueOccasion.ReissueAfterExpiry => "有効期限切れ後の再交付",
        _ => occasion.ToString(),
    };

    private static IEnumerable<LocalizedText> FixedSentences()
    {
        yield return Suspended;
        yield return Returned;
        foreach (var occasion in Enum.GetValues<CardIssueOccasion>())
        {
            yield return Replaced(occasion);
            yield return CardFeeRule.FeeFor(occasion, withCertificates: true).Reason;
            yield return CardFeeRule.FeeFor(occasion, withCertificates: false).Reason;
        }
    }
}

/// <summary>
/// A sentence whose only variable parts are dates: a Japanese and an English composite format with the same
/// placeholders (<c>{0}</c>, <c>{1}</c> …, each a date), and the rule it cites. Made into text with
/// <see cref="With"/>, read back from its English with <see cref="TryRead"/>.
/// </summary>
internal sealed class DatedSentence
{
    private static readonly Regex s_placeholder = new(@"\{(\d)\}", RegexOptions.CultureInvariant);

    private readonly string _rule;
    private readonly string _japanese;
    private readonly string _english;
    private readonly int _arity;
    private readonly Regex _pattern;

    public DatedSentence(string rule, string japanese, string english)
    {
        _rule = rule;
        _japanese = japanese;
        _english = english;
        // The English as cited, each placeholder a date: its first occurrence captures, a repeat must be the same.
        var cited = RuleText.Cite(rule, new LocalizedText(japanese, english)).English;
        var pattern = new StringBuilder("^");
        var seen = new HashSet<int>();
        var at = 0;
        foreach (Match placeholder in s_placeholder.Matches(cited))
        {
            pattern.Append(Regex.Escape(cited[at..placeholder.Index]));
            var n = placeholder.Groups[1].ValueSpan[0] - '0';
            pattern.Append(seen.Add(n) ? $@"(?<d{n}>\d{{4}}-\d{{2}}-\d{{2}})" : $@"\k<d{n}>");
            at = placeholder.Index + placeholder.Length;
        }
        pattern.Append(Regex.Escape(cited[at..])).Append('$');
        _arity = seen.Count;
        if (!Enumerable.Range(0, _arity).All(seen.Contains))
            throw new ArgumentException("The placeholders are {0} … {n-1}, each used.", nameof(english));
        _pattern = new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>The sentence with <paramref name="dates"/> in place, cited, in both languages.</summary>
    public LocalizedText With(params DateOnly[] dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Length != _arity)
            throw new ArgumentException($"This sentence takes {_arity} dates.", nameof(dates));
        return RuleText.Cite(_rule, new LocalizedText(
            string.Format(CultureInfo.InvariantCulture, _japanese, [.. dates.Select(d => (object)RuleText.JapaneseDate(d))]),
            string.Format(CultureInfo.InvariantCulture, _english, [.. dates.Select(d => (object)RuleText.Date(d))])));
    }

    /// <summary>Whether <paramref name="english"/> is this sentence; if so, <paramref name="text"/> is it in both languages.</summary>
    public bool TryRead(string english, out LocalizedText text)
    {
        text = default;
        var match = _pattern.Match(english);
        if (!match.Success)
            return false;
        var dates = new DateOnly[_arity];
        for (var n = 0; n < _arity; n++)
        {
            if (!DateOnly.TryParseExact(match.Groups[$"d{n}"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dates[n]))
                return false;
        }
        text = With(dates);
        return true;
    }
}
