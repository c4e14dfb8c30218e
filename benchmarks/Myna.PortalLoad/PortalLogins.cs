using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Myna.Benchmarking;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;
using static Myna.Benchmarking.SandboxHolders;
using static Myna.Benchmarking.TimedRuns;
using static Myna.PortalLoad.HistoryScale;

namespace Myna.PortalLoad;

/// <summary>
/// Card logins per second over HTTP (docs/performance.md). Starts the real server (Myna.Server.dll, Kestrel on
/// loopback, sandbox mode, SQLite) as a child process on a new data directory, issues cards through the window's API,
/// copies their card files, and runs C clients, each with a card of its own, doing the whole login over and over.
/// </summary>
/// <remarks>
/// <para>Each login, as a browser and the holder's app do it: POST /portal/api/logins (the browser; its login cookie),
/// GET /portal/api/challenges/{code} (the app), <see cref="ChallengeSigner.Sign"/> on the card's chip in this process
/// (read the certificate, VERIFY the PIN — two durable writes of the card file —, sign SHA-256 of the challenge),
/// POST …/answer (the server verifies the signature and the certificate), POST /portal/api/logins/{id}/session (the
/// browser, with its cookie). Nothing of it is computed ahead. Left out: the login page's polling of the login's
/// status. Every card logs in once before the timing, so the server's certificate-status cache is warm.</para>
/// <para>Anchors in the same run: GET /health (one database read) and GET /css/site.css (a static file) at the same
/// concurrency, and <c>openssl speed rsa2048</c>.</para>
/// </remarks>
internal static class PortalLogins
{
    public static async Task<int> RunAsync(LoginOptions options)
    {
        if (options.Cards < options.Clients.Max())
            throw new ArgumentException("Every client needs a card of its own: --cards at least the largest --clients.");
        var data = Path.Combine(options.Directory, "data");
        var wallet = Path.Combine(options.Directory, "wallet");
        foreach (var directory in new[] { data, wallet })
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
        }
        var url = $"http://127.0.0.1:{options.Port}";
        var openssl = MachineAnchors.OpenSslSpeed(alsoTwoProcesses: true) + Environment.NewLine + MachineAnchors.SyncedWrites(options.Directory);

        using var server = ServerProcess.Start(data, url, Path.Combine(options.Directory, "server.log"),
            settings: new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        await server.WaitHealthyAsync();
        Console.WriteLine(Invariant($"logins: server up at {url} (pid {server.Id}); issuing {options.Cards} cards"));
        var timer = Stopwatch.StartNew();
        var cards = (await MakeAsync(url, new MynaHome(data), wallet, (int)options.Cards)).Select(h => h.CardPath).ToList();
        Console.WriteLine(Invariant($"logins: {cards.Count} cards issued and copied in {timer.Elapsed.TotalSeconds:F0} s"));

        using var key = ChipSealingKey.LoadOrCreate(new MynaHome(data).ChipSealingKeyPath);
        var clients = cards.Select(card => new LoginClient(url, card, key)).ToList();
        try
        {
            // Warm: every card's first login builds its chain and fills the server's caches.
            await Task.WhenAll(clients.Select(c => c.LogInAsync()));
            var rows = new List<string>();
            foreach (var concurrency in options.Clients)
            {
                var logins = await RunForAsync(concurrency, options.Seconds, i => clients[i].LogInAsync());
                var health = await RunForAsync(concurrency, options.Seconds / 2, i => clients[i].GetAsync("/health"));
                var css = await RunForAsync(concurrency, options.Seconds / 2, i => clients[i].GetAsync("/css/site.css"));
                var chip = clients.Take(concurrency).Sum(c => c.ChipTime.TotalMilliseconds) / clients.Take(concurrency).Sum(c => c.ChipCount);
                rows.Add(Invariant($"| {concurrency} | {logins.Rate:N0} | {logins.P50:F1} | {logins.P99:F1} | {chip:F1} | {logins.Errors} | {health.Rate:N0} | {health.P50:F2} | {css.Rate:N0} | {css.P50:F2} |"));
                Console.WriteLine(Invariant($"  C={concurrency}: {logins.Count} logins, {logins.Rate:N0}/s, p50 {logins.P50:F1} ms, p99 {logins.P99:F1} ms, chip {chip:F1} ms a login; /health {health.Rate:N0}/s; static {css.Rate:N0}/s"));
                foreach (var client in clients)
                    client.ResetChipTime();
            }
            Console.WriteLine();
            Console.WriteLine(openssl);
            Console.WriteLine();
            Console.WriteLine("| C | logins/s | p50 ms | p99 ms | chip ms/login | errors | GET /health req/s | p50 ms | GET static req/s | p50 ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in rows)
                Console.WriteLine(row);
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
        return 0;
    }

    internal static void Expect(HttpResponseMessage response, HttpStatusCode expected, string body)
    {
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {body}");
    }

    /// <summary>A browser and a holder's app, each with its own kept-alive connection, and the holder's card on its chip.</summary>
    private sealed class LoginClient : IDisposable
    {
        private readonly HttpClient _browser;
        private readonly HttpClient _app;
        private readonly VirtualCard _chip;
        private readonly MynaCardClient _card;
        private readonly Pin _pin = Primitives.Pin.Parse(PinKind.UserAuthentication, SandboxHolders.Pin).Value;

        public LoginClient(string url, string cardPath, ChipSealingKey key)
        {
            // No cookie container: the browser's login cookie is carried by hand, one login at a time.
            _browser = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(url) };
            _app = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(url) };
            _chip = VirtualCard.Open(new FileCardImageStore(cardPath, key));
            _card = new MynaCardClient(new EmulatorTransport(_chip, "load"));
        }

        public TimeSpan ChipTime { get; private set; }
        public int ChipCount { get; private set; }

        public void ResetChipTime() => (ChipTime, ChipCount) = (TimeSpan.Zero, 0);

        public async Task LogInAsync()
        {
            using var start = await _browser.PostAsync("/portal/api/logins", null);
            var started = await JsonAsync(start, HttpStatusCode.Created);
            var cookie = start.Headers.GetValues("Set-Cookie").First().Split(';')[0];
            var id = started.GetProperty("id").GetGuid();
            var code = started.GetProperty("code").GetString()!;

            var challenge = await JsonAsync(await _app.GetAsync($"/portal/api/challenges/{code}"), HttpStatusCode.OK);
            var began = Stopwatch.GetTimestamp();
            var signing = ChallengeSigner.Sign(_card, _pin, Convert.FromBase64String(challenge.GetProperty("challenge").GetString()!));
            ChipTime += Stopwatch.GetElapsedTime(began);
            ChipCount++;
            var signed = signing.Signed ?? throw new InvalidOperationException("The chip refused the PIN.");

            using (var answer = await _app.PostAsJsonAsync($"/portal/api/challenges/{code}/answer",
                new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) }))
                Expect(answer, HttpStatusCode.NoContent, await answer.Content.ReadAsStringAsync());

            using var complete = new HttpRequestMessage(HttpMethod.Post, $"/portal/api/logins/{id}/session");
            complete.Headers.Add("Cookie", cookie);
            using var session = await _browser.SendAsync(complete);
            Expect(session, HttpStatusCode.NoContent, await session.Content.ReadAsStringAsync());
        }

        public async Task GetAsync(string path)
        {
            using var response = await _browser.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            Expect(response, HttpStatusCode.OK, "");
        }

        public void Dispose()
        {
            _browser.Dispose();
            _app.Dispose();
            _chip.Dispose();
        }
    }
}
