namespace Myna.Registry.Rules;

/// <summary>
/// V1: the expiry notice (有効期限通知書) that J-LIS sends and the renewal window (更新), for the card and
/// for each e-certificate alike, each counted from its own expiry date.
/// </summary>
/// <remarks>
/// The guidebook says "about 3 months before" for the notice and "from 3 months before expiry" for
/// renewal. We read both as the same day: the expiry date's day of month three calendar months earlier,
/// clamped to the end of a shorter month (expiry 2026-05-31 → 2026-02-28), which is what
/// <see cref="DateOnly.AddMonths"/> does. The window runs from that day to the expiry date, both
/// included: the expiry date is the card's last valid day (V2), and renewal is done on a valid card.
/// </remarks>
public static class RenewalRule
{
    /// <summary>How many calendar months before the expiry the notice is sent and renewal opens (V1).</summary>
    public const int MonthsBefore = 3;

    /// <summary>The day the expiry notice is sent: three months before <paramref name="expiry"/>, clamped to month end.</summary>
    public static DateOnly NoticeDate(DateOnly expiry) => expiry.AddMonths(-MonthsBefore);

    /// <summary>The days on which renewal may be applied for: <see cref="NoticeDate"/> to <paramref name="expiry"/>, both included.</summary>
    public static DateWindow Window(DateOnly expiry) => new(NoticeDate(expiry), expiry);

    /// <summary>Whether <paramref name="item"/>, expiring on <paramref name="expiry"/>, may be renewed on <paramref name="on"/> (V1).</summary>
    public static RuleDecision MayRenew(ExpiringItem item, DateOnly expiry, DateOnly on)
    {
        var window = Window(expiry);
        var what = item.Describe();
        if (on < window.First)
        {
            return RuleDecision.Refuse(RuleIds.V1, new(
                $"{what.Japanese}の有効期限は{RuleText.JapaneseDate(expiry)}です。更新の申請は、その{MonthsBefore}か月前の{RuleText.JapaneseDate(window.First)}からできます。",
                $"{what.English} expires on {RuleText.Date(expiry)}; its renewal may be applied for from {RuleText.Date(window.First)}, three months before"));
        }
        if (on > window.Last)
        {
            return RuleDecision.Refuse(RuleIds.V1, new(
                $"{what.Japanese}の有効期限（{RuleText.JapaneseDate(expiry)}）が過ぎています。更新は有効期限の日までのため、改めて新規に申請してください。",
                $"{what.English} expired on {RuleText.Date(expiry)}, and renewal is possible only until the expiry day; only a new issue helps now"));
        }
        return RuleDecision.Allow(RuleIds.V1, new(
            $"{what.Japanese}の有効期限は{RuleText.JapaneseDate(expiry)}です。{RuleText.JapaneseDate(window.First)}からその日まで、無料で更新できます。",
            $"{what.English} expires on {RuleText.Date(expiry)}; renewal is open from {RuleText.Date(window.First)} until that day, free of charge"));
    }
}
