using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Cli.Commands;
using Myna.Testing.Tools;

namespace Myna.Cli.Tests;

/// <summary><c>myna sign</c>, <c>myna verify</c> and <c>myna auth sign-challenge</c> on card files, offline.</summary>
public class SignCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private const string SignPin = CardCreateCommand.DefaultSignaturePin;

    [Fact]
    public async Task SignThenVerifyOffline_NamesTheSigner_AndOpensslAgrees_E1()
    {
        var (_, document, cas) = await SignedDocumentAsync("offline");
        var verified = await fixture.RunAsync("verify", document + ".p7s", "--sign-ca", cas.Sign, "--auth-ca", cas.Auth, "--json");
        Assert.True(verified.Exit == ExitCodes.Ok, verified.ToString());
        using var json = JsonDocument.Parse(verified.Output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("番号　花子", json.RootElement.GetProperty("signer").GetProperty("name").GetString());
        Assert.Equal("1990-01-02", json.RootElement.GetProperty("signer").GetProperty("birthDate").GetString());
        // Offline: said plainly, not passed off as "not revoked".
        Assert.Equal("not-checked", json.RootElement.GetProperty("status").GetProperty("state").GetString());

        // Any relying party's tool reads the same signature.
        var openssl = await OpenSsl.RunAsync(fixture.Root, "cms", "-verify", "-binary", "-inform", "DER", "-in", document + ".p7s",
            "-content", document, "-CAfile", cas.Sign, "-purpose", "any", "-out", "/dev/null");
        Assert.True(openssl.ExitCode == 0, openssl.ToString());
    }

    [Fact]
    public async Task Verify_ChangedDocument_IsNotValid()
    {
        var (_, document, cas) = await SignedDocumentAsync("changed");
        await File.AppendAllTextAsync(document, "改ざん");
        var verified = await fixture.RunAsync("verify", document + ".p7s", "--sign-ca", cas.Sign, "--auth-ca", cas.Auth);
        Assert.Equal(ExitCodes.VerificationFailed, verified.Exit);
        Assert.Contains("BadSignature", verified.Error, StringComparison.Ordinal);
        Assert.Contains("the signature is not valid", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AgainstAnotherAuthority_IsNotValid()
    {
        var (_, document, _) = await SignedDocumentAsync("foreign");
        // Authorities of someone else, with the same names as J-LIS's.
        var foreign = (Sign: ForeignAuthority("OU=JPKI for digital signature, O=JPKI, C=JP"), Auth: ForeignAuthority("OU=JPKI for user authentication, O=JPKI, C=JP"));
        var verified = await fixture.RunAsync("verify", document + ".p7s", "--sign-ca", foreign.Sign, "--auth-ca", foreign.Auth, "--json");
        Assert.Equal(ExitCodes.VerificationFailed, verified.Exit);
        using var json = JsonDocument.Parse(verified.Output);
        Assert.Equal("UnknownIssuer", json.RootElement.GetProperty("failure").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Sign_Attached_CarriesTheDocument_AndAWrongPasswordCountsATry_P3()
    {
        var card = await fixture.NewCardAsync("attached");
        var document = Path.Combine(fixture.Root, $"attached-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(document, "申請書");
        var wrong = await fixture.RunWithInputAsync("WRONG1\n", "sign", document, "--card", card, "--pin-stdin", "--attached");
        Assert.Equal(ExitCodes.WrongPin, wrong.Exit);
        Assert.Contains("4 tries left", wrong.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(document + ".p7s"));

        var signed = await fixture.RunWithInputAsync(SignPin + "\n", "sign", document, "--card", card, "--pin-stdin", "--attached", "--pem", "--out", document + ".pem");
        Assert.True(signed.Exit == ExitCodes.Ok, signed.ToString());
        File.Delete(document); // attached: the signature alone is enough
        var cas = await ExportCasAsync(fixture.Home, card);
        var verified = await fixture.RunAsync("verify", document + ".pem", "--sign-ca", cas.Sign, "--auth-ca", cas.Auth);
        Assert.True(verified.Exit == ExitCodes.Ok, verified.ToString());
    }

    [Fact]
    public async Task Verify_WithoutTrust_SaysWhatToGive()
    {
        var (_, document, _) = await SignedDocumentAsync("no-trust");
        var verified = await fixture.RunAsync("verify", document + ".p7s");
        Assert.Equal(ExitCodes.BadInput, verified.Exit);
        Assert.Contains("--sign-ca", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignChallenge_WritesWhatVerifyLoginTakes_E1()
    {
        var card = await fixture.NewCardAsync("challenge");
        var challenge = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var signed = await fixture.RunWithInputAsync(CardCreateCommand.DefaultFourDigitPin + "\n", "auth", "sign-challenge", challenge, "--card", card, "--pin-stdin");
        Assert.True(signed.Exit == ExitCodes.Ok, signed.ToString());
        using var json = JsonDocument.Parse(signed.Output);
        Assert.Equal(challenge, json.RootElement.GetProperty("challenge").GetString());
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(
            Convert.FromBase64String(json.RootElement.GetProperty("certificate").GetString()!));
        using var key = certificate.GetRSAPublicKey()!;
        Assert.True(key.VerifyData(Convert.FromBase64String(challenge), Convert.FromBase64String(json.RootElement.GetProperty("signature").GetString()!),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));

        var bad = await fixture.RunWithInputAsync("1234\n", "auth", "sign-challenge", "not base64!", "--card", card, "--pin-stdin");
        Assert.Equal(ExitCodes.BadInput, bad.Exit);
    }

    private string ForeignAuthority(string subject)
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest(subject, key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(20));
        var path = Path.Combine(fixture.Root, $"foreign-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private async Task<(string Card, string Document, (string Sign, string Auth) Cas)> SignedDocumentAsync(string name)
    {
        var card = await fixture.NewCardAsync(name);
        var document = Path.Combine(fixture.Root, $"{name}-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(document, "確定申告書 令和8年分");
        var signed = await fixture.RunWithInputAsync(SignPin + "\n", "sign", document, "--card", card, "--pin-stdin");
        Assert.True(signed.Exit == ExitCodes.Ok, signed.ToString());
        return (card, document, await ExportCasAsync(fixture.Home, card));
    }

    private async Task<(string Sign, string Auth)> ExportCasAsync(Primitives.Hosting.MynaHome home, string card)
    {
        var sign = Path.Combine(fixture.Root, $"sign-ca-{Guid.NewGuid():N}.pem");
        var auth = Path.Combine(fixture.Root, $"auth-ca-{Guid.NewGuid():N}.pem");
        Assert.Equal(0, (await CliRunner.RunAsync(home, fixture.Clock, null, null, "card", "export", "sign-ca", "--card", card, "--out", sign)).Exit);
        Assert.Equal(0, (await CliRunner.RunAsync(home, fixture.Clock, null, null, "card", "export", "auth-ca", "--card", card, "--out", auth)).Exit);
        return (sign, auth);
    }
}

/// <summary>The same commands online, against the real server: its CA certificates, OCSP responder, CRLs and /verify/login.</summary>
[Collection(ServerCollection.Name)]
public sealed class OnlineSignCommandTests(ServerFixture server)
{
    [Fact]
    public async Task SignThenVerify_WithTheServersOcspAndCrl_SaysNotRevoked_E1()
    {
        var card = await server.DownloadCardAsync("online-sign");
        var document = Path.Combine(server.Root, $"online-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(document, "電子申請");
        var signed = await RunAsync("ABC123\n", "sign", document, "--card", card, "--pin-stdin");
        Assert.True(signed.Exit == ExitCodes.Ok, signed.ToString());

        var byOcsp = await RunAsync(null, "verify", document + ".p7s", "--server", server.Url, "--json");
        Assert.True(byOcsp.Exit == ExitCodes.Ok, byOcsp.ToString());
        using (var json = JsonDocument.Parse(byOcsp.Output))
        {
            Assert.Equal("good", json.RootElement.GetProperty("status").GetProperty("state").GetString());
            Assert.Equal("ocsp", json.RootElement.GetProperty("status").GetProperty("source").GetString());
            Assert.Equal("番号　花子", json.RootElement.GetProperty("signer").GetProperty("name").GetString());
        }
        var byCrl = await RunAsync(null, "verify", document + ".p7s", "--server", server.Url, "--crl", server.Url + "crl/", "--json");
        Assert.True(byCrl.Exit == ExitCodes.Ok, byCrl.ToString());
        using (var json = JsonDocument.Parse(byCrl.Output))
            Assert.Equal("crl", json.RootElement.GetProperty("status").GetProperty("source").GetString());
    }

    [Fact]
    public async Task CardShow_WithTheServer_GivesEachCertificatesStatus()
    {
        var card = await server.DownloadCardAsync("online-show");
        var shown = await RunAsync(null, "card", "show", card, "--server", server.Url, "--json");
        Assert.True(shown.Exit == ExitCodes.Ok, shown.ToString());
        using var json = JsonDocument.Parse(shown.Output);
        var auth = json.RootElement.GetProperty("certificates").EnumerateArray().Single(c => c.GetProperty("slot").GetString() == "auth");
        Assert.Equal("good", auth.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(server.AuthenticationCertificateSerial, auth.GetProperty("serialNumber").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task Verify_ServerUnreachable_SaysSo()
    {
        var card = await server.DownloadCardAsync("online-down");
        var document = Path.Combine(server.Root, $"down-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(document, "x");
        Assert.Equal(ExitCodes.Ok, (await RunAsync("ABC123\n", "sign", document, "--card", card, "--pin-stdin")).Exit);
        var verified = await RunAsync(null, "verify", document + ".p7s", "--server", $"http://127.0.0.1:{ServerFixture.FreePort()}/");
        Assert.Equal(ExitCodes.ServerUnreachable, verified.Exit);
        Assert.Contains("cannot reach", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignChallenge_IsAcceptedByTheServersVerifyLogin_E1()
    {
        var card = await server.DownloadCardAsync("online-login");
        var challenge = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var signed = await RunAsync(ServerFixture.AuthenticationPin + "\n", "auth", "sign-challenge", challenge, "--card", card, "--pin-stdin");
        Assert.True(signed.Exit == ExitCodes.Ok, signed.ToString());

        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var content = new StringContent(signed.Output, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("verify/login", content);
        var body = await ServerFixture.JsonAsync(response, HttpStatusCode.OK);
        Assert.True(body.GetProperty("valid").GetBoolean(), body.ToString());
    }

    /// <summary>The CLI on the server's data directory, on the real clock: the server issued the card at real time.</summary>
    private Task<CliResult> RunAsync(string? input, params string[] args) => CliRunner.RunAsync(server.Home, TimeProvider.System, input, null, args);

}
