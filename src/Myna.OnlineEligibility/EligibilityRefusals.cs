using Myna.Pki.Verification;
using Myna.Registry.Rules;

namespace Myna.OnlineEligibility;

/// <summary>The eligibility service's refusals before an eligibility answer, in the words the reception terminal shows.</summary>
public static class EligibilityRefusals
{
    public static EligibilityRefusal UnknownTerminal { get; } = new("terminal-unknown", null, new(
        "この端末はオンライン資格確認に登録されていません。", "This terminal is not registered for online eligibility checks."));

    public static EligibilityRefusal UnknownCheck { get; } = new("check-unknown", null, new(
        "この確認は見つかりません。最初からやり直してください。", "This check does not exist. Please start again."));

    public static EligibilityRefusal ChallengeCount { get; } = new("challenge-count", null, new(
        $"一度に受け取れる確認は1件から{EligibilityService.MaxChallengesAtOnce}件までです。",
        $"Ask for 1 to {EligibilityService.MaxChallengesAtOnce} challenges at a time."));

    public static EligibilityRefusal CheckExpired { get; } = new("check-expired", RuleIds.U1_2, new(
        "時間切れのため確認を終了しました。もう一度カードを置いてください。", "The check timed out. Please place the card again."));

    public static EligibilityRefusal AlreadyAnswered { get; } = new("already-answered", RuleIds.U1_2, new(
        "この確認はすでに終わっています。", "This check has been answered already."));

    public static EligibilityRefusal SignatureRequired { get; } = new("signature-required", RuleIds.U1_2, new(
        "暗証番号で本人確認をした場合は、カードの署名が必要です。", "With the PIN, the card's signature is required."));

    public static EligibilityRefusal UnknownHolder { get; } = new("holder-unknown", RuleIds.U1_2, new(
        "このカードの利用者を確認できません。", "The holder of this card cannot be identified."));

    /// <summary>What the verification of the card's certificate or signature found wrong.</summary>
    public static EligibilityRefusal Of(VerificationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Code switch
        {
            VerificationFailureCode.Revoked => new("certificate-revoked", RuleIds.U1_2, new(
                "このカードの電子証明書は失効しています。保険証としては使えません。資格確認書等で確認してください。",
                "This card's certificate has been revoked; it cannot be used as the insurance card. Check eligibility with another document.")),
            VerificationFailureCode.Expired or VerificationFailureCode.NotYetValid => new("certificate-expired", RuleIds.U1_2, new(
                "このカードの電子証明書は有効期限が切れています。市区町村窓口で更新してください。",
                "This card's certificate has expired. Renew it at the municipality's window.")),
            VerificationFailureCode.RevocationUnavailable => new("status-unavailable", RuleIds.U1_2, new(
                "電子証明書の有効性を確認できませんでした。しばらくしてからお試しください。",
                "The certificate's status could not be checked. Please try again later.")),
            VerificationFailureCode.BadSignature => new("bad-signature", RuleIds.U1_2, new(
                "カードの署名を確認できませんでした。カードを置き直してください。", "The card's signature does not verify. Place the card again.")),
            _ => new("wrong-certificate", RuleIds.U1_2, new(
                "このカードの証明書では資格確認ができません。", "This card's certificate cannot be used for the check.")),
        };
    }
}
