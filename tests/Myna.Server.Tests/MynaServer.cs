using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Myna.Server.Clock;
using Myna.Storage;
using Myna.Testing;

namespace Myna.Server.Tests;

/// <summary>
/// The real server through its HTTP pipeline (WebApplicationFactory), on a data directory and SQLite file of
/// its own; <see cref="RestartAsync"/> starts a new host on the same directory and database.
/// </summary>
public sealed class MynaServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDirectory;
    private readonly Action<IServiceCollection>? _testServices;
    private readonly bool _realSocket;
    // Production answers over HTTPS only with its Secure cookie; the mode may change at a restart.
    private bool Production => _settings["Myna:Mode"] == "Production";
    private WebApplicationFactory<Program> _factory;

    /// <param name="mode">Sandbox or Production.</param>
    /// <param name="realClock">The real time the host sees (the sandbox clock's base); null: the system clock.</param>
    /// <param name="storage">A database other than the SQLite file in the data directory.</param>
    /// <param name="settings">More configuration, e.g. the bootstrap administrator.</param>
    /// <param name="testServices">Replaces services of the host, after its own registrations.</param>
    /// <param name="realSocket">Listen on a real loopback port (for a browser), see <see cref="BaseAddress"/>.</param>
    public MynaServer(string mode = "Sandbox", FakeTimeProvider? realClock = null, StorageOptions? storage = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? testServices = null, bool realSocket = false)
    {
        _testServices = testServices;
        _realSocket = realSocket;
        var sandbox = mode == "Sandbox";
        // A sandbox starts from the run's shared test keys at a low key-derivation cost; production refuses low costs,
        // so a production server makes its own keys at the real cost (ProductionModeTests, a few tests only).
        DataDirectory = sandbox ? TestKeySet.NewDataDirectory("myna-server-") : TestDirectories.Create("myna-server-");
        _ownsDirectory = true;
        RealClock = realClock;
        _settings = new Dictionary<string, string?>
        {
            ["Myna:DataDirectory"] = DataDirectory,
            ["Myna:Mode"] = mode,
            // Most tests want an empty registry (the demo residents take a while); DemoDataTests turns it on.
            ["Myna:SeedDemoResidents"] = "false",
        };
        if (sandbox)
        {
            _settings["Myna:KeyDerivation:StaffPasswordIterations"] = TestStaffPasswordIterations.ToString(CultureInfo.InvariantCulture);
            _settings["Myna:KeyDerivation:CaKeyFileIterations"] = TestKeySet.KeyFileIterations.ToString(CultureInfo.InvariantCulture);
        }
        if (storage is not null)
        {
            _settings["Storage:Provider"] = storage.Provider.ToString();
            _settings["Storage:ConnectionString"] = storage.ConnectionString;
            // On PostgreSQL the shared keys are encrypted under the deployment's key-encryption key: one for every test server.
            if (storage.Provider == StorageProvider.PostgreSql)
                _settings["Myna:KeyEncryptionKey"] = TestKeyEncryptionKey;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
        _factory = Create();
    }

    /// <summary>The key-encryption key of the test servers on PostgreSQL (base64 of 32 bytes); a test may give another.</summary>
    public static readonly string TestKeyEncryptionKey = Convert.ToBase64String(
        System.Security.Cryptography.SHA256.HashData("Myna test key-encryption key"u8));

    /// <summary>The staff password hashes' cost in a sandbox test server (production's is 100,000).</summary>
    public const int TestStaffPasswordIterations = 100;

    public string DataDirectory { get; }

    public FakeTimeProvider? RealClock { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The in-memory server, for requests that set what a client cannot (the remote address).</summary>
    public TestServer TestServer => _factory.Server;

    /// <summary>The server's address: a real loopback port when made with <c>realSocket</c>.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// A client with its own cookie jar, not following redirects, asking for English answers (<c>Accept-Language: en</c>)
    /// unless told another language; null: no Accept-Language, so the server's default, Japanese (<c>ProblemDetailsTests</c>).
    /// A production server is reached over HTTPS, as staff reach it: its session cookie is Secure.
    /// </summary>
    public HttpClient CreateClient(string? language = "en")
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(Production ? "https://localhost" : "http://localhost"),
        });
        if (language is not null)
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>A client signed in as <paramref name="userName"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/session", new { userName, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    /// <summary>Stops this host and starts a new one on the same data directory and database.</summary>
    public async Task RestartAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _factory = Create();
    }

    /// <summary>
    /// Stops this host and starts one in <paramref name="mode"/> on the same data directory; production drops the test
    /// key-derivation costs (it refuses them). The new host starts at its first use (<see cref="Services"/>, a client).
    /// </summary>
    public async Task RestartAsync(string mode)
    {
        _settings["Myna:Mode"] = mode;
        if (mode == "Production")
        {
            _settings.Remove("Myna:KeyDerivation:StaffPasswordIterations");
            _settings.Remove("Myna:KeyDerivation:CaKeyFileIterations");
        }
        await RestartAsync();
    }

    /// <summary>Stops this host and starts one with <paramref name="key"/> set to <paramref name="value"/> (null: removed), at its first use.</summary>
    public async Task RestartWithAsync(string key, string? value)
    {
        if (value is null)
            _settings.Remove(key);
        else
            _settings[key] = value;
        await RestartAsync();
    }

    private WebApplicationFactory<Program> Create()
    {
        // A subclass rather than WithWebHostBuilder: UseKestrel on a WithWebHostBuilder copy is ignored (its host is
        // built by the original factory, which was never told).
        var factory = new ConfiguredFactory(Configure);
        if (_realSocket)
        {
            // Kestrel on 127.0.0.1 and a free port (new in .NET 10), so that a real browser can reach the server.
            factory.UseKestrel(0);
            factory.StartServer();
        }
        return factory;
    }

    private void Configure(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        // Nothing on the console; every line the host's levels let through is kept for the scan at the end.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new KeptLog(Log)));
        if (RealClock is not null)
            builder.ConfigureTestServices(services => services.AddKeyedSingleton<TimeProvider>(MynaClocks.Real, RealClock));
        if (_testServices is not null)
            builder.ConfigureTestServices(_testServices);
    }

    private sealed class ConfiguredFactory(Action<IWebHostBuilder> configure) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => configure(builder);
    }

    /// <summary>Every line this server logged, across restarts.</summary>
    public LogCapture Log { get; } = new();

    /// <summary>
    /// Stops the server, after checking what it logged: no My Number, name or address of a resident it registered, and
    /// no test password, ever appears in a log line or an access log line. Every test that starts a server so has its
    /// logs scanned.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await AssertLogsHoldNoPersonalDataAsync();
        }
        finally
        {
            await _factory.DisposeAsync();
            SqliteConnection.ClearAllPools();
            if (_ownsDirectory)
                Directory.Delete(DataDirectory, recursive: true);
        }
    }

    // The signature passwords the tests type (the 4-digit PINs are too short to tell from other numbers in a line).
    private static readonly string[] TestPasswords = ["ABC123", "YAMADA1", "NEWPASS1", "LIFTED12", "LATER123", "window-sandbox", "admin-sandbox", "callcentre-sandbox"];

    private async Task AssertLogsHoldNoPersonalDataAsync()
    {
        var lines = Log.Messages.ToList();
        // And the access log's lines written so far, their paths unescaped (a name in a path would be percent-encoded).
        var accessLog = Path.Combine(DataDirectory, "logs");
        if (Directory.Exists(accessLog))
        {
            foreach (var file in Directory.GetFiles(accessLog, "access-*.log"))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                lines.AddRange(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString));
            }
        }
        if (lines.Count == 0)
            return;
        IServiceProvider services;
        try
        {
            services = _factory.Services;
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException)
        {
            return; // the host never started (a test of a refused start): nothing was registered
        }
        var secrets = new List<(string What, string Text)>(TestPasswords.Select(p => ("a test password", p)));
        await using (var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<MynaDbContext>>().CreateDbContextAsync())
        {
            foreach (var resident in await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                         Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<Myna.Registry.Residents.Resident>())))
            {
                secrets.Add(("a My Number", resident.MyNumber.Reveal()));
                secrets.Add(("a resident's name", resident.Name.FamilyName + resident.Name.GivenName));
                secrets.Add(("a resident's name", resident.Name.OnCard));
                secrets.Add(("a resident's address", resident.Address));
                // And as a clerk may have typed them, half-width (the record keeps them full-width).
                secrets.Add(("a resident's address", resident.Address.Normalize(System.Text.NormalizationForm.FormKC)));
                secrets.Add(("a resident's name", (resident.Name.FamilyName + resident.Name.GivenName).Normalize(System.Text.NormalizationForm.FormKC)));
            }
        }
        foreach (var line in lines)
        {
            foreach (var (what, text) in secrets)
                Assert.False(line.Contains(text, StringComparison.Ordinal), $"The server logged {what}: {line.Replace(text, "«…»", StringComparison.Ordinal)}");
        }
    }

    // Forwards to the capture; a class of its own so that the host's disposal of its providers leaves the capture readable.
    private sealed class KeptLog(LogCapture capture) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => capture.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
