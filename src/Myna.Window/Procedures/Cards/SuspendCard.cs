using Myna.Pki.Revocation;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Rules;

namespace Myna.Window.Procedures.Cards;

/// <summary>L1: suspends a card at once, at any hour (the call centre); both certificates are revoked (keyCompromise).</summary>
internal static class SuspendCard
{
    public const string Action = "card.suspended";

    public static async Task<WindowOutcome<CardRecord>> RunAsync(WindowWork work, Guid cardId)
    {
        if (await CardInUse.FindAsync(work, cardId, RuleIds.L1, new("一時停止できるのは利用中のカードだけです。", "only a card in use is suspended")) is { Refusal: { } refused })
            return refused;
        var card = (await work.CardAsync(cardId))!;
        if (await work.ClaimAsync(card) is { } conflict)
            return conflict;
        work.Revoke(card.Suspend(work.Today), RevocationReasons.ForCardLost);
        work.Audit(Action, Checks.CardSubject(card.Id), new LocalizedText(
            "紛失・盗難の届出により、カードを一時停止し、電子証明書を失効させました（鍵の危殆化）。（L1）",
            "suspended after a report of loss or theft (L1); certificates revoked (keyCompromise)"));
        return WindowOutcome<CardRecord>.Success(card);
    }
}

/// <summary>The card, if it exists and is in use today; else the refusal (not found, or the rule with why).</summary>
internal static class CardInUse
{
    public static async Task<(CardRecord? Card, Refusal? Refusal)> FindAsync(WindowWork work, Guid cardId, string rule, LocalizedText why)
    {
        if (await work.CardAsync(cardId) is not { } card)
            return (null, Refusals.NoSuchCard);
        var state = card.StateOn(work.Today);
        return state == CardState.Active ? (card, null) : (null, Refusals.CardNotInUse(rule, state, why));
    }
}
