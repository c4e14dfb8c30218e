using Myna.Pki.Revocation;
using Myna.Primitives.Text;
using Myna.Registry.Cards;

namespace Myna.Window.Procedures.Cards;

/// <summary>
/// The card is handed back (返納), for a reason when the form gave one: it ends, its certificates are revoked
/// (cessationOfOperation), and the audit entry says why.
/// </summary>
internal static class ReturnCard
{
    public const string Action = "card.returned";

    public static async Task<WindowOutcome<CardRecord>> RunAsync(WindowWork work, Guid cardId, CardReturnReason? reason)
    {
        if (reason is { } given && !Enum.IsDefined(given))
            return Refusals.UnknownReturnReason;
        if (await work.CardAsync(cardId) is not { } card)
            return Refusals.NoSuchCard;
        var ending = card.Return(work.Today);
        if (await work.ClaimAsync(card) is { } conflict)
            return conflict;
        work.Revoke(ending, RevocationReasons.ForCardReturned);
        var why = reason is { } r ? Words(r) : (LocalizedText?)null;
        work.Audit(Action, Checks.CardSubject(card.Id), why is { } w
            ? new LocalizedText($"カードの返納を受け付け、電子証明書を失効させました（理由：{w.Japanese}）。", $"handed back (返納), reason {reason}; certificates revoked")
            : new LocalizedText("カードの返納を受け付け、電子証明書を失効させました。", "handed back (返納); certificates revoked"));
        return WindowOutcome<CardRecord>.Success(card);
    }

    private static LocalizedText Words(CardReturnReason reason) => reason switch
    {
        CardReturnReason.HolderRequest => new("本人の申出", "the holder's request"),
        CardReturnReason.Death => new("死亡", "death"),
        CardReturnReason.EmigrationAbroad => new("国外転出", "emigration abroad"),
        _ => new("失効・有効期限切れ", "lapsed or expired"),
    };
}
