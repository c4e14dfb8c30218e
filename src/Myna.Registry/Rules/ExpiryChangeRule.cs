using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>The outcome of asking to change a card's expiry (V4): the decision and, if allowed, the new expiry.</summary>
/// <param name="Decision">Allowed or refused, with the sentence.</param>
/// <param name="NewExpiry">The new last valid day when allowed; <c>null</c> when refused.</param>
public sealed record ExpiryChange(RuleDecision Decision, DateOnly? NewExpiry);

/// <summary>
/// V4: a foreign resident's change of card expiry (有効期限の変更) — after a change of status or an extension
/// of the period of stay, or while a special period (在留期間の特例) applies.
/// </summary>
/// <remarks>
/// The change must be asked for while the card is valid; the expiry date itself still counts (it is the
/// last valid day). After that the card is expired (V7) and only a paid reissue helps (V6 fee,
/// <see cref="CardFeeRule"/>). The new expiry never passes the V2 expiry of the card's issue.
/// </remarks>
public static class ExpiryChangeRule
{
    /// <summary>
    /// V4(1): after a status change or extension, the card's expiry becomes what V3 gives for the new
    /// residence (the new end of the period of stay, or V2 for a permanent status), never past V2.
    /// </summary>
    public static ExpiryChange AfterStatusChange(
        DateOnly birthDate, DateOnly issueDate, DateOnly currentExpiry, ForeignResidence newResidence, DateOnly appliedOn)
    {
        if (Expired(currentExpiry, appliedOn) is { } refused)
            return refused;
        var expiry = ForeignResidentExpiryRule.ExpiryFor(birthDate, issueDate, newResidence);
        return Allowed(currentExpiry, expiry.Date, new("在留資格の変更・在留期間の更新により", "after the change of status"), expiry.Reason);
    }

    /// <summary>
    /// V4(2): while the special period applies (an extension applied for in time: the stay continues until
    /// the decision, at most two months past the old period), the expiry becomes the special period's end,
    /// never past V2.
    /// </summary>
    public static ExpiryChange DuringSpecialPeriod(
        DateOnly birthDate, DateOnly issueDate, DateOnly currentExpiry, DateOnly specialPeriodEnds, DateOnly appliedOn)
    {
        if (Expired(currentExpiry, appliedOn) is { } refused)
            return refused;
        var v2 = CardExpiryRule.ExpiryFor(birthDate, issueDate);
        var (date, why) = ForeignResidentExpiryRule.Capped(specialPeriodEnds, new("特例期間の満了日", "the end of the special period"), v2);
        return Allowed(currentExpiry, date, new("特例期間中のため", "during the special period"), why);
    }

    private static ExpiryChange? Expired(DateOnly currentExpiry, DateOnly appliedOn) => appliedOn > currentExpiry
        ? new ExpiryChange(RuleDecision.Refuse(RuleIds.V4, new(
            $"カードの有効期限（{RuleText.JapaneseDate(currentExpiry)}）が過ぎているため、有効期限の変更はできません。再交付（有料）の申請が必要です。",
            $"the card expired on {RuleText.Date(currentExpiry)}, so its expiry can no longer be changed; only a paid reissue helps")), null)
        : null;

    /// <summary>The change allowed: the V4 sentence first, then <paramref name="why"/> (which cites its own rule, or none).</summary>
    private static ExpiryChange Allowed(DateOnly currentExpiry, DateOnly newExpiry, LocalizedText when, LocalizedText why) => new(
        new RuleDecision(true, RuleIds.V4, new(
            $"{when.Japanese}、カードの有効期限は{RuleText.JapaneseDate(currentExpiry)}から{RuleText.JapaneseDate(newExpiry)}に変わります（{RuleIds.V4}）。{why.Japanese}",
            $"{when.English}, the card's expiry changes from {RuleText.Date(currentExpiry)} to {RuleText.Date(newExpiry)} ({RuleIds.V4}): {why.English}")),
        newExpiry);
}
