using System.CommandLine;
using System.Globalization;
using System.Net;
using Myna.Card.Vpcd;
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
        var sandbox = new Command("sandbox", "A sandbox server: its cards, a card's own chip in this machine's reader, its clock.");
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
        var resident = new Argument<string?>("RESIDENT-ID") { Description = "Only this resident's cards (a GUID); all the sandbox's cards without it.", Arity = ArgumentArity.ZeroOrOne };
        var command = WithAccess(access, "cards", "List the sandbox's cards (or one resident's): id, holder, state, whether a holder's reader has it.");
        command.Arguments.Add(resident);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = "api/sandbox/cards";
            if (parse.GetValue(resident) is { } text)
            {
                if (!Guid.TryParse(text, out var id))
                    return CardCreateCommand.Fail(context, [$"RESIDENT-ID: a resident id is a GUID (32 hex digits, dashes allowed), not '{text}'."]);
                path += string.Create(CultureInfo.InvariantCulture, $"?resident={id:D}");
            }
            return await CallAsync(access, parse, cancellationToken,
                client => client.StaffAsync<SandboxCardInfo[]>(HttpMethod.Get, path, null, "list the sandbox's cards", cancellationToken),
                cards =>
                {
                    var table = new Table().AddColumns("card id", "holder", "state", "expires", "in a holder's reader");
                    foreach (var card in cards ?? [])
                    {
                        table.AddRow(card.Id.ToString("D"), Markup.Escape(card.HolderName), Markup.Escape(card.State),
                            card.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), card.InHoldersReader ? "[yellow]yes[/]" : "no");
                    }
                    context.Console.Write(table);
                    if (cards is { Length: 0 })
                        context.Console.MarkupLine("no cards.");
                });
        });
        return command;
    }

    private static Command Clock(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var set = new Option<string?>("--set") { Description = "Set the sandbox's Japan date and time, YYYY-MM-DDTHH:MM (administrators)." };
        var reset = new Option<bool>("--reset") { Description = "Back to the real time, exactly (administrators)." };
        var command = WithAccess(access, "clock", "Show the sandbox clock (GET /api/admin/clock), or set it (PUT) with --set or --reset.");
        command.Options.Add(set);
        command.Options.Add(reset);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var at = parse.GetValue(set);
            var toReal = parse.GetValue(reset);
            if (at is not null && toReal)
                return CardCreateCommand.Fail(context, ["--set and --reset: one or the other."]);
            if (at is not null && !DateTime.TryParseExact(at, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                return CardCreateCommand.Fail(context, [$"--set: a Japan date and time to the minute, YYYY-MM-DDTHH:MM (e.g. 2027-04-01T09:00), not '{at}'."]);
            return await CallAsync(access, parse, cancellationToken, async client =>
            {
                if (at is null && !toReal)
                    return await client.StaffAsync<ClockInfo>(HttpMethod.Get, "api/admin/clock", null, "read the sandbox clock", cancellationToken);
                // The real time as the server sees it (its clock, not this machine's), exactly.
                object change = toReal ? new { reset = true } : new { at };
                return await client.StaffAsync<ClockInfo>(HttpMethod.Put, "api/admin/clock", change, "set the sandbox clock", cancellationToken);
            }, clock =>
            {
                var table = new Table().HideHeaders().AddColumns("", "");
                table.AddRow("sandbox now", clock!.Now.ToString("yyyy-MM-dd HH:mm 'JST'", CultureInfo.InvariantCulture));
                table.AddRow("today", clock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                table.AddRow("real now", clock.RealNow.ToString("yyyy-MM-dd HH:mm 'JST'", CultureInfo.InvariantCulture));
                table.AddRow("offset", string.Create(CultureInfo.InvariantCulture, $"{clock.OffsetDays:+0;-0;0} days"));
                context.Console.Write(table);
            });
        });
        return command;
    }

    /// <summary>Connects (saved session or <c>--user</c>), calls, then prints or reports; a sign-in for this command ends with it.</summary>
    private static async Task<int> CallAsync<T>(ServerAccess access, ParseResult parse, CancellationToken cancellationToken,
        Func<MynaServerClient, Task<ServerOutcome<T>>> call, Action<T?> print)
    {
        var (client, exit) = await access.ConnectAsync(parse, cancellationToken);
        if (client is null)
            return exit;
        using (client)
        {
            try
            {
                var outcome = await call(client);
                if (outcome.Problem is { } problem)
                    return access.Report(problem);
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
        var cardId = new Argument<string>("CARD-ID") { Description = "The card's id on the server (`myna sandbox cards`)." };
        var vpcd = new VpcdOptions();
        var command = WithAccess(access, "attach",
            "Put the server's own chip of a sandbox card into the vpcd virtual reader until Ctrl+C: one chip, not a copy.");
        command.Arguments.Add(cardId);
        command.Options.Add(vpcd.Host);
        command.Options.Add(vpcd.Port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var idText = parse.GetValue(cardId)!;
            if (!Guid.TryParse(idText, out var id))
                errors.Add($"CARD-ID: a card id is a GUID (32 hex digits, dashes allowed), not '{idText}'.");
            if (vpcd.Validate(parse) is { } badPort)
                errors.Add(badPort);
            if (errors.Count > 0)
                return CardCreateCommand.Fail(context, errors);

            var (client, exit) = await access.ConnectAsync(parse, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                try
                {
                    return await AttachAsync(context, client, id, parse.GetValue(vpcd.Host)!, parse.GetValue(vpcd.Port), cancellationToken);
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
    private static async Task<int> AttachAsync(CliContext context, MynaServerClient client, Guid id, string host, int port, CancellationToken cancellationToken)
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
                options.SetRequestHeader("Accept-Language", "en");
            }, cancellationToken);
        }
        catch (RemoteReaderRefusedException refused)
        {
            context.Error.WriteLine($"error: {Refusal(client.Server, id, refused.Status)}");
            return refused.Status switch
            {
                HttpStatusCode.Unauthorized => ExitCodes.NotSignedIn,
                HttpStatusCode.Forbidden => ExitCodes.Forbidden,
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.Conflict => ExitCodes.CardError,
                _ => ExitCodes.ServerError,
            };
        }
        catch (CardTransportException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.ServerUnreachable;
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
            bridge.ConnectionChanged += (_, connected) => context.Console.MarkupLine(connected
                ? $"[green]attached[/]: card {id:N}, the server's own chip, in vpcd at {Markup.Escape(bridge.Host)}:{bridge.Port}; PC/SC software now sees it. Ctrl+C to remove it."
                : "waiting for pcscd's vpcd reader (is pcscd running with vsmartcard-vpcd installed?) …");
            context.Console.MarkupLine($"card {id:N} at {Markup.Escape(client.Server.ToString())}: connecting to vpcd at {Markup.Escape(bridge.Host)}:{bridge.Port} …");
            try
            {
                await bridge.RunAsync(session.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or the session's end: the card is pulled out of the reader.
            }
            if (!cancellationToken.IsCancellationRequested && transport.Closed.IsCompleted)
            {
                context.Error.WriteLine($"error: the server ended the session: {await transport.Closed}");
                return ExitCodes.ServerUnreachable;
            }
            context.Console.MarkupLine("card removed; the server closed its chip.");
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

    private static string Refusal(Uri server, Guid id, HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => $"not signed in to {server}, or the session has ended (401): run `myna server sign-in`, or give --user.",
        HttpStatusCode.Forbidden => $"the signed-in staff member may not attach a card's reader (403: window staff), or the request came from another site.",
        HttpStatusCode.NotFound => $"no card {id:N} at {server}, or the server is not a sandbox (404): check with `myna sandbox cards`.",
        HttpStatusCode.Conflict => $"card {id:N} is attached in another session already, or a procedure at the window is using its chip right now (409): end that session, or try again in a moment.",
        _ => string.Create(CultureInfo.InvariantCulture, $"{server} refused the card's reader ({(int)status})."),
    };
}
