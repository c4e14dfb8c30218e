using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Myna.Pki.Revocation;
using Myna.Testing.Pki;

namespace Myna.Pki.Http.Tests;

/// <summary>
/// <c>POST /verify/login</c> and <c>POST /verify/cms</c> through real HTTP (E3); documents signed by
/// <c>openssl cms -sign</c> with a key whose certificate our signature CA issued.
/// </summary>
public sealed class VerificationEndpointTests(SystemClockServer fixture) : IClassFixture<SystemClockServer>, IDisposable
{
    private readonly PkiServer _server = fixture.Server;
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };
    private readonly RSA _signKey = RSA.Create(2048);
    private readonly RSA _authKey = RSA.Create(2048);

    public void Dispose()
    {
        _http.Dispose();
        _signKey.Dispose();
        _authKey.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? MediaType)> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return await ReadAsync(response);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? MediaType)> PostRawAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode, JsonElement, string?)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    private object Login(byte[] challenge, byte[] signature, byte[] certificate) => new
    {
        challenge = Convert.ToBase64String(challenge),
        signature = Convert.ToBase64String(signature),
        certificate = Convert.ToBase64String(certificate),
    };

    [Fact]
    public async Task Login_Valid_Is200Valid_WithTheCertificate()
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        var challenge = RandomNumberGenerator.GetBytes(32);
        var signature = _authKey.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var (status, body, _) = await PostAsync("/verify/login", Login(challenge, signature, card.Authentication.RawData));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("valid").GetBoolean(), body.ToString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("failure").ValueKind);
        var certificate = body.GetProperty("certificate");
        Assert.Equal(card.Authentication.SerialNumber, certificate.GetProperty("serialNumber").GetString());
        Assert.Equal("UserAuthentication", certificate.GetProperty("hierarchy").GetString());
        Assert.Equal("Good", body.GetProperty("revocation").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Login_FlippedBit_Is200Invalid_BadSignature()
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        var challenge = RandomNumberGenerator.GetBytes(32);
        var signature = _authKey.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        signature[7] ^= 0x04;
        var (status, body, _) = await PostAsync("/verify/login", Login(challenge, signature, card.Authentication.RawData));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Equal("BadSignature", body.GetProperty("failure").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("failure").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Login_Revoked_Is200Invalid_Revoked_L1()
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        _server.Registry.Revoke(JpkiHierarchy.UserAuthentication, card.Authentication.SerialNumber, RevocationReasons.ForCardLost, DateTimeOffset.UtcNow.AddSeconds(-5));
        var challenge = RandomNumberGenerator.GetBytes(32);
        var (_, body, _) = await PostAsync("/verify/login", Login(challenge, _authKey.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), card.Authentication.RawData));
        Assert.Equal("Revoked", body.GetProperty("failure").GetProperty("code").GetString());
        Assert.Equal("KeyCompromise", body.GetProperty("revocation").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Login_CertificateBytesNotACertificate_Is200MalformedInput()
    {
        var (status, body, _) = await PostAsync("/verify/login", Login([1, 2, 3], new byte[256], [0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("MalformedInput", body.GetProperty("failure").GetProperty("code").GetString());
    }

    [Fact]
    public async Task FuzzerFindings_Are200MalformedInput_Not500()
    {
        // What the fuzzer once found thrown out of the verifier (docs/fuzzing.md): a certificate whose key OpenSSL cannot
        // read, and a SignedData whose signer's attributes are not a SET.
        var corpus = Path.Combine(Myna.Testing.RepositoryRoot.Path, "fuzz", "corpus");
        var certificate = await File.ReadAllBytesAsync(Path.Combine(corpus, "login", "regression-unreadable-public-key"));
        var (loginStatus, login, _) = await PostAsync("/verify/login", Login([1, 2, 3], new byte[256], certificate));
        Assert.Equal(HttpStatusCode.OK, loginStatus);
        Assert.Equal("MalformedInput", login.GetProperty("failure").GetProperty("code").GetString());

        var signedData = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(corpus, "cms", "regression-attribute-not-a-set")));
        foreach (var content in new[] { Convert.ToBase64String("content"u8.ToArray()), null })
        {
            var (cmsStatus, cms, _) = await PostAsync("/verify/cms", new { signedData, content });
            Assert.Equal(HttpStatusCode.OK, cmsStatus);
            Assert.Equal("MalformedInput", cms.GetProperty("failure").GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("/verify/login", "not json")]
    [InlineData("/verify/login", "null")]
    [InlineData("/verify/login", "{\"challenge\":\"AAAA\",\"signature\":\"AAAA\"}")]
    [InlineData("/verify/login", "{\"challenge\":\"AAAA\",\"signature\":\"AAAA\",\"certificate\":\"!!!\"}")]
    [InlineData("/verify/login", "[1,2,3]")]
    [InlineData("/verify/cms", "{}")]
    [InlineData("/verify/cms", "{\"signedData\":\"AAAA\",\"content\":\"%%%\"}")]
    public async Task UnreadableRequest_Is400ProblemDetails(string path, string json)
    {
        var (status, body, mediaType) = await PostRawAsync(path, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task TooLargeLoginBody_Is4xx_Not500()
    {
        var json = "{\"challenge\":\"" + new string('A', 70_000) + "\",\"signature\":\"AAAA\",\"certificate\":\"AAAA\"}";
        var (status, _, mediaType) = await PostRawAsync("/verify/login", json);
        Assert.InRange((int)status, 400, 499);
        Assert.Equal("application/problem+json", mediaType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cms_OpenSslSigned_AttachedAndDetached_IsValid_WithSignerDetails(bool attached)
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        var name = attached ? "attached" : "detached";
        var (document, signedData) = await OpenSslSignAsync(name, card, attached);
        var request = attached
            ? (object)new { signedData = Convert.ToBase64String(signedData) }
            : new { signedData = Convert.ToBase64String(signedData), content = Convert.ToBase64String(document) };

        var (status, body, _) = await PostAsync("/verify/cms", request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("valid").GetBoolean(), body.ToString());
        var signer = body.GetProperty("signer");
        Assert.Equal(TestHolder.Hanako.Name, signer.GetProperty("name").GetString());
        Assert.Equal("1990-01-02", signer.GetProperty("birthDate").GetString());
        Assert.Equal("Female", signer.GetProperty("sex").GetString());
        Assert.Equal(TestHolder.Hanako.Address, signer.GetProperty("address").GetString());
        // openssl cms adds signingTime; the document was judged at it.
        var signingTime = body.GetProperty("signingTime").GetDateTimeOffset();
        Assert.InRange(signingTime, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(signingTime, body.GetProperty("timeOfUse").GetDateTimeOffset());
        Assert.Equal(card.Signature!.SerialNumber, body.GetProperty("certificate").GetProperty("serialNumber").GetString());
    }

    [Fact]
    public async Task Cms_OpenSslSigned_DocumentChanged_IsBadSignature()
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        var (document, signedData) = await OpenSslSignAsync("changed", card, attached: false);
        document[^1] ^= 0x20;
        var (_, body, _) = await PostAsync("/verify/cms", new { signedData = Convert.ToBase64String(signedData), content = Convert.ToBase64String(document) });
        Assert.Equal("BadSignature", body.GetProperty("failure").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cms_OpenSslSigned_WithTheAuthenticationKey_IsWrongHierarchy_E1()
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        _server.Write("wrong.pem", card.Authentication.ExportCertificatePem());
        _server.Write("wrong.key", _authKey.ExportPkcs8PrivateKeyPem());
        _server.Write("wrong.txt", "a document");
        var (exit, output) = await _server.OpenSslAsync("cms", "-sign", "-binary", "-in", "wrong.txt", "-signer", "wrong.pem", "-inkey", "wrong.key", "-outform", "DER", "-out", "wrong.p7s", "-nodetach");
        Assert.True(exit == 0, output);
        var (_, body, _) = await PostAsync("/verify/cms", new { signedData = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(_server.Directory, "wrong.p7s"))) });
        Assert.Equal("WrongHierarchy", body.GetProperty("failure").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cms_RevokedAfterSigning_IsValid_AndSaysSo()
    {
        using var card = _server.IssueCard(_signKey, _authKey);
        var (_, signedData) = await OpenSslSignAsync("later", card, attached: true);
        _server.Registry.Revoke(JpkiHierarchy.Signature, card.Signature!.SerialNumber, RevocationReasons.ForDetailsChanged, DateTimeOffset.UtcNow.AddMinutes(1));
        var (_, body, _) = await PostAsync("/verify/cms", new { signedData = Convert.ToBase64String(signedData) });
        Assert.True(body.GetProperty("valid").GetBoolean(), body.ToString());
        Assert.True(body.GetProperty("revokedAfterTimeOfUse").GetBoolean());
    }

    /// <summary>Signs a fresh document with <c>openssl cms -sign</c> (SHA-256, PKCS#1 v1.5), attached (<c>-nodetach</c>) or detached.</summary>
    private async Task<(byte[] Document, byte[] SignedData)> OpenSslSignAsync(string name, Pki.CardCertificates card, bool attached)
    {
        var document = Encoding.UTF8.GetBytes("申請書 " + name + " " + Guid.NewGuid());
        _server.Write(name + ".txt", document);
        _server.Write(name + "-sign.pem", card.Signature!.ExportCertificatePem());
        _server.Write(name + "-sign.key", _signKey.ExportPkcs8PrivateKeyPem());
        string[] arguments =
        [
            "cms", "-sign", "-binary", "-md", "sha256", "-in", name + ".txt", "-signer", name + "-sign.pem", "-inkey", name + "-sign.key",
            "-outform", "DER", "-out", name + ".p7s", .. attached ? new[] { "-nodetach" } : [],
        ];
        var (exit, output) = await _server.OpenSslAsync(arguments);
        Assert.True(exit == 0, output);
        return (document, File.ReadAllBytes(Path.Combine(_server.Directory, name + ".p7s")));
    }
}
