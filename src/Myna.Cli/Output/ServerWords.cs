using System.Globalization;
using Myna.Primitives.Text;

namespace Myna.Cli.Output;

/// <summary>
/// The sentences <c>myna</c> writes about the server it calls — sessions, staff accounts, the portal, the eligibility
/// service — in Japanese and English side by side, with the problems that end such a command. The server's own detail
/// (problem details, RFC 9457) comes in the language the command asked for (<c>Accept-Language</c>) and is quoted as it is.
/// </summary>
internal static class ServerWords
{
    // What a call was for: the object of "may not …" and "could not …".

    public static readonly LocalizedText SignInAction = new("サインイン", "sign in");
    public static readonly LocalizedText ReadSessionAction = new("セッションの確認", "read the session");
    public static readonly LocalizedText SignOutAction = new("サインアウト", "sign out");
    public static readonly LocalizedText DownloadAction = new("カードファイルのダウンロード", "download the card file");
    public static readonly LocalizedText ChallengeAction = new("ログイン用チャレンジの取得", "fetch the login challenge");
    public static readonly LocalizedText AnswerChallengeAction = new("ログイン用チャレンジへの応答", "answer the login challenge");
    public static readonly LocalizedText OpenCheckAction = new("資格確認の開始", "open a check");
    public static readonly LocalizedText AnswerCheckAction = new("資格確認への応答", "answer the check");
    public static readonly LocalizedText ReceiptKeyAction = new("控えの公開鍵の取得", "give the receipts' key");
    public static readonly LocalizedText VerifyReceiptAction = new("控えの確認", "check the receipt");

    /// <summary>
    /// <paramref name="lead"/> (a sentence without its full stop), then the server's own words when it gave any. The
    /// Japanese text quotes them only when they are Japanese: some of the server's answers are in English whatever the
    /// request asked for, and an English sentence does not belong in Japanese output (the lead and the remedy say enough).
    /// </summary>
    public static LocalizedText WithDetail(LocalizedText lead, string? detail) => new(
        detail is not null && IsJapanese(detail) ? $"{lead.Japanese}。サーバーの説明: {detail}" : lead.Japanese + "。",
        string.IsNullOrWhiteSpace(detail) ? lead.English + "." : $"{lead.English}: {detail}");

    /// <summary>Whether <paramref name="text"/> is written in Japanese: it has kana or kanji.</summary>
    private static bool IsJapanese(string text) =>
        text.Any(c => c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF');

    // The server's URL and reachability.

    public static CliProblem BadServerUrl(LocalizedText why) => new(ExitCodes.BadInput, "bad-server",
        new($"--server: {why.Japanese}", $"--server: {why.English}"));

    public static readonly LocalizedText UrlExpected = new("http:// または https:// で始まるURLを指定してください（例: http://localhost:5000）。",
        "an http:// or https:// URL, e.g. http://localhost:5000");

    public static readonly LocalizedText BaseUrlExpected = new("ユーザー名・クエリ・フラグメントを含まない、サーバーの基底URLを指定してください。",
        "the server's base URL, without user, query or fragment");

    private static readonly LocalizedText StartTheServer = new(
        "サーバーが起動していること（dotnet run --project src/Myna.Server）と、--server のURLが正しいことを確かめてください。",
        "check that the server is running (`dotnet run --project src/Myna.Server`) and that --server names it.");

    public static CliProblem Unreachable(Uri server, LocalizedText reason) => new(ExitCodes.ServerUnreachable, "server-unreachable",
        new($"サーバー {server} に接続できません（{reason.Japanese}）。", $"cannot reach the server at {server} ({reason.English})."),
        StartTheServer);

    public static readonly LocalizedText HostUnknown = new("ホスト名が見つかりません", "the host name is unknown");
    public static readonly LocalizedText ConnectionFailed = new("接続が拒否されたか、応答がありません", "the connection failed");
    public static readonly LocalizedText TlsFailed = new("TLSの接続確立に失敗しました", "the TLS handshake failed: is it https?");

    public static CliProblem TimedOut(Uri server, TimeSpan timeout) => new(ExitCodes.ServerUnreachable, "server-timeout",
        new(string.Create(CultureInfo.InvariantCulture, $"サーバー {server} から{timeout.TotalSeconds:0}秒以内に応答がありませんでした。"),
            string.Create(CultureInfo.InvariantCulture, $"the server at {server} did not answer within {timeout.TotalSeconds:0} s.")),
        new("しばらく待ってから、もう一度実行してください。", "wait a moment and run the command again."));

    public static CliProblem DownloadBrokeOff(Uri server, long copied, long? expected) => new(ExitCodes.ServerUnreachable, "download-broke-off",
        expected is { } total
            ? new(string.Create(CultureInfo.InvariantCulture, $"サーバー {server} からのダウンロードが {total} バイト中 {copied} バイトで途切れました。"),
                string.Create(CultureInfo.InvariantCulture, $"the download from {server} ended after {copied} of {total} bytes."))
            : new(string.Create(CultureInfo.InvariantCulture, $"サーバー {server} からのダウンロードが {copied} バイトで途切れました。"),
                string.Create(CultureInfo.InvariantCulture, $"the download from {server} broke off after {copied} bytes.")),
        new("もう一度実行してください。書きかけのファイルは残していません。", "run the command again; no partial file was kept."));

    public static CliProblem NotMyna(Uri server, int status, string? mediaType) => new(ExitCodes.ServerError, "not-myna",
        new(string.Create(CultureInfo.InvariantCulture, $"{server} の応答（{status} {mediaType ?? "本文なし"}）は、Mynaのサーバーの応答ではありません。"),
            string.Create(CultureInfo.InvariantCulture, $"{server} answered {status} {mediaType ?? "without content"}, not as a Myna server does.")),
        new("--server（または環境変数 MYNA_SERVER）のURLを確かめてください。", "check --server (or MYNA_SERVER)."));

    // Sessions and permissions.

    private static LocalizedText SignInRemedy(Uri server) => new(
        $"`myna server sign-in --server {server} --user NAME` でサインインするか、--user を指定してください。",
        $"sign in with `myna server sign-in --server {server} --user NAME`, or give --user.");

    public static CliProblem NotSignedIn(Uri server) => new(ExitCodes.NotSignedIn, "not-signed-in",
        new($"サーバー {server} にサインインしていないか、セッションが終了しています（401）。", $"not signed in to {server}, or the session has ended (401)."),
        SignInRemedy(server));

    public static CliProblem NoKeptSession(Uri server) => new(ExitCodes.NotSignedIn, "not-signed-in",
        new($"サーバー {server} にサインインしていません（この端末に保存されたセッションがありません）。", $"not signed in to {server}: no session is kept here."),
        SignInRemedy(server));

    public static CliProblem SignInRefused(string? detail) => new(ExitCodes.NotSignedIn, "sign-in-refused",
        WithDetail(new("サインインできませんでした", "sign-in refused"), detail),
        new("ユーザー名とパスワードを確かめてください。アカウントが無効な場合は管理者に連絡してください。",
            "check the user name and the password; if the account is disabled, ask an administrator."));

    public static CliProblem Forbidden(LocalizedText action, string? detail) => new(ExitCodes.Forbidden, "forbidden",
        WithDetail(new($"サインイン中の職員には、{action.Japanese}の権限がありません（403）", $"the signed-in staff member may not {action.English} (403)"), detail),
        new("この操作の権限を持つ職員でサインインし直してください。", "sign in as a staff member whose role may do this."));

    /// <summary>403 from the administrators' API: only an administrator may do this.</summary>
    public static CliProblem AdministratorsOnly(LocalizedText action, string? detail) => Forbidden(action, detail) with
    {
        Remedy = new("職員アカウントの管理は管理者だけが行えます。管理者（Administrator）としてサインインしてください。",
            "administrators only: sign in as an administrator."),
    };

    public static CliProblem NotFound(Uri server, string? detail) => new(ExitCodes.NotFound, "not-found",
        WithDetail(new($"サーバー {server} に見つかりません（404）", $"not found at {server} (404)"), detail),
        new("名前やIDと、--server がMynaのサーバーを指していることを確かめてください。", "check the name or id, and that --server is a Myna server."));

    public static CliProblem NoSuchCard(Uri server, Guid card) => new(ExitCodes.NotFound, "no-such-card",
        new(string.Create(CultureInfo.InvariantCulture, $"サーバー {server} にカード {card:N} はありません（404）。"),
            string.Create(CultureInfo.InvariantCulture, $"no card {card:N} at {server} (404).")),
        new("カードのIDを確かめてください（住民のカードは GET /api/residents/{id} で一覧できます）。",
            "check the card id (GET /api/residents/{id} lists a resident's cards)."));

    public static CliProblem ServerFailed(LocalizedText action, int status, string? detail) => new(ExitCodes.ServerError, "server-error",
        WithDetail(new(string.Create(CultureInfo.InvariantCulture, $"サーバーで{action.Japanese}ができませんでした（{status}）"),
            string.Create(CultureInfo.InvariantCulture, $"the server could not {action.English} ({status})")), detail));

    public static CliProblem Refused(int exit, string code, LocalizedText action, int status, string? detail) => new(exit, code,
        WithDetail(new(string.Create(CultureInfo.InvariantCulture, $"サーバーは{action.Japanese}を受け付けませんでした（{status}）"),
            string.Create(CultureInfo.InvariantCulture, $"the server refused to {action.English} ({status})")), detail));

    // Passwords and other secrets.

    public static readonly LocalizedText Password = new("パスワード", "password");
    public static readonly LocalizedText NewPassword = new("新しいパスワード", "new password");
    public static readonly LocalizedText TerminalSecret = new("端末のシークレット", "terminal secret");

    public static CliProblem NoSecret(LocalizedText what, string forWhom, string stdinOption, string variable) => new(ExitCodes.BadInput, "no-secret",
        new($"{forWhom} の{what.Japanese}の入力がありません。", $"no {what.English} for {forWhom} was given."),
        new($"{stdinOption} で標準入力から渡すか、環境変数 {variable} を設定するか、端末で実行して入力してください。",
            $"give it on standard input with {stdinOption}, set {variable}, or run in a terminal to be asked."));

    public static CliProblem EmptyStdin(LocalizedText what, string stdinOption) => new(ExitCodes.BadInput, "no-secret",
        new($"{stdinOption}: 標準入力に{what.Japanese}がありません。", $"{stdinOption}: standard input holds no {what.English}."));

    public static readonly CliProblem NewPasswordsDiffer = new(ExitCodes.BadInput, "passwords-differ",
        new("確認のために入力した新しいパスワードが一致しません。何も変更していません。", "the two new passwords differ; nothing was changed."));

    public static LocalizedText SecretPrompt(LocalizedText what, string forWhom) => new($"{forWhom} の{what.Japanese}", $"{what.English} for {forWhom}");

    public static readonly LocalizedText SameAgainPrompt = new("確認のため、もう一度", "the same again");

    // server sign-in / status / sign-out.

    public static LocalizedText SignedIn(Uri server, string user, string displayName, string role) => new(
        $"サーバー {server} に {user}（{displayName}、{role}）としてサインインしています。",
        $"signed in to {server} as {user} ({displayName}, {role}).");

    public static LocalizedText SessionKept(string path) => new($"セッションを {path} に保存しました。", $"session kept in {path}.");

    public static LocalizedText NotSignedInHere(Uri server) => new($"サーバー {server} にはサインインしていません。", $"not signed in to {server}.");

    public static LocalizedText SignedOut(Uri server) => new($"サーバー {server} からサインアウトしました。", $"signed out of {server}.");

    public static readonly LocalizedText SessionForgotten = new(
        "保存していたセッションはこの端末から削除しました。サーバー側のセッションは期限が来ると自動的に終了します。",
        "the session is forgotten here; it ends on the server by itself.");

    // staff.

    public static readonly LocalizedText UserNameHeader = new("ユーザー名", "user name");
    public static readonly LocalizedText DisplayNameHeader = new("表示名", "display name");
    public static readonly LocalizedText RoleHeader = new("役割", "role");
    public static readonly LocalizedText EnabledHeader = new("有効", "enabled");
    public static readonly LocalizedText SessionsHeader = new("セッション数", "sessions");
    public static readonly LocalizedText CreatedHeader = new("作成日", "created");
    public static readonly LocalizedText Yes = new("はい", "yes");
    public static readonly LocalizedText No = new("いいえ", "no");

    public static LocalizedText Created(string user, string displayName, string role) =>
        new($"アカウント {user}（{displayName}、{role}）を作成しました。", $"created {user} ({displayName}, {role}).");

    public static LocalizedText Disabled(string user) => new($"アカウント {user} を無効にしました。セッションはすべて終了しています。", $"disabled {user}; its sessions ended.");

    public static LocalizedText Enabled(string user) => new($"アカウント {user} を有効にしました。", $"enabled {user}.");

    public static LocalizedText PasswordSet(string user) =>
        new($"アカウント {user} に新しいパスワードを設定しました。セッションはすべて終了しています。", $"set a new password for {user}; its sessions ended.");

    public static LocalizedText RoleSet(string user, string role) => new($"アカウント {user} の役割を {role} にしました。", $"{user} is now {role}.");

    public static LocalizedText SessionsEnded(string user, int count) => new(
        string.Create(CultureInfo.InvariantCulture, $"アカウント {user} のセッションを{count}件終了しました。"),
        string.Create(CultureInfo.InvariantCulture, $"ended {count} session(s) of {user}."));

    public static LocalizedText PasswordChanged(string user) =>
        new($"{user} のパスワードを変更しました。ほかのセッションはすべて終了しています。", $"changed the password of {user}; its other sessions ended.");

    public static readonly LocalizedText ListAction = new("職員アカウントの一覧表示", "list the staff accounts");
    public static readonly LocalizedText CreateAction = new("アカウントの作成", "create the account");
    public static readonly LocalizedText DisableAction = new("アカウントの無効化", "disable the account");
    public static readonly LocalizedText EnableAction = new("アカウントの有効化", "enable the account");
    public static readonly LocalizedText SetPasswordAction = new("パスワードの設定", "set the password");
    public static readonly LocalizedText SetRoleAction = new("役割の変更", "change the role");
    public static readonly LocalizedText EndSessionsAction = new("セッションの終了", "end the sessions");
    public static readonly LocalizedText ChangePasswordAction = new("パスワードの変更", "change the password");

    // portal.

    public static CliProblem LoginRefused(string reason, int status, string? detail) => new(ExitCodes.LoginRefused, "login-refused",
        WithDetail(new(string.Create(CultureInfo.InvariantCulture, $"マイナポータルがログインを受け付けませんでした（{reason}、{status}）"),
            string.Create(CultureInfo.InvariantCulture, $"the portal refused the login ({reason}, {status})")), detail),
        new("ログイン画面を開き直して、表示された新しいコードでもう一度実行してください。", "open the login page again and run the command with the new code it shows."));

    public static CliProblem NotALoginUrl(string text) => new(ExitCodes.BadInput, "bad-login-code",
        new($"{text} はマイナポータルのログイン用URL（…/portal/api/challenges/CODE）ではありません。", $"{text}: not a login URL of the portal (…/portal/api/challenges/CODE)."));

    public static CliProblem NotALoginCode(string code) => new(ExitCodes.BadInput, "bad-login-code",
        new($"{code} はログイン用のコードではありません。", $"{code}: not a login code."),
        new("ログイン画面に表示された英数字8文字（ABCD-EFGH の形）を入力してください。", "the portal's page shows 8 letters and digits as ABCD-EFGH."));

    public static readonly LocalizedText LoginNotAnswered = new("ログインには応答していません", "the login was not answered");

    public static LocalizedText LoggedIn(string code, Uri server) => new(
        $"ログインしました: カードがサーバー {server} のログイン {code} に応答しました。ブラウザの画面は自動的にログインを完了します。",
        $"logged in: the card answered login {code} at {server}; the browser's page completes the login by itself.");

    // portal history verify.

    public static CliProblem CannotRead(string path) => new(ExitCodes.BadInput, "unreadable-file",
        new($"ファイル {path} を読み取れません。", $"{path}: cannot be read."));

    public static CliProblem NotABundle(string path, string why) => new(ExitCodes.BadInput, "not-a-proof-bundle",
        new($"ファイル {path} はやりとり履歴の証明ファイルとして読み取れません（{why}）。", $"{path}: {why}"),
        new("マイナポータルのやりとり履歴からダウンロードしたファイルを指定してください。", "give a file downloaded from the portal's exchange history."));

    public static CliProblem HistoryDoesNotVerify(string why) => new(ExitCodes.VerificationFailed, "history-does-not-verify",
        new($"やりとり履歴の検証に失敗しました（{why}）。", $"the exchange history does not verify: {why}"),
        new("証明ファイルが証拠になります。ファイルを保存したまま、市区町村に報告してください。", "report it to the municipality: the proof files are the evidence."));

    public static LocalizedText HistoryVerified(int entries, long treeSize, string verifier) => new(
        string.Create(CultureInfo.InvariantCulture, $"検証できました: {entries}件のやりとりは、{verifier} が署名したログ（ツリーサイズ{treeSize}）に含まれています。"),
        string.Create(CultureInfo.InvariantCulture, $"OK: {entries} entries are in the log's tree of size {treeSize}, signed by {verifier}."));

    public static readonly LocalizedText KeepTheBundle = new(
        "このファイルは保存しておいてください。次回はこのファイルのチェックポイントをマイナポータルに渡し、新しいファイルをこのファイルと照らし合わせて検証します。",
        "Keep this file; next time give its checkpoint to the portal and check the new file against it.");

    public static LocalizedText HistoryExtended(long before, long after, int seen, int added) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"検証できました: ツリーサイズ{after}のログは、以前確認したツリーサイズ{before}のログを引き継いでいます。確認済みの{seen}件はすべて変更されずに残っており、新しいやりとりは{added}件です。"),
        string.Create(CultureInfo.InvariantCulture,
            $"OK: the log's tree of size {after} extends the tree of size {before} you saw; all {seen} entries you saw are there, unchanged; {added} new {(added == 1 ? "entry" : "entries")} of yours."));
}
