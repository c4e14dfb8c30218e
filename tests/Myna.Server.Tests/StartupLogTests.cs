using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Myna.Server.Tests;

/// <summary>A sandbox's first start on a real port, demo data and all, with its log captured.</summary>
public sealed class StartupLogFixture : IAsyncLifetime
{
    public LogCapture Log { get; } = new();

    public MynaServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var log = Log;
        Server = new MynaServer(
            settings: new Dictionary<string, string?> { ["Myna:SeedDemoResidents"] = "true" },
            testServices: services => services.AddSingleton<ILoggerProvider>(log),
            realSocket: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>What the start says (mode, progress, where things are) and what the log never says (a search, a name).</summary>
public sealed class StartupLogTests(StartupLogFixture fixture) : IClassFixture<StartupLogFixture>
{
    [Fact]
    public void Start_SaysTheModeFirst_ThenItsProgress_ThenWhereEverythingIs()
    {
        var messages = fixture.Log.Lines.Where(l => l.Category == "Myna.Server.Startup").Select(l => l.Message).ToList();
        Assert.StartsWith("Starting Myna in Sandbox mode; data directory " + fixture.Server.DataDirectory, messages[0], StringComparison.Ordinal);
        Assert.Contains("Starting: preparing the database (migrations) …", messages);
        Assert.Contains("Creating the demo municipality: registering resident 8/8", messages);
        Assert.Contains("Creating the demo municipality: issuing card 8/8", messages);

        var summary = Assert.Single(messages, m => m.StartsWith("Myna is ready.", StringComparison.Ordinal));
        var here = fixture.Server.BaseAddress.AbsoluteUri.TrimEnd('/');
        Assert.Contains("Mode:            Sandbox", summary, StringComparison.Ordinal);
        Assert.Contains("Data directory:  " + fixture.Server.DataDirectory, summary, StringComparison.Ordinal);
        Assert.Contains("Database:        SQLite, " + Path.Combine(fixture.Server.DataDirectory, "myna.db"), summary, StringComparison.Ordinal);
        Assert.Contains($"Staff pages:     {here}/", summary, StringComparison.Ordinal);
        Assert.Contains($"API:             {here}/scalar/", summary, StringComparison.Ordinal);
        Assert.Contains("/crl/signature.crl", summary, StringComparison.Ordinal);
        Assert.Contains("/ocsp", summary, StringComparison.Ordinal);
        Assert.Contains("Sandbox date:", summary, StringComparison.Ordinal);
        Assert.Contains("Press Ctrl+C to stop.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PortChosenAtBind_CertificatesNameAnotherAddress_TheStartSaysSo()
    {
        // The test binds port 0, known only after the authorities were opened: the start warns rather than stays silent.
        Assert.Contains(fixture.Log.Lines, l => l.Level == LogLevel.Warning
            && l.Message.Contains("Set Myna:PublicBaseUrl", StringComparison.Ordinal)
            && l.Message.Contains(fixture.Server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_ItsQueryString_IsNeverLogged()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = fixture.Server.BaseAddress };
        using (var signIn = await http.PostAsync("/api/session", JsonContent.Create(new { userName = "window", password = "window-sandbox" })))
            Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);

        using var search = await http.GetAsync("/api/residents?name=%E6%A4%9C%E7%B4%A2%E5%A4%AA%E9%83%8E&birthDate=1961-02-03");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        using var page = await http.GetAsync("/Window?Name=%E6%A4%9C%E7%B4%A2%E5%A4%AA%E9%83%8E&BirthDate=1961-02-03");

        Assert.DoesNotContain(fixture.Log.Messages, m => m.Contains("1961-02-03", StringComparison.Ordinal)
            || m.Contains("検索太郎", StringComparison.Ordinal) || m.Contains("%E6%A4%9C", StringComparison.OrdinalIgnoreCase)
            || m.Contains("/api/residents", StringComparison.Ordinal));
    }

    [Fact]
    public void NoLogLine_NamesADemoResident_OrAPassword()
    {
        Assert.NotEmpty(fixture.Log.Lines);
        foreach (var forbidden in new[] { "花子", "太郎", "一郎", "番号 ", "window-sandbox", "admin-sandbox", "MYNA2026" })
            Assert.DoesNotContain(fixture.Log.Messages, m => m.Contains(forbidden, StringComparison.Ordinal));
    }
}
