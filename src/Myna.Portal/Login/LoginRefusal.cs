using Myna.Pki.Verification;
using Myna.Primitives.Text;
using Myna.Reader;

namespace Myna.Portal.Login;

/// <summary>
/// Why a card login did not go through, with the sentence the holder reads. Codes are stable (the API's
/// <c>reason</c>); messages name no personal detail.
/// </summary>
/// <param name="Code">What went wrong, for programs.</param>
/// <param name="Rule">The rule that says so (<c>U3.1</c> for the login itself, <c>P3</c> for a blocked PIN).</param>
/// <param name="Message">For the holder.</param>
public sealed record LoginRefusal(string Code, string Rule, LocalizedText Message)
{
    /// <summary>No challenge has this code (mistyped, or pruned long ago).</summary>
    public static LoginRefusal UnknownChallenge { get; } = new("unknown-challenge", "U3.1", new(
        "このログインコードは見つかりません。画面に表示されたコードを確認してください。",
        "No login is waiting for this code. Check the code shown on the login page."));

    /// <summary>The challenge's time ran out.</summary>
    public static LoginRefusal ChallengeExpired { get; } = new("challenge-expired", "U3.1", new(
        "ログインの有効時間が過ぎました。ログイン画面からやり直してください。",
        "The login has timed out. Start again from the login page."));

    /// <summary>The challenge was answered already: a replay, or a second card on the same code.</summary>
    public static LoginRefusal ChallengeUsed { get; } = new("challenge-used", "U3.1", new(
        "このログインコードは使用済みです。ログイン画面からやり直してください。",
        "This login code has been used already. Start again from the login page."));

    /// <summary>The PIN was wrong; the card counted it.</summary>
    public static LoginRefusal WrongPin(int triesLeft) => new("wrong-pin", "P3", new(
        $"利用者証明用電子証明書の暗証番号が違います。あと {triesLeft} 回間違えるとロックされます。",
        $"The user-authentication PIN is wrong. {triesLeft} more wrong {(triesLeft == 1 ? "entry" : "entries")} will block it."));

    /// <summary>The PIN is blocked (now or before): only the window can reset it.</summary>
    public static LoginRefusal PinBlocked { get; } = new("pin-blocked", "P3", new(
        "暗証番号がロックされています。住所地の市区町村窓口で暗証番号の再設定を申請してください。",
        "The PIN is blocked. Ask the window of your municipality to reset it."));

    /// <summary>The card has no user-authentication certificate (never issued, or revoked and removed).</summary>
    public static LoginRefusal NoCertificate { get; } = new("no-certificate", "U3.1", new(
        "このカードには利用者証明用電子証明書が入っていません。市区町村窓口で発行を申請してください。",
        "This card holds no user-authentication certificate. Ask your municipality's window to issue one."));

    /// <summary>The certificate is valid but the authority knows no holder for it.</summary>
    public static LoginRefusal UnknownHolder { get; } = new("unknown-holder", "U3.1", new(
        "この電子証明書の利用者を確認できません。",
        "The holder of this certificate cannot be identified."));

    /// <summary>What the relying-party verification found wrong.</summary>
    public static LoginRefusal Of(VerificationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Code switch
        {
            VerificationFailureCode.Revoked => new("revoked", "U3.1", new(
                "この利用者証明用電子証明書は失効しています。市区町村窓口で再発行を申請してください。",
                "This user-authentication certificate has been revoked. Ask your municipality's window for a new one.")),
            VerificationFailureCode.Expired => new("expired", "U3.1", new(
                "この利用者証明用電子証明書は有効期限が切れています。市区町村窓口で更新してください。",
                "This user-authentication certificate has expired. Renew it at your municipality's window.")),
            VerificationFailureCode.NotYetValid => new("not-yet-valid", "U3.1", new(
                "この電子証明書はまだ有効期間が始まっていません。",
                "This certificate is not valid yet.")),
            VerificationFailureCode.WrongHierarchy or VerificationFailureCode.UnknownIssuer or VerificationFailureCode.WrongKeyUsage =>
                new("wrong-certificate", "U3.1", new(
                    "ログインには利用者証明用電子証明書が必要です。この証明書ではログインできません。",
                    "Logging in needs the user-authentication certificate; this certificate cannot be used.")),
            VerificationFailureCode.BadSignature => new("bad-signature", "U3.1", new(
                "署名を検証できませんでした。もう一度お試しください。",
                "The signature does not verify. Please try again.")),
            VerificationFailureCode.RevocationUnavailable => new("status-unavailable", "U3.1", new(
                "電子証明書の有効性を確認できませんでした。しばらくしてからお試しください。",
                "The certificate's status could not be checked. Please try again later.")),
            _ => new("malformed", "U3.1", new(
                "送られた証明書または署名の形式が正しくありません。",
                "The certificate or the signature sent is not well formed.")),
        };
    }

    /// <summary>A PIN entry that did not verify: wrong with tries left, or blocked.</summary>
    public static LoginRefusal Of(PinVerificationResult pin) =>
        pin.Outcome == PinVerificationOutcome.Blocked ? PinBlocked : WrongPin(pin.TriesLeft);

    /// <summary>A refusal that an answer stored by its code (what a verification or the account look-up found).</summary>
    public static LoginRefusal FromCode(string code) =>
        Enum.GetValues<VerificationFailureCode>().Select(c => Of(new VerificationFailure(c, "")))
            .Append(UnknownHolder).Append(ChallengeUsed).Append(ChallengeExpired).Append(NoCertificate)
            .FirstOrDefault(r => r.Code == code) ?? Of(new VerificationFailure(VerificationFailureCode.MalformedInput, ""));

    /// <summary>The English message: logs and exception messages are English.</summary>
    public override string ToString() => $"{Code}: {Message.English}";
}
