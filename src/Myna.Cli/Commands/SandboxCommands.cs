using System.CommandLine;
using System.Globalization;
using System.Net;
using Myna.Card.Vpcd;
using Myna.Cli.Output;
using Myna.Cli.Server;
using Myna.Reader;
using Myna.Reader.Remote;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna sandbox cards | attach | clock</c>: a sandbox server's cards, the holder's side of a card's one chip (the
/// server's own chip in this machine's vpcd reader), and the sandbox clock.
/// </summary>
internal static class SandboxCommands
{
    public static Command Build(CliContext context)
    {
        var sandbox = new Command("sandbox", context.Help(
            "サンドボックスのサーバー: カードの一覧、カードのICチップそのものをこのマシンのリーダーで使うこと、サーバーの時計。",
            "A sandbox server: its cards, a card's own chip in this machine's reader, its clock."));
        sandbox.Subcommands.Add(Cards(context));
        sandbox.Subcommands.Add(Attach(context));
        sandbox.Subcommands.Add(Clock(context));
        return sandbox;
    }

    /// <summary>A sandbox card as <c>GET /api/sandbox/cards</c> lists it (the state as the server names it).</summary>
    private sealed record SandboxCardInfo(Guid Id, Guid ResidentId, string HolderName, string State, DateOnly IssuedOn, DateOnly ExpiresOn, bool InHoldersReader);

    /// <summary>The sandbox clock as <c>/api/admin/clock</c> answers.</summary>
    private sealed record ClockInfo(DateTimeOffset Now, string At, DateOnly Today, int OffsetDays, DateTimeOffset RealNow);

    private static Command WithAccess(ServerAccess access, string name, string description)
    {
        var command = new Command(name, description);
        foreach (var option in access.Options)
            command.Options.Add(option);
        return command;
    }

    private static Command Cards(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var resident = new Argument<string?>("RESIDENT-ID") { Description = context.Help(
            "この住民のカードだけ（GUID）。省略するとサンドボックスのすべてのカード。",
            "Only this resident's cards (a GUID); all the sandbox's cards without it."), Arity = ArgumentArity.ZeroOrOne };
        var command = WithAccess(access, "cards", context.Help(
            "サンドボックスのカード（または1人の住民のカード）を一覧にします: ID、持ち主、状態、持ち主のリーダーに挿されているか。",
            "List the sandbox's cards (or one resident's): id, holder, state, whether a holder's reader has it."));
        command.Arguments.Add(resident);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var say = CliOutput.For(context, parse);
            var path = "api/sandbox/cards";
            if (parse.GetValue(resident) is { } text)
            {
                if (!Guid.TryParse(text, out var id))
                    return say.FailInput([SandboxWords.NotAGuid("RESIDENT-ID", text)]);
                path += string.Create(CultureInfo.InvariantCulture, $"?resident={id:D}");
            }
            return await CallAsync(access, say, parse, cancellationToken,
                client => client.StaffAsync<SandboxCardInfo[]>(HttpMethod.Get, path, null, SandboxWords.ListCardsAction, cancellationToken),
                cards =>
                {
                    if (say.Json)
                    {
                        say.WriteJson(new { cards = cards ?? [] });
                        return;
                    }
                    var table = new Table().AddColumns(say.T("カードID", "card id"), say.T("氏名", "holder"), say.T("状態", "state"),
                        say.T("有効期限", "expires"), say.T("利用者のリーダー", "in a holder's reader"));
                    foreach (var card in cards ?? [])
                    {
                        table.AddRow(card.Id.ToString("D"), Markup.Escape(card.HolderName), Markup.Escape(card.State),
                            card.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                            card.InHoldersReader ? "[yellow]" + say.T("挿入中", "yes") + "[/]" : say.T("なし", "no"));
                    }
                    say.Console.Write(table);
                    if (cards is { Length: 0 })
                        say.Console.WriteLine(say.T("カードはありません。", "no cards."));
                });
        });
        return command;
    }

    private static Command Clock(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var set = new Option<string?>("--set") { Description = context.Help(
            "サンドボックスの日本時間の日時を設定します（YYYY-MM-DDTHH:MM。管理者のみ）。",
            "Set the sandbox's Japan date and time, YYYY-MM-DDTHH:MM (administrators).") };
        var reset = new Option<bool>("--reset") { Description = context.Help(
            "実際の時刻に正確に戻します（管理者のみ）。",
            "Back to the real time, exactly (administrators).") };
        var command = WithAccess(access, "clock", context.Help(
            "サンドボックスの時計を表示します（GET /api/admin/clock）。--set または --reset で設定します（PUT）。",
            "Show the sandbox clock (GET /api/admin/clock), or set it (PUT) with --set or --reset."));
        command.Options.Add(set);
        command.Options.Add(reset);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var say = CliOutput.For(context, parse);
            var at = parse.GetValue(set);
            var toReal = parse.GetValue(reset);
            if (at is not null && toReal)
                return say.FailInput([SandboxWords.SetOrReset]);
            if (at is not null && !DateTime.TryParseExact(at, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                return say.FailInput([SandboxWords.BadClockTime(at)]);
            return await CallAsync(access, say, parse, cancellationToken, async client =>
            {
                if (at is null && !toReal)
                    return await client.StaffAsync<ClockInfo>(HttpMethod.Get, "api/admin/clock", null, SandboxWords.ReadClockAction, cancellationToken);
                // The real time as the server sees it (its clock, not this machine's), exactly.
                object change = toReal ? new { reset = true } : new { at };
                return await client.StaffAsync<ClockInfo>(HttpMethod.Put, "api/admin/clock", change, SandboxWords.SetClockAction, cancellationToken);
            }, clock =>
            {
                if (say.Json)
                {
                    say.WriteJson(clock);
                    return;
                }
                var table = new Table().HideHeaders().AddColumns("", "");
                table.AddRow(say.T("サンドボックスの現在", "sandbox now"), clock!.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + say.T("（日本時間）", " JST"));
                table.AddRow(say.T("今日", "today"), clock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                table.AddRow(say.T("実際の現在", "real now"), clock.RealNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + say.T("（日本時間）", " JST"));
                table.AddRow(say.T("ずれ", "offset"), string.Create(CultureInfo.InvariantCulture, $"{clock.OffsetDays:+0;-0;0}") + say.T("日", " days"));
                say.Console.Write(table);
            });
        });
        return command;
    }

    /// <summary>Connects (saved session or <c>--user</c>), calls, then prints or reports; a sign-in for this command ends with it.</summary>
    private static async Task<int> CallAsync<T>(ServerAccess access, CliOutput say, ParseResult parse, CancellationToken cancellationToken,
        Func<MynaServerClient, Task<ServerOutcome<T>>> call, Action<T?> print)
    {
        var (client, exit) = await access.ConnectAsync(parse, say, cancellationToken);
        if (client is null)
            return exit;
        using (client)
        {
            try
            {
                var outcome = await call(client);
                if (outcome.Problem is { } problem)
                    return say.Fail(problem);
                print(outcome.Value);
                return ExitCodes.Ok;
            }
            finally
            {
                if (parse.GetValue(access.User) is not null)
                    await client.SignOutAsync(CancellationToken.None);
            }
        }
    }

    private static Command Attach(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var cardId = new Argument<string>("CARD-ID") { Description = context.Help(
            "サーバー上のカードのID（`myna sandbox cards` で確認）。",
            "The card's id on the server (`myna sandbox cards`).") };
        var vpcd = new VpcdOptions(context);
        var command = WithAccess(access, "attach",
            context.Help(
                "サンドボックスのカードのICチップ（サーバーにあるもの）を vpcd 仮想カードリーダーに挿します（Ctrl+C まで）。複製ではなく同じICチップです。",
                "Put the server's own chip of a sandbox card into the vpcd virtual reader until Ctrl+C: one chip, not a copy."));
        command.Arguments.Add(cardId);
        command.Options.Add(vpcd.Host);
        command.Options.Add(vpcd.Port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var say = CliOutput.For(context, parse);
            var errors = new List<Primitives.Text.LocalizedText>();
            var idText = parse.GetValue(cardId)!;
            if (!Guid.TryParse(idText, out var id))
                errors.Add(SandboxWords.NotAGuid("CARD-ID", idText));
            if (vpcd.Validate(parse) is { } badPort)
                errors.Add(badPort);
            if (errors.Count > 0)
                return say.FailInput(errors);

            var (client, exit) = await access.ConnectAsync(parse, say, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                try
                {
                    return await AttachAsync(say, client, id, parse.GetValue(vpcd.Host)!, parse.GetValue(vpcd.Port), cancellationToken);
                }
                finally
                {
                    if (parse.GetValue(access.User) is not null)
                        await client.SignOutAsync(CancellationToken.None);
                }
            }
        });
        return command;
    }

    /// <summary>The server's chip in the virtual reader until Ctrl+C, or until the server ends the session.</summary>
    private static async Task<int> AttachAsync(CliOutput say, MynaServerClient client, Guid id, string host, int port, CancellationToken cancellationToken)
    {
        var endpoint = ReaderEndpoint(client.Server, id);
        var cookies = new CookieContainer();
        foreach (var cookie in client.SessionCookies)
            cookies.Add(client.Server, new Cookie(cookie.Name, cookie.Value, cookie.Path));
        RemoteCardTransport transport;
        try
        {
            transport = await RemoteCardTransport.ConnectAsync(endpoint, options =>
            {
                options.Cookies = cookies;
                options.SetRequestHeader("Accept-Language", say.Language == CliLanguage.Japanese ? "ja" : "en");
            }, cancellationToken);
        }
        catch (RemoteReaderRefusedException refused)
        {
            return say.Fail(SandboxWords.Refused(client.Server, id, refused.Status));
        }
        catch (CardTransportException e)
        {
            return say.Fail(SandboxWords.ReaderUnreachable(e.Message));
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }

        using (transport)
        {
            var chip = new CardTransportChip(transport);
            var bridge = new VpcdBridge(chip, host, port);
            using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The server ending the session (idle, stopping, the connection lost) pulls the card out of the reader.
            _ = transport.Closed.ContinueWith(_ => Pull(session), TaskScheduler.Default);
            chip.Failed += (_, _) => Pull(session);
            // Progress lines in the human form only: with --json the one document comes at the end.
            bridge.ConnectionChanged += (_, connected) => say.Line(connected ? SandboxWords.Attached(id, bridge.Host, bridge.Port) : SandboxWords.WaitingForVpcd);
            say.Line(SandboxWords.Connecting(id, client.Server, bridge.Host, bridge.Port));
            try
            {
                await bridge.RunAsync(session.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or the session's end: the card is pulled out of the reader.
            }
            if (!cancellationToken.IsCancellationRequested && transport.Closed.IsCompleted)
                return say.Fail(SandboxWords.SessionEnded((await transport.Closed).ToString()));
            say.Line(SandboxWords.Removed);
            if (say.Json)
                say.WriteJson(new { card = id, removed = true });
            return ExitCodes.Ok;
        }
    }

    private static void Pull(CancellationTokenSource session)
    {
        try
        {
            session.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The card was removed already (Ctrl+C).
        }
    }

    /// <summary>The card's reader: the server's address with <c>ws</c> or <c>wss</c> for <c>http</c> or <c>https</c>.</summary>
    private static Uri ReaderEndpoint(Uri server, Guid id)
    {
        var builder = new UriBuilder(new Uri(server, RemoteReaderProtocol.PathOf(id)))
        {
            Scheme = server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        return builder.Uri;
    }
}
