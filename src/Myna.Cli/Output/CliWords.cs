using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Cli.Output;

/// <summary>
/// The sentences <c>myna</c> writes about cards, readers and PINs, in Japanese and English side by side, with the
/// problems that end a command. The command that writes a sentence picks the language (<see cref="CliOutput"/>).
/// </summary>
internal static class CliWords
{
    // Readers and cards.

    public static CliProblem NoPcsc(string detail) => new(ExitCodes.NoCard, "no-pcsc",
        new($"PC/SCのサービス（pcscd）に接続できません（{detail}）。", $"cannot reach the PC/SC service, pcscd ({detail})."),
        new("pcscd を起動してください（例: sudo systemctl start pcscd）。仮想カードは --card FILE で直接使うこともできます。",
            "start pcscd (e.g. sudo systemctl start pcscd), or use a card file directly with --card FILE."));

    public static CliProblem NoReader(string? name) => new(ExitCodes.NoCard, "no-reader",
        name is null
            ? new("ICカードリーダーが見つかりません。", "no card reader is connected.")
            : new($"ICカードリーダー「{name}」が見つかりません。", $"there is no card reader '{name}'."),
        new("リーダーを接続して `myna readers` で名前を確かめてください。仮想カードは `myna card attach FILE` で挿すか、--card FILE で直接使えます。",
            "connect a reader and see its name with `myna readers`; a virtual card goes in with `myna card attach FILE`, or use it directly with --card FILE."));

    public static CliProblem NoCardIn(string reader) => new(ExitCodes.NoCard, "no-card",
        new($"リーダー「{reader}」にカードが置かれていません。", $"there is no card in reader '{reader}'."),
        new("マイナンバーカードをリーダーに置いてから、もう一度実行してください。", "put the My Number Card on the reader and run the command again."));

    public static CliProblem NoCardInAnyReader => new(ExitCodes.NoCard, "no-card",
        new("どのリーダーにもカードが置かれていません。", "no reader has a card in it."),
        new("マイナンバーカードをリーダーに置くか、--card FILE で仮想カードのファイルを指定してください。",
            "put the My Number Card on a reader, or name a virtual card's file with --card FILE."));

    public static CliProblem SeveralCards(IEnumerable<string> readers) => new(ExitCodes.BadInput, "several-cards",
        new($"カードが置かれたリーダーが複数あります（{string.Join("、", readers)}）。", $"several readers have a card ({string.Join(", ", readers)})."),
        new("--reader NAME で使うリーダーを指定してください。", "choose one with --reader NAME."));

    public static CliProblem NotAMyNumberCard => new(ExitCodes.NoCard, "not-a-my-number-card",
        new("このカードには公的個人認証のアプリケーションがありません。マイナンバーカードではないか、消去されたICチップです（S4）。",
            "the card has no JPKI application: it is not a My Number Card, or its chip was erased (S4)."),
        new("マイナンバーカードを置いてください。消去されたカードは市区町村の窓口で再交付を申請できます。",
            "use a My Number Card; for an erased card, apply for a new one at the municipal window."));

    public static CliProblem CardTransport(string detail) => new(ExitCodes.CardError, "card-error",
        new($"カードとの通信に失敗しました（{detail}）。", $"talking to the card failed ({detail})."),
        new("カードを置き直して、もう一度実行してください。", "put the card on the reader again and retry."));

    /// <summary>The spinner's message while <c>card create</c> works.</summary>
    public static LocalizedText MakingCard => new(
        "カードを作成しています（ICチップ内での鍵の生成と、認証局による電子証明書の発行）…",
        "Making the card: the chip generates its keys and the authorities sign the certificates…");

    public static CliProblem NoSuchFile(string path) => new(ExitCodes.BadInput, "no-such-file",
        new($"ファイル {path} がありません。", $"{path}: no such file."));

    public static CliProblem CardFileInUse(string detail) => new(ExitCodes.CardError, "card-in-use",
        new($"カードのファイルは別のプロセスが使用中です（{detail}）。", $"the card file is in use by another process ({detail})."),
        new("そのプロセス（myna card attach、サーバーなど）を終了してから実行してください。",
            "end the process that holds it (a `myna card attach`, the server …) and retry."));

    /// <summary>The data directory has no chip sealing key: a read must not make one (a new key opens no existing card).</summary>
    public static CliProblem NoSealingKey(string home) => new(ExitCodes.CardError, "sealed-elsewhere",
        new($"データディレクトリ {home} にはカードの封印鍵がありません。このカードのファイルは別の環境で作成されたものです。",
            $"the data directory {home} has no chip sealing key: this card file was made by another installation."),
        new("カードを作成した環境のデータディレクトリを MYNA_HOME に指定してください。",
            "point MYNA_HOME at the data directory of the installation that made the card."));

    public static CliProblem SealedElsewhere(string home) => new(ExitCodes.CardError, "sealed-elsewhere",
        new($"このカードのファイルは、データディレクトリ {home} の封印鍵では開けません。別の環境で封印されたか、改ざんされています（S4）。",
            $"the card file does not open with the sealing key of {home}: it was sealed by another installation, or it was altered (S4)."),
        new("カードを作成した環境のデータディレクトリを MYNA_HOME に指定してください。",
            "point MYNA_HOME at the data directory of the installation that made the card."));

    public static readonly CliProblem CardOrReader = new(ExitCodes.BadInput, "bad-input",
        new("--card と --reader は、どちらか一方だけを指定してください。", "give either --card FILE or --reader NAME, not both."));

    /// <summary><paramref name="problem"/>, saying first what did not happen because of it (<paramref name="outcome"/>, without a full stop).</summary>
    public static CliProblem NotDone(CliProblem problem, LocalizedText outcome) => problem with
    {
        Cause = new(problem.Cause.Japanese + outcome.Japanese + "。", outcome.English + ": " + problem.Cause.English),
    };

    // Card files: create, attach, download.

    public static LocalizedText FileExists(string path) =>
        new($"{path} は既にあります（上書きするには --force を指定してください）。", $"{path} exists already (use --force to overwrite).");

    /// <summary>The issuing system's own note (<paramref name="why"/>, in English) is the English side only.</summary>
    public static LocalizedText CardFaceLeftEmpty(string why) =>
        new("券面画像を作成できなかったため、ICチップの券面画像は空のままです（顔認証はできません）。", why);

    public static readonly LocalizedText BadVpcdPort = new("--vpcd-port: 1～65535 の番号を指定してください。", "--vpcd-port: 1 to 65535.");

    public static LocalizedText BadCardId(string text) => new(
        $"CARD-ID: カードのIDはGUID（16進数32桁、ハイフン可）です。「{text}」は使えません。",
        $"CARD-ID: a card id is a GUID (32 hex digits, dashes allowed), not '{text}'.");

    public static LocalizedText Connecting(string card, string host, int port) => new(
        $"カード {card}: vpcd（{host}:{port}）に接続しています…", $"card {card}: connecting to vpcd at {host}:{port} …");

    public static LocalizedText Attached(string host, int port) => new(
        $"vpcd（{host}:{port}）にカードを挿しました。PC/SCのソフトウェアからカードが見えます。Ctrl+C で取り出します。",
        $"attached to vpcd at {host}:{port}; PC/SC software now sees the card. Ctrl+C to remove it.");

    public static readonly LocalizedText WaitingForVpcd = new(
        "pcscd の vpcd リーダーを待っています（pcscd が vsmartcard-vpcd と一緒に動いていますか？）…",
        "waiting for pcscd's vpcd reader (is pcscd running with vsmartcard-vpcd installed?) …");

    public static readonly LocalizedText CardRemoved = new("カードを取り出しました。", "card removed.");

    public static readonly LocalizedText AnswersAsErased = new(
        "このカードのファイルは、このデータディレクトリの鍵では開けないか、壊れています。消去されたICチップとして応答します（S4）。",
        "the card file does not open with this installation's key or is damaged: it answers as an erased chip (S4).");

    public static CliProblem ReplacedInUse(string detail) => CardFileInUse(detail) with
    {
        Remedy = new("ファイルはそのままです。使用中のプロセスを終了するか、--out で別のファイルを指定してください。",
            "it was left as it was; stop that process first, or choose another --out."),
    };

    public static LocalizedText NoSealingKeyHere(string home) => new(
        $"{home} にはカードの封印鍵がありません。このカードは、サーバーのデータディレクトリを MYNA_HOME に指定したときだけ開けます。",
        $"{home} has no chip sealing key; the card opens only with the server's data directory as MYNA_HOME.");

    public static LocalizedText SealedWithOtherKey(string home) => new(
        $"このカードのファイルは {home} の封印鍵では開けません。MYNA_HOME にサーバーのデータディレクトリを指定してください。",
        $"the card file does not open with the sealing key of {home}: set MYNA_HOME to the server's data directory.");

    /// <summary>After <c>card download</c>: the file is a second chip; the sandbox can lend the server's own instead.</summary>
    public static Primitives.Text.LocalizedText DownloadIsACopy(Guid cardId) => new(
        $"ダウンロードしたカードのファイルは複製で、2枚目のICチップです。このファイルで間違えた暗証番号はサーバーのカードには数えられず、窓口での暗証番号の再設定もこのファイルには届きません。サンドボックスのサーバーでは `myna sandbox attach {cardId:D}` でサーバーのカードそのものをリーダーに挿せます。",
        $"the card file is a copy, a second chip: a wrong PIN on it is not counted on the server's chip, and a PIN reset at the window does not reach it. On a sandbox server, `myna sandbox attach {cardId:D}` puts the server's own chip into the reader instead.");

    // PINs.

    public static LocalizedText PinName(PinKind kind) => PinPolicy.For(kind).Name;

    public static CliProblem WrongPin(PinKind kind, int triesLeft) => new(ExitCodes.WrongPin, "wrong-pin",
        new($"{PinName(kind).Japanese}が違います。あと{triesLeft}回間違えるとロックされます。",
            $"wrong {PinName(kind).English}: {triesLeft} {(triesLeft == 1 ? "try" : "tries")} left before it locks."),
        triesLeft == 1
            ? new("次に間違えるとロックされます。暗証番号が分からない場合は、入力せずに市区町村の窓口で再設定してください（P3）。",
                "the next wrong entry locks it; if you do not know the PIN, do not guess: have it reset at the municipal window (P3).")
            : null);

    /// <summary>Why the card did not take a PIN: wrong with the tries left, or locked.</summary>
    public static CliProblem PinRefused(Reader.PinVerificationResult result, PinKind kind) =>
        result.Outcome == Reader.PinVerificationOutcome.Blocked ? PinBlocked(kind) : WrongPin(kind, result.TriesLeft);

    public static CliProblem PinBlocked(PinKind kind) => new(ExitCodes.PinBlocked, "pin-blocked",
        new($"{PinName(kind).Japanese}はロックされています。", $"the {PinName(kind).English} is locked."),
        new("住所地の市区町村の窓口で、カードと本人確認書類を持参して暗証番号の再設定をしてください（P3）。",
            "have it reset at the window of your municipality of residence, with the card and an identity document (P3)."));

    public static CliProblem PinNotSet(PinKind kind) => new(ExitCodes.CardError, "pin-not-set",
        new($"このカードには{PinName(kind).Japanese}がありません（その電子証明書が搭載されていません）。",
            $"the card has no {PinName(kind).English}: its certificate is not loaded."),
        new("電子証明書の発行は市区町村の窓口で申請できます（E5）。", "the municipal window loads the certificate on request (E5)."));

    public static CliProblem ResidentRegistryPinAtWindowOnly => new(ExitCodes.BadInput, "window-only",
        new("住民基本台帳用の暗証番号は、この方法では照合・変更できません（P2）。", "the resident-registry PIN cannot be checked or changed this way (P2)."),
        new("住民基本台帳用の暗証番号の変更は、市区町村の窓口で行ってください。", "the municipal window changes it."));

    public static CliProblem NoPin(PinKind kind, string stdinOption, string variable) => new(ExitCodes.BadInput, "no-pin",
        new($"{PinName(kind).Japanese}の入力がありません。", $"no {PinName(kind).English} was given."),
        new($"{stdinOption} で標準入力から渡すか、環境変数 {variable} を設定するか、端末で実行して入力してください。",
            $"give it on standard input with {stdinOption}, set {variable}, or run in a terminal to be asked."));

    public static CliProblem NewPinsDiffer => new(ExitCodes.BadInput, "pins-differ",
        new("確認のために入力した新しい暗証番号が一致しません。カードには何も書き込んでいません。", "the new PIN and its confirmation differ; nothing was written to the card."));

    public static CliProblem LastTryRefused(PinKind kind) => new(ExitCodes.BadInput, "last-try",
        new($"{PinName(kind).Japanese}は、あと1回間違えるとロックされます。確認なしには入力しません。",
            $"one wrong {PinName(kind).English} more locks it; it is not entered without confirmation."),
        new("正しい暗証番号であることを確かめてから --last-try を付けて実行するか、端末で実行して確認してください。",
            "when you are sure of the PIN, run again with --last-try, or run in a terminal to confirm."));

    public static LocalizedText LastTryWarning(PinKind kind) =>
        new($"{PinName(kind).Japanese}は、あと1回間違えるとロックされ、窓口での再設定が必要になります。",
            $"one wrong {PinName(kind).English} more locks it, and only the municipal window can reset it.");

    public static LocalizedText PinPrompt(PinKind kind) => new($"{PinName(kind).Japanese}", $"{PinName(kind).English}");

    public static LocalizedText NewPinPrompt(PinKind kind) => new($"新しい{PinName(kind).Japanese}", $"new {PinName(kind).English}");

    public static LocalizedText PinAgainPrompt => new("確認のため、もう一度", "the same again");

    public static LocalizedText Verified(PinKind kind) =>
        new($"{PinName(kind).Japanese}は正しく照合されました。", $"the {PinName(kind).English} is correct.");

    public static LocalizedText Changed(PinKind kind) =>
        new($"{PinName(kind).Japanese}を変更しました。", $"the {PinName(kind).English} was changed.");

    /// <summary>The tries left as a table cell: the same words wherever tries are shown.</summary>
    public static LocalizedText Tries(Reader.PinStatus status, PinKind kind) => status switch
    {
        { IsSet: false } => new("未設定（電子証明書が搭載されていません）", "not set (no certificate of this kind is loaded)"),
        { IsBlocked: true } => new("ロック中（住所地の窓口で再設定, P3）", "locked (reset at the municipal window, P3)"),
        { TriesLeft: int n } => new($"残り{n}回／{PinPolicy.For(kind).MaxTries}回", $"{n} of {PinPolicy.For(kind).MaxTries} tries left"),
        _ => new("回数制限なし", "no retry limit"),
    };
}
