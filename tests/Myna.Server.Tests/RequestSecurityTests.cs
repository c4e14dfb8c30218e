using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>
/// The cross-site guard and the security headers through HTTP (docs/security.md): a state-changing request a browser
/// marks as coming from elsewhere is refused before it reaches the endpoint, the public services are not; every
/// answer carries the headers, personal data is never cached.
/// </summary>
public sealed partial class RequestSecurityTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    /// <summary>The in-memory server's own origin (WebApplicationFactory's base address).</summary>
    private const string OwnOrigin = "http://localhost";

    public static TheoryData<string, string> CrossSiteHeaders => new()
    {
        { "Origin", "http://evil.example" },
        { "Origin", "null" },
        { "Origin", "https://localhost" },
        { "Origin", "http://localhost:8080" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
    };

    [Theory]
    [MemberData(nameof(CrossSiteHeaders))]
    public async Task CrossSitePost_WithTheStaffCookie_Is403_AndTheCardIsNotSuspended(string header, string value)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (_, card) = await _api.ResidentWithCardAsync();

        // What a form or fetch() on another site can send without a preflight: no body, or text/plain.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cards/{Id(card)}/suspension")
        {
            Content = new StringContent("", null, "text/plain"),
        };
        request.Headers.Add(header, value);
        using var response = await _api.CallCentre.SendAsync(request);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Requests from another site are refused", problem.GetProperty("title").GetString());
        Assert.Equal("Active", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SameOriginPost_IsAllowed()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (_, card) = await _api.ResidentWithCardAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cards/{Id(card)}/suspension");
        request.Headers.Add("Origin", OwnOrigin);
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        var suspended = await JsonAsync(await _api.CallCentre.SendAsync(request), HttpStatusCode.OK);
        Assert.Equal("Suspended", suspended.GetProperty("state").GetString());
    }

    [Fact]
    public async Task PostWithoutOriginOrFetchMetadata_IsAllowed_AsFromTheCliOrAScript()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (_, card) = await _api.ResidentWithCardAsync();

        var suspended = await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        Assert.Equal("Suspended", suspended.GetProperty("state").GetString());
    }

    [Fact]
    public async Task CrossSiteRefusal_IsJapaneseByDefault()
    {
        using var client = fixture.Server.CreateClient(language: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = new StringContent("{}", null, "text/plain") };
        request.Headers.Add("Origin", "http://evil.example");
        using var response = await client.SendAsync(request);
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("別のサイトからの要求は受け付けません", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task CrossSiteFormPost_ToAPage_Is403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Language")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = "/" }),
        };
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await _api.Window.SendAsync(request);
        await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PublicOcspPost_FromAnotherSite_IsAnswered()
    {
        using var anonymous = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ocsp") { Content = new ByteArrayContent([0x30, 0x00]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        request.Headers.Add("Origin", "https://relying-party.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PublicVerification_FromAnotherSite_IsAnswered_NotRefused()
    {
        using var anonymous = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verify/login") { Content = new StringContent("{}", null, "application/json") };
        request.Headers.Add("Origin", "https://relying-party.example");
        using var response = await anonymous.SendAsync(request);
        // Read and judged (400: the fields are missing), not refused as cross-site.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetOnAPostOnlyPublicEndpoint_Is405_WithAllow_NotASignInRequest()
    {
        using var anonymous = fixture.Server.CreateClient();
        using var response = await anonymous.GetAsync("/verify/login");
        await Problems.ReadAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/verify/login", "text/plain")]
    [InlineData("/verify/cms", "application/x-www-form-urlencoded")]
    [InlineData("/ocsp", "text/plain")]
    public async Task PublicPost_OfAMediaTypeItNeverTakes_Is415_NotASignInRequest(string path, string mediaType)
    {
        using var anonymous = fixture.Server.CreateClient();
        using var content = new StringContent("x", System.Text.Encoding.UTF8, mediaType);
        using var response = await anonymous.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/api/session")]
    [InlineData("/api/cards/00000000-0000-0000-0000-000000000000")]
    [InlineData("/no-such-page")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndPersonalDataIsNotCached(string path)
    {
        using var response = await _api.Window.GetAsync(path);
        AssertSecurityHeaders(response);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: {response.Headers.CacheControl}");
        // HSTS is for production over HTTPS only.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptOrStyle_SoThePolicyNeedsNoUnsafeInline()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, _) = await _api.ResidentWithCardAsync();
        foreach (var path in new[] { "/signin", "/Help", "/Window", $"/Window/Residents/{resident}", $"/Window/Residents/{resident}/card-faces",
                     $"/Window/Residents/{resident}/ExpiryNotice", "/CallCentre" })
        {
            using var response = await _api.Admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(InlineScriptOrStyle(), html);
        }
        // The QR code drawn once the My Number is revealed is inline SVG: attributes, no style.
        Assert.DoesNotMatch(InlineScriptOrStyle(), Ui.CardFacesView.QrSvgOf(Myna.Primitives.MyNumber.FromFirstElevenDigits("12345678901")));
    }

    [Theory]
    [InlineData("/crl/signature.crl")]
    [InlineData("/ca/authentication.cer")]
    public async Task PublicFiles_AreCacheable(string path)
    {
        using var anonymous = fixture.Server.CreateClient();
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.False(response.Headers.CacheControl.NoStore);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    // <script> with content (not src), <style>, style="…", on…="…" handlers.
    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle="|\son[a-z]+=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScriptOrStyle();
}

/// <summary>Production: the session cookie is Secure and HTTPS answers carry HSTS.</summary>
public sealed class ProductionRequestSecurityTests : IAsyncLifetime
{
    private readonly MynaServer _server = new(mode: "Production", settings: new Dictionary<string, string?>
    {
        ["Myna:BootstrapAdministrator:UserName"] = "chief",
        ["Myna:BootstrapAdministrator:Password"] = "a long production password",
        ["AllowedHosts"] = "localhost;myna.city.example",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SessionCookie_IsSecure_AndHttpsAnswersCarryHsts()
    {
        using var client = _server.CreateClient();
        using var signInRequest = new HttpRequestMessage(HttpMethod.Post, "/api/session")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { userName = "chief", password = "a long production password" }),
        };
        // A real host name: HSTS is never sent for localhost, which a browser must not pin to HTTPS.
        signInRequest.Headers.Host = "myna.city.example";
        using var signIn = await client.SendAsync(signInRequest);
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("myna.session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", signIn.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        // A Host other than the configured one is refused before anything else.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = "evil.example";
        using var evil = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
    }
}
