using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage;
using Myna.Storage.History;
using Myna.Testing.Tools;
using Myna.Transparency;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// やりとり履歴 (U3.5) over HTTP: exchanges of a holder's information are written where they happen and kept in a
/// transparency log; the holder downloads their entries with proofs and checks them with an independent verifier
/// (Python, standard library only) and with the C# check of two downloads; a row edited or deleted in the database is
/// caught by both.
/// </summary>
public sealed class ExchangeHistoryTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task WindowReveal_AndPortalView_AreInTheHoldersHistory_WithoutTheMyNumber_U3_5()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        var revealed = await JsonAsync(await _api.Window.PostAsync($"/api/residents/{resident}/my-number/reveal", null), HttpStatusCode.OK);
        var myNumber = revealed.GetProperty("myNumber").GetString()!;
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, WindowApi.Id(card));
        await JsonAsync(await holder.GetAsync("/portal/api/me/information"), HttpStatusCode.OK);

        var history = await JsonAsync(await holder.GetAsync("/portal/api/me/history"), HttpStatusCode.OK);
        var kinds = history.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["portal-viewed", "my-number-revealed"], kinds);
        Assert.All(history.EnumerateArray(), e => Assert.True(e.GetProperty("index").GetInt64() >= 0));
        var reveal = history.EnumerateArray().Last();
        Assert.Equal("My Number", reveal.GetProperty("information").GetString());
        Assert.Contains("Koriyama", reveal.GetProperty("requester").GetString(), StringComparison.Ordinal);

        var bundle = await BundleAsync(holder);
        Assert.DoesNotContain(myNumber, bundle, StringComparison.Ordinal);
        Assert.DoesNotContain(myNumber, history.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadedProofs_VerifyIndependently_AndALaterDownloadProvesNothingWasRemoved_U3_5()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, WindowApi.Id(card));
        await JsonAsync(await holder.GetAsync("/portal/api/me/information"), HttpStatusCode.OK);
        var first = await BundleAsync(holder);
        var python = PythonVerifier.Run(first);
        Assert.True(python.ExitCode == 0, python.ToString());

        // More exchanges, of this holder and of others, then a download that proves the log extends the first one.
        await JsonAsync(await _api.Window.PostAsync($"/api/residents/{resident}/my-number/reveal", null), HttpStatusCode.OK);
        var (other, _) = await _api.ResidentWithCardAsync();
        await JsonAsync(await _api.Window.PostAsync($"/api/residents/{other}/my-number/reveal", null), HttpStatusCode.OK);
        var second = await BundleAsync(holder, OldCheckpoint(first));
        python = PythonVerifier.Run(second);
        Assert.True(python.ExitCode == 0, python.ToString());
        var checkpoint = BundleCheck.VerifyExtends(BundleCheck.Parse(first), BundleCheck.Parse(second));
        Assert.Equal(2, BundleCheck.Parse(second).Entries.Count);

        // The published checkpoint is signed by the published key.
        using var anyone = fixture.Server.CreateClient();
        var published = await anyone.GetStringAsync("/portal/history/checkpoint");
        var key = (await anyone.GetStringAsync("/portal/history/key")).Trim();
        Assert.True(Checkpoint.Open(published, checkpoint.Origin, [Myna.Transparency.Notes.NoteVerifier.Parse(key)]).TreeSize >= checkpoint.TreeSize);
    }

    [Fact]
    public async Task ARowEditedInTheDatabase_FailsTheIndependentCheck_AndADeletedOneTheComparison_U3_5()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        await JsonAsync(await _api.Window.PostAsync($"/api/residents/{resident}/my-number/reveal", null), HttpStatusCode.OK);
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, WindowApi.Id(card));
        await JsonAsync(await holder.GetAsync("/portal/api/me/information"), HttpStatusCode.OK);
        var before = await BundleAsync(holder);

        // The operator edits the reveal's record: the requester becomes someone else.
        ExchangeRecord revealRow;
        await using (var db = Db())
        {
            revealRow = await db.Set<ExchangeRecord>().AsNoTracking().SingleAsync(e => e.HolderReference == resident && e.Content.Contains("my-number-revealed"));
            var forged = revealRow.Content.Replace("My Number Card window", "Tax office", StringComparison.Ordinal);
            Assert.NotEqual(revealRow.Content, forged);
            await db.Set<ExchangeRecord>().Where(e => e.Id == revealRow.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Content, forged));
        }
        var edited = await BundleAsync(holder, OldCheckpoint(before));
        var python = PythonVerifier.Run(edited);
        Assert.Equal(1, python.ExitCode);
        Assert.Contains("FAIL", python.Error, StringComparison.Ordinal);
        Assert.Throws<BundleCheckException>(() => BundleCheck.VerifyExtends(BundleCheck.Parse(before), BundleCheck.Parse(edited)));

        // The operator puts the edit back and deletes the portal-view record instead.
        await using (var db = Db())
        {
            await db.Set<ExchangeRecord>().Where(e => e.Id == revealRow.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Content, revealRow.Content));
            Assert.Equal(1, await db.Set<ExchangeRecord>().Where(e => e.HolderReference == resident && e.Content.Contains("portal-viewed")).ExecuteDeleteAsync());
        }
        var deleted = await BundleAsync(holder, OldCheckpoint(before));
        var missing = Assert.Throws<BundleCheckException>(() => BundleCheck.VerifyExtends(BundleCheck.Parse(before), BundleCheck.Parse(deleted)));
        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckpointOfAnotherLog_OrFromTheFuture_IsRefused_U3_5()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, WindowApi.Id(card));
        var forged = new Checkpoint("elsewhere/log", 1, MerkleHash.EmptyTree).Sign(Myna.Transparency.Notes.NoteSigner.Generate("elsewhere/log"));
        var problem = await Problems.ReadAsync(await holder.PostAsJsonAsync("/portal/api/me/history/proof", new { previousCheckpoint = forged }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("previousCheckpoint", out _));
    }

    [Fact]
    public async Task AFlaggedEntry_GoesToTheMunicipalitysQueue_AndTheAuditTrail_U3_5()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        await JsonAsync(await _api.Window.PostAsync($"/api/residents/{resident}/my-number/reveal", null), HttpStatusCode.OK);
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, WindowApi.Id(card));
        var entry = (await JsonAsync(await holder.GetAsync("/portal/api/me/history"), HttpStatusCode.OK)).EnumerateArray().Single();
        var index = entry.GetProperty("index").GetInt64();

        Assert.Equal(HttpStatusCode.NotFound, (await holder.PostAsJsonAsync("/portal/api/me/history/999999999/flag", new { note = "?" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await holder.PostAsJsonAsync($"/portal/api/me/history/{index}/flag", new { note = new string('x', 501) })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await holder.PostAsJsonAsync($"/portal/api/me/history/{index}/flag", new { note = "窓口に行っていません" })).StatusCode);

        var queue = await JsonAsync(await _api.Admin.GetAsync("/api/history/flags"), HttpStatusCode.OK);
        var flagged = Assert.Single(queue.EnumerateArray(), f => f.GetProperty("leafIndex").GetInt64() == index);
        Assert.Equal(resident, flagged.GetProperty("residentId").GetGuid());
        Assert.Equal("窓口に行っていません", flagged.GetProperty("note").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Window.GetAsync("/api/history/flags")).StatusCode);
        Assert.Equal(Myna.Portal.PortalAudit.HistoryFlagged, (await _api.AuditAsync("resident", resident)).Last().Action);
    }

    [Fact]
    public async Task TwoAppendersAtOnce_GiveEveryEntryOnePlace_AndOneTree_U3_5()
    {
        var (resident, _) = await _api.ResidentWithCardAsync();
        var contexts = _api.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>();
        await using (var db = contexts.CreateDbContext())
        {
            for (var i = 0; i < 60; i++)
                db.Add(ExchangeRecord.Of(resident, DateTimeOffset.UtcNow, new ExchangeContent("test", new("甲", "A"), new("乙", "B"), new($"情報{i}", $"item {i}"), new("試験", "test"))));
            await db.SaveChangesAsync();
        }
        // Two logs as two processes would run them (each with its own lock), on one database.
        var history = _api.Services.GetRequiredService<Myna.Portal.History.ExchangeHistory>();
        var key = Myna.Transparency.Notes.NoteSigner.Parse(File.ReadAllText(Path.Combine(fixture.Server.DataDirectory, "keys", "history-log.key")).Trim());
        var other = new Myna.Portal.History.ExchangeHistory(contexts, key, _api.Services.GetRequiredService<Myna.Portal.PortalClocks>());
        await Task.WhenAll(history.SequenceAsync(default), other.SequenceAsync(default));

        await using (var db = contexts.CreateDbContext())
        {
            // Every entry has its place, no place two entries (rows other tests of this class deleted leave gaps).
            var indexes = await db.Set<ExchangeRecord>().Select(e => e.LeafIndex).ToListAsync();
            Assert.DoesNotContain(null, indexes);
            Assert.Equal(indexes.Count, indexes.Distinct().Count());
            Assert.Equal(await db.Set<HistoryNode>().CountAsync(n => n.Level == 0), indexes.Max()!.Value + 1);
        }
        // The tree has exactly those leaves, and the holder's proof verifies.
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id((await _api.CardAsync(Id((await _api.FileAsync(resident)).GetProperty("cards")[0])))));
        var bundle = BundleCheck.Parse(await BundleAsync(holder));
        Assert.Equal(60, bundle.Entries.Count);
        BundleCheck.Verify(bundle);
    }

    private static async Task<string> BundleAsync(HttpClient holder, string? previousCheckpoint = null)
    {
        using var response = previousCheckpoint is null
            ? await holder.GetAsync("/portal/api/me/history/proof")
            : await holder.PostAsJsonAsync("/portal/api/me/history/proof", new { previousCheckpoint });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return body;
    }

    private static string OldCheckpoint(string bundle) => JsonDocument.Parse(bundle).RootElement.GetProperty("new_checkpoint").GetString()!;

    private MynaDbContext Db() => _api.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext();
}
