using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Http.Tests;

/// <summary><c>GET /ca/…</c>: the two trust anchors in DER and PEM, and how the public endpoints answer a wrong method.</summary>
public sealed class CaCertificateEndpointTests(SystemClockServer fixture) : IClassFixture<SystemClockServer>, IDisposable
{
    private readonly PkiServer _server = fixture.Server;
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/ca/signature", JpkiHierarchy.Signature)]
    [InlineData("/ca/authentication", JpkiHierarchy.UserAuthentication)]
    public async Task Get_DerAndPem_AreTheAuthoritysCertificate(string path, JpkiHierarchy hierarchy)
    {
        var expected = _server.Authorities[hierarchy].Certificate.RawData;

        using var der = await _http.GetAsync(new Uri(path + ".cer", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, der.StatusCode);
        Assert.Equal("application/pkix-cert", der.Content.Headers.ContentType?.MediaType);
        Assert.True(der.Headers.CacheControl!.Public);
        using var fromDer = X509CertificateLoader.LoadCertificate(await der.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected, fromDer.RawData);

        using var pem = await _http.GetAsync(new Uri(path + ".pem", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pem.StatusCode);
        Assert.Equal("application/x-pem-file", pem.Content.Headers.ContentType?.MediaType);
        var text = await pem.Content.ReadAsStringAsync();
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", text, StringComparison.Ordinal);
        using var fromPem = X509Certificate2.CreateFromPem(text);
        Assert.Equal(expected, fromPem.RawData);
    }

    [Fact]
    public async Task Head_HasTheLengthButNoBody_AnotherName_Is404()
    {
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/ca/signature.cer", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(_server.Authorities.Signature.Certificate.RawData.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var other = await _http.GetAsync(new Uri("/ca/root.cer", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Theory]
    [InlineData("/verify/login")]
    [InlineData("/verify/cms")]
    public async Task Get_OnAPostOnlyEndpoint_Is405_WithAllow(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }
}
