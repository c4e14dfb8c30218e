using System.Globalization;
using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Server.Kiosk;

/// <summary>
/// Every sentence of the kiosk pages, as a store's multi-copy machine and the municipality write them: Japanese, the
/// screen's own language, and the English the screen shows beneath it. The service's refusals come from
/// <see cref="ConvenienceIssuance.KioskRefusals"/> and the eligibility rules; everything else the pages say is here.
/// </summary>
public static class KioskWords
{
    // The machine's frame.
    public static LocalizedText Machine { get; } = new("マルチコピー機", "Multi-copy machine");
    public static LocalizedText CertificateService { get; } = new("証明書交付サービス", "Certificate issuance");
    public static LocalizedText Sandbox { get; } = new("サンドボックス", "Sandbox");
    public static LocalizedText NotRealData { get; } = new(
        "試験用のサンドボックスです。実在の個人情報を入力しないでください。",
        "This is a test sandbox: never enter real personal data.");
    public static LocalizedText StepsLabel { get; } = new("手順", "Steps");

    /// <summary>U2.4's steps as the screen's progress bar names them, ① to ⑦.</summary>
    public static IReadOnlyList<LocalizedText> Steps { get; } =
    [
        new("① メニュー", "Menu"), new("② カード", "Card"), new("③ 暗証番号", "PIN"), new("④ 市区町村", "Municipality"),
        new("⑤ 証明書", "Certificate"), new("⑥ お支払い", "Payment"), new("⑦ 印刷", "Printing"),
    ];

    // ① The menu.
    public static LocalizedText MenuTitle { get; } = new("サービスを選んでください", "Choose a service");
    public static LocalizedText MachineLabel { get; } = new(
        "ご利用の店舗（サンドボックスのマルチコピー機）", "The store you are at (a sandbox machine)");
    public static LocalizedText Copy { get; } = new("コピー", "Copy");
    public static LocalizedText Print { get; } = new("プリント", "Print");
    public static LocalizedText GovernmentServices { get; } = new("行政サービス", "Government services");
    public static LocalizedText OnlyGovernmentServices { get; } = new(
        "このサンドボックスでは、行政サービスだけを利用できます。", "Only the government services work in this sandbox.");
    public static LocalizedText ServicesLead { get; } = new(
        "マイナンバーカードを使って、住民票の写しなどの証明書を取得できます。",
        "Get certificates such as a copy of your resident record with your My Number Card.");
    public static LocalizedText Hours { get; } = new(
        "ご利用時間は毎日6時30分から23時までです。戸籍に関する証明書は10時から17時15分までです。",
        "Open every day from 06:30 to 23:00; family-register certificates from 10:00 to 17:15.");
    public static LocalizedText Back { get; } = new("戻る", "Back");
    public static LocalizedText Cancel { get; } = new("取引をやめる", "Cancel");
    public static LocalizedText ChooseMachine { get; } = new("店舗を選んでください。", "Choose a store.");

    // ② The card.
    public static LocalizedText CardTitle { get; } = new("マイナンバーカードを置いてください", "Place your My Number Card");
    public static LocalizedText CardLead { get; } = new(
        "カードを読み取り台に置いてください。暗証番号を入力するまで、カードはそのまま置いておいてください。",
        "Place your card on the reader and leave it there until you have entered the PIN.");
    public static LocalizedText SlotTitle { get; } = new("サンドボックスのカード", "The sandbox's cards");
    public static LocalizedText SlotLead { get; } = new(
        "置くカードを選んでください。カードの中の電子証明書は、暗証番号を入力したときに読み取ります。",
        "Choose the card to place. Its chip is read when you enter the PIN.");
    public static LocalizedText NoSandboxCards { get; } = new(
        "利用者証明用電子証明書の入ったカードがまだありません。窓口でカードを交付してください。",
        "No card with a user-authentication certificate yet: deliver one at the window first.");
    public static LocalizedText ReaderTitle { get; } = new("サーバーに接続したカードリーダー", "A card reader attached to the server");
    public static LocalizedText ReaderLead { get; } = new(
        "カードリーダーにカードを置いてから、そのカードリーダーを選んでください。",
        "Put the card on the reader, then choose the reader.");
    public static LocalizedText NoReaders { get; } = new(
        "サーバーにカードリーダーが接続されていません。", "No card reader is attached to the server.");
    public static LocalizedText UnknownCard { get; } = new("カードを選んでください。", "Choose a card.");

    // ③ The PIN.
    public static LocalizedText PinTitle { get; } = new("暗証番号を入力してください", "Enter your PIN");
    public static LocalizedText PinLead { get; } = new(
        "利用者証明用電子証明書の暗証番号（数字4桁）を入力して、「確認」を押してください。",
        "Enter the 4-digit PIN of the user-authentication certificate and press OK.");
    public static LocalizedText PinLabel { get; } = new("暗証番号（数字4桁）", "PIN (4 digits)");
    public static LocalizedText PinPad { get; } = new("テンキー", "Number pad");
    public static LocalizedText PinClear { get; } = new("訂正", "Clear");
    public static LocalizedText PinOk { get; } = new("確認", "OK");
    public static LocalizedText PinFormat { get; } = new("暗証番号は数字4桁で入力してください。", "Enter the PIN as 4 digits.");
    public static LocalizedText PlacedCard { get; } = new("置いたカード", "The card placed");
    public static LocalizedText Unreadable { get; } = new(
        "カードを読み取れませんでした。カードを置き直して、もう一度お試しください。",
        "The card could not be read. Place it again and try once more.");
    public static LocalizedText AnotherCard { get; } = new("別のカードを置く", "Place another card");

    // ④ The municipality.
    public static LocalizedText MunicipalityTitle { get; } = new(
        "証明書を発行する市区町村を選んでください", "Choose the municipality that issues the certificate");

    // ⑤ The certificate.
    public static LocalizedText CertificateTitle { get; } = new("証明書の種類を選んでください", "Choose the certificate");
    public static LocalizedText OptionsTitle { get; } = new("通数と内容を選んでください", "Choose the copies and the details");
    public static LocalizedText Copies { get; } = new("通数", "Copies");
    public static LocalizedText FiscalYear { get; } = new("年度", "Fiscal year");
    public static LocalizedText WholeRegister { get; } = new("全部事項証明書（戸籍謄本）", "The whole register");
    public static LocalizedText IndividualEntry { get; } = new("個人事項証明書（戸籍抄本）", "Your entry only");
    public static LocalizedText RegisterForm { get; } = new("証明書の内容", "What it certifies");
    public static LocalizedText Confirm { get; } = new("決定", "Confirm");
    public static LocalizedText OtherMunicipality { get; } = new("市区町村を選び直す", "Choose another municipality");
    public static LocalizedText OtherCertificate { get; } = new("証明書を選び直す", "Choose another certificate");
    public static LocalizedText Refused { get; } = new("この証明書は発行できません", "This certificate cannot be issued");
    public static LocalizedText Rule { get; } = new("根拠", "Rule");
    public static LocalizedText ChooseAgain { get; } = new(
        "別の証明書や市区町村を選び直すことができます。", "You may choose another certificate or municipality.");

    /// <summary>A name written for the middle of an English sentence (the copy of the resident record) as a label on the
    /// screen: Copy of the resident record.</summary>
    public static LocalizedText Label(LocalizedText words)
    {
        var english = words.English.StartsWith("the ", StringComparison.Ordinal) ? words.English[4..] : words.English;
        return english.Length == 0 ? words : words with { English = char.ToUpperInvariant(english[0]) + english[1..] };
    }

    /// <summary>A rule's sentence (written to follow other words: "the kiosk cannot …") standing alone on the screen, capitalised.</summary>
    public static LocalizedText Sentence(LocalizedText words) =>
        words.English.Length == 0 ? words : words with { English = char.ToUpperInvariant(words.English[0]) + words.English[1..] };

    /// <summary>The fee of one copy beside a certificate's name.</summary>
    public static LocalizedText FeePerCopy(int yen) => new($"1通 {TextFormat.JapaneseYen(yen)}", $"{TextFormat.EnglishYen(yen)} a copy");

    /// <summary>A fiscal year (April to March) as the tax certificate names it: 令和8年度（2026年度）.</summary>
    public static string FiscalYearName(int year)
    {
        var april = new DateOnly(year, 4, 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"{JapaneseEras.Name(JapaneseEras.EraOf(april))}{JapaneseEras.EraYear(april)}年度（{year}年度）");
    }

    // ⑥ The payment.
    public static LocalizedText PaymentTitle { get; } = new("手数料を入れてください", "Insert the fee");
    public static LocalizedText Fee { get; } = new("手数料", "Fee");
    public static LocalizedText NoRefund { get; } = new(
        "お支払い後の取消し・交換・返金はできません。コンビニ交付では手数料の免除はできません。免除を受ける方は窓口で請求してください。",
        "After payment there is no cancellation, exchange or refund. There is no fee exemption at the kiosk; ask at the window for one.");

    public static LocalizedText Yen(int yen) => new(TextFormat.JapaneseYen(yen), TextFormat.EnglishYen(yen));

    /// <summary>The button that puts exactly the fee into the machine.</summary>
    public static LocalizedText Insert(int yen) => new($"{TextFormat.JapaneseYen(yen)}を入れる", $"Insert {TextFormat.EnglishYen(yen)}");

    // ⑦ Printing.
    public static LocalizedText PrintedTitle { get; } = new("証明書をお取りください", "Take your certificate");
    public static LocalizedText TakeCard { get; } = new(
        "マイナンバーカードのお取り忘れにご注意ください。", "Don't forget your My Number Card.");
    public static LocalizedText Paid { get; } = new("お支払い額", "Paid");
    public static LocalizedText IssueNumber { get; } = new("発行番号", "Issue number");
    public static LocalizedText Printed { get; } = new("印刷した証明書", "The certificates printed");
    public static LocalizedText Download { get; } = new("証明書を受け取る（PDF）", "Take the certificate (PDF)");
    public static LocalizedText VerifyHint { get; } = new(
        "証明書が本物かどうかは、証明書のQRコードから誰でも確認できます。",
        "Anyone can check a certificate by its QR code.");
    public static LocalizedText Finish { get; } = new("終了", "Finish");
    public static LocalizedText Ended { get; } = new("取引を終了しました", "The transaction has ended");
    public static LocalizedText StartOver { get; } = new("最初の画面に戻る", "Back to the first screen");

    // /kiosk/verify.
    public static LocalizedText VerifyTitle { get; } = new("証明書の確認", "Check a certificate");
    public static LocalizedText VerifyLead { get; } = new(
        "コンビニ交付で発行した証明書のQRコードを読み取り、その文字列（MYNADOC1: で始まります）を貼り付けてください。",
        "Scan the QR code of a certificate issued at a kiosk and paste its text, which starts with MYNADOC1:.");
    public static LocalizedText SealLabel { get; } = new("QRコードの文字列", "The QR code's text");
    public static LocalizedText Check { get; } = new("確認する", "Check");
    public static LocalizedText SealRequired { get; } = new("QRコードの内容を入力してください。", "Give the text of the certificate's QR code.");
    public static LocalizedText NotVerified { get; } = new(
        "この証明書は確認できませんでした。", "This certificate could not be confirmed.");
    public static LocalizedText NotInRecords { get; } = new(
        "電子署名は有効ですが、市区町村の発行記録にこの証明書が見つかりません。",
        "The seal is valid, but the municipality's records do not hold this certificate.");
    public static LocalizedText Compare { get; } = new(
        "印刷された証明書の記載が、下の内容と同じであることを確かめてください。",
        "Check that the printed certificate says what follows.");
    public static LocalizedText Certificate { get; } = new("証明書", "Certificate");
    public static LocalizedText Municipality { get; } = new("発行した市区町村", "Issued by");
    public static LocalizedText IssueDate { get; } = new("発行日", "Issue date");
    public static LocalizedText PrintedAt { get; } = new("印刷日時", "Printed at");
    public static LocalizedText Contents { get; } = new("記載内容", "What it says");

    /// <summary>The verdict on a genuine certificate.</summary>
    public static LocalizedText Genuine(string municipality) => new(
        $"この証明書は、{municipality}が発行した本物の証明書です。", $"This is a genuine certificate, issued by {municipality}.");
}
