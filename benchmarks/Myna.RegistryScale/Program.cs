using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Protection;
using Myna.Testing;
using Npgsql;

namespace Myna.RegistryScale;

/// <summary>
/// The registry at scale (docs/performance.md): loads N residents with cards (<see cref="RegistryGenerator"/>), then
/// times the window's look-ups, the daily sweep and the expiry notices on them (<see cref="Measurements"/>) and prints
/// the results as markdown, with the query plans.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Myna.RegistryScale --residents 1000000 [--provider sqlite|postgresql] [--dir /tmp/myna-scale]
                                  [--postgres "Host=…;Username=…"] [--lookups 2000] [--seconds 60] [--batch 100000]
                                  [--today 2026-12-07] [--seed 1] [--plans true] [--keep false] [--extra-indexes false]
          sqlite: the database is DIR/myna.db; postgresql: a database myna_scale is created (dropped first) on the server
          the connection string names. --seconds bounds each kind of look-up (at least 20 are made).
        """;

    public static async Task<int> Main(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync($"expected --name value, got '{args[i]}'{Environment.NewLine}{Usage}");
                return 2;
            }
            values[args[i][2..]] = args[i + 1];
        }
        long Number(string name, long fallback) => values.TryGetValue(name, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var residents = Number("residents", 0);
        if (residents <= 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var postgres = values.GetValueOrDefault("provider", "sqlite").Equals("postgresql", StringComparison.OrdinalIgnoreCase);
        var directory = Path.GetFullPath(values.GetValueOrDefault("dir", Path.Combine(Path.GetTempPath(), "myna-scale")));
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        var today = DateOnly.Parse(values.GetValueOrDefault("today", "2026-12-07"), CultureInfo.InvariantCulture);

        var storage = new StorageOptions { MyNumberKeys = MyNumberProtector.GenerateKeys() };
        if (postgres)
        {
            var server = values.GetValueOrDefault("postgres") ?? throw new ArgumentException("--postgres is required with --provider postgresql");
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS myna_scale WITH (FORCE); ", connection);
                await drop.ExecuteNonQueryAsync();
                await using var create = new NpgsqlCommand("CREATE DATABASE myna_scale", connection);
                await create.ExecuteNonQueryAsync();
            }
            storage.Provider = StorageProvider.PostgreSql;
            storage.ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = "myna_scale", CommandTimeout = 0 }.ToString();
        }
        else
        {
            storage.Provider = StorageProvider.Sqlite;
            storage.ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "myna.db") }.ToString();
        }
        Console.WriteLine(Invariant($"registry-scale: {residents:N0} residents on {storage.Provider}; {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores; load average {LoadAverage()}"));

        var contexts = new MynaDbContextFactory(storage);
        await contexts.MigrateAsync();
        var population = new Population((int)Number("seed", 1), today);
        var generator = new RegistryGenerator(contexts, population)
        {
            BatchSize = (int)Number("batch", 100_000),
            ExtraIndexes = values.GetValueOrDefault("extra-indexes", "false") == "true" ? ExtraIndexes : [],
            Progress = (done, cards, elapsed) =>
            {
                var rate = done / elapsed.TotalSeconds;
                var eta = TimeSpan.FromSeconds((residents - done) / Math.Max(rate, 1));
                Console.WriteLine(Invariant($"  load: {done:N0} / {residents:N0} residents ({cards:N0} cards) in {elapsed.TotalSeconds:F0} s, {rate:N0} residents/s, ETA {eta:hh\\:mm\\:ss}; load average {LoadAverage()}"));
            },
        };
        var load = await generator.LoadAsync(residents);
        Console.WriteLine(Invariant($"  indexes built in {load.Indexes.TotalSeconds:F1} s"));

        var clock = new FakeTimeProvider(new DateTimeOffset(today.AddDays(-1).ToDateTime(new TimeOnly(10, 0)), JapanClock.Offset));
        using var window = await TestWindow.OpenAsync(directory, clock, _ => storage);
        var measurements = new Measurements(window.Window, window.Contexts, population, residents, clock);
        var plans = values.GetValueOrDefault("plans", "true") == "true" ? await measurements.PlansAsync() : "";
        var lookups = await measurements.LookUpsAsync((int)Number("lookups", 2000), TimeSpan.FromSeconds(Number("seconds", 60)));
        var notices = await measurements.ExpiryNoticesAsync();
        var sweep = await measurements.SweepAsync();
        var size = await SizeAsync(window.Contexts, directory);

        var month = measurements.NoticeMonth();
        Console.WriteLine();
        Console.WriteLine(Invariant($"### {residents:N0} residents on {(postgres ? "PostgreSQL" : "SQLite")} — load average {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| what | result |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(Invariant($"| load | {load.Residents:N0} residents, {load.Cards:N0} cards in {load.Total.TotalSeconds:F0} s ({(load.Residents + load.Cards) / load.Total.TotalSeconds:N0} rows/s): rows {load.Rows.TotalSeconds:F0} s, then indexes {load.Indexes.TotalSeconds:F0} s |"));
        Console.WriteLine(Invariant($"| certificate rows | {load.CertificateRows:N0} (only those of the cards the sweep expires) |"));
        Console.WriteLine(Invariant($"| expiry notices due {month.First:yyyy-MM-dd}…{month.Last:yyyy-MM-dd} (V1) | {notices.Notices:N0} notices for {notices.Cards:N0} cards in {notices.Time.TotalMilliseconds:N0} ms |"));
        Console.WriteLine(Invariant($"| daily sweep of {today:yyyy-MM-dd} | {sweep.Report.Expired:N0} expired, {sweep.Report.Lapsed:N0} lapsed in {sweep.First.TotalMilliseconds:N0} ms; again the same day (nothing to do) {sweep.Second.TotalMilliseconds:N0} ms |"));
        Console.WriteLine(Invariant($"| database size | {size / 1024.0 / 1024.0:N0} MiB |"));
        Console.WriteLine();
        Console.WriteLine("| look-up | count | p50 ms | p95 ms | p99 ms | max ms | code path |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var t in lookups)
            Console.WriteLine(Invariant($"| {t.Kind} | {t.Count:N0} | {t.P50:F2} | {t.P95:F2} | {t.P99:F2} | {t.Max:F2} | {t.Note} |"));
        Console.WriteLine();
        Console.WriteLine(plans);
        Console.WriteLine(sweep.Plans);

        if (values.GetValueOrDefault("keep", "false") != "true")
        {
            window.Contexts.ClearPool();
            contexts.ClearPool();
            if (postgres)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(values["postgres"]);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS myna_scale WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
        return 0;
    }

    /// <summary>
    /// The indexes the query plans asked for, as the model now declares them (CardConfiguration, ResidentMoveConfiguration),
    /// for a database migrated before their migration exists.
    /// </summary>
    private static readonly string[] ExtraIndexes =
    [
        "CREATE INDEX IF NOT EXISTS ix_cards_signature_expires_on_active ON cards (signature_expires_on) WHERE \"state\" = 'Active'",
        "CREATE INDEX IF NOT EXISTS ix_cards_authentication_expires_on_active ON cards (authentication_expires_on) WHERE \"state\" = 'Active'",
        "CREATE INDEX IF NOT EXISTS ix_resident_moves_continued_on ON resident_moves (continued_on)",
    ];

    private static async Task<long> SizeAsync(MynaDbContextFactory contexts, string directory)
    {
        if (contexts.Provider == StorageProvider.Sqlite)
        {
            await using var db = contexts.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            return Directory.GetFiles(directory, "myna.db*").Sum(f => new FileInfo(f).Length);
        }
        await using (var db = contexts.CreateDbContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT pg_database_size(current_database())";
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), to tell a quiet machine from a busy one.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "(unknown)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
