using Myna.Primitives.Text;
using Myna.Registry.Seals;

namespace Myna.Registry.Rules;

/// <summary>
/// U2.10: a seal registration certificate (印鑑登録証明書) asked for at the window needs the seal registration card
/// (印鑑登録証) of the holder's live registration; the My Number card does not serve there (at a kiosk it does, U2.3 ③,
/// through its user-authentication certificate).
/// </summary>
public static class SealCertificateRule
{
    /// <summary>
    /// Whether the window may issue the certificate of <paramref name="live"/> (the holder's live registration, or null)
    /// for what was presented: the card's number, or the My Number card.
    /// </summary>
    /// <param name="live">The holder's registration in force, or null when none is.</param>
    /// <param name="presented">What the applicant presented.</param>
    /// <param name="cardNumber">The number of the seal registration card presented (digits), or null when none was.</param>
    public static RuleDecision AtWindow(SealRegistration? live, PresentedDocument presented, string? cardNumber)
    {
        if (presented == PresentedDocument.MyNumberCard)
        {
            return RuleDecision.Refuse(RuleIds.U2_10, new LocalizedText(
                "窓口での印鑑登録証明書の交付には、印鑑登録証が必要です。マイナンバーカードでは交付できません。",
                "A seal registration certificate at the window needs the seal registration card; the My Number card does not serve there."));
        }
        if (string.IsNullOrWhiteSpace(cardNumber))
        {
            return RuleDecision.Refuse(RuleIds.U2_10, new LocalizedText(
                "印鑑登録証明書の交付には、印鑑登録証の提示が必要です。",
                "A seal registration certificate needs the seal registration card to be presented."));
        }
        if (live is null)
        {
            return RuleDecision.Refuse(RuleIds.U2_10, new LocalizedText(
                "この方の印鑑登録はありません（廃止されています）。提示された印鑑登録証は使えません。",
                "This resident has no seal registration in force; the card presented does not serve."));
        }
        if (!string.Equals(live.CardNumber, cardNumber.Trim(), StringComparison.Ordinal))
        {
            return RuleDecision.Refuse(RuleIds.U2_10, new LocalizedText(
                "提示された印鑑登録証は、この方の現在の登録のものではありません。",
                "The card presented is not the seal registration card of this resident's registration."));
        }
        return RuleDecision.Allow(RuleIds.U2_10, new LocalizedText(
            "印鑑登録証の提示により交付します。", "Issued on presentation of the seal registration card."));
    }
}

/// <summary>What an applicant presents at the window for a seal registration certificate (U2.10).</summary>
public enum PresentedDocument
{
    /// <summary>The seal registration card (印鑑登録証), whose number is given with it.</summary>
    SealRegistrationCard,

    /// <summary>The My Number card, which does not serve at the window (U2.10).</summary>
    MyNumberCard,
}
