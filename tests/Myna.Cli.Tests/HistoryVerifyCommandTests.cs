using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Myna.Transparency;
using Myna.Transparency.Notes;

namespace Myna.Cli.Tests;

/// <summary>
/// <c>myna portal history verify</c> on proof bundles as the portal writes them (here from a log in memory with its own
/// key): a bundle alone, a later bundle that extends it, and each way a dishonest log shows — an entry changed, an
/// entry removed, a history rewritten, another key.
/// </summary>
public sealed class HistoryVerifyCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private const string Origin = "example.jp/portal/history";

    [Fact]
    public async Task ABundle_AndALaterOneThatExtendsIt_Verify_U3_5()
    {
        var log = new Log();
        log.Add(3, mine: 2);
        var first = await log.BundleAsync();
        log.Add(5, mine: 1);
        var second = await log.BundleAsync(previous: first);

        var alone = await RunAsync(first);
        Assert.True(alone.Exit == ExitCodes.Ok, alone.ToString());
        Assert.Contains("2 entries are in the log's tree of size 3", alone.Output, StringComparison.Ordinal);
        var both = await RunAsync(first, second);
        Assert.True(both.Exit == ExitCodes.Ok, both.ToString());
        Assert.Contains("size 8 extends the tree of size 3", both.Output, StringComparison.Ordinal);
        Assert.Contains("all 2 entries you saw are there, unchanged; 1 new entry", both.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedEntry_ARemovedOne_ARewrittenHistory_AndAnotherKey_AreCaught_U3_5()
    {
        var log = new Log();
        log.Add(4, mine: 2);
        var first = await log.BundleAsync();
        log.Add(2, mine: 0);
        var honest = await log.BundleAsync(previous: first);

        // An entry's data changed in the later bundle.
        var changed = Edit(honest, json => json["entries"]![0]!["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"kind\":\"forged\"}")));
        await AssertCaughtAsync(first, changed, "not in the tree");
        // An entry left out of the later bundle.
        var removed = Edit(honest, json => json["entries"]!.AsArray().RemoveAt(0));
        await AssertCaughtAsync(first, removed, "is missing");
        // A log that rewrote its history: same key, another tree from the start.
        var rewritten = new Log(log.Signer);
        rewritten.Add(6, mine: 2, salt: "other");
        await AssertCaughtAsync(first, await rewritten.BundleAsync(previous: null, consistencyFrom: first), "does not extend");
        // A bundle signed with another key than the one first seen.
        var impostor = new Log();
        impostor.Add(6, mine: 2);
        await AssertCaughtAsync(first, await impostor.BundleAsync(), "another key");
    }

    [Fact]
    public async Task AFileThatIsNoBundle_IsBadInput()
    {
        var path = Path.Combine(fixture.Root, $"not-a-bundle-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ \"hello\": 1 }");
        var result = await CliRunner.RunAsync(fixture.Home, fixture.Clock, null, null, "portal", "history", "verify", path);
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("not a proof bundle", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABundle_AndALaterOne_AsJson_AndInJapanese_U3_5()
    {
        var log = new Log();
        log.Add(3, mine: 2);
        var first = await log.BundleAsync();
        log.Add(5, mine: 1);
        var second = await log.BundleAsync(previous: first);

        var alone = await RunAsync(["--json"], first);
        Assert.True(alone.Exit == ExitCodes.Ok, alone.ToString());
        using (var json = JsonDocument.Parse(alone.Output))
        {
            Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal(2, json.RootElement.GetProperty("entries").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("treeSize").GetInt64());
        }
        var both = await RunAsync(["--json"], first, second);
        using (var json = JsonDocument.Parse(both.Output))
        {
            Assert.Equal(3, json.RootElement.GetProperty("earlierTreeSize").GetInt64());
            Assert.Equal(8, json.RootElement.GetProperty("laterTreeSize").GetInt64());
            Assert.Equal(1, json.RootElement.GetProperty("newEntries").GetInt32());
        }

        var japanese = await RunAsync(["--lang", "ja"], first, second);
        Assert.Contains("検証できました: ツリーサイズ8のログは、以前確認したツリーサイズ3のログを引き継いでいます。", japanese.Output, StringComparison.Ordinal);
        Assert.Contains("確認済みの2件はすべて変更されずに残っており、新しいやりとりは1件です。", japanese.Output, StringComparison.Ordinal);

        var impostor = new Log();
        impostor.Add(6, mine: 2);
        var caught = await RunAsync(["--lang", "ja", "--json"], first, await impostor.BundleAsync());
        Assert.Equal(ExitCodes.VerificationFailed, caught.Exit);
        Assert.StartsWith("エラー: やりとり履歴の検証に失敗しました", caught.Error, StringComparison.Ordinal);
        Assert.Contains("対処: 証明ファイルが証拠になります。", caught.Error, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(caught.Output))
            Assert.Equal("history-does-not-verify", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private async Task AssertCaughtAsync(string earlier, string later, string why)
    {
        var result = await RunAsync(earlier, later);
        Assert.True(result.Exit == ExitCodes.VerificationFailed, result.ToString());
        Assert.Contains(why, result.Error, StringComparison.Ordinal);
    }

    private Task<CliResult> RunAsync(params string[] bundles) => RunAsync([], bundles);

    private async Task<CliResult> RunAsync(string[] options, params string[] bundles)
    {
        var paths = bundles.Select(b =>
        {
            var path = Path.Combine(fixture.Root, $"bundle-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, b);
            return path;
        });
        return await CliRunner.RunAsync(fixture.Home, fixture.Clock, null, null, ["portal", "history", "verify", .. paths, .. options]);
    }

    private static string Edit(string bundle, Action<JsonNode> change)
    {
        var json = JsonNode.Parse(bundle)!;
        change(json);
        return json.ToJsonString();
    }

    /// <summary>A log in memory, keeping which entries are the holder's, as the portal does in its database.</summary>
    private sealed class Log(NoteSigner? signer = null)
    {
        private readonly TransparencyLog _log = new(Origin, new InMemoryMerkleNodeStore(), signer ??= NoteSigner.Generate(Origin));
        private readonly List<LogEntry> _mine = [];

        public NoteSigner Signer { get; } = signer;

        public void Add(int count, int mine, string salt = "")
        {
            for (var i = 0; i < count; i++)
            {
                var data = Encoding.UTF8.GetBytes($"{{\"n\":{i},\"salt\":\"{salt}\",\"mine\":{(i < mine ? "true" : "false")},\"id\":\"{Guid.NewGuid():N}\"}}");
                var index = _log.AppendAsync(data).GetAwaiter().GetResult();
                if (i < mine)
                    _mine.Add(new LogEntry(index, data));
            }
        }

        public async Task<string> BundleAsync(string? previous = null, string? consistencyFrom = null)
        {
            var from = previous ?? consistencyFrom;
            var checkpoint = from is null ? null : BundleCheck.Parse(from).NewCheckpoint;
            return (await _log.ProveAsync(_mine, checkpoint)).ToJson();
        }
    }
}
