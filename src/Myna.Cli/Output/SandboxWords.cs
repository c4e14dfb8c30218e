using System.Globalization;
using System.Net;
using Myna.Primitives.Text;

namespace Myna.Cli.Output;

/// <summary>The sentences of <c>myna sandbox</c>: a sandbox server's cards, a card's own chip in this machine's reader, its clock.</summary>
internal static class SandboxWords
{
    public static readonly LocalizedText ListCardsAction = new("サンドボックスのカード一覧の取得", "list the sandbox's cards");
    public static readonly LocalizedText ReadClockAction = new("サンドボックスの時計の確認", "read the sandbox clock");
    public static readonly LocalizedText SetClockAction = new("サンドボックスの時計の設定", "set the sandbox clock");

    public static LocalizedText NotAGuid(string what, string text) => new(
        $"{what}: GUID（16進数32桁、ハイフン可）で指定してください（「{text}」は違います）。",
        $"{what}: a GUID (32 hex digits, dashes allowed), not '{text}'.");

    public static readonly LocalizedText SetOrReset = new("--set と --reset は、どちらか一方だけを指定してください。", "--set and --reset: one or the other.");

    public static LocalizedText BadClockTime(string text) => new(
        $"--set: 日本時間の日時を分まで YYYY-MM-DDTHH:MM で指定してください（例: 2027-04-01T09:00。「{text}」は違います）。",
        $"--set: a Japan date and time to the minute, YYYY-MM-DDTHH:MM (e.g. 2027-04-01T09:00), not '{text}'.");

    public static LocalizedText Connecting(Guid card, Uri server, string host, int port) => new(
        string.Create(CultureInfo.InvariantCulture, $"カード {card:N}（{server}）: vpcd（{host}:{port}）に接続しています…"),
        string.Create(CultureInfo.InvariantCulture, $"card {card:N} at {server}: connecting to vpcd at {host}:{port} …"));

    public static LocalizedText Attached(Guid card, string host, int port) => new(
        string.Create(CultureInfo.InvariantCulture, $"カード {card:N} のサーバー上のICチップを vpcd（{host}:{port}）のリーダーに挿しました。PC/SC のソフトウェアから使えます。取り出すには Ctrl+C を押してください。"),
        string.Create(CultureInfo.InvariantCulture, $"attached: card {card:N}, the server's own chip, in vpcd at {host}:{port}; PC/SC software now sees it. Ctrl+C to remove it."));

    public static readonly LocalizedText WaitingForVpcd = new(
        "pcscd の vpcd リーダーを待っています（pcscd が起動していて、vsmartcard-vpcd がインストールされていますか）…",
        "waiting for pcscd's vpcd reader (is pcscd running with vsmartcard-vpcd installed?) …");

    public static readonly LocalizedText Removed = new("カードを取り出しました。サーバーはICチップを閉じました。", "card removed; the server closed its chip.");

    public static CliProblem SessionEnded(string reason) => new(ExitCodes.ServerUnreachable, "session-ended",
        new($"サーバーがセッションを終了しました（{reason}）。", $"the server ended the session ({reason})."),
        new("もう一度 `myna sandbox attach` を実行してください。10分間コマンドがないとセッションは終了します。",
            "run `myna sandbox attach` again; a session ends after 10 minutes without a command."));

    public static CliProblem ReaderUnreachable(string detail) => new(ExitCodes.ServerUnreachable, "server-unreachable",
        new($"カードの読み取り口（WebSocket）に接続できません（{detail}）。", $"cannot reach the card's reader on the server (WebSocket: {detail})."),
        new("サーバーの URL と、サーバーが起動していることを確かめてください。", "check the server's URL and that it runs."));

    /// <summary>Why the server refused the card's reader before the WebSocket opened: only the status comes back.</summary>
    public static CliProblem Refused(Uri server, Guid id, HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => new(ExitCodes.NotSignedIn, "not-signed-in",
            new($"{server} にサインインしていないか、セッションが終了しています（401）。", $"not signed in to {server}, or the session has ended (401)."),
            new("`myna server sign-in` を実行するか、--user を指定してください。", "run `myna server sign-in`, or give --user.")),
        HttpStatusCode.Forbidden => new(ExitCodes.Forbidden, "forbidden",
            new("サインイン中の職員には、カードの読み取り口を使う権限がありません（403: 窓口職員のみ）。", "the signed-in staff member may not attach a card's reader (403: window staff only)."),
            new("窓口職員のアカウントでサインインしてください。", "sign in as window staff.")),
        HttpStatusCode.NotFound => new(ExitCodes.NotFound, "not-found",
            new($"{server} にカード {id:N} がないか、サンドボックスのサーバーではありません（404）。", $"no card {id:N} at {server}, or the server is not a sandbox (404)."),
            new("`myna sandbox cards` でカードを確かめてください。", "check with `myna sandbox cards`.")),
        HttpStatusCode.Conflict => new(ExitCodes.CardError, "card-elsewhere",
            new($"カード {id:N} は別のセッションでリーダーに挿されているか、窓口の手続がICチップを使用中です（409）。", $"card {id:N} is attached in another session already, or a procedure at the window is using its chip right now (409)."),
            new("そのセッションを終えるか、しばらくしてからもう一度実行してください。", "end that session, or try again in a moment.")),
        _ => new(ExitCodes.ServerError, "server-error",
            new(string.Create(CultureInfo.InvariantCulture, $"{server} がカードの読み取り口を拒否しました（{(int)status}）。"),
                string.Create(CultureInfo.InvariantCulture, $"{server} refused the card's reader ({(int)status}).")))
    };
}
