using Myna.Pki;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using static Myna.Primitives.Text.TextFormat;

namespace Myna.Window;

/// <summary>
/// The window's catalogue of refusals and of the other sentences its procedures give a person, in Japanese as a
/// municipal office writes it and in English: every sentence once, with its rule id where a rule decides.
/// </summary>
public static class Refusals
{
    // Missing records.
    public static Refusal NoSuchResident => Refusal.NotFound(new("該当する住民が見つかりません。", "No such resident."));

    public static Refusal NoSuchCard => Refusal.NotFound(new("該当するカードが見つかりません。", "No such card."));

    public static Refusal NoSuchApplication => Refusal.NotFound(new("該当する申請が見つかりません。", "No such application."));

    public static Refusal NoSuchMunicipality => Refusal.Invalid(new("その市区町村は登録されていません。", "No such municipality in the registry."), InputField.Municipality);

    /// <summary>The conflict refusal's sentence.</summary>
    public static LocalizedText ChangedMeanwhile(ConflictSubject subject) => subject switch
    {
        ConflictSubject.Resident => new("作業中に他の職員がこの住民の記録を変更しました。画面を再読み込みして、もう一度行ってください。",
            "Someone else changed this resident while you were working on it; reload and try again."),
        ConflictSubject.Card => new("作業中に他の職員がこのカードの記録を変更しました。画面を再読み込みして、もう一度行ってください。",
            "Someone else changed this card while you were working on it; reload and try again."),
        _ => new("作業中に他の職員が同じ記録を変更しました。画面を再読み込みして、もう一度行ってください。",
            "Someone else changed this record while you were working on it; reload and try again."),
    };

    /// <summary>The card's chip is attached to the holder's own reader (the sandbox's remote reader) and stays there until detached.</summary>
    public static LocalizedText CardInHoldersReader => new(
        "このカードは、所持者の方のカードリーダーに接続されています。所持者の方にカードをお持ちいただくよう（リーダーから外していただくよう）お伝えください。",
        "The card is in the holder's reader: ask the holder to bring the card (to detach it from their reader), then try again.");

    /// <summary>The card's file is held by another program (a <c>myna card attach</c> on the same data directory).</summary>
    public static LocalizedText CardInUseElsewhere => new(
        "このカードは、別のプログラムでカードリーダーに接続されています（myna card attach など）。接続を終了してから、もう一度行ってください。",
        "The card is attached to a reader by another program (e.g. `myna card attach`); detach it and try again.");

    // Input.
    public static Refusal BadMunicipalityCode => Refusal.Invalid(new("市区町村コードが正しくありません。5桁の数字か、検査数字を含む6桁の数字で入力してください。",
        "The local government code is not valid: 5 digits, or 6 digits with a correct check digit."), InputField.Municipality);

    public static Refusal NamePartRequired(InputField field) => Refusal.Invalid(new($"{field.Japanese}を{field.MaxLength}文字以内で入力してください。",
        $"The {field.English} is required (at most {field.MaxLength} characters)."), field);

    public static Refusal FormerSurnameLength => Refusal.Invalid(new("旧氏は1文字以上60文字以内で入力してください。",
        "A former surname has 1 to 60 characters."), InputField.FormerSurname);

    public static Refusal KanaInKatakana(InputField field) => Refusal.Invalid(new($"{field.Japanese}はカタカナで入力してください。", $"The {field.English} is written in katakana."), field);

    public static Refusal BirthDateInFuture => Refusal.Invalid(new("生年月日に未来の日付は入力できません。", "A date of birth cannot be in the future."), InputField.BirthDate);

    public static Refusal BirthDateBeforeEras => Refusal.Invalid(new(
        $"生年月日は{JapaneseDate(JapaneseEras.Earliest)}（明治元年）以降の日付を入力してください。カードには和暦で記載します。",
        $"A date of birth on or after {EnglishDate(JapaneseEras.Earliest)} (the start of the Meiji era) is required: the card writes it in the Japanese era."), InputField.BirthDate);

    public static Refusal RegistrationDateRange => Refusal.Invalid(new("住民となった日は、生年月日から本日までの日付を入力してください。",
        "The registration date lies between the date of birth and today."), InputField.RegisteredOn);

    public static Refusal AddressRequired => Refusal.Invalid(new("住所を200文字以内で入力してください。", "An address is required (at most 200 characters)."), InputField.Address);

    public static Refusal NewAddressRequired => Refusal.Invalid(new("新しい住所を200文字以内で入力してください。", "The new address is required (at most 200 characters)."), InputField.NewAddress);

    public static Refusal ResidenceTooLong => Refusal.Invalid(new("居所は200文字以内で入力してください。", "A residence (kyosho) has at most 200 characters."), InputField.Residence);

    public static Refusal DestinationRequired => Refusal.Invalid(new("転出先を200文字以内で入力してください。", "The destination is required (at most 200 characters)."), InputField.Destination);

    public static Refusal UnknownSex => Refusal.Invalid(new("性別の区分が正しくありません。", "Unknown sex code."), InputField.Sex);

    public static Refusal UnknownReturnReason => Refusal.Invalid(new("返納の理由が正しくありません。", "Unknown reason for the return."));

    public static Refusal NationalityAndResidence => Refusal.Invalid(new(
        "外国人住民は国籍と在留資格の両方を、日本人はどちらも入力しないでください。（V3）",
        "A foreign resident has both a nationality and a residence status (V3); a Japanese national neither."), InputField.Nationality);

    public static Refusal PlannedMoveDateRange => Refusal.Invalid(new("転出予定日は、14日前から60日後までの日付を入力してください。",
        "The planned move date lies between 14 days ago and 60 days ahead."));

    public static Refusal MoveDateInFuture => Refusal.Invalid(new("転入した日に未来の日付は入力できません。", "The move date cannot be in the future."));

    public static Refusal MoveDateTooEarly => Refusal.Invalid(new("転入した日が転出届の日より前すぎます。",
        "The move date lies too long before the move-out notice."));

    public static Refusal RepresentativeNameRequired => Refusal.Invalid(new("代理人の氏名を入力してください。（Q6）", "The representative's name is required (Q6)."), InputField.RepresentativeName);

    public static Refusal CertificatePinsRequired => Refusal.Invalid(new("発行する電子証明書の暗証番号を入力してください。",
        "Enter the PIN of each certificate to load."));

    /// <summary>A PIN that does not have its kind's format (the PIN itself is never repeated).</summary>
    public static Refusal BadPin(PinKind kind) => Refusal.Invalid(PinPolicy.For(kind).FormatRule);

    public static Refusal SignaturePinRequired => Refusal.Invalid(new(
        "署名用電子証明書の発行を申請されています。暗証番号（英大文字と数字の6～16文字）を入力してください。",
        "The signature certificate was applied for: its password (6–16 digits or capital letters) is required."));

    public static Refusal SignaturePinNotWanted => Refusal.Invalid(new(
        "署名用電子証明書は申請されていません。暗証番号の欄は空けてください。",
        "No signature certificate was applied for: leave its password empty."));

    public static Refusal AuthenticationPinRequired => Refusal.Invalid(new(
        "利用者証明用電子証明書の発行を申請されています。暗証番号（数字4桁）を入力してください。",
        "The user-authentication certificate was applied for: its 4-digit PIN is required."));

    public static Refusal AuthenticationPinNotWanted => Refusal.Invalid(new(
        "利用者証明用電子証明書は申請されていません。暗証番号の欄は空けてください。",
        "No user-authentication certificate was applied for: leave its PIN empty."));

    /// <summary>Characters that the card cannot show or the registry does not keep (control and format characters).</summary>
    public static Refusal UnwritableCharacters(InputField field, IEnumerable<string> characters)
    {
        var list = string.Join(" ", characters);
        return Refusal.Invalid(new(
            $"{field.Japanese}に、カードに記載できない文字が含まれています（{list}）。正しい文字に直して入力してください。",
            $"The {field.English} holds characters that the card cannot show ({list}); correct them."), field);
    }

    /// <summary>A text longer than its field holds.</summary>
    public static Refusal TooLong(InputField field) => Refusal.Invalid(new(
        $"{field.Japanese}は{field.MaxLength}文字以内で入力してください。",
        $"The {field.English} has at most {field.MaxLength} characters."), field);

    // Rules.
    public static Refusal MoveOutPending => Refusal.ByRule(RuleIds.V5, new(
        "転出届が出ているため、この市区町村ではカードの申請・交付はできません。転入先で転入届の後に手続してください。（V5）",
        "A move-out notice is pending: the card is applied for and delivered at the new municipality after the move-in notice (V5)."));

    public static Refusal MoveOutFiledAlready => Refusal.ByRule(RuleIds.V5, new(
        "転出届はすでに受け付けています。次は転入届です。（V5）",
        "A move-out notice was filed already; the move-in notice comes next (V5)."));

    public static Refusal NoMoveOut => Refusal.ByRule(RuleIds.V5, new(
        "この方の転出届がありません。転入届は転出届の後に受け付けます。（V5）",
        "There is no move-out notice for this resident: a move-in notice follows one (V5)."));

    public static Refusal NoMoveInAwaitingContinuation => Refusal.ByRule(RuleIds.V5, new(
        "継続利用の手続を待っている転入はありません。（V5）", "There is no move-in awaiting the card's continuation (V5)."));

    public static Refusal NoCardToContinue => Refusal.ByRule(RuleIds.V5, new(
        "継続利用の手続をするカードをお持ちではありません。（V5）", "This resident holds no card to continue (V5)."));

    public static Refusal ApplicationWaiting => Refusal.ByRule(RuleIds.State, new(
        "この方の申請で、まだ交付していないものがあります。", "An application of this resident is already waiting for delivery."));

    public static Refusal ApplicationDone => Refusal.ByRule(RuleIds.State, new(
        "この申請は交付済みか、取り下げられています。", "This application was delivered or withdrawn already."));

    public static Refusal NoResidenceRegistered => Refusal.ByRule(RuleIds.Q7, new(
        "居所が登録されていないため、カードは住民票の住所へ送付します。（Q7）",
        "No 居所 is registered for this resident; the card goes to the registered address (Q7)."));

    public static Refusal ReplacedCardFinal(CardState state) => Refusal.ByRule(RuleIds.State, new(
        $"再交付・更新の対象のカードは、すでに{state.Term().Japanese}です。",
        $"The card to be replaced is {state.Term().English} already."));

    public static Refusal CardNotInUse(string rule, CardState state, LocalizedText why) => Refusal.ByRule(rule, new(
        $"このカードは{state.Term().Japanese}のため、{why.Japanese}（{rule}）",
        $"The card is {state.Term().English}: {why.English} ({rule})."));

    public static Refusal NoSuspensionToLift(CardState state) => Refusal.ByRule(RuleIds.L2, new(
        $"このカードは{state.Term().Japanese}で、一時停止していません。（L2）",
        $"The card is {state.Term().English}: there is no suspension to lift (L2)."));

    public static Refusal LiftOnlyWhereRegistered => Refusal.ByRule(RuleIds.L2, new(
        "一時停止の解除は、住民票のある市区町村の窓口で、転入届の後に行います。（L2）",
        "A suspension is lifted at the window of the municipality of residence, after the move-in notice (L2)."));

    public static Refusal PinResetOnlyWhereRegistered => Refusal.ByRule(RuleIds.P3, new(
        "暗証番号の再設定は、住民票のある市区町村の窓口で行います。（P3）",
        "A PIN is reset at the window of the municipality of residence (P3)."));

    public static Refusal NoCertificateForPin => Refusal.ByRule(RuleIds.P3, new(
        "その電子証明書はカードに搭載されていないため、暗証番号の再設定はできません。電子証明書の発行（E5）をご案内ください。（P3）",
        "That certificate is not on the card, so it has no PIN to reset (P3); E5 loads it."));

    public static Refusal CertificateLoadedAlready(JpkiHierarchy hierarchy) => Refusal.ByRule(RuleIds.E5, new(
        $"このカードには有効な{CertificateWords(hierarchy).Japanese}がすでに搭載されています。（E5）更新は有効期限の3か月前からできます。（V1）",
        $"The card holds a valid {CertificateWords(hierarchy).English} already, so there is nothing to load (E5); renewal is from 3 months before its expiry (V1)."));

    public static Refusal NotAForeignResident => Refusal.ByRule(RuleIds.V4, new(
        "在留資格に合わせて有効期限が決まるのは、外国人住民のカードだけです。（V3、V4）",
        "Only a foreign resident's card expiry follows a status of residence (V3, V4)."));

    // Records the kiosk's certificates show: seal registrations, tax assessments, family registers.
    public static Refusal NoSuchSealRegistration => Refusal.NotFound(new("該当する印鑑登録が見つかりません。", "No such seal registration."));

    public static Refusal NoSuchFamilyRegister => Refusal.NotFound(new("該当する戸籍が見つかりません。", "No such family register."));

    public static Refusal NoSuchFamilyMember => Refusal.NotFound(new("該当する戸籍の記載が見つかりません。", "No such member in this family register."));

    public static Refusal NoSuchTaxAssessment => Refusal.NotFound(new("該当する年度の所得・課税の記録が見つかりません。", "No income and tax assessment for that fiscal year."));

    /// <summary>A day that must not lie in the future (or before the birth) and does.</summary>
    public static Refusal DateOutOfRange(InputField field) => Refusal.Invalid(new(
        $"{field.Japanese}は、生年月日から本日までの日付を入力してください。",
        $"The {field.English} lies between the date of birth and today."), field);

    /// <summary>A day that must not lie in the future and does.</summary>
    public static Refusal DateInFuture(InputField field) => Refusal.Invalid(new(
        $"{field.Japanese}に未来の日付は入力できません。", $"The {field.English} cannot be in the future."), field);

    /// <summary>A text that must be given.</summary>
    public static Refusal Required(InputField field) => Refusal.Invalid(new(
        $"{field.Japanese}を{field.MaxLength}文字以内で入力してください。",
        $"The {field.English} is required (at most {field.MaxLength} characters)."), field);

    public static Refusal BadSealCardNumber => Refusal.Invalid(new(
        "印鑑登録証の番号は、数字6～10桁で入力してください。", "A seal registration card number has 6 to 10 digits."), InputField.SealCardNumber);

    public static Refusal UnknownAbolitionReason => Refusal.Invalid(new("廃止の理由が正しくありません。", "Unknown reason for the abolition."));

    public static Refusal UnknownPresentedDocument => Refusal.Invalid(new("提示された書類の区分が正しくありません。", "Unknown kind of document presented."));

    public static Refusal SealRegisteredAlready => Refusal.ByRule(RuleIds.State, new(
        "この方には、すでに有効な印鑑登録があります。新たに登録するには、いまの登録を廃止してください。",
        "This resident has a seal registration in force already; abolish it before registering another."));

    public static Refusal SealCardNumberInUse => Refusal.ByRule(RuleIds.State, new(
        "この番号の印鑑登録証は、すでに交付されています。別の登録証を使ってください。",
        "A seal registration card of this number was handed out already; use another card."));

    public static Refusal SealTooYoung => Refusal.ByRule(RuleIds.State, new(
        "15歳未満の方は、印鑑登録ができません。", "Residents under 15 cannot register a seal."));

    public static Refusal SealAdultWard => Refusal.ByRule(RuleIds.State, new(
        "成年被後見人の方は、印鑑登録ができません。", "An adult ward cannot register a seal."));

    public static Refusal SealWhileMovingOut => Refusal.ByRule(RuleIds.State, new(
        "転出届が出ているため、この市区町村では印鑑登録ができません。", "A move-out notice is pending: no seal is registered here."));

    /// <summary>Tax figures that are negative, too large, or whose sums do not hold.</summary>
    public static Refusal BadTaxFigures => Refusal.Invalid(new(
        "金額は0円以上の整数で入力してください。給与所得は給与収入以下、課税標準額は合計所得金額以下です。",
        "Amounts are whole yen, 0 or more; the salary income is at most the salary revenue, the taxable income at most the total income."),
        InputField.Amounts);

    public static Refusal BadFiscalYear => Refusal.Invalid(new(
        "年度は2000から2100までの数字で入力してください。", "A fiscal year lies between 2000 and 2100."), InputField.FiscalYear);

    public static Refusal ReleaseBeforeFiscalYear => Refusal.Invalid(new(
        "証明書の交付開始日は、その年度の1月1日以降の日付を入力してください。",
        "A fiscal year's certificate is released on or after 1 January of that year."), InputField.ReleasedOn);

    public static Refusal FamilyRegisterExists => Refusal.ByRule(RuleIds.State, new(
        "この本籍と筆頭者の戸籍は、すでにあります。", "A family register of this domicile and head exists already."));

    public static Refusal AttachmentPeriodReversed => Refusal.Invalid(new(
        "住所の最後の日は、住所を定めた日以降の日付を入力してください。",
        "The last day at an address is on or after its first day."), InputField.AttachmentUntil);

    /// <summary>A certificate's name in both languages.</summary>
    public static LocalizedText CertificateWords(JpkiHierarchy hierarchy) => hierarchy == JpkiHierarchy.Signature
        ? new("署名用電子証明書", "signature certificate")
        : new("利用者証明用電子証明書", "user-authentication certificate");
}
