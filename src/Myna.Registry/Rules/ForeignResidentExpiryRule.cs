using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>An expiry date and the sentence that says which rule set it.</summary>
/// <param name="Date">The last valid day (inclusive).</param>
/// <param name="Reason">Why this day, ending with the rule id, in both languages.</param>
public sealed record CardExpiry(DateOnly Date, LocalizedText Reason)
{
    /// <summary>The English sentence (logs).</summary>
    public override string ToString() => Reason.English;
}

/// <summary>V3: a foreign resident's card expiry (有効期限), by residence category, never past V2.</summary>
/// <remarks>
/// The transitional stay is "60 days from the birth or the loss" (Immigration Control Act art. 22-2(1),
/// 「六十日を限り」); the day of the event is not counted (Civil Code art. 140), so the last day is the
/// event's date plus 60.
/// </remarks>
public static class ForeignResidentExpiryRule
{
    /// <summary>Days of transitional stay after a birth or a loss of nationality (V3).</summary>
    public const int TransitionalStayDays = 60;

    /// <summary>The card's expiry for a holder born on <paramref name="birthDate"/>, card issued on <paramref name="issueDate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The residence ends before the issue date: no card is issued then.</exception>
    public static CardExpiry ExpiryFor(DateOnly birthDate, DateOnly issueDate, ForeignResidence residence)
    {
        ArgumentNullException.ThrowIfNull(residence);
        var v2 = CardExpiryRule.ExpiryFor(birthDate, issueDate);
        var (end, what) = residence.Category switch
        {
            ResidenceCategory.PermanentResident or ResidenceCategory.HighlySkilledProfessionalII
                or ResidenceCategory.SpecialPermanentResident => ((DateOnly?)null, default(LocalizedText)),
            ResidenceCategory.MidToLongTerm => (residence.Date, new LocalizedText("在留期間の満了日", "the last day of the period of stay")),
            ResidenceCategory.TemporaryRefuge => (residence.Date, new LocalizedText(
                "一時庇護のための上陸期間の満了日", "the end of the temporary refuge landing period")),
            ResidenceCategory.ProvisionalStay => (residence.Date, new LocalizedText("仮滞在期間の満了日", "the end of the provisional stay period")),
            ResidenceCategory.TransitionalStayAfterBirth => (residence.Date!.Value.AddDays(TransitionalStayDays), new LocalizedText(
                $"出生から{TransitionalStayDays}日を経過する日", $"{TransitionalStayDays} days after the birth")),
            ResidenceCategory.TransitionalStayAfterLossOfNationality => (residence.Date!.Value.AddDays(TransitionalStayDays), new LocalizedText(
                $"日本国籍の喪失から{TransitionalStayDays}日を経過する日", $"{TransitionalStayDays} days after the loss of Japanese nationality")),
            _ => throw new ArgumentOutOfRangeException(nameof(residence), residence.Category, "Unknown residence category."),
        };
        if (end is not { } last)
        {
            return new CardExpiry(v2, RuleText.Cite(RuleIds.V3, new(
                $"カードの有効期限は、日本国籍の方と同じく{RuleText.JapaneseDate(v2)}です（{RuleIds.V2}）。",
                $"the card expires on {RuleText.Date(v2)}, as for a Japanese national under {RuleIds.V2}")));
        }
        if (last < issueDate)
            throw new ArgumentOutOfRangeException(nameof(residence), "The residence ends before the card's issue date.");
        var (date, why) = Capped(last, what, v2);
        return new CardExpiry(date, RuleText.Cite(RuleIds.V3, why));
    }

    /// <summary>
    /// Whether a card may be issued on <paramref name="issueDate"/> for <paramref name="residence"/> (V3): not when the
    /// period of stay (or permission) has ended — the new status of residence is recorded first.
    /// </summary>
    public static RuleDecision MayIssue(ForeignResidence residence, DateOnly issueDate)
    {
        ArgumentNullException.ThrowIfNull(residence);
        var end = residence.Category switch
        {
            ResidenceCategory.TransitionalStayAfterBirth or ResidenceCategory.TransitionalStayAfterLossOfNationality =>
                residence.Date!.Value.AddDays(TransitionalStayDays),
            _ => residence.Date,
        };
        return end is { } last && last < issueDate
            ? RuleDecision.Refuse(RuleIds.V3, new(
                $"記録されている在留期間は{RuleText.JapaneseDate(last)}で終わっています。カードを交付する前に、新しい在留資格・在留期間を記録してください。",
                $"the recorded period of stay ended on {RuleText.Date(last)}: record the new status of residence before the card is issued"))
            : RuleDecision.Allow(RuleIds.V3, new("在留期間は交付の日を含んでいます。", "the period of stay covers the day of issue"));
    }

    /// <summary><paramref name="end"/>, or the V2 expiry when that comes first, with the words for either (uncited).</summary>
    internal static (DateOnly Date, LocalizedText Why) Capped(DateOnly end, LocalizedText what, DateOnly v2) => end <= v2
        ? (end, new LocalizedText(
            $"カードの有効期限は{RuleText.JapaneseDate(end)}（{what.Japanese}）です。",
            $"the card expires on {RuleText.Date(end)}, {what.English}"))
        : (v2, new LocalizedText(
            $"カードの有効期限は{RuleText.JapaneseDate(v2)}です。{what.Japanese}（{RuleText.JapaneseDate(end)}）より前に、カード本来の有効期限（{RuleIds.V2}）が来るためです。",
            $"the card expires on {RuleText.Date(v2)}, its {RuleIds.V2} expiry, which comes before {what.English} ({RuleText.Date(end)})"));
}
