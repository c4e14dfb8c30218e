using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using Myna.Testing.Tools;

namespace Myna.Pki.Http.Tests;

/// <summary>The responder over HTTP (RFC 6960 Appendix A) on a real Kestrel, with HttpClient and OpenSSL as clients.</summary>
public sealed class OcspEndpointTests(OcspServerFixture server) : IClassFixture<OcspServerFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.BaseAddress };

    public void Dispose() => _http.Dispose();

    private X509Certificate2 AuthCa => server.Authorities.Authentication.Certificate;

    private static byte[] Request(X509Certificate2 issuer, string serialHex, byte[]? nonce = null)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, new BcCertificate(issuer.RawData), new BigInteger(serialHex, 16)));
        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }
        return generator.Generate().GetEncoded();
    }

    private async Task<OcspResp> PostAsync(byte[] body, string path = "/ocsp")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    private async Task<OcspResp> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    private static async Task<OcspResp> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
        return new OcspResp(await response.Content.ReadAsByteArrayAsync());
    }

    private static object? CertStatusOf(OcspResp response)
    {
        Assert.Equal(OcspRespStatus.Successful, response.Status);
        var basic = Assert.IsType<BasicOcspResp>(response.GetResponseObject());
        Assert.True(basic.Verify(basic.GetCerts()[0].GetPublicKey()));
        return Assert.Single(basic.Responses).GetCertStatus();
    }

    [Fact]
    public async Task Post_IssuedCertificate_IsGood()
    {
        using var certificate = server.IssueAuthentication("post-good");
        Assert.Null(CertStatusOf(await PostAsync(Request(AuthCa, certificate.SerialNumber))));
        Assert.Null(CertStatusOf(await PostAsync(Request(AuthCa, certificate.SerialNumber, nonce: new byte[16]))));
    }

    [Fact]
    public async Task Get_Base64UrlEncodedAndBase64Url_AreBothRead_RfcA1()
    {
        using var certificate = server.IssueAuthentication("get-good");
        // A nonce that makes '+' and '/' (and so %2B, %2F) appear in the base64.
        var der = Request(AuthCa, certificate.SerialNumber, nonce: Enumerable.Repeat((byte)0xFB, 24).ToArray());
        var base64 = Convert.ToBase64String(der);
        Assert.Contains("/", base64, StringComparison.Ordinal);

        Assert.Null(CertStatusOf(await GetAsync("/ocsp/" + Uri.EscapeDataString(base64))));
        var base64Url = base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Null(CertStatusOf(await GetAsync("/ocsp/" + base64Url)));
    }

    [Fact]
    public async Task Revoked_IsAnsweredRevokedOverPostAndGet()
    {
        using var certificate = server.IssueAuthentication("revoked");
        var der = Request(AuthCa, certificate.SerialNumber);
        Assert.Null(CertStatusOf(await PostAsync(der))); // now cached as good
        server.Statuses.Revoke(JpkiHierarchy.UserAuthentication, certificate.SerialNumber, DateTimeOffset.UtcNow.AddMinutes(-1), X509RevocationReason.KeyCompromise);

        var viaPost = Assert.IsType<RevokedStatus>(CertStatusOf(await PostAsync(der)));
        var viaGet = Assert.IsType<RevokedStatus>(CertStatusOf(await GetAsync("/ocsp/" + Uri.EscapeDataString(Convert.ToBase64String(der)))));
        Assert.Equal((int)X509RevocationReason.KeyCompromise, viaPost.RevocationReason);
        Assert.Equal(viaPost.RevocationTime, viaGet.RevocationTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("300330010A")]
    public async Task Post_NotAnOcspRequest_Is200MalformedRequest(string hex)
    {
        Assert.Equal(OcspRespStatus.MalformedRequest, (await PostAsync(Convert.FromHexString(hex))).Status);
    }

    [Fact]
    public async Task Post_BodyOver64KiB_Is200MalformedRequest()
    {
        var body = new byte[(64 * 1024) + 1];
        Assert.Equal(OcspRespStatus.MalformedRequest, (await PostAsync(body)).Status);
    }

    [Theory]
    [InlineData("/ocsp/!!!notbase64")]
    [InlineData("/ocsp/MAA%3D")]     // "3000"
    [InlineData("/ocsp/A")]          // cannot be base64 at all
    [InlineData("/ocsp/%FF%FE")]
    public async Task Get_NotAnOcspRequest_Is200MalformedRequest(string path)
    {
        Assert.Equal(OcspRespStatus.MalformedRequest, (await GetAsync(path)).Status);
    }

    [Fact]
    public async Task Post_UnknownIssuer_Is200Unauthorized()
    {
        using var certificate = server.IssueAuthentication("foreign");
        // The certificate as its own issuer: its name and key hash name no authority here.
        Assert.Equal(OcspRespStatus.Unauthorized, (await PostAsync(Request(certificate, certificate.SerialNumber))).Status);
    }

    [Theory]
    [InlineData(false, "/ocsp")]
    [InlineData(true, "/ocsp")]
    [InlineData(true, "/ocsp-echo")]
    public async Task OpenSsl_GoodThenRevoked_VerifiesTheResponse(bool nonce, string path)
    {
        var name = (nonce ? "openssl-nonce" : "openssl-no-nonce") + path.Replace('/', '-');
        using var certificate = server.IssueAuthentication(name);

        var good = await OpenSslOcspAsync(name, nonce, path);
        Assert.Contains("Response verify OK", good, StringComparison.Ordinal);
        Assert.Contains($"{name}.pem: good", good, StringComparison.Ordinal);
        if (nonce && path == "/ocsp-echo")
        {
            Assert.Contains("OCSP Nonce:", good, StringComparison.Ordinal);
            Assert.DoesNotContain("WARNING", good, StringComparison.Ordinal);
        }
        else if (nonce)
        {
            // RFC 5019: the pre-signed answer carries no nonce; OpenSSL says so and accepts it.
            Assert.Contains("WARNING: no nonce in response", good, StringComparison.Ordinal);
            Assert.DoesNotContain("OCSP Nonce:", good, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("WARNING", good, StringComparison.Ordinal);
        }

        server.Statuses.Revoke(JpkiHierarchy.UserAuthentication, certificate.SerialNumber, DateTimeOffset.UtcNow.AddSeconds(-30), X509RevocationReason.KeyCompromise);
        var revoked = await OpenSslOcspAsync(name, nonce, path);
        Assert.Contains("Response verify OK", revoked, StringComparison.Ordinal);
        Assert.Contains($"{name}.pem: revoked", revoked, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", revoked, StringComparison.Ordinal);
        Assert.Contains("Revocation Time:", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PreSignedAnswer_CarriesCacheHeadersToItsNextUpdate_AndAnswers304ToItsETag_Rfc5019()
    {
        using var certificate = server.IssueAuthentication("get-cache");
        var path = "/ocsp/" + Uri.EscapeDataString(Convert.ToBase64String(Request(AuthCa, certificate.SerialNumber)));
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var basic = Assert.IsType<BasicOcspResp>(new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject());
        var single = Assert.Single(basic.Responses);
        Assert.Equal(new DateTimeOffset(single.ThisUpdate, TimeSpan.Zero), response.Content.Headers.LastModified);
        Assert.Equal(new DateTimeOffset(single.NextUpdate!.Value, TimeSpan.Zero), response.Content.Headers.Expires);
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Public && cache.NoTransform && cache.MustRevalidate);
        Assert.InRange(cache.MaxAge!.Value, TimeSpan.FromMinutes(55), TimeSpan.FromHours(1));
        var etag = response.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // An answer made for one request (a nonce, echoed) is not for caches.
        var echoPath = "/ocsp-echo/" + Uri.EscapeDataString(Convert.ToBase64String(Request(AuthCa, certificate.SerialNumber, nonce: new byte[16])));
        using var echoed = await _http.GetAsync(new Uri(echoPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        Assert.Null(echoed.Headers.CacheControl);
        Assert.Null(echoed.Headers.ETag);
    }

    private async Task<string> OpenSslOcspAsync(string name, bool nonce, string path) =>
        (await OpenSsl.RunAsync(server.Directory,
            "ocsp", "-issuer", "auth-ca.pem", "-cert", name + ".pem", "-url", new Uri(server.BaseAddress, path).ToString(),
            "-CAfile", "auth-ca.pem", "-resp_text", nonce ? "-nonce" : "-no_nonce")).EnsureSuccess().Output;
}
