using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Myna.Server.Tests;

/// <summary>What an anonymous caller may read: OCSP, the API description and page, health.</summary>
public sealed partial class PublicEndpointTests : IAsyncLifetime
{
    private readonly MynaServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ocsp_CertificateOfTheServersAuthority_IsGood_ThenRevoked_AlsoAfterARestart()
    {
        var authorities = _server.Services.GetRequiredService<IssuingSystem>().Authorities;
        using var cardKey = RSA.Create(2048);
        var clock = _server.Services.GetRequiredService<TimeProvider>();
        using var certificate = authorities.Authentication.IssueAuthenticationCertificate(
            cardKey.ExportParameters(false), new DateOnly(1990, 1, 2), new JpkiMunicipality("Fukushima-ken", "Koriyama-shi"),
            JapanClock.Today(clock).AddYears(3));
        var request = OcspRequest(authorities.Authentication.Certificate, certificate);

        using var anonymous = _server.CreateClient();
        Assert.Null(await CertStatusAsync(anonymous, request));

        _server.Services.GetRequiredService<CertificateRegistry>().Revoke(
            JpkiHierarchy.UserAuthentication, certificate.SerialNumber, X509RevocationReason.KeyCompromise, clock.GetUtcNow());
        Assert.IsType<RevokedStatus>(await CertStatusAsync(anonymous, request));

        // The registry lives in the database: a restarted server still knows the certificate and its revocation.
        await _server.RestartAsync();
        using var again = _server.CreateClient();
        Assert.IsType<RevokedStatus>(await CertStatusAsync(again, request));
    }

    [Fact]
    public async Task OpenApiDocument_IsPublic_AndListsTheEndpoints()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var session = paths.GetProperty("/api/session");
        Assert.True(session.TryGetProperty("post", out _));
        Assert.True(session.TryGetProperty("get", out _));
        Assert.True(session.TryGetProperty("delete", out _));
        var clock = paths.GetProperty("/api/admin/clock");
        Assert.True(clock.TryGetProperty("get", out _));
        Assert.True(clock.TryGetProperty("put", out _));

        // The public services a relying party's developer looks for.
        foreach (var (path, method) in new[]
                 {
                     ("/ocsp", "post"), ("/ocsp/{request}", "get"), ("/crl/signature.crl", "get"), ("/crl/authentication.crl", "get"),
                     ("/ca/signature.cer", "get"), ("/ca/signature.pem", "get"), ("/ca/authentication.cer", "get"),
                     ("/ca/authentication.pem", "get"), ("/verify/login", "post"), ("/verify/cms", "post"), ("/health", "get"),
                 })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path}");
        }
        var ocspAnswer = paths.GetProperty("/ocsp").GetProperty("post").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(ocspAnswer.TryGetProperty("application/ocsp-response", out _));
        var login = paths.GetProperty("/verify/login").GetProperty("post");
        Assert.True(login.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Theory]
    [InlineData("/ca/signature.cer", JpkiHierarchy.Signature)]
    [InlineData("/ca/authentication.cer", JpkiHierarchy.UserAuthentication)]
    public async Task CaCertificates_AreDownloadable_DerAndPem_AndAreTheAuthorities(string path, JpkiHierarchy hierarchy)
    {
        var authority = _server.Services.GetRequiredService<IssuingSystem>().Authorities[hierarchy].Certificate;
        using var client = _server.CreateClient();

        using var der = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, der.StatusCode);
        Assert.Equal("application/pkix-cert", der.Content.Headers.ContentType?.MediaType);
        using var fromDer = X509CertificateLoader.LoadCertificate(await der.Content.ReadAsByteArrayAsync());
        Assert.Equal(authority.RawData, fromDer.RawData);

        using var pem = await client.GetAsync(Path.ChangeExtension(path, ".pem"));
        Assert.Equal(HttpStatusCode.OK, pem.StatusCode);
        Assert.Equal("application/x-pem-file", pem.Content.Headers.ContentType?.MediaType);
        using var fromPem = X509Certificate2.CreateFromPem(await pem.Content.ReadAsStringAsync());
        Assert.Equal(authority.RawData, fromPem.RawData);
    }

    [Fact]
    public async Task SandboxStartedOnAnotherAddress_CertificatesNameItsCrl()
    {
        await using var server = new MynaServer(settings: new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:5103" });
        var authorities = server.Services.GetRequiredService<IssuingSystem>().Authorities;
        using var cardKey = RSA.Create(2048);
        using var certificate = authorities.Authentication.IssueAuthenticationCertificate(
            cardKey.ExportParameters(false), new DateOnly(1990, 1, 2), new JpkiMunicipality("Fukushima-ken", "Koriyama-shi"),
            JapanClock.Today(server.Services.GetRequiredService<TimeProvider>()).AddYears(3));

        var distributionPoints = Assert.Single(certificate.Extensions, e => e.Oid?.Value == "2.5.29.31");
        var text = System.Text.Encoding.ASCII.GetString(distributionPoints.RawData);
        Assert.Contains("http://127.0.0.1:5103/crl/authentication.crl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:5000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiPage_LoadsWithoutTheInternet_EveryAssetServedHere()
    {
        using var client = _server.CreateClient();
        using var page = await client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();

        // No absolute URL at all (no CDN script, no web font), and the fonts and telemetry switched off.
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);

        // Every script and source the page names is served by this server.
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
        Assert.Contains("scalar.js", assets);
        Assert.Contains("openapi/v1.json", assets);
        foreach (var asset in assets)
        {
            // The page resolves sources against the site's base (scalar.aspnetcore.js), scripts against /scalar/.
            var path = asset.StartsWith("openapi/", StringComparison.Ordinal) ? "/" + asset : "/scalar/" + asset;
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Health_IsPublic_AndHealthy()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static byte[] OcspRequest(X509Certificate2 issuer, X509Certificate2 certificate)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, new BcCertificate(issuer.RawData), new BigInteger(certificate.SerialNumber, 16)));
        return generator.Generate().GetEncoded();
    }

    private static async Task<object?> CertStatusAsync(HttpClient client, byte[] request)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using var response = await client.PostAsync("/ocsp", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
        var ocsp = new OcspResp(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(OcspRespStatus.Successful, ocsp.Status);
        var basic = Assert.IsType<BasicOcspResp>(ocsp.GetResponseObject());
        Assert.True(basic.Verify(basic.GetCerts()[0].GetPublicKey()));
        return Assert.Single(basic.Responses).GetCertStatus();
    }

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("""(?:src="|"url":")(?<url>[^"]+)""")]
    private static partial Regex AssetReference();
}
