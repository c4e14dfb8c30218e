using System.CommandLine;
using Myna.Card;
using Myna.Card.Image;
using Myna.Card.Vpcd;
using Myna.Cli.Output;

namespace Myna.Cli.Commands;

/// <summary><c>myna card attach FILE</c>: the card goes into pcscd's virtual reader until interrupted.</summary>
internal static class CardAttachCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = context.Help("この環境で作成したカードのファイル。", "A card file of this installation.") };
        var vpcd = new VpcdOptions(context);
        var command = new Command("attach", context.Help(
            "カードを pcscd の vpcd 仮想カードリーダー（vsmartcard-vpcd）に挿します。Ctrl+C まで挿したままにします。",
            "Insert the card into the vpcd virtual reader of pcscd (vsmartcard-vpcd) until Ctrl+C."))
        {
            file, vpcd.Host, vpcd.Port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return output.Fail(CliWords.NoSuchFile(path.FullName));
            if (vpcd.Validate(parse) is { } bad)
                return output.FailInput([bad]);
            var attached = await AttachAsync(context, output, path, parse.GetValue(vpcd.Host)!, parse.GetValue(vpcd.Port), cancellationToken);
            if (attached.Problem is { } problem)
                return output.Fail(problem);
            if (output.Json)
                output.WriteJson(attached);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Holds the card (and its file's lock) in the virtual reader until <paramref name="cancellationToken"/> fires; what
    /// happened, for <c>--json</c> to write at the end (the lines as it happens are for people only).
    /// </summary>
    public static async Task<AttachView> AttachAsync(CliContext context, CliOutput output, FileInfo path, string host, int port, CancellationToken cancellationToken)
    {
        // Never a new key: it would open no existing card file (and a read leaves the data directory as it was).
        using var key = ChipSealingKey.LoadExisting(context.Home.ChipSealingKeyPath);
        if (key is null)
            return new AttachView(path.FullName, host, port, false, false, CliWords.NoSealingKey(context.Home.Root));
        if (OpenCard(path, key, out var problem) is not { } card)
            return new AttachView(path.FullName, host, port, false, false, problem);
        using (card)
        {
            if (card.IsErased)
                output.Warn(CliWords.AnswersAsErased);
            var bridge = new VpcdBridge(card, host, port);
            var everAttached = false;
            bridge.ConnectionChanged += (_, connected) =>
            {
                everAttached |= connected;
                output.Line(connected ? CliWords.Attached(bridge.Host, bridge.Port) : CliWords.WaitingForVpcd);
            };
            output.Line(CliWords.Connecting(path.Name, bridge.Host, bridge.Port));
            try
            {
                await bridge.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the card is pulled out of the reader.
            }
            output.Line(CliWords.CardRemoved);
            return new AttachView(path.FullName, bridge.Host, bridge.Port, everAttached, card.IsErased, null);
        }
    }

    /// <summary>
    /// Opens a card file for this command, or answers null with why not. The CLI does not wait for a card file in use:
    /// whoever holds it (an attach, the server) may hold it for hours.
    /// </summary>
    public static VirtualCard? OpenCard(FileInfo path, ChipSealingKey key, out CliProblem? problem)
    {
        problem = null;
        try
        {
            return VirtualCard.Open(new FileCardImageStore(path.FullName, key, lockTimeout: TimeSpan.Zero));
        }
        catch (CardFileInUseException e)
        {
            problem = CliWords.CardFileInUse(e.Message);
            return null;
        }
    }
}

/// <summary>What <c>card attach</c> did, as <c>--json</c> writes it: the card, the vpcd address, whether pcscd took the card.</summary>
internal sealed record AttachView(
    string File, string VpcdHost, int VpcdPort, bool Attached, bool AnswersAsErased,
    [property: System.Text.Json.Serialization.JsonIgnore] CliProblem? Problem);

/// <summary>Where pcscd's vpcd driver listens: <c>--vpcd-host</c>, <c>--vpcd-port</c>.</summary>
internal sealed class VpcdOptions(CliContext context)
{
    public Option<string> Host { get; } = new("--vpcd-host") { Description = context.Help(
        "pcscd の vpcd ドライバーが待ち受けるホスト。",
        "Where pcscd's vpcd driver listens."), DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> Port { get; } = new("--vpcd-port")
    {
        Description = context.Help(
            "vpcd ドライバーのポート。35963 はリーダー「Virtual PCD 00 00」、35964 は「Virtual PCD 00 01」です。",
            "35963 is reader 'Virtual PCD 00 00', 35964 'Virtual PCD 00 01'."),
        DefaultValueFactory = _ => VpcdBridge.DefaultPort,
    };

    /// <summary>Why the options are wrong, or null.</summary>
    public Primitives.Text.LocalizedText? Validate(ParseResult parse) => parse.GetValue(Port) is < 1 or > 65535 ? CliWords.BadVpcdPort : null;
}
