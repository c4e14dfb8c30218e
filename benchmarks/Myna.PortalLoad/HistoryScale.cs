using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Myna.Portal;
using Myna.Portal.History;
using Myna.Primitives.Hosting;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.History;
using Myna.Transparency;
using Myna.Transparency.Notes;
using static Myna.Benchmarking.TimedRuns;

namespace Myna.PortalLoad;

/// <summary>
/// The exchange history at scale (docs/performance.md): fills a SQLite database, made by the real
/// <see cref="MynaDbContextFactory"/> and its migrations, with entries and their tree, then times appends and proofs on
/// it; the same on a small database and on <see cref="InMemoryMerkleNodeStore"/> as anchors.
/// </summary>
/// <remarks>
/// The fill writes each batch in one transaction, as <see cref="ExchangeHistory.SequenceAsync"/> does: the rows by raw
/// prepared SQL with their leaf indexes already set (what the sequencing would leave), and their leaves through the real
/// <see cref="MerkleTree"/> over <see cref="EfMerkleNodeStore"/> on the same context. Only the fill's connection gets a
/// larger page cache; everything measured afterwards uses the factory's contexts as the server does.
/// </remarks>
internal static class HistoryScale
{
    private const int HolderEntries = 100;

    private static readonly ExchangeContent[] Exchanges =
    [
        new("information-provided", new("日本年金機構", "Japan Pension Service"), new("福島県郡山市", "Koriyama-shi, Fukushima-ken"),
            new("住民票関係情報", "Resident record information"),
            new("年金給付の支給に関する事務（番号法第19条第8号、別表第二）", "Paying pensions (My Number Act, Art. 19(8), Annex 2)")),
        new("portal-viewed", new("本人（マイナポータル）", "The holder (portal)"), new("福島県郡山市", "Koriyama-shi, Fukushima-ken"),
            new("住民票関係情報", "Resident record information"), new("本人による確認", "The holder's own look-up")),
    ];

    public static async Task<int> RunAsync(HistoryOptions options)
    {
        Console.WriteLine(Invariant($"history: target {options.Size:N0} entries, anchor {options.AnchorSize:N0}, fill budget {options.FillBudget.TotalMinutes:F0} min, batch {options.Batch:N0}, in {options.Directory}"));
        var results = new List<(string Label, Measured M)>();

        var anchor = await FillAsync(Path.Combine(options.Directory, "anchor"), options.AnchorSize, options.Batch, TimeSpan.MaxValue, options.Reuse);
        results.Add(("SQLite, " + anchor.Size.ToString("N0", CultureInfo.InvariantCulture), await MeasureDatabaseAsync(anchor, options.Seconds)));
        SqliteConnection.ClearAllPools();

        results.Add(("in memory, " + options.Size.ToString("N0", CultureInfo.InvariantCulture), await MeasureInMemoryAsync(options.Size, options.Batch, options.Seconds)));
        GC.Collect();

        var large = await FillAsync(Path.Combine(options.Directory, "large"), options.Size, options.Batch, options.FillBudget, options.Reuse);
        results.Add(("SQLite, " + large.Size.ToString("N0", CultureInfo.InvariantCulture), await MeasureDatabaseAsync(large, options.Seconds)));

        Console.WriteLine();
        if (large.FillTime > TimeSpan.Zero)
            Console.WriteLine(Invariant($"fill of the large database: {large.Size:N0} entries in {large.FillTime.TotalMinutes:F1} min ({large.Size / large.FillTime.TotalSeconds:N0} entries/s){(large.Size < options.Size ? " — stopped by the fill budget" : "")}"));
        Console.WriteLine();
        Console.WriteLine("| | single appends/s (RecordAsync) | p50 ms | batched appends/s (500, SequenceAsync) | inclusion proofs/s | consistency proofs/s | holder's bundle p50 / max ms | file |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (label, m) in results)
        {
            Console.WriteLine(Invariant(
                $"| {label} | {m.SingleAppends:N0} | {m.SingleAppendP50:F2} | {m.BatchedAppends:N0} | {m.Inclusions:N0} | {m.Consistencies:N0} | {(m.BundleP50 is { } p50 ? $"{p50:F1} / {m.BundleMax:F1} ({m.BundleEntries} entries)" : "—")} | {(m.FileBytes is { } bytes ? $"{bytes / 1048576.0:N0} MiB" : "—")} |"));
        }
        return 0;
    }

    private sealed record Filled(MynaDbContextFactory Factory, string DataDirectory, long Size, TimeSpan FillTime, Guid[] Holders);

    private sealed record Measured(double SingleAppends, double SingleAppendP50, double BatchedAppends, double Inclusions, double Consistencies,
        double? BundleP50, double? BundleMax, int BundleEntries, long? FileBytes);

    /// <summary>A new database with up to <paramref name="size"/> entries, 100 per holder, as many as the budget allows.</summary>
    /// <remarks>With <paramref name="reuse"/>, a database a run before filled is measured again as it is (with what that run appended).</remarks>
    private static async Task<Filled> FillAsync(string directory, long size, int batch, TimeSpan budget, bool reuse)
    {
        if (reuse && File.Exists(Path.Combine(directory, StorageOptions.DefaultSqliteFileName)))
        {
            var existing = new MynaDbContextFactory(StorageOptions.Default(new MynaHome(directory)));
            await using var db = existing.CreateDbContext();
            var leaves = await new MerkleTree(new EfMerkleNodeStore(db)).GetSizeAsync();
            Console.WriteLine(Invariant($"  reusing {directory}: {leaves:N0} entries"));
            return new Filled(existing, directory, leaves, TimeSpan.Zero, Holders(Math.Max(1, size / HolderEntries)));
        }
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        var home = new MynaHome(Directory.CreateDirectory(directory).FullName);
        var factory = new MynaDbContextFactory(StorageOptions.Default(home));
        await factory.MigrateAsync();
        var holders = Holders(Math.Max(1, size / HolderEntries));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var timer = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long lastFilled = 0;
        long filled = 0;
        var hashes = new MerkleHash[batch];
        while (filled < size && timer.Elapsed < budget)
        {
            var count = (int)Math.Min(batch, size - filled);
            await using var db = factory.CreateDbContext();
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            using (var pragma = connection.CreateCommand())
            {
                // 256 MiB of page cache for the fill's connection only (the holder index takes random inserts).
                pragma.CommandText = "PRAGMA cache_size = -262144;";
                await pragma.ExecuteNonQueryAsync();
            }
            await using var transaction = await db.Database.BeginTransactionAsync();
            var tree = new MerkleTree(new EfMerkleNodeStore(db));
            var first = await tree.GetSizeAsync();
            if (first != filled)
                throw new InvalidOperationException($"The tree has {first} leaves, the fill {filled}.");
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
                insert.CommandText = "INSERT INTO exchange_history (holder_reference, occurred_at, content, leaf_index) VALUES ($holder, $at, $content, $leaf)";
                var holder = insert.Parameters.Add("$holder", SqliteType.Text);
                var at = insert.Parameters.Add("$at", SqliteType.Integer);
                var content = insert.Parameters.Add("$content", SqliteType.Text);
                var leaf = insert.Parameters.Add("$leaf", SqliteType.Integer);
                insert.Prepare();
                for (var i = 0; i < count; i++)
                {
                    var index = first + i;
                    var record = Entry(holders, index, start);
                    // The columns as EF Core writes them (Guid as upper-case text, DateTimeOffset as UTC ticks).
                    holder.Value = record.HolderReference.ToString().ToUpperInvariant();
                    at.Value = record.OccurredAt.UtcTicks;
                    content.Value = record.Content;
                    leaf.Value = index;
                    await insert.ExecuteNonQueryAsync();
                    hashes[i] = MerkleHash.OfLeaf(Encoding.UTF8.GetBytes(record.Content));
                }
            }
            await tree.AppendLeafHashesAsync(count == batch ? hashes : hashes[..count]);
            await transaction.CommitAsync();
            filled += count;

            if (timer.Elapsed - lastReport >= TimeSpan.FromSeconds(10) || filled == size)
            {
                var rate = (filled - lastFilled) / (timer.Elapsed - lastReport).TotalSeconds;
                var eta = rate > 0 ? TimeSpan.FromSeconds((size - filled) / rate) : TimeSpan.Zero;
                Console.WriteLine(Invariant($"  fill {Path.GetFileName(directory)}: {filled:N0} / {size:N0} ({100.0 * filled / size:F1} %), {rate:N0} entries/s, elapsed {timer.Elapsed:hh\\:mm\\:ss}, ETA {eta:hh\\:mm\\:ss}"));
                lastReport = timer.Elapsed;
                lastFilled = filled;
            }
        }
        timer.Stop();
        return new Filled(factory, home.Root, filled, timer.Elapsed, holders);
    }

    /// <summary>The entry at leaf <paramref name="index"/>: holders take turns, one entry a second from the start.</summary>
    private static ExchangeRecord Entry(Guid[] holders, long index, DateTimeOffset start) =>
        ExchangeRecord.Of(holders[index % holders.Length], start.AddSeconds(index), Exchanges[index % Exchanges.Length]);

    private static Guid[] Holders(long count)
    {
        var random = new Random(20261206);
        var bytes = new byte[16];
        var holders = new Guid[count];
        for (var i = 0; i < holders.Length; i++)
        {
            random.NextBytes(bytes);
            holders[i] = new Guid(bytes);
        }
        return holders;
    }

    private static async Task<Measured> MeasureDatabaseAsync(Filled filled, double seconds)
    {
        var label = Invariant($"SQLite {filled.Size:N0}");
        var factory = filled.Factory;
        var history = new ExchangeHistory(factory, NoteSigner.Generate("myna.bench/history"), new PortalClocks(TimeProvider.System, TimeProvider.System));
        var random = new Random(7);
        var before = await history.CheckpointAsync(CancellationToken.None);

        // Single appends, the way a reveal at the window or a portal view records one: insert, then sequence.
        var latencies = new List<double>();
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed.TotalSeconds < seconds)
        {
            var started = timer.Elapsed;
            await history.RecordAsync(filled.Holders[random.Next(filled.Holders.Length)], Exchanges[0], CancellationToken.None);
            latencies.Add((timer.Elapsed - started).TotalMilliseconds);
        }
        var single = latencies.Count / timer.Elapsed.TotalSeconds;
        var singleP50 = Percentile(latencies, 0.5);
        Console.WriteLine(Invariant($"  {label}: {latencies.Count} single appends, {single:N0}/s, p50 {singleP50:F2} ms"));

        // Batched: 500 rows written in one unit of work, then one SequenceAsync (one transaction of 500 leaves).
        var appended = 0;
        timer.Restart();
        while (timer.Elapsed.TotalSeconds < seconds)
        {
            await using (var db = factory.CreateDbContext())
            {
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < 500; i++)
                    db.Add(ExchangeRecord.Of(filled.Holders[random.Next(filled.Holders.Length)], now, Exchanges[1]));
                await db.SaveChangesAsync();
            }
            appended += await history.SequenceAsync(CancellationToken.None);
        }
        var batched = appended / timer.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"  {label}: {appended} batched appends, {batched:N0}/s"));

        double inclusions, consistencies;
        await using (var db = factory.CreateDbContext())
        {
            var tree = new MerkleTree(new EfMerkleNodeStore(db));
            var size = await tree.GetSizeAsync();
            await CheckAsync(tree, size, random);
            inclusions = await RateAsync(seconds, () => tree.GetInclusionProofAsync(random.NextInt64(size), size));
            consistencies = await RateAsync(seconds, () => tree.GetConsistencyProofAsync(1 + random.NextInt64(size - 1), size));
        }
        Console.WriteLine(Invariant($"  {label}: {inclusions:N0} inclusion proofs/s, {consistencies:N0} consistency proofs/s"));

        // A holder's bundle: all their entries with inclusion proofs, and the consistency proof from an older checkpoint.
        var bundles = new List<double>();
        var entries = 0;
        for (var i = 0; i < 20; i++)
        {
            var holder = filled.Holders[random.Next(filled.Holders.Length)];
            var started = Stopwatch.GetTimestamp();
            var proof = await history.ProveAsync(holder, before, CancellationToken.None);
            bundles.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            entries = Math.Max(entries, proof.Bundle.Entries.Count);
        }
        Console.WriteLine(Invariant($"  {label}: holder's bundle p50 {Percentile(bundles, 0.5):F1} ms, max {bundles.Max():F1} ms (up to {entries} entries)"));

        await using (var db = factory.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        var bytes = Directory.EnumerateFiles(filled.DataDirectory, StorageOptions.DefaultSqliteFileName + "*").Sum(f => new FileInfo(f).Length);
        return new Measured(single, singleP50, batched, inclusions, consistencies, Percentile(bundles, 0.5), bundles.Max(), entries, bytes);
    }

    private static async Task<Measured> MeasureInMemoryAsync(long size, int batch, double seconds)
    {
        var tree = new MerkleTree(new InMemoryMerkleNodeStore());
        var leaves = new MerkleHash[batch];
        var content = new byte[8];
        var timer = Stopwatch.StartNew();
        for (long filled = 0; filled < size; filled += batch)
        {
            var count = (int)Math.Min(batch, size - filled);
            for (var i = 0; i < count; i++)
            {
                BitConverter.TryWriteBytes(content, filled + i);
                leaves[i] = MerkleHash.OfLeaf(content);
            }
            await tree.AppendLeafHashesAsync(count == batch ? leaves : leaves[..count]);
        }
        var batched = size / timer.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"  in memory: {size:N0} leaves in {timer.Elapsed.TotalSeconds:F1} s ({batched:N0}/s in batches of {batch:N0})"));

        var random = new Random(7);
        var latencies = new List<double>();
        timer.Restart();
        while (timer.Elapsed.TotalSeconds < seconds)
        {
            var started = timer.Elapsed;
            random.NextBytes(content);
            await tree.AppendAsync(content);
            latencies.Add((timer.Elapsed - started).TotalMilliseconds);
        }
        var single = latencies.Count / timer.Elapsed.TotalSeconds;
        var current = await tree.GetSizeAsync();
        await CheckAsync(tree, current, random);
        var inclusions = await RateAsync(seconds, () => tree.GetInclusionProofAsync(random.NextInt64(current), current));
        var consistencies = await RateAsync(seconds, () => tree.GetConsistencyProofAsync(1 + random.NextInt64(current - 1), current));
        Console.WriteLine(Invariant($"  in memory: {single:N0} single appends/s, {inclusions:N0} inclusion proofs/s, {consistencies:N0} consistency proofs/s"));
        return new Measured(single, Percentile(latencies, 0.5), batched, inclusions, consistencies, null, null, 0, null);
    }

    /// <summary>One proof of each kind checked against the roots, so that the rates are of right answers.</summary>
    private static async Task CheckAsync(MerkleTree tree, long size, Random random)
    {
        var root = await tree.GetRootAsync(size);
        var index = random.NextInt64(size);
        var inclusion = await tree.GetInclusionProofAsync(index, size);
        if (!inclusion.Verify(await tree.GetLeafHashAsync(index), root))
            throw new InvalidOperationException($"The inclusion proof of leaf {index} does not verify.");
        var old = 1 + random.NextInt64(size - 1);
        if (!(await tree.GetConsistencyProofAsync(old, size)).Verify(await tree.GetRootAsync(old), root))
            throw new InvalidOperationException($"The consistency proof from {old} does not verify.");
    }

    private static async Task<double> RateAsync<T>(double seconds, Func<Task<T>> operation)
    {
        var count = 0;
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed.TotalSeconds < seconds)
        {
            await operation();
            count++;
        }
        return count / timer.Elapsed.TotalSeconds;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
