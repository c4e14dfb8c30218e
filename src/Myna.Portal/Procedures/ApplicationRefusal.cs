using Myna.Pki.Verification;
using Myna.Primitives.Text;

namespace Myna.Portal.Procedures;

/// <summary>Why an online application was not taken, with the sentence the holder reads; <see cref="Field"/> names the form field at fault.</summary>
public sealed record ApplicationRefusal(string Code, LocalizedText Message, string? Field = null)
{
    public static ApplicationRefusal UnknownProcedure { get; } = new("unknown-procedure", new(
        "この手続はありません。", "There is no such procedure."), "procedureId");

    public static ApplicationRefusal NotOffered { get; } = new("not-offered", new(
        "この市区町村では、この手続をオンラインで受け付けていません。", "This municipality does not take this procedure online."), "municipality");

    public static ApplicationRefusal NotYourMunicipality { get; } = new("not-your-municipality", new(
        "この手続は、住民票のある市区町村に申請してください。", "Apply for this procedure to the municipality where you are registered."), "municipality");

    public static ApplicationRefusal NotYourDomicile { get; } = new("not-your-domicile", new(
        "この登録は、あなたの本籍のある市区町村に申請してください。", "Apply for this registration to the municipality of your family register."), "municipality");

    public static ApplicationRefusal UseRegistrationNotNeeded { get; } = new("not-needed", new(
        "住民票のある市区町村の戸籍証明書は、利用登録なしでコンビニ交付を利用できます。",
        "The municipality where you are registered issues its family-register certificates at kiosks without a use registration."), "municipality");

    public static ApplicationRefusal AlreadyRegistered { get; } = new("already-registered", new(
        "このカードは、すでに健康保険証として利用登録されています。", "The card is registered for health-insurance use already."));

    public static ApplicationRefusal NotAwaitingSignature { get; } = new("not-awaiting-signature", new(
        "この申請は署名を受け付ける状態ではありません。", "This application is not waiting for a signature."));

    public static ApplicationRefusal SignerIsNotApplicant { get; } = new("signer-not-applicant", new(
        "署名用電子証明書の名義が申請者と一致しません。ご本人のカードで署名してください。",
        "The signature certificate is not the applicant's. Sign with your own card."));

    public static ApplicationRefusal AlreadyDecided { get; } = new("already-decided", new(
        "この申請は処理済みです。", "This application has been dealt with already."));

    public static ApplicationRefusal NoSignatureCertificate { get; } = new("no-certificate", new(
        "このカードには署名用電子証明書が入っていません。市区町村窓口で発行を申請してください。",
        "This card holds no signature certificate. Ask your municipality's window to issue one."));

    /// <summary>A field left empty that must be filled.</summary>
    public static ApplicationRefusal Missing(FormField field) => new("missing-field", new(
        $"「{field.Label.Japanese}」を入力してください。", $"Fill in \"{field.Label.English}\"."), field.Name);

    /// <summary>A field whose value is not what it must be.</summary>
    public static ApplicationRefusal Invalid(FormField field, LocalizedText why) => new("invalid-field", new(
        $"「{field.Label.Japanese}」: {why.Japanese}", $"\"{field.Label.English}\": {why.English}"), field.Name);

    /// <summary>A field the form does not have.</summary>
    public static ApplicationRefusal UnknownField(string name) => new("unknown-field", new(
        "申請書にない項目が含まれています。", "The application holds a field the form does not have."), name);

    /// <summary>A wrong or blocked signature password.</summary>
    public static ApplicationRefusal Of(Myna.Reader.PinVerificationResult pin) =>
        pin.Outcome == Myna.Reader.PinVerificationOutcome.Blocked
            ? new("pin-blocked", new("署名用電子証明書の暗証番号がロックされています。市区町村窓口で初期化を申請してください。",
                "The signature password is blocked. Ask your municipality's window to reset it."))
            : new("wrong-pin", new($"署名用電子証明書の暗証番号が違います。あと {pin.TriesLeft} 回間違えるとロックされます。",
                $"The signature password is wrong. {pin.TriesLeft} more wrong {(pin.TriesLeft == 1 ? "entry" : "entries")} will block it."));

    /// <summary>What the verification of the signature found wrong.</summary>
    public static ApplicationRefusal Of(VerificationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Code switch
        {
            VerificationFailureCode.Revoked => new("revoked", new(
                "署名に使われた署名用電子証明書は失効しています。", "The signature certificate used has been revoked.")),
            VerificationFailureCode.Expired or VerificationFailureCode.NotYetValid => new("expired", new(
                "署名に使われた署名用電子証明書は有効期間外です。", "The signature certificate used is outside its validity.")),
            VerificationFailureCode.WrongHierarchy or VerificationFailureCode.UnknownIssuer or VerificationFailureCode.WrongKeyUsage =>
                new("wrong-certificate", new(
                    "申請の署名には署名用電子証明書が必要です。この証明書では署名できません。",
                    "An application is signed with the signature certificate; this certificate cannot sign it.")),
            VerificationFailureCode.BadSignature => new("bad-signature", new(
                "署名を検証できませんでした。申請内容が署名後に変更されたか、署名が正しくありません。",
                "The signature does not verify: the application was changed after signing, or the signature is wrong.")),
            VerificationFailureCode.RevocationUnavailable => new("status-unavailable", new(
                "電子証明書の有効性を確認できませんでした。しばらくしてからお試しください。",
                "The certificate's status could not be checked. Please try again later.")),
            _ => new("malformed", new("署名データの形式が正しくありません。", "The signature is not well-formed CMS."), "signedData"),
        };
    }
}
