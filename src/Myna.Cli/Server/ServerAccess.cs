using System.CommandLine;
using Myna.Cli.Output;
using Myna.Primitives.Text;
using Spectre.Console;

namespace Myna.Cli.Server;

/// <summary>
/// The options every command that calls the server shares (<c>--server</c>, <c>--user</c>,
/// <c>--password-stdin</c>), and how a command gets a signed-in client from them.
/// </summary>
internal sealed class ServerAccess
{
    /// <summary>The server when neither <c>--server</c> nor <c>MYNA_SERVER</c> names one: the README's first command.</summary>
    public const string DefaultServer = "http://localhost:5000/";

    /// <summary>Environment variables the commands read.</summary>
    public const string ServerVariable = "MYNA_SERVER";
    public const string PasswordVariable = "MYNA_PASSWORD";
    public const string NewPasswordVariable = "MYNA_NEW_PASSWORD";

    private readonly CliContext _context;

    public ServerAccess(CliContext context, bool userRequired)
    {
        _context = context;
        Server = new Option<string>("--server")
        {
            Description = context.Help(
                $"MynaサーバーのベースURL（既定: ${ServerVariable}、なければ {DefaultServer}）。",
                $"The Myna server's base URL (default: ${ServerVariable}, else {DefaultServer})."),
            DefaultValueFactory = _ => context.Environment(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer,
        };
        User = new Option<string?>("--user")
        {
            Description = userRequired
                ? context.Help("職員のユーザー名。", "Staff user name.")
                : context.Help(
                    "職員のユーザー名: このコマンドのためだけにサインインします（既定: `myna server sign-in` のセッション）。",
                    "Staff user name: sign in for this command only (default: the session of `myna server sign-in`)."),
            Required = userRequired,
        };
        PasswordStdin = new Option<bool>("--password-stdin")
        {
            Description = context.Help(
                $"パスワードを標準入力の1行目から読みます（なければ ${PasswordVariable}、それもなければ入力を求めます）。",
                $"Read the password from the first line of standard input (else ${PasswordVariable}, else a prompt)."),
        };
    }

    public Option<string> Server { get; }
    public Option<string?> User { get; }
    public Option<bool> PasswordStdin { get; }

    public IEnumerable<Option> Options => [Server, User, PasswordStdin];

    /// <summary>The <c>--server</c> URL, or null after writing why it is not one.</summary>
    public Uri? ParseServer(ParseResult parse, CliOutput output)
    {
        var text = parse.GetValue(Server);
        if (MynaServerClient.ParseServer(text).TryGetValue(out var uri))
            return uri;
        var absolute = Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var given) && given.Scheme is "http" or "https";
        output.Fail(ServerWords.BadServerUrl(absolute ? ServerWords.BaseUrlExpected : ServerWords.UrlExpected));
        return null;
    }

    /// <summary>A client of <paramref name="server"/> whose server answers in the command's language.</summary>
    public static MynaServerClient ClientOf(Uri server, CliOutput output) => new(server, output.Language);

    /// <summary>The password: <c>--password-stdin</c>, else <c>MYNA_PASSWORD</c>, else a prompt on a terminal.</summary>
    public string? ReadPassword(ParseResult parse, CliOutput output, string userName) =>
        ReadSecret(output, parse.GetValue(PasswordStdin), "--password-stdin", PasswordVariable, ServerWords.Password, userName);

    /// <summary>
    /// A secret, never an argument: the first line of standard input when <paramref name="fromStdin"/> (the option
    /// <paramref name="stdinOption"/>), else the environment variable <paramref name="variable"/>, else a prompt
    /// without echo on a terminal. Null after writing why there is none.
    /// </summary>
    public string? ReadSecret(CliOutput output, bool fromStdin, string stdinOption, string variable, LocalizedText what, string forWhom)
    {
        if (fromStdin)
            return _context.Input.ReadLine() is { Length: > 0 } line ? line : Refuse(output, ServerWords.EmptyStdin(what, stdinOption));
        if (_context.Environment(variable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        if (!_context.Console.Profile.Capabilities.Interactive)
            return Refuse(output, ServerWords.NoSecret(what, forWhom, stdinOption, variable));
        return Prompt(output, ServerWords.SecretPrompt(what, forWhom));
    }

    /// <summary>
    /// A password to set: <c>--new-password-stdin</c> (the next line of standard input, after the sign-in password's when
    /// that is read from there too), else <c>MYNA_NEW_PASSWORD</c>, else a prompt asked twice on a terminal. Never an argument.
    /// </summary>
    public string? ReadNewPassword(CliOutput output, bool fromStdin, string forWhom)
    {
        if (fromStdin)
            return _context.Input.ReadLine() is { Length: > 0 } line ? line : Refuse(output, ServerWords.EmptyStdin(ServerWords.NewPassword, "--new-password-stdin"));
        if (_context.Environment(NewPasswordVariable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        if (!_context.Console.Profile.Capabilities.Interactive)
            return Refuse(output, ServerWords.NoSecret(ServerWords.NewPassword, forWhom, "--new-password-stdin", NewPasswordVariable));
        var first = Prompt(output, ServerWords.SecretPrompt(ServerWords.NewPassword, forWhom));
        var again = Prompt(output, ServerWords.SameAgainPrompt);
        return first == again ? first : Refuse(output, ServerWords.NewPasswordsDiffer);
    }

    private string Prompt(CliOutput output, LocalizedText prompt) =>
        _context.Console.Prompt(new TextPrompt<string>(Markup.Escape(output.T(prompt)) + ":").Secret());

    private static string? Refuse(CliOutput output, CliProblem problem)
    {
        output.Fail(problem);
        return null;
    }

    /// <summary>
    /// A client signed in to the server: with <c>--user</c> for this command only, else with the saved session.
    /// A null client after writing why not; the exit code then says which failure it was.
    /// </summary>
    public async Task<(MynaServerClient? Client, int ExitCode)> ConnectAsync(ParseResult parse, CliOutput output, CancellationToken cancellationToken)
    {
        if (ParseServer(parse, output) is not { } server)
            return (null, ExitCodes.BadInput);
        var client = ClientOf(server, output);
        if (parse.GetValue(User) is { } userName)
        {
            if (ReadPassword(parse, output, userName) is not { } password)
            {
                client.Dispose();
                return (null, ExitCodes.BadInput);
            }
            var signedIn = await client.SignInAsync(userName, password, cancellationToken);
            if (signedIn.Problem is { } refused)
            {
                client.Dispose();
                return (null, output.Fail(refused));
            }
            return (client, ExitCodes.Ok);
        }
        if (SavedSessions.Of(_context.Home).Find(server) is not { } session)
        {
            client.Dispose();
            return (null, output.Fail(ServerWords.NoKeptSession(server)));
        }
        client.UseSession(session.Cookies);
        return (client, ExitCodes.Ok);
    }
}
