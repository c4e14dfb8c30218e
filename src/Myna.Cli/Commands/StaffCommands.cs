using System.CommandLine;
using System.Globalization;
using Myna.Cli.Output;
using Myna.Cli.Server;
using Myna.Primitives.Text;
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
        var staff = new Command("staff", context.Help(
            "Mynaサーバーの職員アカウント: 管理者が管理します。自分のパスワードは誰でも変更できます。",
            "Staff accounts on a Myna server: administrators manage them; anyone changes their own password."));
        staff.Subcommands.Add(List(context));
        staff.Subcommands.Add(Create(context));
        staff.Subcommands.Add(Simple(context, "disable", context.Help(
            "アカウントを無効にします（サインインできなくなり、セッションは終了します）。",
            "Disable an account (it cannot sign in; its sessions end)."), "disable",
            ServerWords.DisableAction, ServerWords.Disabled));
        staff.Subcommands.Add(Simple(context, "enable", context.Help(
            "無効にしたアカウントを有効にします。",
            "Enable a disabled account."), "enable", ServerWords.EnableAction, ServerWords.Enabled));
        staff.Subcommands.Add(SetPassword(context));
        staff.Subcommands.Add(SetRole(context));
        staff.Subcommands.Add(EndSessions(context));
        staff.Subcommands.Add(ChangePassword(context));
        return staff;
    }

    private static Argument<string> UserName(CliContext context) => new("user-name") { Description = context.Help(
        "アカウントのユーザー名。",
        "The account's user name.") };

    private static Option<bool> NewPasswordStdin(CliContext context) => new("--new-password-stdin")
    {
        Description = context.Help(
            $"新しいパスワードを標準入力から読みます（--password-stdin があればサインインのパスワードの次の行）。なければ ${ServerAccess.NewPasswordVariable}、それもなければ入力を求めます。",
            $"Read the new password from standard input (the line after the sign-in password's with --password-stdin); else ${ServerAccess.NewPasswordVariable}, else a prompt."),
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

    /// <summary>
    /// Connects (saved session or <c>--user</c>), runs <paramref name="call"/>, reports a problem, or writes the answer:
    /// as JSON with <c>--json</c>, else as <paramref name="print"/> says.
    /// </summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Calling<T>(
        CliContext context, ServerAccess access, Func<ParseResult, CliOutput, MynaServerClient, CancellationToken, Task<ServerOutcome<T>?>> call,
        Action<CliOutput, ParseResult, T?> print) =>
        async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            var (client, exit) = await access.ConnectAsync(parse, output, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                try
                {
                    if (await call(parse, output, client, cancellationToken) is not { } outcome)
                        return ExitCodes.BadInput;
                    if (outcome.Problem is { } problem)
                        return output.Fail(problem);
                    if (output.Json)
                        output.WriteJson(outcome.Value);
                    else
                        print(output, parse, outcome.Value);
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
    private static Func<ParseResult, CliOutput, MynaServerClient, CancellationToken, Task<ServerOutcome<StaffAccountInfo>?>> WithNewPassword(
        ServerAccess access, Argument<string> userName, Option<bool> fromStdin,
        Func<ParseResult, MynaServerClient, string, string, CancellationToken, Task<ServerOutcome<StaffAccountInfo>>> call) =>
        async (parse, output, client, cancellationToken) =>
        {
            var name = parse.GetValue(userName)!;
            if (access.ReadNewPassword(output, parse.GetValue(fromStdin), name) is not { } password)
                return null;
            return await call(parse, client, name, password, cancellationToken);
        };

    private static Command List(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var command = NewCommand(access, "list", context.Help(
            "職員アカウントを一覧にします: 役割、有効かどうか、開いているセッション。",
            "List the staff accounts: role, enabled, open sessions."));
        command.SetAction(Calling<StaffAccountInfo[]>(context, access,
            async (_, _, client, ct) => await client.StaffAsync<StaffAccountInfo[]>(HttpMethod.Get, "api/admin/staff", null, ServerWords.ListAction, ct),
            (output, _, accounts) =>
            {
                var table = new Table().AddColumns(output.T(ServerWords.UserNameHeader), output.T(ServerWords.DisplayNameHeader), output.T(ServerWords.RoleHeader),
                    output.T(ServerWords.EnabledHeader), output.T(ServerWords.SessionsHeader), output.T(ServerWords.CreatedHeader));
                foreach (var a in accounts ?? [])
                    table.AddRow(Markup.Escape(a.UserName), Markup.Escape(a.DisplayName), a.Role,
                        a.Enabled ? output.T(ServerWords.Yes) : $"[red]{output.T(ServerWords.No)}[/]",
                        a.OpenSessions.ToString(CultureInfo.InvariantCulture), a.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                output.Console.Write(table);
            }));
        return command;
    }

    private static Command Create(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName(context);
        var displayName = new Option<string>("--display-name") { Description = context.Help(
            "職員に表示する名前。",
            "The name shown to staff."), Required = true };
        var role = new Option<string>("--role") { Description = context.Help(
            "役割: WindowStaff（窓口）、CallCentre（コールセンター）、Administrator（管理者）、TaxOffice（税務署）、PensionService（年金事務所）、HealthCentre（保健センター）または Insurer（保険者）。",
            "WindowStaff, CallCentre, Administrator, TaxOffice, PensionService, HealthCentre or Insurer."), Required = true };
        role.AcceptOnlyFromAmong(Roles);
        var fromStdin = NewPasswordStdin(context);
        var command = NewCommand(access, "create", context.Help(
            $"アカウントを作成します。初期パスワードは --new-password-stdin、${ServerAccess.NewPasswordVariable} または入力を求めて受け取ります。",
            $"Create an account; its initial password from --new-password-stdin, ${ServerAccess.NewPasswordVariable} or a prompt."));
        command.Arguments.Add(userName);
        command.Options.Add(displayName);
        command.Options.Add(role);
        command.Options.Add(fromStdin);
        command.SetAction(Calling(context, access,
            WithNewPassword(access, userName, fromStdin, (parse, client, name, password, ct) => client.StaffAsync<StaffAccountInfo>(HttpMethod.Post, "api/admin/staff",
                new { userName = name, displayName = parse.GetValue(displayName), role = parse.GetValue(role), password }, ServerWords.CreateAction, ct)),
            (output, _, a) => output.Line(ServerWords.Created(a!.UserName, a.DisplayName, a.Role))));
        return command;
    }

    private static Command Simple(
        CliContext context, string name, string description, string path, LocalizedText action, Func<string, LocalizedText> done)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName(context);
        var command = NewCommand(access, name, description);
        command.Arguments.Add(userName);
        command.SetAction(Calling<StaffAccountInfo>(context, access,
            async (parse, _, client, ct) => await client.StaffAsync<StaffAccountInfo>(HttpMethod.Post, Path(parse.GetValue(userName)!, path), null, action, ct),
            (output, parse, a) => output.Line(done(a?.UserName ?? parse.GetValue(userName)!))));
        return command;
    }

    private static Command SetPassword(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName(context);
        var fromStdin = NewPasswordStdin(context);
        var command = NewCommand(access, "set-password", context.Help(
            $"アカウントのパスワードを設定（再設定）し、そのセッションを終了します。パスワードは --new-password-stdin、${ServerAccess.NewPasswordVariable} または入力を求めて受け取ります。",
            $"Set (reset) an account's password, ending its sessions; from --new-password-stdin, ${ServerAccess.NewPasswordVariable} or a prompt."));
        command.Arguments.Add(userName);
        command.Options.Add(fromStdin);
        command.SetAction(Calling(context, access,
            WithNewPassword(access, userName, fromStdin, (_, client, name, password, ct) =>
                client.StaffAsync<StaffAccountInfo>(HttpMethod.Put, Path(name, "password"), new { password }, ServerWords.SetPasswordAction, ct)),
            (output, _, a) => output.Line(ServerWords.PasswordSet(a!.UserName))));
        return command;
    }

    private static Command SetRole(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName(context);
        var role = new Argument<string>("role") { Description = context.Help(
            "役割: WindowStaff（窓口）、CallCentre（コールセンター）、Administrator（管理者）、TaxOffice（税務署）、PensionService（年金事務所）、HealthCentre（保健センター）または Insurer（保険者）。",
            "WindowStaff, CallCentre, Administrator, TaxOffice, PensionService, HealthCentre or Insurer.") };
        role.AcceptOnlyFromAmong(Roles);
        var command = NewCommand(access, "set-role", context.Help(
            "アカウントの役割を変更します（有効な最後の管理者の役割は変更できません）。",
            "Change an account's role (the last enabled administrator keeps theirs)."));
        command.Arguments.Add(userName);
        command.Arguments.Add(role);
        command.SetAction(Calling<StaffAccountInfo>(context, access,
            async (parse, _, client, ct) => await client.StaffAsync<StaffAccountInfo>(
                HttpMethod.Put, Path(parse.GetValue(userName)!, "role"), new { role = parse.GetValue(role) }, ServerWords.SetRoleAction, ct),
            (output, _, a) => output.Line(ServerWords.RoleSet(a!.UserName, a.Role))));
        return command;
    }

    private static Command EndSessions(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var userName = UserName(context);
        var command = NewCommand(access, "end-sessions", context.Help(
            "アカウントのすべてのセッションを一度に終了します（アカウントは有効のままです）。",
            "End every session of an account at once (it stays enabled)."));
        command.Arguments.Add(userName);
        command.SetAction(Calling<EndedSessionsInfo>(context, access,
            async (parse, _, client, ct) => await client.StaffAsync<EndedSessionsInfo>(
                HttpMethod.Delete, Path(parse.GetValue(userName)!, "sessions"), null, ServerWords.EndSessionsAction, ct),
            (output, _, e) => output.Line(ServerWords.SessionsEnded(e!.UserName, e.Ended))));
        return command;
    }

    private static Command ChangePassword(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var fromStdin = NewPasswordStdin(context);
        var command = NewCommand(access, "change-password",
            context.Help(
                $"自分のパスワードを変更します: 現在のパスワードは --password-stdin、${ServerAccess.PasswordVariable} または入力、新しいパスワードは --new-password-stdin、${ServerAccess.NewPasswordVariable} または入力で受け取ります。ほかのセッションは終了します。",
                $"Change your own password: the current one from --password-stdin, ${ServerAccess.PasswordVariable} or a prompt; the new one from --new-password-stdin, ${ServerAccess.NewPasswordVariable} or a prompt. Your other sessions end."));
        command.Options.Add(fromStdin);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            if (access.ParseServer(parse, output) is not { } url)
                return ExitCodes.BadInput;
            using var client = ServerAccess.ClientOf(url, output);
            string? userName = parse.GetValue(access.User);
            string? current;
            if (userName is not null)
            {
                // Signing in for this command takes the current password once, for both.
                if ((current = access.ReadPassword(parse, output, userName)) is null)
                    return ExitCodes.BadInput;
                if ((await client.SignInAsync(userName, current, cancellationToken)).Problem is { } refused)
                    return output.Fail(refused);
            }
            else
            {
                if (SavedSessions.Of(context.Home).Find(url) is not { } session)
                    return output.Fail(ServerWords.NoKeptSession(url));
                client.UseSession(session.Cookies);
                userName = session.UserName;
                if ((current = access.ReadPassword(parse, output, userName)) is null)
                    return ExitCodes.BadInput;
            }
            if (access.ReadNewPassword(output, parse.GetValue(fromStdin), userName) is not { } next)
                return ExitCodes.BadInput;
            var changed = await client.StaffAsync<object>(HttpMethod.Put, "api/session/password",
                new { currentPassword = current, newPassword = next }, ServerWords.ChangePasswordAction, cancellationToken);
            if (parse.GetValue(access.User) is not null)
                await client.SignOutAsync(CancellationToken.None);
            if (changed.Problem is { } problem)
                return output.Fail(problem);
            if (output.Json)
                output.WriteJson(new { userName, passwordChanged = true });
            output.Line(ServerWords.PasswordChanged(userName));
            return ExitCodes.Ok;
        });
        return command;
    }
}
