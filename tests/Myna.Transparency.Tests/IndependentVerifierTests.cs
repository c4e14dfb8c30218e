using Myna.Testing.Tools;
using System.Text;
using System.Text.Json.Nodes;
using Myna.Transparency;
using Myna.Transparency.Notes;

namespace Myna.Transparency.Tests;

/// <summary>
/// The proofs this library makes, checked by another program in another language (Verifier/verify_log.py, Python's
/// standard library and its own Ed25519): it accepts what is honest and refuses a changed entry, a changed proof, a
/// forged signature and a rewritten history.
/// </summary>
public class IndependentVerifierTests
{
    private const string Origin = "myna.example/exchange-log";

    [Fact]
    public async Task AnHonestBundle_IsAccepted()
    {
        var outcome = PythonVerifier.Run((await HonestBundleAsync()).ToJson());
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("OK: checkpoint myna.example/exchange-log at 40", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("4 entries included; consistent with the old checkpoint at 17", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEntryOfSmallTreesOfManyShapes_IsAccepted()
    {
        // Many shapes of proof: trees around powers of two, all their entries, each consistent with size 1.
        var signer = NoteSigner.Generate(Origin);
        var log = new TransparencyLog(Origin, new InMemoryMerkleNodeStore(), signer);
        await log.AppendAsync(Entry(0));
        var first = await log.SignCheckpointAsync();
        for (var size = 2; size <= 33; size++)
        {
            await log.AppendAsync(Entry(size - 1));
            if (size > 9 && size % 8 is not (0 or 1 or 7))
                continue;
            var bundle = await log.ProveAsync([.. Enumerable.Range(0, size).Select(i => new LogEntry(i, Entry(i)))], first);
            var outcome = PythonVerifier.Run(bundle.ToJson());
            Assert.True(outcome.ExitCode == 0, $"size {size}: {outcome}");
        }
    }

    [Fact]
    public async Task EntriesGivenByLeafHash_AreAccepted()
    {
        var json = JsonNode.Parse((await HonestBundleAsync()).ToJson())!;
        foreach (var entry in json["entries"]!.AsArray())
        {
            var data = Convert.FromBase64String((string)entry!["data"]!);
            entry.AsObject().Remove("data");
            entry["leaf_hash"] = MerkleHash.OfLeaf(data).ToBase64();
        }
        var outcome = PythonVerifier.Run(json.ToJsonString());
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
    }

    [Fact]
    public void ACheckpointSignedByAnotherImplementation_IsAccepted()
    {
        // sum.golang.org's signature, with its published key: the verifier's Ed25519 against the real thing.
        var json = new JsonObject
        {
            ["origin"] = "go.sum database tree",
            ["verifier_key"] = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
            ["new_checkpoint"] = "go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n" +
                "— sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n",
            ["entries"] = new JsonArray(),
        };
        var outcome = PythonVerifier.Run(json.ToJsonString());
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
    }

    [Fact]
    public async Task AChangedEntry_IsRefused()
    {
        var json = JsonNode.Parse((await HonestBundleAsync()).ToJson())!;
        json["entries"]![1]!["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"requester\":\"nobody\"}"));
        AssertRefused(json, "entry 16 is not in the tree of the checkpoint");
    }

    [Fact]
    public async Task AnEntryMovedToAnotherIndex_IsRefused()
    {
        var json = JsonNode.Parse((await HonestBundleAsync()).ToJson())!;
        json["entries"]![1]!["index"] = 17;
        AssertRefused(json, "entry 17 is not in the tree of the checkpoint");
    }

    [Fact]
    public async Task AChangedInclusionProof_IsRefused()
    {
        var bundle = await HonestBundleAsync();
        var json = JsonNode.Parse(bundle.ToJson())!;
        json["entries"]![2]!["inclusion_proof"]![3] = bundle.Entries[2].InclusionProof[3].WithBitFlipped(77).ToBase64();
        AssertRefused(json, "entry 30 is not in the tree of the checkpoint");
    }

    [Fact]
    public async Task AChangedConsistencyProof_IsRefused()
    {
        var bundle = await HonestBundleAsync();
        var json = JsonNode.Parse(bundle.ToJson())!;
        json["consistency_proof"]![0] = bundle.ConsistencyProof![0].WithBitFlipped(0).ToBase64();
        AssertRefused(json, "the tree at 40 does not extend the old checkpoint's tree at 17");
    }

    [Fact]
    public async Task AForgedSignature_IsRefused()
    {
        var bundle = await HonestBundleAsync();
        var json = JsonNode.Parse(bundle.ToJson())!;
        // One bit of the signature changed.
        var note = bundle.NewCheckpoint;
        var at = note.LastIndexOf(' ') + 20;
        json["new_checkpoint"] = note[..at] + (note[at] == 'A' ? 'B' : 'A') + note[(at + 1)..];
        AssertRefused(json, "the new checkpoint's signature does not verify");
    }

    [Fact]
    public async Task ACheckpointSignedByAnImpostorOfTheSameName_IsRefused()
    {
        var bundle = await HonestBundleAsync();
        var json = JsonNode.Parse(bundle.ToJson())!;
        var real = Checkpoint.ParseBody(SignedNote.Open(bundle.NewCheckpoint, [NoteVerifier.Parse(bundle.VerifierKey)]).Text);
        json["new_checkpoint"] = new Checkpoint(Origin, real.TreeSize, real.RootHash.WithBitFlipped(5)).Sign(NoteSigner.Generate(Origin));
        AssertRefused(json, "the new checkpoint has no signature by the log's key");
    }

    [Fact]
    public async Task AChangedCheckpointText_IsRefused()
    {
        var bundle = await HonestBundleAsync();
        var json = JsonNode.Parse(bundle.ToJson())!;
        json["new_checkpoint"] = bundle.NewCheckpoint.Replace("\n40\n", "\n41\n", StringComparison.Ordinal);
        AssertRefused(json, "the new checkpoint's signature does not verify");
    }

    [Fact]
    public async Task ARewrittenHistory_IsRefused()
    {
        // The operator signs size 17 of one history, then rewrites entry 5 and signs size 40 of another: each
        // checkpoint is validly signed, but no consistency proof joins them.
        var signer = NoteSigner.Generate(Origin);
        var first = new TransparencyLog(Origin, new InMemoryMerkleNodeStore(), signer);
        var second = new TransparencyLog(Origin, new InMemoryMerkleNodeStore(), signer);
        for (var i = 0; i < 17; i++)
            await first.AppendAsync(Entry(i));
        var seen = await first.SignCheckpointAsync();
        for (var i = 0; i < 40; i++)
            await second.AppendAsync(i == 5 ? Encoding.UTF8.GetBytes("{\"rewritten\":true}") : Entry(i));

        // The proof from the second history's own size 17, presented against the first one's checkpoint.
        var ownOld = await SignAtAsync(second, signer, 17);
        var bundle = await second.ProveAsync([new LogEntry(30, Entry(30))], ownOld);
        Assert.True(PythonVerifier.Run(bundle.ToJson()).ExitCode == 0);
        var json = JsonNode.Parse(bundle.ToJson())!;
        json["old_checkpoint"] = seen;
        AssertRefused(json, "the tree at 40 does not extend the old checkpoint's tree at 17: history was rewritten");
    }

    [Fact]
    public void AnUnreadableBundle_ExitsWithTwo()
    {
        var outcome = PythonVerifier.Run("{ not json");
        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("cannot read the bundle", outcome.Error, StringComparison.Ordinal);
    }

    private static void AssertRefused(JsonNode bundle, string reason)
    {
        var outcome = PythonVerifier.Run(bundle.ToJsonString());
        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("FAIL: " + reason, outcome.Error, StringComparison.Ordinal);
    }

    private static byte[] Entry(int i) =>
        Encoding.UTF8.GetBytes($"{{\"at\":\"2025-04-{1 + i % 28:00}T09:00:00+09:00\",\"requester\":\"agency-{i % 7}\",\"purpose\":\"exchange {i}\"}}");

    // 17 entries and a checkpoint the holder keeps; 23 more; then the proofs of four entries and of consistency.
    private static async Task<ProofBundle> HonestBundleAsync()
    {
        var log = new TransparencyLog(Origin, new InMemoryMerkleNodeStore(), NoteSigner.Generate(Origin));
        for (var i = 0; i < 17; i++)
            await log.AppendAsync(Entry(i));
        var seen = await log.SignCheckpointAsync();
        for (var i = 17; i < 40; i++)
            await log.AppendAsync(Entry(i));
        return await log.ProveAsync([.. new[] { 3, 16, 30, 39 }.Select(i => new LogEntry(i, Entry(i)))], seen);
    }

    private static async Task<string> SignAtAsync(TransparencyLog log, NoteSigner signer, long size) =>
        new Checkpoint(log.Origin, size, await log.Tree.GetRootAsync(size)).Sign(signer);
}
