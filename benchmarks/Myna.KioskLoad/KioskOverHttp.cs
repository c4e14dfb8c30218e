using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Benchmarking;
using Myna.Card.Image;
using Myna.ConvenienceIssuance.Stores;
using Myna.Primitives.Hosting;
using Myna.Storage;
using static Myna.Benchmarking.SandboxHolders;
using static Myna.Benchmarking.TimedRuns;

namespace Myna.KioskLoad;

/// <param name="Directory">The server's data, the card copies and the server's log go under it.</param>
/// <param name="Transactions">Whole transactions one after another at one machine, timed step by step.</param>
/// <param name="Holders">The concurrencies to run: holders each doing whole transactions back to back.</param>
/// <param name="Seconds">How long each concurrent phase (and each anchor) runs.</param>
/// <param name="Stores">Stores of the network, each with <paramref name="MachinesPerStore"/> machines.</param>
/// <param name="Port">Kestrel's port on 127.0.0.1.</param>
internal sealed record HttpKioskOptions(
    string Directory, int Transactions, int Warmup, IReadOnlyList<int> Holders, int Seconds, int Stores, int MachinesPerStore, int Port);

/// <summary>
/// Convenience-store transactions over HTTP against the real server (docs/performance.md): Myna.Server.dll as a child
/// process (Kestrel on loopback, sandbox mode, SQLite in a new data directory, every setting at its default), holders
/// made through the window's API, stores and machines provisioned in the database as the centre's operator does, and
/// each transaction the machine API's six requests (U2.4) — ① open a session, ③ the card's certificate and its
/// signature of the session's challenge, ④⑤ the order, ⑥ the payment, ⑦ the print job fetched and reported printed.
/// </summary>
/// <remarks>
/// The card signs in this process (the emulated chip, its PIN verified once: 0.2 ms of RSA-2048 a transaction, against
/// the server's 20 ms); what is measured is the server's work. Anchors in the same run with the same clients: GET
/// /health (one database read) and GET /css/site.css (a static file), each with the server's CPU a request; <c>openssl
/// speed rsa2048</c>; the disk's durable writes; the load average.
/// </remarks>
internal static class KioskOverHttp
{
    private const string Koriyama = "072036";

    public static async Task<int> RunAsync(HttpKioskOptions options)
    {
        var data = Path.Combine(options.Directory, "data");
        var wallet = Path.Combine(options.Directory, "wallet");
        foreach (var directory in new[] { data, wallet })
            Directory.CreateDirectory(directory);
        var url = $"http://127.0.0.1:{options.Port}";
        Console.WriteLine($"kiosk over HTTP: load average {MachineAnchors.LoadAverage()}");
        var openssl = MachineAnchors.OpenSslSpeed();
        var disk = MachineAnchors.SyncedWrites(options.Directory);

        var timer = Stopwatch.StartNew();
        using var server = ServerProcess.Start(data, url, Path.Combine(options.Directory, "server.log"));
        await server.WaitHealthyAsync();
        var home = new MynaHome(data);
        var holders = await MakeAsync(url, home, wallet, options.Holders.Max());
        // The day after the cards' delivery, 10:00 in Japan: within the machines' hours, certificates a day old.
        using (var admin = await SignedInAsync(url, "admin", "admin-sandbox"))
        {
            var today = DateOnly.Parse((await JsonAsync(await admin.GetAsync("/api/admin/clock"), HttpStatusCode.OK)).GetProperty("today").GetString()!, CultureInfo.InvariantCulture);
            await JsonAsync(await admin.PutAsJsonAsync("/api/admin/clock", new { at = $"{today.AddDays(1):yyyy-MM-dd}T10:00" }), HttpStatusCode.OK);
        }
        var machines = await ProvisionAsync(home, options.Stores, options.MachinesPerStore, url);
        Console.WriteLine(Invariant($"kiosk over HTTP: server pid {server.Id}; {holders.Count} holders, {machines.Count} machines in {timer.Elapsed.TotalSeconds:F0} s"));

        using var key = ChipSealingKey.LoadOrCreate(home.ChipSealingKeyPath);
        var cards = holders.Select(h => new EmulatedCard(h.CardPath, key)).ToList();
        try
        {
            // Warm: a transaction per holder (every card's chain built and its status kept), then two seconds at once.
            foreach (var card in cards)
                await machines[0].TransactAsync(card);
            await ConcurrentAsync(cards.Count, 2, machines, cards);

            // One after another at one machine, step by step.
            for (var i = 0; i < options.Warmup; i++)
                await machines[0].TransactAsync(cards[i % cards.Count]);
            var steps = new Steps();
            var cpu = server.CpuTime;
            var sequential = Stopwatch.StartNew();
            for (var i = 0; i < options.Transactions; i++)
                await machines[0].TransactAsync(cards[i % cards.Count], steps);
            var perTransaction = (server.CpuTime - cpu).TotalMilliseconds / options.Transactions;
            Console.WriteLine(Invariant($"  {options.Transactions} in a row: {options.Transactions / sequential.Elapsed.TotalSeconds:F1}/s, server {perTransaction:F2} CPU ms a transaction"));

            var rows = new List<string>();
            foreach (var concurrency in options.Holders)
            {
                var load = MachineAnchors.LoadAverage();
                cpu = server.CpuTime;
                var health = await RunForAsync(concurrency, options.Seconds, i => machines[i].GetAsync("/health"));
                var healthCpu = (server.CpuTime - cpu).TotalMilliseconds / Math.Max(1, health.Count);
                cpu = server.CpuTime;
                var css = await RunForAsync(concurrency, options.Seconds, i => machines[i].GetAsync("/css/site.css"));
                var cssCpu = (server.CpuTime - cpu).TotalMilliseconds / Math.Max(1, css.Count);
                cpu = server.CpuTime;
                var run = await ConcurrentAsync(concurrency, options.Seconds, machines, cards);
                var cpuEach = (server.CpuTime - cpu).TotalMilliseconds / Math.Max(1, run.Count);
                var cores = (server.CpuTime - cpu).TotalSeconds / run.Elapsed;
                rows.Add(Invariant($"| {concurrency} | {run.Count:N0} | {run.Rate:N1} | {run.P50:F1} | {run.P95:F1} | {run.P99:F1} | {run.Errors} | {cpuEach:F2} | {cores:F2} | {health.Rate:N0} ({healthCpu:F3}) | {css.Rate:N0} ({cssCpu:F3}) | {load} |"));
                Console.WriteLine(rows[^1]);
            }

            Console.WriteLine();
            Console.WriteLine(openssl);
            Console.WriteLine(disk);
            Console.WriteLine($"load average at the end: {MachineAnchors.LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine(Invariant($"{options.Transactions} transactions one after another at one machine (server {perTransaction:F2} CPU ms a transaction):"));
            Console.WriteLine();
            Console.WriteLine("| step | p50 ms | p95 ms | p99 ms | max ms | mean ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (name, times) in steps.All)
                Console.WriteLine(Invariant($"| {name} | {Percentile(times, 0.5):F2} | {Percentile(times, 0.95):F2} | {Percentile(times, 0.99):F2} | {times.Max():F2} | {times.Average():F2} |"));
            Console.WriteLine();
            Console.WriteLine("| holders at once | transactions | transactions/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms a transaction | server cores | GET /health req/s (CPU ms) | GET static req/s (CPU ms) | load average |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
            foreach (var row in rows)
                Console.WriteLine(row);
        }
        finally
        {
            foreach (var card in cards)
                card.Dispose();
            foreach (var machine in machines)
                machine.Dispose();
        }
        return 0;
    }

    /// <summary>
    /// Stores of Koriyama with their machines, written as the centre's operator provisions them (<see cref="StoreNetwork"/>
    /// on the server's database: the network has no API of its own).
    /// </summary>
    private static async Task<List<Machine>> ProvisionAsync(MynaHome home, int stores, int machinesPerStore, string url)
    {
        var contexts = new MynaDbContextFactory(new StorageOptions { Provider = StorageProvider.Sqlite }.WithDefaults(home));
        var network = new StoreNetwork(contexts);
        var machines = new List<Machine>();
        for (var s = 0; s < stores; s++)
        {
            var chain = StoreNetwork.NationalShares[s % StoreNetwork.NationalShares.Count].Chain;
            foreach (var registered in await network.AddStoreAsync(chain, (900_000 + s).ToString(CultureInfo.InvariantCulture), $"負荷試験{s + 1}号店", Koriyama, machinesPerStore))
                machines.Add(new Machine(url, registered));
        }
        contexts.ClearPool();
        return machines;
    }

    /// <summary>
    /// <paramref name="concurrency"/> holders (holder i on card i) doing whole transactions back to back, each at whichever
    /// machine is free, for the duration.
    /// </summary>
    private static async Task<TimedRun> ConcurrentAsync(int concurrency, double seconds, IReadOnlyList<Machine> machines, IReadOnlyList<EmulatedCard> cards)
    {
        var free = new ConcurrentQueue<Machine>(machines);
        return await RunForAsync(concurrency, seconds, async i =>
        {
            if (!free.TryDequeue(out var machine))
                throw new InvalidOperationException("No machine free: more holders than machines.");
            try
            {
                await machine.TransactAsync(cards[i]);
            }
            finally
            {
                free.Enqueue(machine);
            }
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The time of each step of the transactions timed one after another.</summary>
    private sealed class Steps
    {
        public List<double> Whole { get; } = [];
        public List<double> Open { get; } = [];
        public List<double> Card { get; } = [];
        public List<double> Order { get; } = [];
        public List<double> Payment { get; } = [];
        public List<double> Print { get; } = [];

        public IEnumerable<(string Name, List<double> Times)> All =>
        [
            ("**whole transaction** (six requests)", Whole), ("① open a session", Open),
            ("③ the card: certificate and signature verified, the holder found (the chip's signing in the client excluded)", Card),
            ("④⑤ the order: one copy of 住民票の写し, the municipality decides", Order),
            ("⑥ the payment: the document composed, sealed and rendered, all committed", Payment),
            ("⑦ the print job fetched (the PDF) and reported printed", Print),
        ];
    }

    /// <summary>A store's machine: one kept-alive connection, its credentials on every request.</summary>
    private sealed class Machine : IDisposable
    {
        private readonly HttpClient _http;

        public Machine(string url, RegisteredMachine registered)
        {
            _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(url) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Kiosk", $"{registered.Id}:{registered.Secret}");
        }

        /// <summary>One whole transaction (U2.4) for the holder of <paramref name="card"/>; each step timed into <paramref name="steps"/>.</summary>
        public async Task TransactAsync(EmulatedCard card, Steps? steps = null)
        {
            var started = Stopwatch.GetTimestamp();
            var session = await JsonAsync(await _http.PostAsync("/api/kiosk/machine/sessions", null), HttpStatusCode.Created);
            var id = session.GetProperty("sessionId").GetGuid();
            var challenge = Convert.FromBase64String(session.GetProperty("challenge").GetString()!);
            var opened = Stopwatch.GetTimestamp();
            var signature = card.Sign(challenge);
            var signed = Stopwatch.GetTimestamp();
            await JsonAsync(await _http.PostAsJsonAsync($"/api/kiosk/machine/sessions/{id}/card", new { certificate = card.Certificate, signature }), HttpStatusCode.OK);
            var carded = Stopwatch.GetTimestamp();
            var quote = await JsonAsync(await _http.PostAsJsonAsync($"/api/kiosk/machine/sessions/{id}/order",
                new { municipality = Koriyama, certificate = "ResidentRecordItems", copies = 1 }), HttpStatusCode.OK);
            var ordered = Stopwatch.GetTimestamp();
            await JsonAsync(await _http.PostAsJsonAsync($"/api/kiosk/machine/sessions/{id}/payment",
                new { paymentId = Guid.NewGuid(), amountYen = quote.GetProperty("feeYen").GetInt32() }), HttpStatusCode.OK);
            var paid = Stopwatch.GetTimestamp();
            var job = await JsonAsync(await _http.GetAsync($"/api/kiosk/machine/sessions/{id}/print-jobs/next"), HttpStatusCode.OK);
            await JsonAsync(await _http.PostAsJsonAsync($"/api/kiosk/machine/sessions/{id}/print-jobs/{job.GetProperty("jobId").GetGuid()}", new { printed = true }), HttpStatusCode.OK);
            var printed = Stopwatch.GetTimestamp();
            if (steps is null)
                return;
            steps.Open.Add(Stopwatch.GetElapsedTime(started, opened).TotalMilliseconds);
            steps.Card.Add(Stopwatch.GetElapsedTime(signed, carded).TotalMilliseconds);
            steps.Order.Add(Stopwatch.GetElapsedTime(carded, ordered).TotalMilliseconds);
            steps.Payment.Add(Stopwatch.GetElapsedTime(ordered, paid).TotalMilliseconds);
            steps.Print.Add(Stopwatch.GetElapsedTime(paid, printed).TotalMilliseconds);
            steps.Whole.Add(Stopwatch.GetElapsedTime(started, printed).TotalMilliseconds - Stopwatch.GetElapsedTime(opened, signed).TotalMilliseconds);
        }

        public async Task GetAsync(string path)
        {
            using var response = await _http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        }

        public void Dispose() => _http.Dispose();
    }
}
