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
        var host = new Option<string>("--vpcd-host") { Description = "Where pcscd's vpcd driver listens.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--vpcd-port") { Description = "35963 is reader 'Virtual PCD 00 00', 35964 'Virtual PCD 00 01'.", DefaultValueFactory = _ => VpcdBridge.DefaultPort };

        var command = new Command("attach", "Insert the card into the vpcd virtual reader of pcscd (vsmartcard-vpcd) until Ctrl+C.")
        {
            file, host, port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return CardCreateCommand.Fail(context, [$"{path.FullName}: no such file."]);
            var vpcdPort = parse.GetValue(port);
            if (vpcdPort is < 1 or > 65535)
                return CardCreateCommand.Fail(context, ["--vpcd-port: 1 to 65535."]);

            using var key = ChipSealingKey.LoadOrCreate(context.Home.ChipSealingKeyPath);
            using var card = VirtualCard.Open(new FileCardImageStore(path.FullName, key));
            if (card.IsErased)
                context.Error.WriteLine("warning: the card file does not open with this installation's key or is damaged: it answers as an erased chip (S4).");
            var bridge = new VpcdBridge(card, parse.GetValue(host)!, vpcdPort);
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
        });
        return command;
    }
}
