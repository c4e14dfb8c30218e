using Myna.Primitives.Text;
namespace Myna.Registry.Cards;

/// <summary>Where a card stands in its life. Changes only through <see cref="CardRecord"/>'s checked transitions.</summary>
public enum CardState
{
    /// <summary>Delivered to its holder and usable (交付済み).</summary>
    Active,

    /// <summary>L1: suspended (一時停止) after a report of loss or theft; both certificates revoked.</summary>
    Suspended,

    /// <summary>V5: lapsed (失効) after a missed moving deadline; unusable for good, reissue only (V6).</summary>
    Lapsed,

    /// <summary>V7: past its expiry; no identity document, certificates invalid.</summary>
    Expired,

    /// <summary>Handed back to the municipality (返納). Final.</summary>
    Returned,

    /// <summary>Replaced by a new card (renewal, reissue, full endorsement area). Final.</summary>
    Replaced,
}

/// <summary>The transitions between <see cref="CardState"/>s that the rules allow, and the words for a refusal.</summary>
public static class CardStates
{
    /// <summary>Whether a card in <paramref name="state"/> can still change (Returned and Replaced are final).</summary>
    public static bool IsFinal(this CardState state) => state is CardState.Returned or CardState.Replaced;

    /// <summary>Whether the card still holds live certificates and works as a card (Active only).</summary>
    public static bool IsUsable(this CardState state) => state == CardState.Active;

    /// <summary>Whether the rules allow <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool Allows(CardState from, CardState to) => (from, to) switch
    {
        (CardState.Active, CardState.Suspended) => true,                                  // L1
        (CardState.Suspended, CardState.Active) => true,                                  // L2
        (CardState.Active or CardState.Suspended, CardState.Lapsed) => true,              // V5
        (CardState.Active or CardState.Suspended, CardState.Expired) => true,             // V7
        (CardState.Active or CardState.Suspended or CardState.Lapsed or CardState.Expired,
            CardState.Returned or CardState.Replaced) => true,                             // return; L3, V6, M2, V1
        _ => false,
    };

    /// <summary>The state in words, for refusals (Japanese term in brackets).</summary>
    /// <summary>The state as the window says it, in both languages.</summary>
    public static LocalizedText Words(this CardState state) => state switch
    {
        CardState.Active => new("利用中", "in use"),
        CardState.Suspended => new("一時停止中", "suspended"),
        CardState.Lapsed => new("失効", "lapsed"),
        CardState.Expired => new("有効期限切れ", "expired"),
        CardState.Returned => new("返納済み", "returned"),
        CardState.Replaced => new("再交付・更新済み", "replaced"),
        _ => new(state.ToString(), state.ToString()),
    };

    public static string Describe(this CardState state) => state switch
    {
        CardState.Active => "in use (交付済み)",
        CardState.Suspended => "suspended (一時停止)",
        CardState.Lapsed => "lapsed (失効)",
        CardState.Expired => "expired (有効期限切れ)",
        CardState.Returned => "returned (返納)",
        CardState.Replaced => "replaced (再交付・更新済み)",
        _ => state.ToString(),
    };
}
