using System.Diagnostics;
using System.Net;

namespace Myna.Server.Tests;

/// <summary>
/// The access log (<c>Myna:AccessLog</c>, on by default): a line per request with the method, the path and the status —
/// never the query, which can hold a search's name and birth date — and none at all when it is switched off.
/// </summary>
public sealed class AccessLogTests
{
    [Fact]
    public async Task EveryRequest_HasALine_WithItsPathAndStatus_ButNotItsQuery()
    {
        await using var server = new MynaServer();
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var search = await client.GetAsync("/api/residents?familyName=%E5%B1%B1%E7%94%B0&birthDate=1990-05-10");
        Assert.Equal(HttpStatusCode.Unauthorized, search.StatusCode);

        var log = await WaitForLinesAsync(Path.Combine(server.DataDirectory, "logs"), "/api/residents");
        Assert.Contains(log, l => l.Contains("GET /health 200", StringComparison.Ordinal));
        var searched = Assert.Single(log, l => l.Contains("/api/residents", StringComparison.Ordinal));
        Assert.Contains("GET /api/residents 401", searched, StringComparison.Ordinal);
        var all = string.Join('\n', log);
        Assert.DoesNotContain("familyName", all, StringComparison.Ordinal);
        Assert.DoesNotContain("1990-05-10", all, StringComparison.Ordinal);
        Assert.DoesNotContain("%E5", all, StringComparison.OrdinalIgnoreCase);
        // The directory is the data directory's, owner-only.
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "logs")));
    }

    [Fact]
    public async Task SwitchedOff_NothingIsWritten()
    {
        await using var server = new MynaServer(settings: new Dictionary<string, string?> { ["Myna:AccessLog:Enabled"] = "false" });
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the access log's flush interval, had it been on

        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "logs")));
    }

    /// <summary>The log's lines (the W3C header's lines left out) once one of them holds <paramref name="awaited"/>: it is written about every second.</summary>
    private static async Task<List<string>> WaitForLinesAsync(string directory, string awaited)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = Directory.Exists(directory)
                ? Directory.GetFiles(directory, "access-*").SelectMany(ReadShared).Where(l => !l.StartsWith('#')).ToList()
                : [];
            if (lines.Any(l => l.Contains(awaited, StringComparison.Ordinal)))
                return lines;
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "no access log line for " + awaited);
            await Task.Delay(100);
        }
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
