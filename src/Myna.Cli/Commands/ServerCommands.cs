using System.CommandLine;
using Myna.Cli.Output;
using Myna.Cli.Server;

namespace Myna.Cli.Commands;

/// <summary><c>myna server sign-in | status | sign-out</c>: a staff session kept for the commands that call the server.</summary>
internal static class ServerCommands
{
    public static Command Build(CliContext context)
    {
        var server = new Command("server", context.Help(
            "Mynaサーバーの職員のセッション。$MYNA_HOME/cli/sessions.json に保存します（所有者のみ読み書き可）。",
            "A staff session on a Myna server, kept in $MYNA_HOME/cli/sessions.json (owner-only)."));
        server.Subcommands.Add(SignIn(context));
        server.Subcommands.Add(Status(context));
        server.Subcommands.Add(SignOut(context));
        return server;
    }

    /// <summary>Who is signed in where, as <c>--json</c> writes it.</summary>
    private sealed record SessionView(string Server, bool SignedIn, string? UserName = null, string? DisplayName = null, string? Role = null, string? SessionFile = null);

    private static Command SignIn(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: true);
        var command = new Command("sign-in", context.Help(
            "職員としてサインインし、後のコマンドのためにセッションを保存します（パスワードは --password-stdin、$MYNA_PASSWORD または入力で受け取ります）。",
            "Sign in as staff and keep the session for later commands (password: --password-stdin, $MYNA_PASSWORD or a prompt)."));
        foreach (var option in access.Options)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            if (access.ParseServer(parse, output) is not { } url)
                return ExitCodes.BadInput;
            var userName = parse.GetValue(access.User)!;
            if (access.ReadPassword(parse, output, userName) is not { } password)
                return ExitCodes.BadInput;
            using var client = ServerAccess.ClientOf(url, output);
            var signedIn = await client.SignInAsync(userName, password, cancellationToken);
            if (signedIn.Problem is { } refused)
                return output.Fail(refused);
            var who = await client.WhoAmIAsync(cancellationToken);
            if (who.Problem is { } problem)
                return output.Fail(problem);
            var sessions = SavedSessions.Of(context.Home);
            var me = who.Value!;
            sessions.Save(url, new SavedSession(me.UserName, context.Clock.GetUtcNow(), client.SessionCookies));
            if (output.Json)
                output.WriteJson(new SessionView(url.ToString(), true, me.UserName, me.DisplayName, me.Role, sessions.Path));
            output.Line(ServerWords.SignedIn(url, me.UserName, me.DisplayName, me.Role));
            output.Line(ServerWords.SessionKept(sessions.Path));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var command = new Command("status", context.Help(
            "保存したセッションが誰のものかを、サーバーに問い合わせて表示します。",
            "Who the kept session belongs to, as the server sees it.")) { access.Server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            var (client, exit) = await access.ConnectAsync(parse, output, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                var who = await client.WhoAmIAsync(cancellationToken);
                if (who.Problem is { } problem)
                    return output.Fail(problem);
                var me = who.Value!;
                if (output.Json)
                    output.WriteJson(new SessionView(client.Server.ToString(), true, me.UserName, me.DisplayName, me.Role));
                output.Line(ServerWords.SignedIn(client.Server, me.UserName, me.DisplayName, me.Role));
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command SignOut(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var command = new Command("sign-out", context.Help(
            "サーバーからサインアウトし、ここに保存したセッションを削除します。",
            "Sign out of the server and forget the kept session here.")) { access.Server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            if (access.ParseServer(parse, output) is not { } url)
                return ExitCodes.BadInput;
            var sessions = SavedSessions.Of(context.Home);
            if (sessions.Find(url) is not { } session)
            {
                if (output.Json)
                    output.WriteJson(new SessionView(url.ToString(), false));
                output.Line(ServerWords.NotSignedInHere(url));
                return ExitCodes.Ok;
            }
            using var client = ServerAccess.ClientOf(url, output);
            client.UseSession(session.Cookies);
            var signedOut = await client.SignOutAsync(cancellationToken);
            // Forgotten here either way: a server that cannot be reached keeps a session that expires on its own.
            sessions.Remove(url);
            if (signedOut.Problem is { } problem)
                return output.Fail(problem with { Remedy = ServerWords.SessionForgotten });
            if (output.Json)
                output.WriteJson(new SessionView(url.ToString(), false));
            output.Line(ServerWords.SignedOut(url));
            return ExitCodes.Ok;
        });
        return command;
    }
}
