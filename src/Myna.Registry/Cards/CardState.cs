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

    /// <summary>The state in English words, for refusals (Japanese term in brackets): "suspended (一時停止)".</summary>
    public static string Describe(this CardState state) => state.Term().English;

    /// <summary>The state in words, in both languages: 「一時停止中」, "suspended (一時停止)".</summary>
    public static LocalizedText Term(this CardState state) => state switch
    {
        CardState.Active => new("利用中", "in use (交付済み)"),
        CardState.Suspended => new("一時停止中", "suspended (一時停止)"),
        CardState.Lapsed => new("失効済み", "lapsed (失効)"),
        CardState.Expired => new("有効期限切れ", "expired (有効期限切れ)"),
        CardState.Returned => new("返納済み", "returned (返納)"),
        CardState.Replaced => new("再交付・更新済み", "replaced (再交付・更新済み)"),
        _ => new(state.ToString(), state.ToString()),
    };

    /// <summary>Making a card <paramref name="state"/>, as the Japanese of a refusal says it (一時停止する …).</summary>
    internal static string JapaneseVerb(this CardState state) => state switch
    {
        CardState.Active => "利用できる状態に戻す",
        CardState.Suspended => "一時停止する",
        CardState.Lapsed => "失効させる",
        CardState.Expired => "有効期限切れとする",
        CardState.Returned => "返納する",
        CardState.Replaced => "新しいカードに切り替える",
        _ => state.ToString(),
    };
}
