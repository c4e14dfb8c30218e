using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>Why a card is being issued, as far as the fee depends on it.</summary>
public enum CardIssueOccasion
{
    /// <summary>The first card (交付): free for now (D1 table).</summary>
    FirstIssue,

    /// <summary>V1: renewal (更新) in the window before expiry: free for now.</summary>
    Renewal,

    /// <summary>L3: reissue (再交付) after loss, theft or damage.</summary>
    ReissueAfterLossOrDamage,

    /// <summary>V6: reissue after the card lapsed on moving (V5).</summary>
    ReissueAfterLapse,

    /// <summary>M2: reissue because the endorsement area (追記欄) is full: free.</summary>
    ReissueEndorsementAreaFull,

    /// <summary>V4: a foreign resident's card that expired before its expiry was changed: a paid reissue.</summary>
    ReissueAfterExpiry,
}

/// <summary>The fee for issuing a card, with the sentence that says why.</summary>
/// <param name="Yen">The amount in yen (0 when free).</param>
/// <param name="Rule">The rule that sets it.</param>
/// <param name="Reason">The sentence, ending with the rule id, in both languages.</param>
public sealed record FeeDecision(int Yen, string Rule, LocalizedText Reason)
{
    /// <summary>Whether no fee is taken.</summary>
    public bool IsFree => Yen == 0;

    /// <summary>The English sentence (logs).</summary>
    public override string ToString() => Reason.English;
}

/// <summary>L3, V6, M2, V1, V4: what issuing a card costs (手数料).</summary>
public static class CardFeeRule
{
    /// <summary>A paid reissue with the e-certificates (L3, V6).</summary>
    public const int ReissueYen = 1_000;

    /// <summary>A paid reissue without e-certificates (L3, V6).</summary>
    public const int ReissueWithoutCertificatesYen = 800;

    /// <summary>The fee for issuing a card on <paramref name="occasion"/>, with or without e-certificates.</summary>
    public static FeeDecision FeeFor(CardIssueOccasion occasion, bool withCertificates) => occasion switch
    {
        CardIssueOccasion.FirstIssue => Free(RuleIds.D1, new("初めてのカードの交付は無料です。", "the first card is issued free of charge")),
        CardIssueOccasion.Renewal => Free(RuleIds.V1, new("更新は無料です。", "renewal is free of charge")),
        CardIssueOccasion.ReissueEndorsementAreaFull => Free(RuleIds.M2, new(
            "追記欄に余白がないための再交付は無料です。", "a reissue because the endorsement area is full is free of charge")),
        CardIssueOccasion.ReissueAfterLossOrDamage => Paid(RuleIds.L3, new(
            "紛失・盗難・破損による再交付", "reissue after loss, theft or damage"), withCertificates),
        CardIssueOccasion.ReissueAfterLapse => Paid(RuleIds.V6, new("失効したカードの再交付", "reissue of a lapsed card"), withCertificates),
        CardIssueOccasion.ReissueAfterExpiry => Paid(RuleIds.V4, new(
            "有効期限の変更前に期限が切れたカードの再交付", "reissue of a card that expired before its expiry was changed"), withCertificates),
        _ => throw new ArgumentOutOfRangeException(nameof(occasion), occasion, "Unknown issue occasion."),
    };

    private static FeeDecision Free(string rule, LocalizedText why) => new(0, rule, RuleText.Cite(rule, why));

    private static FeeDecision Paid(string rule, LocalizedText what, bool withCertificates)
    {
        var yen = withCertificates ? ReissueYen : ReissueWithoutCertificatesYen;
        var certificates = withCertificates
            ? new LocalizedText("電子証明書あり", "with e-certificates")
            : new LocalizedText("電子証明書なし", "without e-certificates");
        return new FeeDecision(yen, rule, RuleText.Cite(rule, new(
            $"{what.Japanese}（{certificates.Japanese}）の手数料は{RuleText.JapaneseYen(yen)}です。",
            $"{what.English}, {certificates.English}: {RuleText.Yen(yen)}")));
    }
}
