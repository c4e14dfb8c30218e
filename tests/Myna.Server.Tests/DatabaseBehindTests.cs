using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>
/// A database that went back in time (restored from an older copy, or without its write-ahead log) is caught at the
/// start: card files it has no record of, or a CRL number below one already published, stop the server with a message
/// that says what happened and what to do; nothing is changed, and no lower CRL number is ever published.
/// </summary>
public sealed class DatabaseBehindTests
{
    [Fact]
    public async Task CardFilesWithoutRecords_RefuseTheStart_UntilTheRepairIsAskedFor()
    {
        await using var server = new MynaServer();
        using (var window = await server.SignedInAsync("window", "window-sandbox"))
        {
            var resident = Id(await JsonAsync(await window.PostAsJsonAsync("/api/residents", Registration()), HttpStatusCode.Created));
            await server.RestartAsync();
            var backup = Backup(server);

            using var again = await server.SignedInAsync("window", "window-sandbox");
            var applied = await JsonAsync(await again.PostAsJsonAsync("/api/applications", new { residentId = resident }), HttpStatusCode.Created);
            var card = await JsonAsync(await again.PostAsJsonAsync($"/api/applications/{Id(applied)}/delivery", Pins), HttpStatusCode.Created);
            var cardFile = Path.Combine(server.DataDirectory, "cards", Id(card).ToString("N") + ".card");
            Assert.True(File.Exists(cardFile));

            await server.RestartAsync();
            Restore(server, backup);
            var refused = Assert.ThrowsAny<Exception>(() => server.Services);
            Assert.Contains("The database is behind the data directory: 1 card file(s)", Flatten(refused), StringComparison.Ordinal);
            Assert.True(File.Exists(cardFile), "a refused start changes nothing");

            await server.RestartWithAsync("Myna:Repair:RemoveOrphanCardFiles", "true");
            _ = server.Services;
            Assert.False(File.Exists(cardFile));
        }
    }

    [Fact]
    public async Task CrlNumberBelowOnePublished_RefusesTheStart_AndNothingLowerIsPublished()
    {
        await using var server = new MynaServer();
        using (var anyone = server.CreateClient())
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/crl/signature.crl")).StatusCode);
        await server.RestartAsync();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "myna.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM crl_numbers";
            await command.ExecuteNonQueryAsync();
        }
        var refused = Assert.ThrowsAny<Exception>(() => server.Services);
        Assert.Contains("but CRL number", Flatten(refused), StringComparison.Ordinal);
        Assert.Contains("The database is behind the data directory", Flatten(refused), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e is AggregateException a ? string.Join("\n", a.Flatten().InnerExceptions.Select(i => i.Message)) : e.ToString();

    private static Dictionary<string, object?> Registration() => new()
    {
        ["municipality"] = "072036", ["familyName"] = "復元", ["givenName"] = "花子", ["familyNameKana"] = "フクゲン",
        ["givenNameKana"] = "ハナコ", ["birthDate"] = new DateOnly(1990, 5, 10), ["sex"] = "Female", ["address"] = Address,
    };

    // The database, and the CRL numbers' marks with it, so that only the card files are ahead of the copy.
    private static Dictionary<string, byte[]> Backup(MynaServer server) =>
        Files(server).ToDictionary(f => f, File.ReadAllBytes);

    private static IEnumerable<string> Files(MynaServer server) =>
        Directory.EnumerateFiles(server.DataDirectory, "myna.db*")
            .Concat(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "ca"), "*.crl-number"));

    private static void Restore(MynaServer server, Dictionary<string, byte[]> backup)
    {
        foreach (var file in Files(server).ToList())
            File.Delete(file);
        foreach (var (file, bytes) in backup)
            File.WriteAllBytes(file, bytes);
    }
}
