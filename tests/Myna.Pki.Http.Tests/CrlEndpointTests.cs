using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;

namespace Myna.Pki.Http.Tests;

/// <summary>The PKI server on the system clock (OpenSSL checks CRL and certificate times against real time).</summary>
public sealed class SystemClockServer : IAsyncLifetime
{
    public PkiServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PkiServer.StartAsync(TimeProvider.System);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary><c>GET /crl/…</c> on a real Kestrel: headers, 304, 404, and OpenSSL reading what it downloads.</summary>
public sealed class CrlEndpointTests(SystemClockServer fixture) : IClassFixture<SystemClockServer>, IDisposable
{
    private readonly PkiServer _server = fixture.Server;
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/crl/signature.crl", JpkiHierarchy.Signature)]
    [InlineData("/crl/authentication.crl", JpkiHierarchy.UserAuthentication)]
    public async Task Get_ServesTheCurrentCrl_WithCacheHeaders(string path, JpkiHierarchy hierarchy)
    {
        var publisher = hierarchy == JpkiHierarchy.Signature ? _server.SignatureCrl : _server.AuthenticationCrl;
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crl = publisher.Current;
        Assert.Equal(crl.Der.ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(crl.ThisUpdate, response.Content.Headers.LastModified);
        Assert.Equal(crl.NextUpdate, response.Content.Headers.Expires);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        var maxAge = response.Headers.CacheControl!.MaxAge!.Value;
        Assert.InRange(maxAge, crl.NextUpdate - DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), crl.NextUpdate - crl.ThisUpdate);
    }

    [Fact]
    public async Task IfNoneMatch_SameCrl_Is304_NewCrlAfterRevocation_Is200()
    {
        using var first = await _http.GetAsync(new Uri("/crl/signature.crl", UriKind.Relative));
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/crl/signature.crl", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // A revocation issues a new CRL at once: the ETag no longer matches.
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        using var card = _server.IssueCard(rsa, other);
        _server.Registry.Revoke(JpkiHierarchy.Signature, card.Signature!.SerialNumber, RevocationReasons.ForReissue, DateTimeOffset.UtcNow);
        using var after = new HttpRequestMessage(HttpMethod.Get, new Uri("/crl/signature.crl", UriKind.Relative));
        after.Headers.IfNoneMatch.Add(etag);
        using var changed = await _http.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Theory]
    [InlineData("/crl/other.crl")]
    [InlineData("/crl/signature.pem")]
    [InlineData("/crl/")]
    public async Task OtherNames_Are404(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Head_HasTheHeadersWithoutBody()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/crl/authentication.crl", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_server.AuthenticationCrl.Current.Der.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task OpenSslCrlText_ReadsTheDownloadedCrl()
    {
        var der = await _http.GetByteArrayAsync(new Uri("/crl/authentication.crl", UriKind.Relative));
        _server.Write("auth-download.crl", der);
        var (exit, text) = await _server.OpenSslAsync("crl", "-inform", "DER", "-in", "auth-download.crl", "-noout", "-text");
        Assert.True(exit == 0, text);
        Assert.Contains("OU = JPKI for user authentication", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuedCertificate_NamesTheHttpCrl_AndOpenSslDownloadsIt()
    {
        using var signKey = RSA.Create(2048);
        using var authKey = RSA.Create(2048);
        using var card = _server.IssueCard(signKey, authKey);
        var url = new Uri(_server.BaseAddress, "crl/authentication.crl").AbsoluteUri;
        var cdp = card.Authentication.Extensions["2.5.29.31"]!.Format(false);
        Assert.Contains(url, cdp, StringComparison.Ordinal);
        Assert.Contains(new Uri(_server.BaseAddress, "crl/signature.crl").AbsoluteUri, card.Signature!.Extensions["2.5.29.31"]!.Format(false), StringComparison.Ordinal);
        _server.Write("card-auth.pem", card.Authentication.ExportCertificatePem());

        // -crl_download: OpenSSL takes the CRL from the certificate's distribution point URI itself.
        var (exit, good) = await _server.OpenSslAsync("verify", "-crl_check", "-crl_download", "-CAfile", "auth-ca.pem", "card-auth.pem");
        Assert.True(exit == 0, good);
        Assert.Equal("card-auth.pem: OK", good.Trim());

        _server.Registry.Revoke(JpkiHierarchy.UserAuthentication, card.Authentication.SerialNumber, RevocationReasons.ForCardLost, DateTimeOffset.UtcNow.AddSeconds(-1));
        var (revokedExit, revoked) = await _server.OpenSslAsync("verify", "-crl_check", "-crl_download", "-CAfile", "auth-ca.pem", "card-auth.pem");
        Assert.NotEqual(0, revokedExit);
        Assert.Contains("certificate revoked", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslVerifyCrlCheck_WithTheDownloadedCrl_GoodThenRevoked_L1()
    {
        using var signKey = RSA.Create(2048);
        using var authKey = RSA.Create(2048);
        using var card = _server.IssueCard(signKey, authKey);
        _server.Write("sign-card.pem", card.Signature!.ExportCertificatePem());

        async Task<(int, string)> VerifyAsync()
        {
            var der = await _http.GetByteArrayAsync(new Uri("/crl/signature.crl", UriKind.Relative));
            _server.Write("sign-download.crl.der", der);
            var (exit, text) = await _server.OpenSslAsync("crl", "-inform", "DER", "-in", "sign-download.crl.der", "-out", "sign-download.crl.pem");
            Assert.True(exit == 0, text);
            return await _server.OpenSslAsync("verify", "-crl_check", "-CRLfile", "sign-download.crl.pem", "-CAfile", "sign-ca.pem", "sign-card.pem");
        }

        var (goodExit, good) = await VerifyAsync();
        Assert.True(goodExit == 0, good);
        _server.Registry.Revoke(JpkiHierarchy.Signature, card.Signature.SerialNumber, RevocationReasons.ForCardLost, DateTimeOffset.UtcNow.AddSeconds(-1));
        var (revokedExit, revoked) = await VerifyAsync();
        Assert.NotEqual(0, revokedExit);
        Assert.Contains("certificate revoked", revoked, StringComparison.Ordinal);
    }
}
