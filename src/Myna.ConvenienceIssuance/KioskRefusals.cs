using Myna.Kiosk;
using Myna.Pki.Verification;
using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.ConvenienceIssuance;

/// <summary>The kiosk service's refusals, in the words the machine's screen shows (Japanese first).</summary>
public static class KioskRefusals
{
    public static KioskRefusal UnknownMachine { get; } = new("machine-unknown", null, new(
        "このマルチコピー機は証明書交付サービスに登録されていません。",
        "This machine is not registered for the certificate service."));

    public static KioskRefusal UnknownSession { get; } = new("session-unknown", null, new(
        "この取引は見つかりません。最初からやり直してください。",
        "This transaction does not exist. Please start again."));

    public static KioskRefusal SessionExpired { get; } = new("session-expired", RuleIds.U2_4, new(
        "一定時間操作がなかったため、取引を終了しました。最初からやり直してください。",
        "The transaction ended because nothing happened for a while. Please start again."));

    public static KioskRefusal WrongStep { get; } = new("wrong-step", RuleIds.U2_4, new(
        "この操作はいまはできません。画面の案内に沿って操作してください。",
        "That cannot be done at this step. Please follow the screen."));

    public static KioskRefusal PrintPending { get; } = new("print-pending", RuleIds.U2_4, new(
        "前の取引の証明書の印刷が終わっていません。先に印刷を完了してください。",
        "The certificates of the previous transaction have not been printed yet. Print them first."));

    public static KioskRefusal UnknownHolder { get; } = new("holder-unknown", RuleIds.U2_4, new(
        "このカードの利用者を確認できません。市区町村の窓口にお問い合わせください。",
        "The holder of this card cannot be identified. Please ask your municipality's window."));

    public static KioskRefusal NoResidentRecord { get; } = new("no-record", RuleIds.U2_9, new(
        "この市区町村には、あなたの証明書を発行するための記録がありません。",
        "This municipality holds no record to certify for you."));

    /// <summary>U2.6③: the record is more than the kiosk's form (and its seal) can carry.</summary>
    public static KioskRefusal TooLongForKiosk { get; } = new("too-long", KioskEligibility.U2_6(3), new(
        "記載事項が多いため、コンビニ交付では発行できません。窓口で請求してください。",
        "The record is too long for the kiosk's form; ask at the window."));

    /// <summary>U2.3 ③: there is no seal registration in force to certify.</summary>
    public static KioskRefusal NoSealRegistration { get; } = new("no-seal-registration", RuleIds.U2_3, new(
        "印鑑登録がされていないため、印鑑登録証明書は発行できません。印鑑登録は市区町村の窓口でしてください。",
        "There is no seal registration to certify. Register a seal at your municipality's window."));

    public static KioskRefusal UnknownMunicipality { get; } = new("municipality-unknown", RuleIds.U2_9, new(
        "選ばれた市区町村はコンビニ交付サービスを提供していません。",
        "The municipality chosen does not offer the kiosk service."));

    public static KioskRefusal BadCopies { get; } = new("bad-copies", RuleIds.U2_4, new(
        $"通数は1通から{CertificateOrder.MaxCopies}通までで選んでください。",
        $"Choose from 1 to {CertificateOrder.MaxCopies} copies."));

    public static KioskRefusal FiscalYearRequired { get; } = new("fiscal-year-required", RuleIds.U2_4, new(
        "所得・課税証明書は年度を選んでください。",
        "Choose the fiscal year of the income and tax certificate."));

    /// <summary>U2.8: the kiosk takes the full fee, nothing less (no exemption at the machine).</summary>
    public static KioskRefusal AmountMismatch(int feeYen) => new("amount-mismatch", RuleIds.U2_8, new(
        $"手数料は{TextFormat.JapaneseYen(feeYen)}です。コンビニ交付では手数料の免除はできません。免除を受ける方は窓口で請求してください。",
        $"The fee is {TextFormat.EnglishYen(feeYen)}. There is no fee exemption at the kiosk; ask at the window for one."));

    public static KioskRefusal AlreadyPaid { get; } = new("already-paid", RuleIds.U2_4, new(
        "この取引の手数料はすでに支払われています。",
        "The fee of this transaction has been paid already."));

    /// <summary>U2.8: once paid, a certificate is printed; no cancellation, exchange or refund.</summary>
    public static KioskRefusal NoRefund { get; } = new("no-refund", RuleIds.U2_8, new(
        "お支払い後の取消し・交換・返金はできません。証明書は印刷されます。",
        "After payment there is no cancellation, exchange or refund; the certificate will print."));

    public static KioskRefusal UnknownJob { get; } = new("job-unknown", RuleIds.U2_4, new(
        "この印刷は、この取引のものではありません。",
        "This print job does not belong to this transaction."));

    /// <summary>The printer failed again and again: the paid documents wait; the store staff help, nothing is charged again.</summary>
    public static KioskRefusal PrinterFailed { get; } = new("printer-failed", RuleIds.U2_4, new(
        "印刷できませんでした。お支払い済みの証明書は、店員にお申し出いただければ、追加の料金なしで印刷します。",
        "The printer failed. The certificates you paid for print again at no further charge: please ask the store staff."));

    /// <summary>The card's PIN was wrong; the card counted it.</summary>
    public static KioskRefusal WrongPin(int triesLeft) => new("wrong-pin", RuleIds.P3, new(
        $"暗証番号が違います。あと{triesLeft}回間違えるとロックされます。",
        $"The PIN is wrong. {triesLeft} more wrong {(triesLeft == 1 ? "entry" : "entries")} will block it."));

    /// <summary>The PIN is blocked: the transaction ends; only the window resets it (P3).</summary>
    public static KioskRefusal PinBlocked { get; } = new("pin-blocked", RuleIds.P3, new(
        "暗証番号がロックされています。取引を終了します。住所地の市区町村窓口で暗証番号の再設定をしてください。",
        "The PIN is blocked. The transaction ends; have it reset at your municipality's window."));

    public static KioskRefusal NoCertificate { get; } = new("no-certificate", RuleIds.U2_4, new(
        "このカードには利用者証明用電子証明書が入っていないため、コンビニ交付は利用できません。市区町村窓口で発行を申請してください。",
        "This card holds no user-authentication certificate, which the kiosk needs. Ask your municipality's window to issue one."));

    /// <summary>The eligibility decision's refusal (the rule it names).</summary>
    public static KioskRefusal Of(KioskDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new("refused", decision.Rule, decision.Reason);
    }

    /// <summary>What the issuance centre's verification of the card's answer found wrong.</summary>
    public static KioskRefusal Of(VerificationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Code switch
        {
            VerificationFailureCode.Revoked => new("certificate-revoked", RuleIds.U2_4, new(
                "このカードの利用者証明用電子証明書は失効しているため、利用できません。市区町村窓口にお問い合わせください。",
                "This card's user-authentication certificate has been revoked. Please ask your municipality's window.")),
            VerificationFailureCode.Expired or VerificationFailureCode.NotYetValid => new("certificate-expired", RuleIds.U2_4, new(
                "このカードの利用者証明用電子証明書は有効期間外のため、利用できません。市区町村窓口で更新してください。",
                "This card's user-authentication certificate is not within its validity. Renew it at your municipality's window.")),
            VerificationFailureCode.RevocationUnavailable => new("status-unavailable", RuleIds.U2_4, new(
                "電子証明書の有効性を確認できませんでした。しばらくしてからお試しください。",
                "The certificate's status could not be checked. Please try again later.")),
            VerificationFailureCode.BadSignature => new("bad-signature", RuleIds.U2_4, new(
                "カードの署名を確認できませんでした。カードを置き直して、最初からやり直してください。",
                "The card's signature does not verify. Set the card again and start over.")),
            _ => new("wrong-certificate", RuleIds.U2_4, new(
                "このカードの証明書ではご利用になれません。",
                "This card's certificate cannot be used here.")),
        };
    }
}
