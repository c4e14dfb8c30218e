using System.CommandLine;
using Myna.Card;
using Myna.Card.Image;
using Myna.Card.Vpcd;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary><c>myna card attach FILE</c>: the card goes into pcscd's virtual reader until interrupted.</summary>
internal static class CardAttachCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A card file of this installation." };
        var vpcd = new VpcdOptions();
        var command = new Command("attach", "Insert the card into the vpcd virtual reader of pcscd (vsmartcard-vpcd) until Ctrl+C.")
        {
            file, vpcd.Host, vpcd.Port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return CardCreateCommand.Fail(context, [$"{path.FullName}: no such file."]);
            if (vpcd.Validate(parse) is { } bad)
                return CardCreateCommand.Fail(context, [bad]);
            return await AttachAsync(context, path, parse.GetValue(vpcd.Host)!, parse.GetValue(vpcd.Port), cancellationToken);
        });
        return command;
    }

    /// <summary>Holds the card (and its file's lock) in the virtual reader until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<int> AttachAsync(CliContext context, FileInfo path, string host, int port, CancellationToken cancellationToken)
    {
        using var key = ChipSealingKey.LoadOrCreate(context.Home.ChipSealingKeyPath);
        if (OpenCard(context, path, key) is not { } card)
            return ExitCodes.CardError;
        using (card)
        {
            if (card.IsErased)
                context.Error.WriteLine("warning: the card file does not open with this installation's key or is damaged: it answers as an erased chip (S4).");
            var bridge = new VpcdBridge(card, host, port);
            bridge.ConnectionChanged += (_, connected) => context.Console.MarkupLine(connected
                ? $"[green]attached[/] to vpcd at {Markup.Escape(bridge.Host)}:{bridge.Port}; PC/SC software now sees the card. Ctrl+C to remove it."
                : "waiting for pcscd's vpcd reader (is pcscd running with vsmartcard-vpcd installed?) …");
            context.Console.MarkupLine($"card {Markup.Escape(path.Name)}: connecting to vpcd at {Markup.Escape(bridge.Host)}:{bridge.Port} …");
            try
            {
                await bridge.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the card is pulled out of the reader.
            }
            context.Console.MarkupLine("card removed.");
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// Opens a card file for this command, or writes why not and answers null. The CLI does not wait for a card
    /// file in use: whoever holds it (an attach, the server) may hold it for hours.
    /// </summary>
    public static VirtualCard? OpenCard(CliContext context, FileInfo path, ChipSealingKey key)
    {
        try
        {
            return VirtualCard.Open(new FileCardImageStore(path.FullName, key, lockTimeout: TimeSpan.Zero));
        }
        catch (CardFileInUseException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}

/// <summary>Where pcscd's vpcd driver listens: <c>--vpcd-host</c>, <c>--vpcd-port</c>.</summary>
internal sealed class VpcdOptions
{
    public Option<string> Host { get; } = new("--vpcd-host") { Description = "Where pcscd's vpcd driver listens.", DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> Port { get; } = new("--vpcd-port")
    {
        Description = "35963 is reader 'Virtual PCD 00 00', 35964 'Virtual PCD 00 01'.",
        DefaultValueFactory = _ => VpcdBridge.DefaultPort,
    };

    /// <summary>Why the options are wrong, or null.</summary>
    public string? Validate(ParseResult parse) => parse.GetValue(Port) is < 1 or > 65535 ? "--vpcd-port: 1 to 65535." : null;
}
