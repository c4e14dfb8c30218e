using System.Globalization;
using Myna.Primitives.Text;

namespace Myna.Cli.Output;

/// <summary>
/// The sentences of <c>myna terminal</c> — a reception terminal's check of a patient's insurance and the check of its
/// receipt — in Japanese (as a clinic's reception would read them) and English, with the problems that end the command.
/// </summary>
internal static class TerminalWords
{
    // The terminal and the service.

    public static CliProblem UnknownTerminal(Uri server, Guid terminal) => new(ExitCodes.NotSignedIn, "unknown-terminal",
        new($"資格確認サービス（{server}）に、端末 {terminal} がこのシークレットで登録されていません（401）。",
            $"the eligibility service at {server} does not know terminal {terminal} with this secret (401)."),
        new("--terminal の端末IDとシークレットを確かめてください。", "check --terminal and its secret."));

    public static CliProblem ServiceRefused(LocalizedText action, string refusal, string? rule, int status, string? title)
    {
        var codes = string.Create(CultureInfo.InvariantCulture, $"{refusal}{(rule is null ? "" : ", " + rule)}; {status}");
        return new(ExitCodes.NotEligible, "not-eligible",
            ServerWords.WithDetail(new($"資格確認サービスは{action.Japanese}を受け付けませんでした（{codes}）", $"the eligibility service refused to {action.English} ({codes})"), title));
    }

    public static CliProblem NotAnEligibilityService(Uri server) => new(ExitCodes.ServerError, "not-myna",
        new($"{server} の応答は、Mynaの資格確認サービスの応答ではありません。", $"{server} answered the check not as a Myna server does."),
        new("--server のURLを確かめてください。", "check --server."));

    // Input.

    public static readonly LocalizedText OneIdentity = new(
        "本人確認の方法を一つだけ指定してください: --pin、--face IMAGE --collation-b DIGITS、または --staff-visual。",
        "confirm the patient one way: --pin, --face IMAGE --collation-b DIGITS, or --staff-visual.");

    public static readonly LocalizedText FaceNeedsCollation = new(
        "--face には --collation-b（券面写真を読み出すための14桁の照合番号B）が必要です。",
        "--face needs --collation-b: the 14 digits that open the chip's photo.");

    public static readonly LocalizedText CollationGoesWithFace = new("--collation-b は --face と一緒に指定してください。", "--collation-b goes with --face.");

    public static readonly LocalizedText PinStdinGoesWithPin = new("--pin-stdin は --pin と一緒に指定してください。", "--pin-stdin goes with --pin.");

    public static readonly LocalizedText NoneAlone = new("--consent: none は単独で指定してください。", "--consent: none goes alone.");

    public static LocalizedText UnknownConsent(string name, IEnumerable<string> names) => new(
        $"--consent: {name} は指定できません（{string.Join("、", names)}、all、none のいずれかです）。",
        $"--consent: {name} is none of {string.Join(", ", names)} (or all, none).");

    public static readonly LocalizedText SecretNotInArgument = new(
        $"--terminal には端末IDだけを指定してください。シークレットは --terminal-secret-stdin、環境変数 MYNA_TERMINAL_SECRET、または入力で渡します（引数には書きません）。",
        "--terminal: the id alone; the secret goes by --terminal-secret-stdin, $MYNA_TERMINAL_SECRET or a prompt, never as an argument.");

    public static readonly LocalizedText TerminalIdExpected = new(
        "--terminal: 端末ID（端末を登録したときにサービスが返したGUID）を指定してください。",
        "--terminal: a terminal id (a GUID, as the service answered when the terminal was registered).");

    public static readonly LocalizedText SandboxOrFile = new(
        "--sandbox-clinic と --terminal-file FILE は、どちらか一方だけを指定してください。", "give either --sandbox-clinic or --terminal-file FILE, not both.");

    public static LocalizedText NoSandbox(string path) => new(
        $"--sandbox-clinic: {path} がありません。先にこのデータディレクトリ（MYNA_HOME）でサーバーをサンドボックスモードで起動してください。",
        $"--sandbox-clinic: {path}: no such file: start the server in sandbox mode on this data directory ($MYNA_HOME) first.");

    public static LocalizedText NoSuchFile(string option, string path) => new($"{option}: ファイル {path} がありません。", $"{option}: {path}: no such file.");

    public static LocalizedText NoTerminalIn(string option, string path, Guid? wanted) => wanted is null
        ? new($"{option}: {path} に端末（Id と Secret）がありません。", $"{option}: {path} holds no terminal (Id and Secret).")
        : new($"{option}: {path} に端末 {wanted} がありません。", $"{option}: {path} holds no terminal {wanted}.");

    public static LocalizedText NotJson(string option, string path) => new($"{option}: {path} はJSONではありません。", $"{option}: {path} is not JSON.");

    public static readonly LocalizedText WhichTerminal = new(
        "どの端末で確認するかを指定してください: --terminal ID（とシークレット）、--terminal-file FILE、または --sandbox-clinic。",
        "which terminal? give --terminal ID (and its secret), --terminal-file FILE or --sandbox-clinic.");

    // The card at the reception.

    public static readonly LocalizedText CheckNotAnswered = new("資格確認には応答していません", "the check was not answered");

    public static CliProblem CollationRefused(Reader.PinVerificationResult result) => result.Outcome == Reader.PinVerificationOutcome.Blocked
        ? new(ExitCodes.CardError, "collation-blocked",
            new("照合番号Bはカードでロックされています。何も送信していません。", "照合番号B is blocked on the card; nothing was sent."),
            new("住所地の市区町村の窓口で再設定できます。今回は --pin または --staff-visual で本人確認をしてください。",
                "the window of the municipality of residence resets it; confirm the patient with --pin or --staff-visual."))
        : new(ExitCodes.CardError, "wrong-collation",
            new($"照合番号Bが違います（券面の写真は読み出せません。あと{result.TriesLeft}回）。何も送信していません。",
                $"wrong 照合番号B (the card's photo stays closed): {result.TriesLeft} tries left; nothing was sent."),
            new("カードの券面から読み取った照合番号Bを確かめてください。", "check the 照合番号B read off the card's face."));

    public static readonly CliProblem NoPhoto = new(ExitCodes.CardError, "no-photo",
        new("このカードのICチップには顔写真がありません（券面画像なしで発行されています）。", "the card's chip holds no photo (issued without card-face images)."),
        new("--pin または --staff-visual で本人確認をしてください。", "confirm the patient with --pin or --staff-visual."));

    public static CliProblem FaceImage(int exit, string why) => new(exit, "bad-face-image",
        new($"--face: 顔画像を比較できません（{why}）。", $"--face: {why}"));

    public static CliProblem FaceMismatch(string match) => new(ExitCodes.FaceMismatch, "face-mismatch",
        new($"顔認証が一致しませんでした。カメラの画像はカードの顔写真の人物ではありません（{match}）。何も送信していません。",
            $"the face check failed: the camera's image is not the face on the card ({match}). Nothing was sent."),
        new("もう一度撮影するか、--pin または --staff-visual で本人確認をしてください。", "check again, or confirm the patient with --pin or --staff-visual."));

    public static CliProblem NoEligibility(Uri server) => new(ExitCodes.ServerError, "not-myna",
        new($"{server} の応答に資格の有無がありません。Mynaのサーバーの応答ではありません。", $"{server} answered the check without an eligibility, not as a Myna server does."),
        new("--server のURLを確かめてください。", "check --server."));

    // The answer, as the reception reads it.

    public static readonly LocalizedText Result = new("結果", "result");
    public static readonly LocalizedText Eligible = new("資格を確認できました", "eligible");
    public static readonly LocalizedText NotEligible = new("資格を確認できません", "not eligible");
    public static readonly LocalizedText Rule = new("根拠", "rule");
    public static readonly LocalizedText Refusal = new("確認できない理由（コード）", "refusal");
    public static readonly LocalizedText Reason = new("理由", "reason");
    public static readonly LocalizedText Insurer = new("保険者", "insurer");
    public static readonly LocalizedText SymbolNumberBranch = new("記号・番号・枝番", "symbol · number · branch");
    public static readonly LocalizedText Copayment = new("一部負担金の割合", "copayment");
    public static readonly LocalizedText CeilingCategory = new("限度額適用区分", "ceiling category");
    public static readonly LocalizedText ElderlyRecipient = new("高齢受給者", "elderly recipient");
    public static readonly LocalizedText Note = new("備考（U1.3）", "note (U1.3)");
    public static readonly LocalizedText Identity = new("本人確認", "identity");
    public static readonly LocalizedText EligibleCode = new("資格あり", "eligible");

    /// <summary>本人 or 家族, as the service names them (<c>Insured</c>, <c>Dependant</c>).</summary>
    public static LocalizedText Role(string? role) => role switch
    {
        "Insured" => new("本人", "Insured"),
        "Dependant" => new("家族", "Dependant"),
        _ => new(role ?? "—", role ?? "—"),
    };
    public static readonly LocalizedText Consent = new("同意", "consent");
    public static readonly LocalizedText NoConsent = new("なし", "none");
    public static readonly LocalizedText Receipt = new("控え", "receipt");

    public static LocalizedText FaceIdentity(string match) => new($"顔認証: {match}", $"face check: {match}");

    public static readonly LocalizedText StaffIdentity = new("職員がカードの顔写真と本人を目視で確認しました", "a staff member compared the patient with the card's photo");

    public static readonly LocalizedText PinIdentity = new("利用者証明用の暗証番号を照合し、カードがチャレンジに署名しました", "the user-authentication PIN; the card signed the challenge");

    public static LocalizedText ConsentName(string name) => name switch
    {
        "medication" => new("薬剤情報", "medication"),
        "healthChecks" => new("特定健診等情報", "health checks"),
        "treatments" => new("診療情報", "treatments"),
        _ => new("限度額適用認定証情報", "high-cost ceiling"),
    };

    public static LocalizedText ReceiptHint(string? id) => new(
        $"{id}（`myna terminal verify-receipt FILE` で確認できます。FILE は --json で出力したこの応答です）",
        $"{id}: check it with `myna terminal verify-receipt FILE` (FILE: this answer with --json)");

    // verify-receipt.

    public static readonly LocalizedText KeyExpected = new("ECDSA P-256 のPEM形式の公開鍵ではありません", "not an ECDSA P-256 public key in PEM");

    public static CliProblem NotAKey(string path) => new(ExitCodes.BadInput, "bad-key",
        new($"--key: {path} は{KeyExpected.Japanese}。", $"--key: {path} is {KeyExpected.English}."));

    public static CliProblem NotAReceipt(string path) => new(ExitCodes.BadInput, "not-a-receipt",
        new($"{path} は資格確認の控えではありません（\"content\" と \"signature\" を持つJSON、またはそれを \"receipt\" に含む確認結果が必要です）。",
            $"{path}: not a receipt: JSON with \"content\" and \"signature\" (or a check's answer holding \"receipt\")."));

    public static CliProblem ReceiptDoesNotVerify(LocalizedText by) => new(ExitCodes.VerificationFailed, "receipt-does-not-verify",
        new($"控えの電子署名を確認できませんでした（確認先: {by.Japanese}）。資格確認サービスの控えではないか、内容が変更されています。",
            $"the receipt does not verify with {by.English}: it is not the eligibility service's, or it was changed."));

    public static LocalizedText ByKey(string name) => new($"{name} の公開鍵", $"the key in {name}");

    public static LocalizedText ByServer(Uri server) => new($"サーバー {server}", $"{server}");

    public static LocalizedText ReceiptValid(LocalizedText by) => new(
        $"有効です: この控えは資格確認サービスが署名したもので、変更されていません（確認先: {by.Japanese}）。",
        $"valid: the eligibility service signed this receipt, unchanged (checked with {by.English}).");
}
