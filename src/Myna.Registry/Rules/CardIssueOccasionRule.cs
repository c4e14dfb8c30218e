using Myna.Registry.Applications;
using Myna.Registry.Cards;

namespace Myna.Registry.Rules;

/// <summary>What the occasion rule needs to know of the resident's latest card (the newest one not replaced by another).</summary>
/// <param name="StateToday">Its state today (a card past its expiry is expired, V7).</param>
/// <param name="ExpiresOn">Its last valid day.</param>
/// <param name="HasRoomForEndorsement">Whether its endorsement area has room (M2).</param>
public sealed record LatestCardFacts(CardState StateToday, DateOnly ExpiresOn, bool HasRoomForEndorsement);

/// <summary>
/// Which occasion a card application may name (L3, V1, V4, V6, M2), given the resident's latest card: the first card
/// only for someone who never had one; a renewal in V1's window; a reissue that fits the card's condition.
/// </summary>
/// <remarks>
/// A card handed back (返納) is no obstacle to a new one: an expired card handed back is reissued after expiry (V4, paid),
/// any other is reissued as after a loss (L3, paid). The fee itself is <see cref="CardFeeRule"/>'s.
/// </remarks>
public static class CardIssueOccasionRule
{
    /// <summary>Whether <paramref name="occasion"/> fits <paramref name="latest"/> (null: the resident never had a card) on <paramref name="today"/>.</summary>
    public static RuleDecision MayApply(CardIssueOccasion occasion, LatestCardFacts? latest, DateOnly today)
    {
        if (occasion == CardIssueOccasion.FirstIssue)
        {
            return latest is null
                ? RuleDecision.Allow(RuleIds.L3, new("初めてのカードの申請ができます。", "a first card may be applied for"))
                : RuleDecision.Refuse(RuleIds.L3, new("この方はカードの交付を受けたことがあるため、新規交付ではなく更新または再交付の申請になります。", "this resident has had a card: a new one is a renewal or a reissue"));
        }
        if (latest is null)
            return RuleDecision.Refuse(RuleIds.L3, new("この方は更新・再交付の対象となるカードをお持ちではありません。", "this resident has never had a card to renew or reissue"));
        var state = latest.StateToday;
        var returned = state == CardState.Returned;
        var returnedExpired = returned && latest.ExpiresOn < today;
        return occasion switch
        {
            CardIssueOccasion.Renewal when returned =>
                RuleDecision.Refuse(RuleIds.V1, new("返納されたカードは更新できません。再交付の申請になります。", "the card was handed back: it is not renewed, but reissued")),
            CardIssueOccasion.Renewal => RenewalRule.MayRenew(ExpiringItem.Card, latest.ExpiresOn, today),
            CardIssueOccasion.ReissueAfterLossOrDamage when state is CardState.Active or CardState.Suspended || (returned && !returnedExpired) =>
                RuleDecision.Allow(RuleIds.L3, new("利用中・一時停止中・返納済みのカードは、手数料をいただいて再交付します。", "a card in use, suspended or handed back is reissued for the fee")),
            CardIssueOccasion.ReissueAfterLossOrDamage =>
                RuleDecision.Refuse(RuleIds.L3, new($"このカードは{state.Term().Japanese}のため、紛失・破損などによる再交付の対象ではありません。対象は利用中か一時停止中のカードです。", $"the card is {state.Term().English}: a reissue after loss or damage is for a card in use or suspended")),
            CardIssueOccasion.ReissueAfterLapse when state == CardState.Lapsed =>
                RuleDecision.Allow(RuleIds.V6, new("失効したカードは、手数料をいただいて再交付します。", "a lapsed card is reissued for the fee")),
            CardIssueOccasion.ReissueAfterLapse => RuleDecision.Refuse(RuleIds.V6, new("失効後の再交付は、失効したカードだけが対象です。", "only a lapsed card is reissued as such")),
            CardIssueOccasion.ReissueEndorsementAreaFull when state == CardState.Active && !latest.HasRoomForEndorsement =>
                RuleDecision.Allow(RuleIds.M2, new("追記欄に余白のない利用中のカードは、無料で再交付します。", "a card in use whose endorsement area is full is reissued free of charge")),
            CardIssueOccasion.ReissueEndorsementAreaFull =>
                RuleDecision.Refuse(RuleIds.M2, new("無料の再交付は、追記欄に余白のない利用中のカードだけが対象です。", "a free reissue is for a card in use whose endorsement area is full")),
            CardIssueOccasion.ReissueAfterExpiry when state == CardState.Expired || returnedExpired =>
                RuleDecision.Allow(RuleIds.V4, new("有効期限が切れたカードは、手数料をいただいて再交付します。", "an expired card is reissued for the fee")),
            CardIssueOccasion.ReissueAfterExpiry =>
                RuleDecision.Refuse(RuleIds.V4, new("このカードは有効期限が切れていません。有効期限切れによる再交付は、期限の切れたカードだけが対象です。", "this card has not expired: a reissue after expiry is for an expired card")),
            _ => throw new ArgumentOutOfRangeException(nameof(occasion), occasion, "Unknown occasion."),
        };
    }
}
