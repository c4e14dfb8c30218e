using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text.RegularExpressions;
using Myna.Cli.Commands;

namespace Myna.Cli;

/// <summary>The <c>myna</c> command tree. Commands parse, call the libraries, print.</summary>
public static partial class MynaCommandLine
{
    /// <summary>
    /// The tree, its help in <paramref name="context"/>'s language (<see cref="CliContext.LanguageChoice"/>, else the
    /// locale's).
    /// </summary>
    public static RootCommand Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var card = new Command("card", context.Help(
            "仮想マイナンバーカード: 作成、表示、サーバーからのダウンロード、PC/SCへの挿入。",
            "Virtual My Number Cards: create, show, download from the server, attach to PC/SC."));
        card.Subcommands.Add(CardCreateCommand.Build(context));
        card.Subcommands.Add(CardShowCommand.Build(context));
        card.Subcommands.Add(CardExportCommand.Build(context));
        card.Subcommands.Add(CardAttachCommand.Build(context));
        card.Subcommands.Add(CardDownloadCommand.Build(context));

        var root = new RootCommand(context.Help(
            "Myna: 動かして試せるマイナンバーカードのシステム（ICチップ、公的個人認証、窓口、各種サービス）。",
            "Myna: a runnable My Number Card system (chip, JPKI, window, services)."));
        foreach (var option in root.Options)
        {
            // The built-in --help and --version, in the tree's language too.
            if (option is HelpOption)
                option.Description = context.Help("ヘルプと使い方を表示します。", "Show help and usage information.");
            else if (option is VersionOption)
                option.Description = context.Help("バージョンを表示します。", "Show version information.");
        }
        var global = new Output.GlobalOptions(context);
        root.Options.Add(global.Json);
        root.Options.Add(global.Language);
        root.Subcommands.Add(ReadersCommand.Build(context));
        root.Subcommands.Add(card);
        root.Subcommands.Add(PinCommands.Build(context));
        root.Subcommands.Add(SignCommands.Sign(context));
        root.Subcommands.Add(SignCommands.Verify(context));
        root.Subcommands.Add(AuthCommands.Build(context));
        root.Subcommands.Add(CompletionCommand.Build(context));
        root.Subcommands.Add(ServerCommands.Build(context));
        root.Subcommands.Add(StaffCommands.Build(context));
        root.Subcommands.Add(PortalCommands.Build(context));
        root.Subcommands.Add(TerminalCommands.Build(context));
        root.Subcommands.Add(SandboxCommands.Build(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        // The language is known before the tree is built, so that --help speaks it as the commands' output does.
        var language = Output.CliOutput.LanguageOfArguments(args) ?? Output.CliOutput.LanguageOfLocale(context.Environment);
        // System.CommandLine's own words (the help's headings, parse errors) follow the UI culture; parse errors are
        // worded while parsing, so the culture is set before.
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language == Output.CliLanguage.Japanese ? "ja-JP" : "en-US");
        try
        {
            var parse = Build(context with { LanguageChoice = language }).Parse(args);
            var output = context.Console.Profile.Out.Writer;
            if (language != Output.CliLanguage.Japanese || parse.Action is not (HelpAction or ParseErrorAction))
                return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = context.Error }, cancellationToken);

            // The help's and the parse errors' words that System.CommandLine's Japanese resources leave in English.
            var help = new StringWriter(CultureInfo.InvariantCulture);
            var errors = new StringWriter(CultureInfo.InvariantCulture);
            var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = help, Error = errors }, cancellationToken);
            await context.Error.WriteAsync(InJapanese(errors.ToString()));
            await output.WriteAsync(InJapanese(help.ToString()));
            return exit;
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static string InJapanese(string text) => NotMatched().Replace(text
            .Replace("Description:" + Environment.NewLine, "説明:" + Environment.NewLine, StringComparison.Ordinal)
            .Replace(" [default: ", " [既定値: ", StringComparison.Ordinal)
            .Replace("。.", "。", StringComparison.Ordinal),
        "'$1' に当たるものはありません。次のどれかではありませんか？").Replace("'." + Environment.NewLine, "'。" + Environment.NewLine, StringComparison.Ordinal);

    [GeneratedRegex("'(.*)' was not matched\\. Did you mean one of the following\\?")]
    private static partial Regex NotMatched();
}

/// <summary>Exit codes of <c>myna</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad input: the message says which and why.</summary>
    public const int BadInput = 2;
    /// <summary>The card or reader refused or failed, or the card file is in use by another process.</summary>
    public const int CardError = 3;
    /// <summary>The server cannot be reached, did not answer in time, or broke off.</summary>
    public const int ServerUnreachable = 4;
    /// <summary>401: not signed in, the session has ended, or a wrong user name or password.</summary>
    public const int NotSignedIn = 5;
    /// <summary>403: signed in, but the staff member's role may not do this.</summary>
    public const int Forbidden = 6;
    /// <summary>404: no such card on the server.</summary>
    public const int NotFound = 7;
    /// <summary>Any other refusal or failure of the server, or an answer that is not a Myna server's.</summary>
    public const int ServerError = 8;
    /// <summary>The portal refused a login: the code is unknown, used or expired, or the card's certificate or signature is not accepted.</summary>
    public const int LoginRefused = 9;
    /// <summary>
    /// A proof does not verify: the exchange history's entries or checkpoints are not what the portal signed or showed
    /// before, or an eligibility receipt is not the service's or was changed.
    /// </summary>
    public const int VerificationFailed = 10;
    /// <summary>
    /// The eligibility service answered that the patient's insurance cannot be confirmed with this card — not registered for
    /// insurance use (U1.1), no enrolment on the visit day (U1.2) — or refused the card or the check (a revoked or expired
    /// certificate, an unknown holder, a check that timed out): the message names the code and the rule.
    /// </summary>
    public const int NotEligible = 11;
    /// <summary>The face check: the camera's image does not show the face of the card's photo; nothing was sent to the service.</summary>
    public const int FaceMismatch = 12;
    /// <summary>A wrong PIN: the card counted a try; the message says how many are left.</summary>
    public const int WrongPin = 13;
    /// <summary>The PIN is locked: only the window of the municipality of residence resets it (P3).</summary>
    public const int PinBlocked = 14;
    /// <summary>No card to work with: PC/SC is not running, no reader, no card in it, or not a My Number Card.</summary>
    public const int NoCard = 15;
}
