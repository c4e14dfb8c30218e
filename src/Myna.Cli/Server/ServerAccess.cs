using System.CommandLine;
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
    public const string PinVariable = "MYNA_PIN";

    private readonly CliContext _context;

    public ServerAccess(CliContext context, bool userRequired)
    {
        _context = context;
        Server = new Option<string>("--server")
        {
            Description = $"The Myna server's base URL (default: ${ServerVariable}, else {DefaultServer}).",
            DefaultValueFactory = _ => context.Environment(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer,
        };
        User = new Option<string?>("--user")
        {
            Description = userRequired
                ? "Staff user name."
                : "Staff user name: sign in for this command only (default: the session of `myna server sign-in`).",
            Required = userRequired,
        };
        PasswordStdin = new Option<bool>("--password-stdin")
        {
            Description = $"Read the password from the first line of standard input (else ${PasswordVariable}, else a prompt).",
        };
    }

    public Option<string> Server { get; }
    public Option<string?> User { get; }
    public Option<bool> PasswordStdin { get; }

    public IEnumerable<Option> Options => [Server, User, PasswordStdin];

    /// <summary>The <c>--server</c> URL, or null after writing why it is not one.</summary>
    public Uri? ParseServer(ParseResult parse)
    {
        var server = MynaServerClient.ParseServer(parse.GetValue(Server));
        if (server.TryGetValue(out var uri))
            return uri;
        _context.Error.WriteLine($"error: --server: {server.Error}");
        return null;
    }

    /// <summary>The password: <c>--password-stdin</c>, else <c>MYNA_PASSWORD</c>, else a prompt on a terminal.</summary>
    public string? ReadPassword(ParseResult parse, string userName) =>
        ReadSecret(parse.GetValue(PasswordStdin), "--password-stdin", PasswordVariable, "password", userName);

    /// <summary>
    /// A secret, never an argument: the first line of standard input when <paramref name="fromStdin"/> (the option
    /// <paramref name="stdinOption"/>), else the environment variable <paramref name="variable"/>, else a prompt
    /// without echo on a terminal. Null after writing why there is none.
    /// </summary>
    public string? ReadSecret(bool fromStdin, string stdinOption, string variable, string what, string forWhom)
    {
        if (fromStdin)
            return _context.Input.ReadLine() is { Length: > 0 } line ? line : Refuse($"{stdinOption}: standard input holds no {what}.");
        if (_context.Environment(variable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        if (!_context.Console.Profile.Capabilities.Interactive)
            return Refuse($"no {what} for {forWhom}: give {stdinOption}, set {variable}, or run in a terminal to be asked.");
        return _context.Console.Prompt(new TextPrompt<string>($"{what} for [bold]{Markup.Escape(forWhom)}[/]:").Secret());
    }

    /// <summary>
    /// A password to set: <c>--new-password-stdin</c> (the next line of standard input, after the sign-in password's when
    /// that is read from there too), else <c>MYNA_NEW_PASSWORD</c>, else a prompt asked twice on a terminal. Never an argument.
    /// </summary>
    public string? ReadNewPassword(bool fromStdin, string forWhom)
    {
        if (fromStdin)
            return _context.Input.ReadLine() is { Length: > 0 } line ? line : Refuse("--new-password-stdin: standard input holds no new password.");
        if (_context.Environment(NewPasswordVariable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        if (!_context.Console.Profile.Capabilities.Interactive)
            return Refuse($"no new password for {forWhom}: give --new-password-stdin, set {NewPasswordVariable}, or run in a terminal to be asked.");
        var first = _context.Console.Prompt(new TextPrompt<string>($"new password for [bold]{Markup.Escape(forWhom)}[/]:").Secret());
        var again = _context.Console.Prompt(new TextPrompt<string>("the same again:").Secret());
        return first == again ? first : Refuse("the two new passwords differ.");
    }

    private string? Refuse(string message)
    {
        _context.Error.WriteLine($"error: {message}");
        return null;
    }

    /// <summary>
    /// A client signed in to the server: with <c>--user</c> for this command only, else with the saved session.
    /// A null client after writing why not; the exit code then says which failure it was.
    /// </summary>
    public async Task<(MynaServerClient? Client, int ExitCode)> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (ParseServer(parse) is not { } server)
            return (null, ExitCodes.BadInput);
        var client = new MynaServerClient(server);
        if (parse.GetValue(User) is { } userName)
        {
            if (ReadPassword(parse, userName) is not { } password)
            {
                client.Dispose();
                return (null, ExitCodes.BadInput);
            }
            var signedIn = await client.SignInAsync(userName, password, cancellationToken);
            if (signedIn.Problem is { } refused)
            {
                client.Dispose();
                return (null, Report(refused));
            }
            return (client, ExitCodes.Ok);
        }
        if (SavedSessions.Of(_context.Home).Find(server) is not { } session)
        {
            client.Dispose();
            _context.Error.WriteLine($"error: not signed in to {server}: run `myna server sign-in --server {server} --user NAME`, or give --user.");
            return (null, ExitCodes.NotSignedIn);
        }
        client.UseSession(session.Cookies);
        return (client, ExitCodes.Ok);
    }

    /// <summary>Writes the problem and answers its exit code.</summary>
    public int Report(ServerProblem problem)
    {
        _context.Error.WriteLine($"error: {problem.Message}");
        return problem.ExitCode;
    }
}
