using System.CommandLine;
using System.Globalization;
using Myna.Cli.Server;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna staff list | create | disable | enable | set-password | set-role | end-sessions | change-password</c>:
/// staff administration on a running server through <c>/api/admin/staff</c> (administrators), and a staff member's
/// change of their own password. Passwords come from standard input, the environment or a prompt, never an argument.
/// </summary>
internal static class StaffCommands
{
    private static readonly string[] Roles = ["WindowStaff", "CallCentre", "Administrator", "TaxOffice", "PensionService", "HealthCentre", "Insurer"];

    public static Command Build(CliContext context)
    {
        var staff = new Command("staff", "Staff accounts on a Myna server: administrators manage them; anyone changes their own password.");
        staff.Subcommands.Add(List(context));
        staff.Subcommands.Add(Create(context));
        staff.Subcommands.Add(Simple(context, "disable", "Disable an account (it cannot sign in; its sessions end).", "disable",
            "disable the account", (name, account) => $"disabled {name}; its sessions ended."));
        staff.Subcommands.Add(Simple(context, "enable", "Enable a disabled account.", "enable", "enable the account", (name, _) => $"enabled {name}."));
        staff.Subcommands.Add(SetPassword(context));
        staff.Subcommands.Add(SetRole(context));
        staff.Subcommands.Add(EndSessions(context));
        staff.Subcommands.Add(ChangePassword(context));
        return staff;
    }

    private static Argument<string> UserName() => new("user-name") { Description = "The account's user name." };

    private static Option<bool> NewPasswordStdin() => new("--new-password-stdin")
    {
        Description = $"Read the new password from standard input (the line after the sign-in password's with --password-stdin); else ${ServerAccess.NewPasswordVariable}, else a prompt.",
    };

    private static Command NewCommand(ServerAccess access, string name, string description)
    {
        var command = new Command(name, description);
        foreach (var option in access.Options)
            command.Options.Add(option);
        return command;
    }

    private static string Path(string userName, string? rest = null) =>
        "api/admin/staff/" + Uri.EscapeDataString(userName.Trim()) + (rest is null ? "" : "/" + rest);

    /// <summary>Connects (saved session or <c>--user</c>), runs <paramref name="call"/>, reports a problem or prints.</summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Calling<T>(
        ServerAccess access, Func<ParseResult, MynaServerClient, CancellationToken, Task<ServerOutcome<T>?>> call, Action<ParseResult, T?> print) =>
        async (parse, cancellationToken) =>
        {
            var (client, exit) = await access.ConnectAsync(parse, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                try
                {
                    if (await call(parse, client, cancellationToken) is not { } outcome)
                        return ExitCodes.BadInput;
                    if (outcome.Problem is { } problem)
                        return access.Report(problem);
                    print(parse, outcome.Value);
                    return ExitCodes.Ok;
                }
                finally
                {
                    // A sign-in for this command only ends with it, rather than lingering on the server for hours.
                    if (parse.GetValue(access.User) is not null)
                        await client.SignOutAsync(CancellationToken.None);
                }
            }
        };

    /// <summary>A call that sets a password for the named account: the password read first (null: not given, reported).</summary>
    private static Func<ParseResult, MynaServerClient, CancellationToken, Task<ServerOutcome<StaffAccountInfo>?>> WithNewPassword(
        ServerAccess access, Argument<string> userName, Option<bool> fromStdin,
        Func<ParseResult, MynaServerClient, string, string, CancellationToken, Task<ServerOutcome<StaffAccountInfo>>> call) =>
        async (parse, client, cancellationToken) =>
        {
            var name = parse.GetValue(userName)!;
            if (access.ReadNewPassword(parse.GetValue(fromStdin), name) is not { } password)
                return null;
            return await call(parse, client, name, password, cancellationToken);
        };

    private static Command List(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var command = NewCommand(access, "list", "List the staff accounts: role, enabled, open sessions.");
        command.SetAction(Calling<StaffAccountInfo[]>(access,
            async (_, client, ct) => await client.StaffAsync<StaffAccountInfo[]>(HttpMethod.Get, "api/admin/staff", null, "list the staff accounts", ct),
            (_, accounts) =>
            {
                var table = new Table().AddColumns("user name", "display name", "role", "enabled", "sessions", "created");
                foreach (var a in accounts ?? [])
                    table.AddRow(Markup.Escape(a.UserName), Markup.Escape(a.DisplayName), a.Role, a.Enabled ? "yes" : "[red]no[/]",
                        a.OpenSessions.ToString(CultureInfo.InvariantCulture), a.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                context.Console.Write(table);
            }));
        return command;
    }

    private static Command Create(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName();
        var displayName = new Option<string>("--display-name") { Description = "The name shown to staff.", Required = true };
        var role = new Option<string>("--role") { Description = "WindowStaff, CallCentre, Administrator, TaxOffice, PensionService, HealthCentre or Insurer.", Required = true };
        role.AcceptOnlyFromAmong(Roles);
        var fromStdin = NewPasswordStdin();
        var command = NewCommand(access, "create", $"Create an account; its initial password from --new-password-stdin, ${ServerAccess.NewPasswordVariable} or a prompt.");
        command.Arguments.Add(userName);
        command.Options.Add(displayName);
        command.Options.Add(role);
        command.Options.Add(fromStdin);
        command.SetAction(Calling(access,
            WithNewPassword(access, userName, fromStdin, (parse, client, name, password, ct) => client.StaffAsync<StaffAccountInfo>(HttpMethod.Post, "api/admin/staff",
                new { userName = name, displayName = parse.GetValue(displayName), role = parse.GetValue(role), password }, "create the account", ct)),
            (_, a) => context.Console.MarkupLine($"created [bold]{Markup.Escape(a!.UserName)}[/] ({Markup.Escape(a.DisplayName)}, {a.Role}).")));
        return command;
    }

    private static Command Simple(
        CliContext context, string name, string description, string path, string action, Func<string, StaffAccountInfo?, string> done)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName();
        var command = NewCommand(access, name, description);
        command.Arguments.Add(userName);
        command.SetAction(Calling<StaffAccountInfo>(access,
            async (parse, client, ct) => await client.StaffAsync<StaffAccountInfo>(HttpMethod.Post, Path(parse.GetValue(userName)!, path), null, action, ct),
            (parse, a) => context.Console.WriteLine(done(a?.UserName ?? parse.GetValue(userName)!, a))));
        return command;
    }

    private static Command SetPassword(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName();
        var fromStdin = NewPasswordStdin();
        var command = NewCommand(access, "set-password", $"Set (reset) an account's password, ending its sessions; from --new-password-stdin, ${ServerAccess.NewPasswordVariable} or a prompt.");
        command.Arguments.Add(userName);
        command.Options.Add(fromStdin);
        command.SetAction(Calling(access,
            WithNewPassword(access, userName, fromStdin, (_, client, name, password, ct) =>
                client.StaffAsync<StaffAccountInfo>(HttpMethod.Put, Path(name, "password"), new { password }, "set the password", ct)),
            (_, a) => context.Console.WriteLine($"set a new password for {a!.UserName}; its sessions ended.")));
        return command;
    }

    private static Command SetRole(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName();
        var role = new Argument<string>("role") { Description = "WindowStaff, CallCentre, Administrator, TaxOffice, PensionService, HealthCentre or Insurer." };
        role.AcceptOnlyFromAmong(Roles);
        var command = NewCommand(access, "set-role", "Change an account's role (the last enabled administrator keeps theirs).");
        command.Arguments.Add(userName);
        command.Arguments.Add(role);
        command.SetAction(Calling<StaffAccountInfo>(access,
            async (parse, client, ct) => await client.StaffAsync<StaffAccountInfo>(
                HttpMethod.Put, Path(parse.GetValue(userName)!, "role"), new { role = parse.GetValue(role) }, "change the role", ct),
            (_, a) => context.Console.WriteLine($"{a!.UserName} is now {a.Role}.")));
        return command;
    }

    private static Command EndSessions(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName();
        var command = NewCommand(access, "end-sessions", "End every session of an account at once (it stays enabled).");
        command.Arguments.Add(userName);
        command.SetAction(Calling<EndedSessionsInfo>(access,
            async (parse, client, ct) => await client.StaffAsync<EndedSessionsInfo>(HttpMethod.Delete, Path(parse.GetValue(userName)!, "sessions"), null, "end the sessions", ct),
            (_, e) => context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ended {e!.Ended} session(s) of {e.UserName}."))));
        return command;
    }

    private static Command ChangePassword(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var fromStdin = NewPasswordStdin();
        var command = NewCommand(access, "change-password",
            $"Change your own password: the current one from --password-stdin, ${ServerAccess.PasswordVariable} or a prompt; the new one from --new-password-stdin, ${ServerAccess.NewPasswordVariable} or a prompt. Your other sessions end.");
        command.Options.Add(fromStdin);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (access.ParseServer(parse) is not { } url)
                return ExitCodes.BadInput;
            using var client = new MynaServerClient(url);
            string? userName = parse.GetValue(access.User);
            string? current;
            if (userName is not null)
            {
                // Signing in for this command takes the current password once, for both.
                if ((current = access.ReadPassword(parse, userName)) is null)
                    return ExitCodes.BadInput;
                if ((await client.SignInAsync(userName, current, cancellationToken)).Problem is { } refused)
                    return access.Report(refused);
            }
            else
            {
                if (SavedSessions.Of(context.Home).Find(url) is not { } session)
                {
                    context.Error.WriteLine($"error: not signed in to {url}: run `myna server sign-in --server {url} --user NAME`, or give --user.");
                    return ExitCodes.NotSignedIn;
                }
                client.UseSession(session.Cookies);
                userName = session.UserName;
                if ((current = access.ReadPassword(parse, userName)) is null)
                    return ExitCodes.BadInput;
            }
            if (access.ReadNewPassword(parse.GetValue(fromStdin), userName) is not { } next)
                return ExitCodes.BadInput;
            var changed = await client.StaffAsync<object>(HttpMethod.Put, "api/session/password",
                new { currentPassword = current, newPassword = next }, "change the password", cancellationToken);
            if (parse.GetValue(access.User) is not null)
                await client.SignOutAsync(CancellationToken.None);
            if (changed.Problem is { } problem)
                return access.Report(problem);
            context.Console.WriteLine($"changed the password of {userName}; its other sessions ended.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
