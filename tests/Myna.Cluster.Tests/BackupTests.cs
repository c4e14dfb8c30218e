using System.Diagnostics;
using Myna.Testing;
using Npgsql;

namespace Myna.Cluster.Tests;

/// <summary>
/// The backup and restore docs/operations.md prescribes: <c>pg_dump --format=custom</c> of the running cluster's
/// database, <c>pg_restore</c> into an empty one, and a server started on the restored database with the same data
/// directory serves again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BackupTests(ClusterFixture cluster)
{
    [Fact]
    public async Task PgDump_WhileServing_ThenPgRestore_GivesEveryRowBack_AndAServerStartsOnIt()
    {
        var dump = Path.Combine(cluster.NewDataDirectory("dump"), "myna.dump");
        await using var restored = await PostgreSqlTestDatabase.CreateAsync("myna_restored");
        try
        {
            await RunAsync("pg_dump", cluster.ConnectionString, ["--format=custom", $"--file={dump}"]);
            await RunAsync("pg_restore", restored.ConnectionString, ["--no-owner", "--exit-on-error", dump]);

            // The tables of residents, cards and certificates; nothing writes them while this test runs (the servers'
            // own background work writes elsewhere).
            var source = await RowCountsAsync(cluster.ConnectionString);
            var copy = await RowCountsAsync(restored.ConnectionString);
            Assert.Equal(source.Keys, copy.Keys);
            foreach (var table in new[] { "residents", "cards", "issued_certificates", "revocations", "crl_numbers", "staff_accounts" })
                Assert.Equal((table, source[table]), (table, copy[table]));

            // A new machine on the restored database: the keys come out of it under the key-encryption key, the My
            // Numbers open with the configured keys (the start checks them against the stored rows).
            using var node = await ServerNode.StartAsync("restored", cluster.NewDataDirectory("restored"), restored.ConnectionString, cluster.Secrets);
            using var client = node.Client();
            using var health = await client.GetAsync("health");
            Assert.True(health.IsSuccessStatusCode);
            using var caCertificate = await client.GetAsync("ca/authentication.cer");
            Assert.True(caCertificate.IsSuccessStatusCode);
            // The same authority as the running cluster's, not one made anew.
            using var running = cluster.A.Client();
            Assert.Equal(await running.GetByteArrayAsync("ca/authentication.cer"), await caCertificate.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>Every table of the public schema and its row count.</summary>
    private static async Task<SortedDictionary<string, long>> RowCountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        return counts;
    }

    /// <summary>A PostgreSQL client tool against the database of <paramref name="connectionString"/>.</summary>
    private static async Task RunAsync(string tool, string connectionString, IEnumerable<string> arguments)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(ToolPath(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { $"--host={builder.Host}", $"--port={builder.Port}", $"--username={builder.Username}", $"--dbname={builder.Database}" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        // The password by environment, never on the command line.
        start.Environment["PGPASSWORD"] = builder.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}:\n{await output}{await error}");
    }

    /// <summary>The newest installed PostgreSQL's client tool (Debian keeps them under /usr/lib/postgresql/N/bin).</summary>
    private static string ToolPath(string tool)
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", tool))
                .Where(File.Exists)
                .OrderBy(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : new Version(0, 0))
                .LastOrDefault()
            : null;
        Assert.True(found is not null, $"{tool} is missing: ./scripts/test.sh installs postgresql.");
        return found;
    }
}
