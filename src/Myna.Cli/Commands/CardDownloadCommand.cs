using System.CommandLine;
using System.Globalization;
using Myna.Card.Image;
using Myna.Cli.Output;
using Myna.Cli.Server;
using Myna.Primitives.Text;
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
        var cardId = new Argument<string>("CARD-ID") { Description = context.Help(
            "サーバーが示すカードの記録のID（GUID。ハイフンはあってもなくても可）。",
            "The card record's id, as the server gives it (a GUID, with or without dashes).") };
        var output = new Option<FileInfo?>("--out", "-o") { Description = context.Help(
            "カードのファイルの書き出し先（既定: ./CARD-ID.card）。",
            "Where to write the card file (default: ./CARD-ID.card).") };
        var force = new Option<bool>("--force") { Description = context.Help(
            "既にあるファイルを置き換えます（リーダーに挿しているものや、ほかで開いているものは除く）。",
            "Replace an existing file (not one that is attached or open elsewhere).") };
        var attach = new Option<bool>("--attach") { Description = context.Help(
            "続けて `myna card attach` と同じく pcscd の仮想カードリーダーに挿します（Ctrl+C まで）。",
            "Then attach it to pcscd's virtual reader until Ctrl+C, as `myna card attach`.") };
        var access = new ServerAccess(context, userRequired: false);
        var vpcd = new VpcdOptions(context);

        var command = new Command("download", context.Help(
            "サーバーの窓口で交付したカードのファイルをダウンロードします。--attach でPC/SCの仮想カードリーダーに挿します。",
            "Download a card file issued by the server's window; with --attach, plug it into the PC/SC virtual reader."))
        {
            cardId, output, force, attach, vpcd.Host, vpcd.Port,
        };
        foreach (var option in access.Options)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var say = CliOutput.For(context, parse);
            var errors = new List<LocalizedText>();
            var idText = parse.GetValue(cardId)!;
            if (!Guid.TryParse(idText, out var id))
                errors.Add(CliWords.BadCardId(idText));
            var target = parse.GetValue(output) ?? new FileInfo(string.Create(CultureInfo.InvariantCulture, $"{id:N}.card"));
            if (errors.Count == 0 && target.Exists && !parse.GetValue(force))
                errors.Add(CliWords.FileExists(target.FullName));
            if (vpcd.Validate(parse) is { } badPort)
                errors.Add(badPort);
            if (errors.Count > 0)
                return say.FailInput(errors);

            var (client, exit) = await access.ConnectAsync(parse, say, cancellationToken);
            if (client is null)
                return exit;
            using (client)
            {
                if (await DownloadAsync(context, say, client, id, target, cancellationToken) is { } problem)
                {
                    if (problem.Exit is ExitCodes.NotSignedIn && parse.GetValue(access.User) is null)
                        ForgetSession(context, client.Server);
                    return say.Fail(problem);
                }
            }
            var downloaded = Describe(context, say, target);
            // The file is the chip's state at this moment: from here on the server's chip and this one go separate ways.
            say.Warn(CliWords.DownloadIsACopy(id));
            AttachView? attached = null;
            if (parse.GetValue(attach))
            {
                attached = await CardAttachCommand.AttachAsync(context, say, target, parse.GetValue(vpcd.Host)!, parse.GetValue(vpcd.Port), cancellationToken);
                if (attached.Problem is { } problem)
                    return say.Fail(problem);
            }
            if (say.Json)
                say.WriteJson(downloaded with { Attach = attached });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Downloads into a temporary owner-only file beside the target, then renames it into place under the
    /// target's card lock: a card attached or open elsewhere is never replaced under its holder.
    /// </summary>
    private static async Task<CliProblem?> DownloadAsync(CliContext context, CliOutput say, MynaServerClient client, Guid id, FileInfo target, CancellationToken cancellationToken)
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
                // With --json no progress bar: standard output holds the JSON document only.
                outcome = say.Json ? await client.DownloadCardImageAsync(id, file, (_, _) => { }, cancellationToken) : await context.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask(say.T($"カード {id:N}", $"card {id:N}"), autoStart: true, maxValue: 1);
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
                return problem;
            try
            {
                using var inUse = CardFileLock.Acquire(target.FullName, TimeSpan.Zero);
                File.Move(temporary, target.FullName, overwrite: true);
            }
            catch (CardFileInUseException e)
            {
                return CliWords.ReplacedInUse(e.Message);
            }
            target.Refresh();
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>What was downloaded, and whether it opens here: a card file opens only with the sealing key of the server's data directory.</summary>
    private static DownloadView Describe(CliContext context, CliOutput say, FileInfo target)
    {
        string? serial = null;
        string opens;
        if (!File.Exists(context.Home.ChipSealingKeyPath))
        {
            opens = "unknown-no-key";
            say.Warn(CliWords.NoSealingKeyHere(context.Home.Root));
        }
        else
        {
            using var key = ChipSealingKey.LoadExisting(context.Home.ChipSealingKeyPath)!; // it exists: checked above
            using var card = CardAttachCommand.OpenCard(target, key, out _);
            if (card is { IsErased: false })
                serial = card.Serial[..Math.Min(15, card.Serial.Length)]; // as the common AP's record gives it, and `card show`
            opens = card switch
            {
                null => "unknown-in-use",
                { IsErased: true } => "no",
                _ => "yes",
            };
            if (card is { IsErased: true })
                say.Warn(CliWords.SealedWithOtherKey(context.Home.Root));
        }
        var view = new DownloadView(target.FullName, target.Length, serial, opens, null);
        if (!say.Json)
        {
            var table = new Table().HideHeaders().AddColumns("", "");
            table.AddRow(say.T("カードのファイル", "card file"), Markup.Escape(target.FullName));
            table.AddRow(say.T("サイズ", "size"), string.Create(CultureInfo.InvariantCulture, $"{target.Length} {say.T("バイト", "bytes")}"));
            if (serial is not null)
                table.AddRow(say.T("シリアル番号", "card serial"), serial);
            table.AddRow(say.T("この環境で開けるか", "opens here"), opens switch
            {
                "unknown-no-key" => Markup.Escape(say.T($"不明（{context.Home.Root} にカードの封印鍵がありません）", $"unknown: no chip sealing key in {context.Home.Root}")),
                "unknown-in-use" => say.T("不明（使用中）", "unknown: in use"),
                "no" => say.T("[red]いいえ[/]（別の環境の鍵で封印されています。消去されたICチップとして応答します、S4）",
                    "[red]no[/]: sealed with another installation's key (it would answer as an erased chip, S4)"),
                _ => say.T("はい", "yes"),
            });
            say.Console.Write(table);
        }
        return view;
    }

    private static void ForgetSession(CliContext context, Uri server) =>
        // A kept session the server refused is of no further use: the next command says "not signed in" at once.
        SavedSessions.Of(context.Home).Remove(server);
}

/// <summary>
/// What <c>card download</c> wrote, as <c>--json</c> writes it: whether the card opens here is <c>yes</c>, <c>no</c> (sealed
/// with another installation's key), <c>unknown-no-key</c> or <c>unknown-in-use</c>.
/// </summary>
internal sealed record DownloadView(string File, long Size, string? Serial, string OpensHere, AttachView? Attach);
