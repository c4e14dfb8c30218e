using System.CommandLine;
using Myna.Cli.Server;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary><c>myna server sign-in | status | sign-out</c>: a staff session kept for the commands that call the server.</summary>
internal static class ServerCommands
{
    public static Command Build(CliContext context)
    {
        var server = new Command("server", "A staff session on a Myna server, kept in $MYNA_HOME/cli/sessions.json (owner-only).");
        server.Subcommands.Add(SignIn(context));
        server.Subcommands.Add(Status(context));
        server.Subcommands.Add(SignOut(context));
        return server;
    }

    private static Command SignIn(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: true);
        var command = new Command("sign-in", "Sign in as staff and keep the session for later commands (password: --password-stdin, $MYNA_PASSWORD or a prompt).");
        foreach (var option in access.Options)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (access.ParseServer(parse) is not { } url)
                return ExitCodes.BadInput;
            var userName = parse.GetValue(access.User)!;
            if (access.ReadPassword(parse, userName) is not { } password)
                return ExitCodes.BadInput;
            using var client = new MynaServerClient(url);
            var signedIn = await client.SignInAsync(userName, password, cancellationToken);
            if (signedIn.Problem is { } refused)
                return access.Report(refused);
            var who = await client.WhoAmIAsync(cancellationToken);
            if (who.Problem is { } problem)
                return access.Report(problem);
            var sessions = SavedSessions.Of(context.Home);
            sessions.Save(url, new SavedSession(who.Value!.UserName, context.Clock.GetUtcNow(), client.SessionCookies));
            context.Console.MarkupLine($"signed in to {Markup.Escape(url.ToString())} as [bold]{Markup.Escape(who.Value.UserName)}[/] " +
                $"({Markup.Escape(who.Value.DisplayName)}, {Markup.Escape(who.Value.Role)}); session kept in {Markup.Escape(sessions.Path)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var command = new Command("status", "Who the kept session belongs to, as the server sees it.") { access.Server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (client, exit) = await access.ConnectAsync(parse, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                var who = await client.WhoAmIAsync(cancellationToken);
                if (who.Problem is { } problem)
                    return access.Report(problem);
                context.Console.MarkupLine($"signed in to {Markup.Escape(client.Server.ToString())} as [bold]{Markup.Escape(who.Value!.UserName)}[/] " +
                    $"({Markup.Escape(who.Value.DisplayName)}, {Markup.Escape(who.Value.Role)}).");
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command SignOut(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var command = new Command("sign-out", "Sign out of the server and forget the kept session here.") { access.Server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (access.ParseServer(parse) is not { } url)
                return ExitCodes.BadInput;
            var sessions = SavedSessions.Of(context.Home);
            if (sessions.Find(url) is not { } session)
            {
                context.Console.MarkupLine($"not signed in to {Markup.Escape(url.ToString())}.");
                return ExitCodes.Ok;
            }
            using var client = new MynaServerClient(url);
            client.UseSession(session.Cookies);
            var signedOut = await client.SignOutAsync(cancellationToken);
            // Forgotten here either way: a server that cannot be reached keeps a session that expires on its own.
            sessions.Remove(url);
            if (signedOut.Problem is { } problem)
                return access.Report(problem with { Message = problem.Message + " The session is forgotten here; it ends on the server by itself." });
            context.Console.MarkupLine($"signed out of {Markup.Escape(url.ToString())}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
