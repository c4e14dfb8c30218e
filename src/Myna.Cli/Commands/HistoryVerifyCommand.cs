using System.CommandLine;
using Myna.Cli.Output;
using Myna.Transparency;

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
        var earlier = new Argument<FileInfo>("FILE") { Description = context.Help(
            "マイナポータルのやりとり履歴からダウンロードした証明データ（JSON）。",
            "A proof bundle downloaded from the portal's exchange history (JSON).") };
        var later = new Argument<FileInfo?>("LATER-FILE")
        {
            Description = context.Help(
                "FILE のチェックポイントを指定してダウンロードした後の証明データ: FILE の続きであることを確かめます。",
                "A later bundle, downloaded giving FILE's checkpoint: checked to extend FILE."),
            Arity = ArgumentArity.ZeroOrOne,
        };
        var verify = new Command("verify", context.Help(
            "やりとり履歴の証明データをオフラインで検証します: 記録が含まれること、署名、後のものが前のものの続きであること。",
            "Check exchange-history proof bundles offline: inclusion, signature, and that a later one extends an earlier one."))
        {
            earlier, later,
        };
        verify.SetAction(parse =>
        {
            var output = CliOutput.For(context, parse);
            if (Read(parse.GetValue(earlier)!, out var problem) is not { } first)
                return output.Fail(problem!);
            ProofBundle? second = null;
            if (parse.GetValue(later) is { } laterFile && (second = Read(laterFile, out problem)) is null)
                return output.Fail(problem!);
            try
            {
                if (second is null)
                {
                    var checkpoint = BundleCheck.Verify(first);
                    if (output.Json)
                        output.WriteJson(new { verified = true, entries = first.Entries.Count, treeSize = checkpoint.TreeSize, verifierKey = first.VerifierKey });
                    output.Line(ServerWords.HistoryVerified(first.Entries.Count, checkpoint.TreeSize, first.VerifierKey));
                    output.Line(ServerWords.KeepTheBundle);
                }
                else
                {
                    var before = BundleCheck.Verify(first);
                    var after = BundleCheck.VerifyExtends(first, second);
                    var added = second.Entries.Count - first.Entries.Count;
                    if (output.Json)
                    {
                        output.WriteJson(new
                        {
                            verified = true, extends = true, earlierTreeSize = before.TreeSize, laterTreeSize = after.TreeSize,
                            entriesSeen = first.Entries.Count, newEntries = added, verifierKey = second.VerifierKey,
                        });
                    }
                    output.Line(ServerWords.HistoryExtended(before.TreeSize, after.TreeSize, first.Entries.Count, added));
                }
                return ExitCodes.Ok;
            }
            catch (BundleCheckException e)
            {
                return output.Fail(ServerWords.HistoryDoesNotVerify(e.Message));
            }
        });

        var history = new Command("history", context.Help("マイナポータルのやりとり履歴。", "The portal's exchange history (やりとり履歴)."));
        history.Subcommands.Add(verify);
        return history;
    }

    private static ProofBundle? Read(FileInfo file, out CliProblem? problem)
    {
        problem = null;
        if (!file.Exists)
        {
            problem = CliWords.NoSuchFile(file.FullName);
            return null;
        }
        try
        {
            return BundleCheck.Parse(File.ReadAllText(file.FullName));
        }
        catch (BundleCheckException e)
        {
            problem = ServerWords.NotABundle(file.FullName, e.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = ServerWords.CannotRead(file.FullName);
            return null;
        }
    }
}
