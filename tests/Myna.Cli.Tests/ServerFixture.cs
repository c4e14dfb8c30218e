extern alias server;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Myna.Primitives.Hosting;
using Myna.Registry.Cards;
using Myna.Storage;
using Myna.Storage.Eligibility;
using Myna.Testing;

namespace Myna.Cli.Tests;

/// <summary>
/// The real server on Kestrel at a free loopback port (so the CLI's own HttpClient reaches it over TCP), on a data
/// directory that is also the CLI's <c>MYNA_HOME</c>: a downloaded card file opens with the same sealing key, as
/// README says. One card is issued through the window's API at start.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string WindowUser = "window";
    public const string WindowPassword = "window-sandbox";
    public const string CallCentreUser = "callcentre";
    public const string CallCentrePassword = "callcentre-sandbox";
    public const string TextPin = "3333";
    public const string AuthenticationPin = "1111";

    private WebApplicationFactory<server::Program> _factory = null!;

    public ServerFixture()
    {
        Root = TestDirectories.Create("myna-cli-server-");
        Home = new MynaHome(TestKeySet.NewDataDirectoryIn(Root));
    }

    public string Root { get; }
    public MynaHome Home { get; }

    /// <summary>The CLI's clock (the server runs on its own sandbox clock).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The card the window issued at start, and the serial of its authentication certificate.</summary>
    public string CardId { get; private set; } = "";
    public string AuthenticationCertificateSerial { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<server::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Myna:DataDirectory", Home.Root);
            builder.UseSetting("Myna:Mode", "Sandbox");
            builder.UseSetting("Myna:SeedDemoResidents", "false");
            builder.UseSetting("Myna:KeyDerivation:StaffPasswordIterations", "100");
            builder.UseSetting("Myna:KeyDerivation:CaKeyFileIterations", TestKeySet.KeyFileIterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureLogging(logging => logging.ClearProviders());
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Url = addresses.Single().TrimEnd('/') + "/";

        var card = await IssueCardAsync("番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1990, 5, 10));
        CardId = card.GetProperty("id").GetString()!;
        AuthenticationCertificateSerial = card.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString()!;
    }

    /// <summary>
    /// A new resident of Koriyama with a card the window issued and delivered, with this fixture's PINs: the card as the
    /// delivery answers it.
    /// </summary>
    public async Task<JsonElement> IssueCardAsync(string familyName, string givenName, string familyNameKana, string givenNameKana, DateOnly birthDate)
    {
        using var window = await SignedInAsync(WindowUser, WindowPassword);
        var resident = await JsonAsync(await window.PostAsJsonAsync("api/residents", new
        {
            municipality = "072036", familyName, givenName, familyNameKana, givenNameKana,
            birthDate = birthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), sex = "Female",
            address = "福島県郡山市朝日一丁目２３番７号",
        }), HttpStatusCode.Created);
        var application = await JsonAsync(await window.PostAsJsonAsync("api/applications",
            new { residentId = resident.GetProperty("id").GetString() }), HttpStatusCode.Created);
        return await JsonAsync(await window.PostAsJsonAsync($"api/applications/{application.GetProperty("id").GetString()}/delivery",
            new { signature = "ABC123", userAuthentication = AuthenticationPin, residentRegistry = "2222", textInputAssist = TextPin }), HttpStatusCode.Created);
    }

    /// <summary>
    /// What the card's face shows of a card the window issued — its security code and expiry — as the reception terminal's
    /// camera reads it; here from the server's registry.
    /// </summary>
    public async Task<(string SecurityCode, DateOnly Expiry)> CardFaceOfAsync(Guid cardId)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContextAsync();
        var card = await db.Set<CardRecord>().AsNoTracking().SingleAsync(c => c.Id == cardId);
        return (card.SecurityCode, card.ExpiresOn);
    }

    /// <summary>How many eligibility checks the service has opened so far.</summary>
    public async Task<int> EligibilityChecksAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContextAsync();
        return await db.Set<EligibilityCheckRow>().CountAsync();
    }

    /// <summary>An HttpClient of the test's own, signed in over TCP, for seeding and for checks beside the CLI.</summary>
    public async Task<HttpClient> SignedInAsync(string user, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Url) };
        using var response = await client.PostAsJsonAsync("api/session", new { userName = user, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>The window's own card file of <see cref="CardId"/> in the data directory.</summary>
    public string ServerCardPath => Home.CardPath(Guid.Parse(CardId));

    public string NewPath(string name) => Path.Combine(Root, $"{name}-{Guid.NewGuid():N}.card");

    public Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(Home, Clock, input: null, environment: null, args);

    public Task<CliResult> RunWithAsync(string? input, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunAsync(Home, Clock, input, environment, args);

    /// <summary>
    /// The holder's card as a file of its own, downloaded by the window clerk with <c>myna card download</c>: a copy of the
    /// issued chip, so a wrong PIN on it counts on the copy only.
    /// </summary>
    public async Task<string> DownloadCardAsync(string name)
    {
        var path = NewPath(name);
        var download = await RunWithAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = WindowPassword },
            "card", "download", CardId, "--server", Url, "--user", WindowUser, "--out", path);
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());
        return path;
    }

    /// <summary>A loopback port nobody listens on (taken, then let go).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
