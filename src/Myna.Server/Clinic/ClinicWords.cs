using System.Globalization;
using Myna.Insurance;
using Myna.Primitives.Text;
using Myna.Storage.Eligibility;

namespace Myna.Server.Clinic;

/// <summary>
/// Every sentence of the clinic's pages — the reception terminal (顔認証付きカードリーダー in the sandbox) and the staff's
/// view of a visit — as a clinic writes them: Japanese, the screen's own language, and the English the screen shows
/// beneath it. The service's answers and refusals come from the eligibility rules; everything else is here.
/// </summary>
public static class ClinicWords
{
    // The terminal's frame.
    public static LocalizedText Terminal { get; } = new("マイナ保険証 受付", "My Number insurance card reception");
    public static LocalizedText StaffView { get; } = new("受付の確認結果（職員用）", "Reception checks (for staff)");
    public static LocalizedText StepsLabel { get; } = new("手順", "Steps");

    /// <summary>The terminal's steps as its progress bar names them.</summary>
    public static IReadOnlyList<LocalizedText> Steps { get; } =
    [
        new("① カード", "Card"), new("② 本人確認", "Identity"), new("③ 同意", "Consent"), new("④ 結果", "Result"),
    ];

    // The first screen: which terminal.
    public static LocalizedText TerminalTitle { get; } = new("受付端末を選んでください", "Choose the reception terminal");
    public static LocalizedText TerminalLead { get; } = new(
        "このサンドボックスでは、登録済みの医療機関・薬局の受付端末として動きます。",
        "In this sandbox the page acts as the reception terminal of a registered clinic or pharmacy.");
    public static LocalizedText TerminalLabel { get; } = new("医療機関・薬局と端末", "Clinic or pharmacy, and terminal");
    public static LocalizedText Start { get; } = new("受付を始める", "Start reception");
    public static LocalizedText NoTerminals { get; } = new(
        "受付端末が登録されていません。管理者が医療機関と端末を登録してください。",
        "No reception terminal is registered: an administrator registers the institution and its terminals first.");

    /// <summary>A terminal as the first screen and the header name it: the institution and the terminal's number.</summary>
    public static LocalizedText TerminalName(string institution, int number) => new(
        string.Create(CultureInfo.InvariantCulture, $"{institution}（受付端末 {number}）"),
        string.Create(CultureInfo.InvariantCulture, $"{institution} (reception terminal {number})"));

    // ① The card.
    public static LocalizedText CardTitle { get; } = new("マイナンバーカードを置いてください", "Place your My Number Card");
    public static LocalizedText CardLead { get; } = new(
        "健康保険証として利用登録をしたマイナンバーカードを、カードリーダーに置いてください。",
        "Place the My Number Card you registered as your health insurance card on the reader.");
    public static LocalizedText SlotTitle { get; } = new("サンドボックスのカード", "The sandbox's cards");
    public static LocalizedText SlotLead { get; } = new("置くカードを選んでください。", "Choose the card to place.");
    public static LocalizedText NoSandboxCards { get; } = new(
        "利用者証明用電子証明書の入ったカードがまだありません。窓口でカードを交付してください。",
        "No card with a user-authentication certificate yet: deliver one at the window first.");
    public static LocalizedText ReaderTitle { get; } = new("サーバーに接続したカードリーダー", "A card reader attached to the server");
    public static LocalizedText ReaderLead { get; } = new(
        "カードリーダーにカードを置いてから、そのカードリーダーを選んでください。", "Put the card on the reader, then choose the reader.");
    public static LocalizedText NoReaders { get; } = new("サーバーにカードリーダーが接続されていません。", "No card reader is attached to the server.");
    public static LocalizedText UnknownCard { get; } = new("カードを選んでください。", "Choose a card.");
    public static LocalizedText PlacedCard { get; } = new("置いたカード", "The card placed");
    public static LocalizedText Unreadable { get; } = new(
        "カードを読み取れませんでした。カードを置き直して、もう一度お試しください。", "The card could not be read. Place it again and try once more.");
    public static LocalizedText NoCertificate { get; } = new(
        "このカードには利用者証明用電子証明書が入っていないため、保険証として利用できません。市区町村窓口で発行を申請してください。",
        "This card holds no user-authentication certificate, so it cannot serve as the insurance card. Ask your municipality's window to issue one.");

    // ② The identity check.
    public static LocalizedText IdentityTitle { get; } = new("本人確認の方法を選んでください", "Choose how to confirm who you are");
    public static LocalizedText Face { get; } = new("顔認証", "Face recognition");
    public static LocalizedText FaceNote { get; } = new("カメラで顔を確認します", "The camera checks your face");
    public static LocalizedText FaceTitle { get; } = new("顔認証をします", "Face recognition");
    public static LocalizedText FaceLead { get; } = new(
        "カメラに顔を向けてください。カードの顔写真と照合します。このサンドボックスでは、カメラの画像をファイルで渡します。",
        "Face the camera: the terminal compares you with the card's photo. In this sandbox the camera's image is given as a file.");
    public static LocalizedText CameraLabel { get; } = new("カメラの画像（PNG・JPEG）", "The camera's image (PNG or JPEG)");
    public static LocalizedText CollationLabel { get; } = new(
        "照合番号B（カード表面の生年月日・有効期限の年・セキュリティコード、数字14桁）",
        "Collation number B (the date of birth, the expiry year and the security code on the card's face: 14 digits)");
    public static LocalizedText CollationRead { get; } = new(
        "照合番号Bは、カード表面からカメラで読み取ります。", "The camera reads collation number B off the card's face.");
    public static LocalizedText FaceDone { get; } = new("照合する", "Compare");
    public static LocalizedText CameraImageNeeded { get; } = new(
        "カメラの画像（2MB以内のPNGまたはJPEG）を選んでください。", "Choose the camera's image (a PNG or JPEG of at most 2 MB).");
    public static LocalizedText CameraImageUnreadable { get; } = new(
        "カメラの画像を読み取れませんでした。もう一度撮影してください。", "The camera's image could not be read. Take it again.");
    public static LocalizedText ChipPhotoUnreadable { get; } = new(
        "このカードの顔写真を読み取れませんでした。暗証番号か目視確認で本人確認をしてください。",
        "The photo on this card cannot be read. Confirm the patient with the PIN or by staff.");
    public static LocalizedText CollationFormat { get; } = new(
        "照合番号Bは数字14桁で入力してください。", "Collation number B has 14 digits.");
    public static LocalizedText CollationWrong { get; } = new(
        "カード表面の読み取りがカードと一致しませんでした。カードを置き直すか、ほかの方法で本人確認をしてください。",
        "What was read off the card's face does not open the card. Place the card again, or confirm the patient another way.");
    public static LocalizedText CollationBlocked { get; } = new(
        "カードの顔写真を読み出せなくなっています（照合番号Bのロック）。暗証番号か目視確認で本人確認をしてください。",
        "The card's photo can no longer be read (collation number B is locked). Confirm the patient with the PIN or by staff.");
    public static LocalizedText FaceMismatch { get; } = new(
        "顔写真と一致しませんでした。もう一度カメラに顔を向けるか、暗証番号か目視確認で本人確認をしてください。",
        "The face does not match the card's photo. Try the camera again, or confirm the patient with the PIN or by staff.");
    public static LocalizedText ByPin { get; } = new("暗証番号", "PIN");
    public static LocalizedText ByPinNote { get; } = new("数字4桁", "4 digits");
    public static LocalizedText ByStaff { get; } = new("目視確認", "Visual check by staff");
    public static LocalizedText ByStaffNote { get; } = new("受付職員が確認します", "A member of staff checks");
    public static LocalizedText PinTitle { get; } = new("暗証番号を入力してください", "Enter your PIN");
    public static LocalizedText PinLead { get; } = new(
        "マイナンバーカードの利用者証明用電子証明書の暗証番号（数字4桁）を入力して、「確認」を押してください。",
        "Enter the 4-digit PIN of the card's user-authentication certificate and press OK.");
    public static LocalizedText PinLabel { get; } = new("暗証番号（数字4桁）", "PIN (4 digits)");
    public static LocalizedText PinPad { get; } = new("テンキー", "Number pad");
    public static LocalizedText PinClear { get; } = new("訂正", "Clear");
    public static LocalizedText PinOk { get; } = new("確認", "OK");
    public static LocalizedText PinFormat { get; } = new("暗証番号は数字4桁で入力してください。", "Enter the PIN as 4 digits.");
    /// <summary>A wrong PIN: the chip counts it (P3).</summary>
    public static LocalizedText WrongPin(int triesLeft) => new(
        string.Create(CultureInfo.InvariantCulture, $"暗証番号が違います。あと{triesLeft}回間違えるとロックされます。"),
        string.Create(CultureInfo.InvariantCulture, $"The PIN is wrong. {triesLeft} more wrong {(triesLeft == 1 ? "entry" : "entries")} will block it."));

    /// <summary>A blocked PIN: only the municipality's window resets it (P3).</summary>
    public static LocalizedText PinBlocked { get; } = new(
        "暗証番号がロックされています。住所地の市区町村窓口で暗証番号の再設定をしてください。今回の受付は受付職員にお声がけください。",
        "The PIN is blocked: have it reset at your municipality's window. For today's visit, please speak to the reception staff.");

    public static LocalizedText OtherMethod { get; } = new("本人確認の方法を選び直す", "Choose another way");
    public static LocalizedText VisualTitle { get; } = new("受付職員が本人確認をします", "A member of staff confirms who you are");
    public static LocalizedText VisualLead { get; } = new(
        "受付職員は、カードの顔写真とご本人を見比べて確認してから、下のボタンを押してください。",
        "Staff: compare the photo on the card with the patient, then press the button below.");
    public static LocalizedText VisualDone { get; } = new("職員が本人を確認しました", "Staff have confirmed the patient");

    /// <summary>How the holder was confirmed, as the staff's view names it.</summary>
    public static LocalizedText Identity(IdentityCheck? identity) => identity switch
    {
        IdentityCheck.Pin => new("暗証番号（カードが署名）", "PIN (signed by the card)"),
        IdentityCheck.Face => new("顔認証", "face recognition"),
        IdentityCheck.StaffVisual => new("目視確認（受付職員）", "visual check by staff"),
        _ => new("—", "—"),
    };

    // ③ The consent (U1.4, U1.6).
    public static LocalizedText ConsentTitle { get; } = new("情報の提供に同意しますか", "Do you agree to share your records?");
    public static LocalizedText ConsentLead { get; } = new(
        "同意すると、この医療機関の医師・薬剤師が、今回の受診のためにあなたの情報を見ることができます。同意しない項目は提供されません。",
        "With your consent the doctors and pharmacists here may see your records for this visit. What you do not agree to is not shared.");
    public static LocalizedText ConsentMedication { get; } = new(
        "過去のお薬の情報（薬剤情報）の提供に同意する", "I agree to share my past medication");
    public static LocalizedText ConsentHealthChecks { get; } = new(
        "特定健診などの結果（健診情報）の提供に同意する", "I agree to share my health-check results");
    public static LocalizedText ConsentTreatments { get; } = new(
        "過去の診療の情報（診療情報）の提供に同意する", "I agree to share my past treatments");
    public static LocalizedText Next { get; } = new("次へ", "Next");
    public static LocalizedText CeilingTitle { get; } = new("限度額情報の提供に同意しますか", "Do you agree to share your ceiling category?");
    public static LocalizedText CeilingLead { get; } = new(
        "同意すると、限度額適用認定証がなくても、窓口でのお支払いが高額療養費制度の自己負担限度額までになります。",
        "With your consent you pay no more than the high-cost ceiling at the counter, without the ceiling certificate.");
    public static LocalizedText Agree { get; } = new("同意する", "I agree");
    public static LocalizedText Disagree { get; } = new("同意しない", "I do not agree");

    /// <summary>A consent as the staff's view shows it.</summary>
    public static LocalizedText Consented(bool given) => given ? new("同意あり", "consented") : new("同意なし", "not consented");

    public static LocalizedText Medication { get; } = new("薬剤情報", "Medication");
    public static LocalizedText HealthChecks { get; } = new("特定健診等情報", "Health checks");
    public static LocalizedText Treatments { get; } = new("診療情報", "Treatments");
    public static LocalizedText Ceiling { get; } = new("限度額情報", "High-cost ceiling");

    // ④ The result.
    public static LocalizedText EligibleTitle { get; } = new("資格を確認しました", "Your insurance is confirmed");
    public static LocalizedText NotEligibleTitle { get; } = new("資格を確認できませんでした", "Your insurance could not be confirmed");
    public static LocalizedText AskReception { get; } = new(
        "受付にお声がけください。", "Please speak to the reception staff.");
    public static LocalizedText Insurer { get; } = new("保険者", "Insurer");
    public static LocalizedText InsurerNumber { get; } = new("保険者番号", "Insurer number");
    public static LocalizedText SymbolNumber { get; } = new("記号・番号（枝番）", "Symbol and number (branch)");
    public static LocalizedText Role { get; } = new("本人・家族", "Insured or dependant");
    public static LocalizedText Copayment { get; } = new("負担割合", "Copayment");
    public static LocalizedText CeilingCategory { get; } = new("限度額適用区分", "Ceiling category");
    public static LocalizedText CeilingNotShared { get; } = new("提供に同意されていません", "Not shared (no consent)");
    public static LocalizedText ElderlyClass { get; } = new("高齢受給者の負担割合", "Elderly recipient's share");
    public static LocalizedText NotElderly { get; } = new("該当なし", "Not applicable");
    public static LocalizedText Rule { get; } = new("根拠", "Rule");
    public static LocalizedText StaffLink { get; } = new("確認結果の詳細（職員用）", "The check in full (for staff)");
    public static LocalizedText NextPatient { get; } = new("次の方の受付", "Next patient");
    public static LocalizedText TakeCard { get; } = new("マイナンバーカードのお取り忘れにご注意ください。", "Don't forget your My Number Card.");
    public static LocalizedText Cancel { get; } = new("受付をやめる", "Cancel");
    public static LocalizedText AnotherCard { get; } = new("別のカードを置く", "Place another card");
    public static LocalizedText Ended { get; } = new("受付を終了しました", "The reception has ended");
    public static LocalizedText Leave { get; } = new("受付端末を切り替える", "Switch the reception terminal");
    public static LocalizedText RecentChecks { get; } = new("この端末の確認結果一覧（職員用）", "This terminal's checks (for staff)");

    /// <summary>A percentage of the cost: 3割 (30 %).</summary>
    public static LocalizedText Share(int percent) => new(
        string.Create(CultureInfo.InvariantCulture, $"{percent / 10}割"), string.Create(CultureInfo.InvariantCulture, $"{percent} %"));

    /// <summary>本人 or 家族, from the answer's role.</summary>
    public static LocalizedText RoleName(string role) =>
        Enum.TryParse<EnrolmentRole>(role, out var parsed) && Enum.IsDefined(parsed) ? Capital(EnrolmentRoles.NameOf(parsed)) : new(role, role);

    /// <summary>The ceiling category in both languages, from the answer's Japanese name (区分ウ …).</summary>
    public static LocalizedText Category(string japanese) =>
        Enum.GetValues<HighCostCategory>().Select(IncomeWords.Of).Where(w => w.Japanese == japanese).Select(Capital)
            .FirstOrDefault(new LocalizedText(japanese, japanese));

    /// <summary>Words written for the middle of an English sentence, standing alone on the screen.</summary>
    public static LocalizedText Capital(LocalizedText words) =>
        words.English.Length == 0 ? words : words with { English = char.ToUpperInvariant(words.English[0]) + words.English[1..] };

    // The staff's view.
    public static LocalizedText VisitTitle { get; } = new("受付の確認結果", "The reception check");
    public static LocalizedText VisitsTitle { get; } = new("この端末の確認結果", "This terminal's checks");
    public static LocalizedText StaffOnly { get; } = new(
        "この画面は受付職員用です。サンドボックスでは、この受付端末で受付をしたブラウザーだけが見られます。",
        "This page is for reception staff. In the sandbox only the browser that uses this reception terminal sees it.");
    public static LocalizedText NoTerminalSession { get; } = new(
        "受付端末が選ばれていません。受付端末の画面で端末を選んでから開いてください。",
        "No reception terminal is chosen: choose one on the reception screen first.");
    public static LocalizedText NoSuchCheck { get; } = new(
        "この端末の医療機関の確認結果に、該当するものはありません。", "This terminal's institution has no such check.");
    public static LocalizedText NoChecks { get; } = new("この端末での確認はまだありません。", "No check at this terminal yet.");
    public static LocalizedText OpenedAt { get; } = new("受付日時", "Opened at");
    public static LocalizedText VisitDay { get; } = new("受診日", "Visit day");
    public static LocalizedText StateLabel { get; } = new("状態", "State");
    public static LocalizedText Result { get; } = new("結果", "Result");
    public static LocalizedText HowConfirmed { get; } = new("本人確認", "Identity check");
    public static LocalizedText ConsentHeading { get; } = new("今回の受診での同意", "The consent for this visit");
    public static LocalizedText ReceiptHeading { get; } = new("資格確認の控え（電子署名付き）", "The receipt (signed)");
    public static LocalizedText ReceiptValid { get; } = new(
        "控えの電子署名を、オンライン資格確認等システムの公開鍵で確認しました。内容は改ざんされていません。",
        "The receipt's signature verifies with the eligibility service's public key: it is unchanged.");
    public static LocalizedText ReceiptInvalid { get; } = new(
        "控えの電子署名を確認できませんでした。", "The receipt's signature does not verify.");
    public static LocalizedText NoReceipt { get; } = new("控えはありません（回答前に終了しました）。", "No receipt: the check ended before an answer.");
    public static LocalizedText RecordsHeading { get; } = new("同意により提供される情報", "Records shared with consent");
    public static LocalizedText RecordsLead { get; } = new(
        "患者さんが同意した情報（薬剤情報・特定健診等情報・診療情報）を、受診日のうちに限り表示できます。表示したことは、患者さんのマイナポータルのやりとり履歴に記録されます。",
        "The records the patient agreed to share (medication, health checks, treatments) can be shown on the day of the visit only. Each showing is written to the patient's exchange history in the portal.");
    public static LocalizedText ShowRecords { get; } = new("同意された情報を表示する", "Show the consented records");
    public static LocalizedText RecordsShownOn(DateOnly visitDay) => new(
        $"この情報は、受診日（{Day(visitDay)}）のうちに限り表示できます。", $"These records can be shown on the day of the visit ({Day(visitDay)}) only.");
    public static LocalizedText NotConsented { get; } = new("この情報の提供には同意されていません。", "The patient did not agree to share these records.");
    public static LocalizedText NoMedication { get; } = new("薬剤の記録はありません。", "No medication is recorded.");
    public static LocalizedText NoHealthCheck { get; } = new("特定健診の記録はありません。", "No health check is recorded.");
    public static LocalizedText NoTreatment { get; } = new("診療の記録はありません。", "No treatment is recorded.");
    public static LocalizedText DispensedOn { get; } = new("調剤日", "Dispensed on");
    public static LocalizedText VisitedOn { get; } = new("受診日", "Day of the visit");
    public static LocalizedText CheckedOn { get; } = new("健診日", "Checked on");
    public static LocalizedText ClinicOrPharmacy { get; } = new("医療機関・薬局", "Clinic or pharmacy");
    public static LocalizedText HeldBy { get; } = new("保険者", "Insurer");
    public static LocalizedText Drug { get; } = new("薬品名", "Drug");
    public static LocalizedText Strength { get; } = new("規格", "Strength");
    public static LocalizedText PerDay { get; } = new("1日量", "Per day");
    public static LocalizedText Days { get; } = new("日数", "Days");
    public static LocalizedText Diagnosis { get; } = new("傷病名", "Diagnosis");
    public static LocalizedText Procedure { get; } = new("診療行為", "Procedure");
    public static LocalizedText Height { get; } = new("身長", "Height");
    public static LocalizedText Weight { get; } = new("体重", "Weight");
    public static LocalizedText BloodPressure { get; } = new("血圧", "Blood pressure");
    public static LocalizedText Ldl { get; } = new("LDLコレステロール", "LDL cholesterol");

    /// <summary>A number of days as a prescription gives it: 14日 / 14 days.</summary>
    public static LocalizedText DayCount(int days) => new($"{days}日", days == 1 ? "1 day" : $"{days} days");

    /// <summary>A calendar day, the same in both languages: 2026-06-11.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static LocalizedText RecordsNone { get; } = new(
        "この受診では、情報の提供に同意されていません。", "No record was consented to for this visit.");
    public static LocalizedText Details { get; } = new("詳細", "Details");
    public static LocalizedText BackToReception { get; } = new("受付画面に戻る", "Back to the reception screen");
    public static LocalizedText BackToList { get; } = new("確認結果の一覧", "All checks");

    /// <summary>An instant in Japan time to the minute, the same in both languages: 2026-06-11 10:00.</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.ToOffset(Primitives.JapanClock.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Where a check stands.</summary>
    public static LocalizedText State(EligibilityCheckState state, bool timedOut) => state switch
    {
        EligibilityCheckState.Answered => new("回答済み", "answered"),
        EligibilityCheckState.Ended => new("回答前に終了", "ended before an answer"),
        _ when timedOut => new("時間切れ", "timed out"),
        _ => new("カードの回答待ち", "waiting for the card"),
    };

    /// <summary>A result code as the staff's view names it.</summary>
    public static LocalizedText ResultName(string? result) => result switch
    {
        null => new("—", "—"),
        "eligible" => new("資格あり", "eligible"),
        "not-registered" => new("資格なし（保険証利用の登録なし）", "not eligible (not registered for insurance use)"),
        "no-enrolment" => new("資格なし（受診日に有効な資格なし）", "not eligible (no enrolment on the visit day)"),
        "certificate-revoked" => new("電子証明書の失効", "certificate revoked"),
        "certificate-expired" => new("電子証明書の期限切れ", "certificate expired"),
        "check-expired" => new("時間切れ", "timed out"),
        "bad-signature" => new("署名の不一致", "bad signature"),
        "holder-unknown" => new("利用者不明", "holder unknown"),
        "status-unavailable" => new("証明書の状態を確認できず", "certificate status unavailable"),
        _ => new("確認できず", "could not be checked"),
    };
}
