using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Myna.Benchmarking;
using static Myna.Benchmarking.SandboxHolders;
using static Myna.Benchmarking.TimedRuns;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;
using Myna.Storage;
using Myna.Storage.Portal;

namespace Myna.EligibilityLoad;

/// <summary>
/// Online eligibility checks per second over HTTP (docs/performance.md). Starts the real server (Myna.Server.dll, Kestrel
/// on loopback, sandbox mode, SQLite) as a child process on a new data directory, makes holders whose cards are
/// registered for insurance use and enrolled, registers reception terminals, and runs C terminals at once, each checking
/// with a card's signature — with challenges given ahead in batches (one request a check) and with an open and an answer
/// (two) — against GET /health and a static file with the same clients.
/// </summary>
/// <remarks>
/// <para>What is measured is the server's work. A card's signature needs the check's challenge, which only the open
/// gives, and signing (a real card takes hundreds of milliseconds; the emulated chip 0.2 ms of RSA-2048 in this process)
/// would otherwise take a core from the server on this 2-core machine. So before the timing the terminals open a pool of
/// checks and the holders' emulated chips sign their challenges (after one VERIFY of the PIN per chip); in the timed
/// phase each iteration is what a check costs the server — a new open (POST …/checks, its challenge discarded) and the
/// answer of one prepared check (POST …/checks/{id}/answer: the signature over its challenge, the certificate, the
/// consent). With challenges given ahead the pool is fetched in batches of 32 (<c>POST …/challenges</c>) and each
/// iteration is the answer of one prepared check, every 32nd also a new batch (discarded). A check counts when its answer
/// is 200 with <c>eligible: true</c>.</para>
/// <para>Anchors in the same run: GET /health (one database read) and GET /css/site.css (a static file) with the same
/// clients, the same concurrency and duration; <c>openssl speed -seconds 5 rsa2048</c>; the load average.</para>
/// </remarks>
internal static class EligibilityChecks
{
    public static async Task<int> RunAsync(CheckOptions options)
    {
        var data = Path.Combine(options.Directory, "data");
        var wallet = Path.Combine(options.Directory, "wallet");
        foreach (var directory in new[] { data, wallet })
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
        }
        var url = $"http://127.0.0.1:{options.Port}";
        Console.WriteLine($"eligibility: load average {MachineAnchors.LoadAverage()}");
        var openssl = MachineAnchors.OpenSslSpeed();

        var timer = Stopwatch.StartNew();
        using var server = ServerProcess.Start(data, url, Path.Combine(options.Directory, "server.log"), options.PostgreSql);
        await server.WaitHealthyAsync();
        Console.WriteLine(Invariant($"eligibility: server up at {url} (pid {server.Id}) in {timer.Elapsed.TotalSeconds:F0} s; making {options.Holders} holders"));
        timer.Restart();
        var home = new MynaHome(data);
        var holders = await World.HoldersAsync(url, home, wallet, options.Holders, options.PostgreSql);
        var terminals = await World.TerminalsAsync(url, options.Clients.Max());
        Console.WriteLine(Invariant($"eligibility: {holders.Count} holders (card, insurance-use registration, enrolment) and {terminals.Count} terminals in {timer.Elapsed.TotalSeconds:F0} s"));

        using var key = ChipSealingKey.LoadOrCreate(home.ChipSealingKeyPath);
        var chips = holders.Select(h => new Chip(h, key)).ToList();
        var clients = terminals.Select(t => new Terminal(url, t)).ToList();
        try
        {
            // Warm: every card once (its chain built, its OCSP answer kept), then a second of checks for the JIT.
            timer.Restart();
            var warm = await PrepareAsync(clients.Take(Math.Min(clients.Count, chips.Count)).ToList(), chips, chips.Count, CheckMode.OpenAndAnswer);
            await Task.WhenAll(warm.Select((pool, i) => clients[i].AnswerAllAsync(pool)));
            var warmRate = 0.0;
            foreach (var mode in options.Modes)
            {
                var jit = await PrepareAsync(clients, chips, 4000, mode);
                warmRate = Math.Max(warmRate, (await RunForAsync(clients.Count, 2, i => clients[i].CheckAsync(jit[i], mode), i => jit[i].Count == 0)).Rate);
            }
            foreach (var client in clients)
                client.ResetTimes();
            // The pool lasts the timed phase at 2.5 times the warm-up's rate (never more than --pool-rate a second):
            // opening and signing more than is answered only lengthens the run.
            var poolRate = Math.Min(options.PoolRate, Math.Max(1000, 2.5 * warmRate));
            Console.WriteLine(Invariant($"eligibility: warmed in {timer.Elapsed.TotalSeconds:F0} s ({warmRate:N0} checks/s with {clients.Count} terminals)"));

            var rows = new List<string>();
            foreach (var concurrency in options.Clients)
            {
                var mine = clients.Take(concurrency).ToList();
                var cpuBefore = server.CpuTime;
                var health = await RunForAsync(concurrency, options.Seconds, i => mine[i].GetAsync("/health"));
                var healthCpu = (server.CpuTime - cpuBefore).TotalMilliseconds / Math.Max(1, health.Count);
                cpuBefore = server.CpuTime;
                var css = await RunForAsync(concurrency, options.Seconds, i => mine[i].GetAsync("/css/site.css"));
                var cssCpu = (server.CpuTime - cpuBefore).TotalMilliseconds / Math.Max(1, css.Count);
                foreach (var mode in options.Modes)
                {
                    timer.Restart();
                    var pools = await PrepareAsync(mine, chips, (int)(poolRate * options.Seconds), mode);
                    Console.WriteLine(Invariant($"  C={concurrency} {Name(mode)}: {pools.Sum(p => p.Count):N0} checks opened or given ahead and signed in {timer.Elapsed.TotalSeconds:F0} s"));
                    var load = MachineAnchors.LoadAverage();
                    var cpu = server.CpuTime;
                    var own = Process.GetCurrentProcess().TotalProcessorTime;
                    var checks = await RunForAsync(concurrency, options.Seconds, i => mine[i].CheckAsync(pools[i], mode), i => pools[i].Count == 0);
                    var cpuPerCheck = (server.CpuTime - cpu).TotalMilliseconds / Math.Max(1, checks.Count);
                    var cores = (server.CpuTime - cpu).TotalSeconds / checks.Elapsed;
                    var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - own).TotalSeconds / checks.Elapsed;
                    var unsequenced = await World.UnsequencedAsync(home, options.PostgreSql);
                    var opens = mine.SelectMany(c => c.OpenTimes).ToList();
                    var answers = mine.SelectMany(c => c.AnswerTimes).ToList();
                    foreach (var client in mine)
                        client.ResetTimes();
                    rows.Add(Invariant($"| {Name(mode)} | {concurrency} | {checks.Rate:N0} | {checks.P50:F2} | {checks.P95:F2} | {checks.P99:F2} | {checks.Errors} | {Percentile(opens, 0.99):F2} | {Percentile(answers, 0.99):F2} | {cpuPerCheck:F3} | {cores:F2} | {clientCores:F2} | {unsequenced:N0} | {health.Rate:N0} | {health.P99:F2} | {healthCpu:F3} | {css.Rate:N0} | {css.P99:F2} | {cssCpu:F3} | {load} |"));
                    Console.WriteLine(Invariant($"  C={concurrency} {Name(mode)}: {checks.Count:N0} checks, {checks.Rate:N0}/s, p50 {checks.P50:F2} ms, p95 {checks.P95:F2}, p99 {checks.P99:F2}, errors {checks.Errors}{(checks.Stopped ? " (POOL EXHAUSTED: raise --pool-rate)" : "")}; server {cpuPerCheck:F3} CPU ms a check, {cores:F2} cores, client {clientCores:F2} cores; {unsequenced:N0} exchange records not yet in the history's log; /health {health.Rate:N0}/s ({healthCpu:F3} CPU ms each); static {css.Rate:N0}/s ({cssCpu:F3} CPU ms each); load {load}"));
                }
            }
            Console.WriteLine();
            Console.WriteLine(openssl);
            Console.WriteLine($"load average at the end: {MachineAnchors.LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| mode | C | checks/s | p50 ms | p95 ms | p99 ms | errors | open or batch p99 ms | answer p99 ms | server CPU ms/check | server cores | client cores | history backlog | GET /health req/s | p99 ms | server CPU ms/req | GET static req/s | p99 ms | server CPU ms/req | load average |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var row in rows)
                Console.WriteLine(row);
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
            foreach (var chip in chips)
                chip.Dispose();
        }
        return 0;
    }

    private static string Name(CheckMode mode) => mode == CheckMode.OpenAndAnswer ? "open+answer" : "given ahead";

    /// <summary>
    /// Opens <paramref name="total"/> checks spread over the terminals (all at once), then has the chips sign their
    /// challenges (each chip on one thread, the holders taking turns): the answers the timed phase sends.
    /// </summary>
    private static async Task<List<Queue<PreparedAnswer>>> PrepareAsync(IReadOnlyList<Terminal> terminals, IReadOnlyList<Chip> chips, int total, CheckMode mode)
    {
        var each = (total + terminals.Count - 1) / terminals.Count;
        var opened = await Task.WhenAll(terminals.Select(t => Task.Run(async () =>
        {
            var checks = new List<(Guid Id, byte[] Challenge)>(each);
            while (checks.Count < each)
            {
                if (mode == CheckMode.OpenAndAnswer)
                    checks.Add(await t.OpenAsync());
                else
                    checks.AddRange(await t.ChallengesAsync(Math.Min(Terminal.Batch, each - checks.Count)));
            }
            return checks;
        })));
        // Check k of terminal i goes to holder (k · C + i) mod H: every holder answers at every terminal.
        var work = opened.SelectMany((checks, i) => checks.Select((c, k) => (Terminal: i, Index: k, Check: c, Holder: (k * terminals.Count + i) % chips.Count))).ToList();
        var answers = new PreparedAnswer[terminals.Count][];
        for (var i = 0; i < terminals.Count; i++)
            answers[i] = new PreparedAnswer[opened[i].Count];
        Parallel.ForEach(work.GroupBy(w => w.Holder), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, group =>
        {
            var chip = chips[group.Key];
            foreach (var w in group)
                answers[w.Terminal][w.Index] = new PreparedAnswer(w.Check.Id, chip.Answer(w.Check.Challenge));
        });
        return [.. answers.Select(a => new Queue<PreparedAnswer>(a))];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A check opened before the timing, and the terminal's answer to it as JSON (the card's signature in it).</summary>
    private sealed record PreparedAnswer(Guid CheckId, byte[] Body);

    /// <summary>A holder's card on its emulated chip (<see cref="EmulatedCard"/>): the terminal's answers it signs.</summary>
    private sealed class Chip(string cardPath, ChipSealingKey key) : IDisposable
    {
        private readonly EmulatedCard _card = new(cardPath, key);

        /// <summary>The terminal's answer with the PIN: the certificate, the signature of the challenge, the consent.</summary>
        public byte[] Answer(byte[] challenge) => JsonSerializer.SerializeToUtf8Bytes(new
        {
            certificate = _card.Certificate,
            signature = _card.Sign(challenge),
            identity = "Pin",
            consent = new { medication = true, healthChecks = false, treatments = false, highCostCeiling = true },
        });

        public void Dispose() => _card.Dispose();
    }

    /// <summary>A reception terminal: one kept-alive connection, its credentials on every request.</summary>
    private sealed class Terminal : IDisposable
    {
        private static readonly byte[] Eligible = "\"eligible\":true"u8.ToArray();
        private readonly HttpClient _http;

        public Terminal(string url, (Guid Id, string Secret) credentials)
        {
            _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(url) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{credentials.Id}:{credentials.Secret}");
        }

        public List<double> OpenTimes { get; } = new(100_000);

        public List<double> AnswerTimes { get; } = new(100_000);

        public void ResetTimes()
        {
            OpenTimes.Clear();
            AnswerTimes.Clear();
        }

        public async Task<(Guid Id, byte[] Challenge)> OpenAsync()
        {
            using var response = await _http.PostAsync("/api/eligibility/terminal/checks", null);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"open: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            using var json = JsonDocument.Parse(body);
            return (json.RootElement.GetProperty("checkId").GetGuid(), Convert.FromBase64String(json.RootElement.GetProperty("challenge").GetString()!));
        }

        /// <summary>The challenges a terminal asks for at once in the one-request mode (the service's most).</summary>
        public const int Batch = 32;

        private int _sinceBatch;

        /// <summary>Challenges given ahead (<c>POST …/challenges</c>): nothing written until their answers come.</summary>
        public async Task<List<(Guid Id, byte[] Challenge)>> ChallengesAsync(int count)
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Invariant($"{{\"count\":{count}}}")));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync("/api/eligibility/terminal/challenges", content);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"challenges: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            using var json = JsonDocument.Parse(body);
            return [.. json.RootElement.EnumerateArray().Select(c => (c.GetProperty("checkId").GetGuid(), Convert.FromBase64String(c.GetProperty("challenge").GetString()!)))];
        }

        public async Task AnswerAllAsync(Queue<PreparedAnswer> pool)
        {
            while (pool.TryDequeue(out var prepared))
                await AnswerAsync(prepared);
        }

        /// <summary>
        /// What one check costs the server: a new open and the answer of a prepared check; or, with challenges given ahead,
        /// the answer of a prepared check and every 32nd time a new batch of 32 challenges (discarded: the same work for the
        /// server as any batch).
        /// </summary>
        public async Task CheckAsync(Queue<PreparedAnswer> pool, CheckMode mode)
        {
            var started = Stopwatch.GetTimestamp();
            if (mode == CheckMode.GivenAhead)
            {
                if (++_sinceBatch == Batch)
                {
                    _sinceBatch = 0;
                    await ChallengesAsync(Batch);
                    OpenTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                var answering = Stopwatch.GetTimestamp();
                await AnswerAsync(pool.Dequeue());
                AnswerTimes.Add(Stopwatch.GetElapsedTime(answering).TotalMilliseconds);
                return;
            }
            using (var response = await _http.PostAsync("/api/eligibility/terminal/checks", null))
            {
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"open: {(int)response.StatusCode}");
            }
            var opened = Stopwatch.GetTimestamp();
            OpenTimes.Add(Stopwatch.GetElapsedTime(started, opened).TotalMilliseconds);
            await AnswerAsync(pool.Dequeue());
            AnswerTimes.Add(Stopwatch.GetElapsedTime(opened).TotalMilliseconds);
        }

        private async Task AnswerAsync(PreparedAnswer prepared)
        {
            using var content = new ByteArrayContent(prepared.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync($"/api/eligibility/terminal/checks/{prepared.CheckId}/answer", content);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK || body.AsSpan().IndexOf(Eligible) < 0)
                throw new InvalidOperationException($"answer: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
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

    /// <summary>The holders and the terminals, made through the server's API as its staff would (and one step as the portal records it).</summary>
    private static class World
    {
        /// <summary>
        /// Residents of Koriyama with delivered cards (the window's API; each card file copied, as a holder's download),
        /// enrolled with 協会けんぽ (the insurer's API), each card registered for insurance use — written as the portal
        /// records it (the holder's account and registration), as the service's tests do, instead of a portal login per holder.
        /// </summary>
        public static async Task<List<string>> HoldersAsync(string url, MynaHome home, string wallet, int count, string? postgreSql)
        {
            var made = await SandboxHolders.MakeAsync(url, home, wallet, count);
            var residents = made.Select(h => h.Resident).ToArray();
            using var insurer = await SignedInAsync(url, "insurer", "insurer-sandbox");
            var insurers = await JsonAsync(await insurer.GetAsync("/api/insurers"), HttpStatusCode.OK);
            var kyokai = insurers.EnumerateArray().FirstOrDefault(i => i.GetProperty("number").GetString() == "01070010");
            var insurerId = kyokai.ValueKind == JsonValueKind.Object ? kyokai.GetProperty("id").GetString()!
                : (await JsonAsync(await insurer.PostAsJsonAsync("/api/insurers",
                    new { number = "01070010", name = "全国健康保険協会福島支部", scheme = "KyokaiKenpo" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
            for (var i = 0; i < count; i++)
            {
                await JsonAsync(await insurer.PostAsJsonAsync($"/api/insurers/{insurerId}/enrolments", new
                {
                    holderReference = residents[i], symbol = "7010001", number = (i + 1).ToString(CultureInfo.InvariantCulture), branch = "00",
                    role = "Insured", from = "2016-04-01", incomeClass = "General",
                }), HttpStatusCode.Created);
            }

            var contexts = Contexts(home, postgreSql);
            await using (var db = contexts.CreateDbContext())
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var holder in residents)
                {
                    var account = new HolderAccount { Id = Guid.NewGuid(), HolderReference = holder, CreatedAt = now, LastLoginAt = now };
                    db.AddRange(account, new InsuranceUseRegistration { HolderReference = holder, AccountId = account.Id, RegisteredAt = now });
                }
                await db.SaveChangesAsync();
            }
            contexts.ClearPool();
            return [.. made.Select(h => h.CardPath)];
        }

        /// <summary>The exchange records written and not yet taken into the history's log (the server sequences them every second).</summary>
        public static async Task<int> UnsequencedAsync(MynaHome home, string? postgreSql)
        {
            var contexts = Contexts(home, postgreSql);
            int count;
            await using (var db = contexts.CreateDbContext())
                count = await db.Set<Myna.Storage.History.ExchangeRecord>().CountAsync(e => e.LeafIndex == null);
            contexts.ClearPool();
            return count;
        }

        private static MynaDbContextFactory Contexts(MynaHome home, string? postgreSql) => new(new StorageOptions
        {
            Provider = postgreSql is null ? StorageProvider.Sqlite : StorageProvider.PostgreSql, ConnectionString = postgreSql,
        }.WithDefaults(home));

        /// <summary>Clinics with reception terminals (the administrator's API), at most 20 to a clinic.</summary>
        public static async Task<List<(Guid Id, string Secret)>> TerminalsAsync(string url, int count)
        {
            using var admin = await SignedInAsync(url, "admin", "admin-sandbox");
            var terminals = new List<(Guid, string)>();
            for (var clinic = 0; terminals.Count < count; clinic++)
            {
                var registered = await JsonAsync(await admin.PostAsJsonAsync("/api/eligibility/institutions", new
                {
                    code = "071" + (9_000_000 + clinic).ToString(CultureInfo.InvariantCulture), name = $"負荷試験クリニック{clinic + 1}", kind = "Clinic",
                    terminals = Math.Min(20, count - terminals.Count),
                }), HttpStatusCode.Created);
                terminals.AddRange(registered.EnumerateArray().Select(t => (t.GetProperty("id").GetGuid(), t.GetProperty("secret").GetString()!)));
            }
            return terminals;
        }
    }
}
