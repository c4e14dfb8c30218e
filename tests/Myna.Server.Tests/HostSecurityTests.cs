using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Myna.Server.Hosting;

namespace Myna.Server.Tests;

/// <summary>
/// Host filtering, redirects and forwarded headers on a real port (the in-memory server sets Host and the remote
/// address itself): what a request may claim about where it was sent.
/// </summary>
public sealed class HostSecurityTests
{
    [Fact]
    public async Task AllowedHostsSet_AnotherHost_Is400()
    {
        await using var server = new MynaServer(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "myna.city.example;127.0.0.1" }, realSocket: true);
        using var http = Client(server);

        using var own = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var evil = await SendAsync(http, HttpMethod.Get, "/signin", request => request.Headers.Host = "evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
    }

    [Fact]
    public async Task AnyHostAllowed_ARedirect_NeverNamesTheRequestsHost()
    {
        await using var server = new MynaServer(realSocket: true);
        using var http = Client(server);

        using var response = await SendAsync(http, HttpMethod.Get, "/Window", request =>
        {
            request.Headers.Host = "evil.example";
            request.Headers.Accept.ParseAdd("text/html");
        });
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.False(response.Headers.Location!.IsAbsoluteUri, response.Headers.Location.ToString());
        Assert.StartsWith("/signin?ReturnUrl=", response.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindAKnownProxy_TheForwardedSchemeAndHostCount_SessionCookieIsSecure_OriginMatchesThePublicOne()
    {
        await using var server = new MynaServer(settings: new Dictionary<string, string?> { ["Myna:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }, realSocket: true);
        using var http = Client(server);

        using var signIn = await SendAsync(http, HttpMethod.Post, "/api/session", request =>
        {
            request.Content = JsonContent.Create(new { userName = "admin", password = "admin-sandbox" });
            Forwarded(request);
            // The browser's origin is the proxy's public one, which the server sees once it believes the proxy.
            request.Headers.Add("Origin", "https://myna.city.example");
        });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.Contains("secure", SessionCookie(signIn), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutAKnownProxy_ForwardedHeadersAreIgnored()
    {
        await using var server = new MynaServer(realSocket: true);
        using var http = Client(server);

        using var signIn = await SendAsync(http, HttpMethod.Post, "/api/session", request =>
        {
            request.Content = JsonContent.Create(new { userName = "admin", password = "admin-sandbox" });
            Forwarded(request);
        });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.DoesNotContain("secure", SessionCookie(signIn), StringComparison.OrdinalIgnoreCase);

        // Nor does a forged public origin pass for the server's own.
        using var forged = await SendAsync(http, HttpMethod.Post, "/api/session", request =>
        {
            request.Content = JsonContent.Create(new { userName = "admin", password = "admin-sandbox" });
            Forwarded(request);
            request.Headers.Add("Origin", "https://myna.city.example");
        });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Theory]
    [InlineData(null, null, "http://localhost:5000/")]
    [InlineData("http://127.0.0.1:5103", null, "http://127.0.0.1:5103/")]
    [InlineData("http://*:5104;https://localhost:5105", null, "http://localhost:5104/")]
    [InlineData("http://+:5106", null, "http://localhost:5106/")]
    [InlineData(null, "https://myna.city.example:8443", "https://myna.city.example:8443/")]
    [InlineData("http://127.0.0.1:0", null, null)]
    public void ListenAddress_IsReadFromTheConfiguration(string? urls, string? kestrelEndpoint, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["Kestrel:Endpoints:Public:Url"] = kestrelEndpoint,
        }).Build();
        Assert.Equal(expected, ListenAddress.FirstConfigured(configuration)?.AbsoluteUri);
    }

    private static HttpClient Client(MynaServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, Action<HttpRequestMessage> prepare)
    {
        using var request = new HttpRequestMessage(method, path);
        prepare(request);
        return await http.SendAsync(request);
    }

    private static void Forwarded(HttpRequestMessage request)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "myna.city.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("myna.session=", StringComparison.Ordinal));
}
