using System.CommandLine;
using System.Globalization;
using Myna.Card.Image;
using Myna.Cli.Server;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna card download CARD-ID [--out FILE] [--attach]</c>: the card file the window issued, from the server's
/// <c>GET /api/cards/{id}/image</c>, optionally straight into the PC/SC virtual reader.
/// </summary>
internal static class CardDownloadCommand
{
    public static Command Build(CliContext context)
    {
        var cardId = new Argument<string>("CARD-ID") { Description = "The card record's id, as the server gives it (a GUID, with or without dashes)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write the card file (default: ./CARD-ID.card)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing file (not one that is attached or open elsewhere)." };
        var attach = new Option<bool>("--attach") { Description = "Then attach it to pcscd's virtual reader until Ctrl+C, as `myna card attach`." };
        var access = new ServerAccess(context, userRequired: false);
        var vpcd = new VpcdOptions();

        var command = new Command("download", "Download a card file issued by the server's window; with --attach, plug it into the PC/SC virtual reader.")
        {
            cardId, output, force, attach, vpcd.Host, vpcd.Port,
        };
        foreach (var option in access.Options)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var idText = parse.GetValue(cardId)!;
            if (!Guid.TryParse(idText, out var id))
                errors.Add($"CARD-ID: a card id is a GUID (32 hex digits, dashes allowed), not '{idText}'.");
            var target = parse.GetValue(output) ?? new FileInfo(string.Create(CultureInfo.InvariantCulture, $"{id:N}.card"));
            if (errors.Count == 0 && target.Exists && !parse.GetValue(force))
                errors.Add($"{target.FullName} exists already (use --force to replace it).");
            if (vpcd.Validate(parse) is { } badPort)
                errors.Add(badPort);
            if (errors.Count > 0)
                return CardCreateCommand.Fail(context, errors);

            var (client, exit) = await access.ConnectAsync(parse, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                var downloaded = await DownloadAsync(context, client, id, target, cancellationToken);
                if (downloaded != ExitCodes.Ok)
                    return downloaded is ExitCodes.NotSignedIn && parse.GetValue(access.User) is null
                        ? ForgetSession(context, client.Server, downloaded)
                        : downloaded;
            }
            Describe(context, target);
            // The file is the chip's state at this moment: from here on the server's chip and this one go separate ways.
            context.Error.WriteLine($"warning: the card file is a copy, a second chip: a wrong PIN on it is not counted on the server's chip, and a PIN "
                + $"reset at the window does not reach it. On a sandbox server, `myna sandbox attach {id:D}` puts the server's own chip into the reader instead.");
            return parse.GetValue(attach)
                ? await CardAttachCommand.AttachAsync(context, target, parse.GetValue(vpcd.Host)!, parse.GetValue(vpcd.Port), cancellationToken)
                : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Downloads into a temporary owner-only file beside the target, then renames it into place under the
    /// target's card lock: a card attached or open elsewhere is never replaced under its holder.
    /// </summary>
    private static async Task<int> DownloadAsync(CliContext context, MynaServerClient client, Guid id, FileInfo target, CancellationToken cancellationToken)
    {
        var directory = target.Directory!;
        directory.Create();
        var temporary = Path.Combine(directory.FullName, $".{target.Name}.{Guid.NewGuid():N}.download");
        try
        {
            ServerOutcome<long> outcome;
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // a card file holds private keys (sealed)
            await using (var file = new FileStream(temporary, options))
            {
                outcome = await context.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask($"card {id:N}", autoStart: true, maxValue: 1);
                        var result = await client.DownloadCardImageAsync(id, file, (done, total) =>
                        {
                            task.MaxValue = total ?? Math.Max(done, 1);
                            task.Value = done;
                        }, cancellationToken);
                        task.StopTask();
                        return result;
                    });
                await file.FlushAsync(cancellationToken);
            }
            if (outcome.Problem is { } problem)
            {
                context.Error.WriteLine($"error: {problem.Message}");
                return problem.ExitCode;
            }
            try
            {
                using var inUse = CardFileLock.Acquire(target.FullName, TimeSpan.Zero);
                File.Move(temporary, target.FullName, overwrite: true);
            }
            catch (CardFileInUseException e)
            {
                context.Error.WriteLine($"error: {e.Message} It was left as it was; stop that first or choose another --out.");
                return ExitCodes.CardError;
            }
            target.Refresh();
            return ExitCodes.Ok;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>What was downloaded, and whether it opens here: a card file opens only with the sealing key of the server's data directory.</summary>
    private static void Describe(CliContext context, FileInfo target)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("card file", Markup.Escape(target.FullName));
        table.AddRow("size", string.Create(CultureInfo.InvariantCulture, $"{target.Length} bytes"));
        if (!File.Exists(context.Home.ChipSealingKeyPath))
        {
            table.AddRow("opens here", $"unknown: no chip sealing key in {Markup.Escape(context.Home.Root)}");
            context.Console.Write(table);
            context.Error.WriteLine($"warning: {context.Home.Root} has no chip sealing key; the card opens only with the server's data directory as MYNA_HOME.");
            return;
        }
        using var key = ChipSealingKey.LoadOrCreate(context.Home.ChipSealingKeyPath);
        using var card = CardAttachCommand.OpenCard(context, target, key);
        if (card is { IsErased: false })
            table.AddRow("serial", card.Serial);
        table.AddRow("opens here", card switch
        {
            null => "unknown: in use",
            { IsErased: true } => "[red]no[/]: sealed with another installation's key (it would answer as an erased chip, S4)",
            _ => "yes",
        });
        context.Console.Write(table);
        if (card is { IsErased: true })
            context.Error.WriteLine($"warning: the card file does not open with the sealing key of {context.Home.Root}: set MYNA_HOME to the server's data directory.");
    }

    private static int ForgetSession(CliContext context, Uri server, int exit)
    {
        // A kept session the server refused is of no further use: the next command says "not signed in" at once.
        SavedSessions.Of(context.Home).Remove(server);
        return exit;
    }
}
