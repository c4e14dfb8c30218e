using System.CommandLine;
using Myna.Transparency;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna portal history verify FILE [LATER-FILE]</c>: the holder's offline check of their exchange history
/// (docs/portal.md): a proof bundle's entries are in the tree of its signed checkpoint; a later bundle extends an earlier
/// one — nothing the holder saw was removed or changed.
/// </summary>
internal static class HistoryVerifyCommand
{
    public static Command Build(CliContext context)
    {
        var earlier = new Argument<FileInfo>("FILE") { Description = "A proof bundle downloaded from the portal's exchange history (JSON)." };
        var later = new Argument<FileInfo?>("LATER-FILE")
        {
            Description = "A later bundle, downloaded giving FILE's checkpoint: checked to extend FILE.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var verify = new Command("verify", "Check exchange-history proof bundles offline: inclusion, signature, and that a later one extends an earlier one.")
        {
            earlier, later,
        };
        verify.SetAction(parse =>
        {
            if (Read(context, parse.GetValue(earlier)!) is not { } first)
                return ExitCodes.BadInput;
            ProofBundle? second = null;
            if (parse.GetValue(later) is { } laterFile && (second = Read(context, laterFile)) is null)
                return ExitCodes.BadInput;
            try
            {
                if (second is null)
                {
                    var checkpoint = BundleCheck.Verify(first);
                    context.Console.MarkupLine($"[green]OK[/]: {first.Entries.Count} entries are in the log's tree of size {checkpoint.TreeSize}, " +
                        $"signed by {Markup.Escape(first.VerifierKey)}.");
                    context.Console.WriteLine("Keep this file; next time give its checkpoint to the portal and check the new file against it.");
                }
                else
                {
                    var before = BundleCheck.Verify(first);
                    var after = BundleCheck.VerifyExtends(first, second);
                    var added = second.Entries.Count - first.Entries.Count;
                    context.Console.MarkupLine($"[green]OK[/]: the log's tree of size {after.TreeSize} extends the tree of size {before.TreeSize} you saw; " +
                        $"all {first.Entries.Count} entries you saw are there, unchanged; {added} new {(added == 1 ? "entry" : "entries")} of yours.");
                }
                return ExitCodes.Ok;
            }
            catch (BundleCheckException e)
            {
                context.Error.WriteLine($"error: the exchange history does not verify: {e.Message}");
                context.Error.WriteLine("Report it to the municipality: the proof files are the evidence.");
                return ExitCodes.VerificationFailed;
            }
        });

        var history = new Command("history", "The portal's exchange history (やりとり履歴).");
        history.Subcommands.Add(verify);
        return history;
    }

    private static ProofBundle? Read(CliContext context, FileInfo file)
    {
        try
        {
            return BundleCheck.Parse(File.ReadAllText(file.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BundleCheckException)
        {
            context.Error.WriteLine($"error: {file.FullName}: {(e is BundleCheckException ? e.Message : "cannot be read.")}");
            return null;
        }
    }
}
