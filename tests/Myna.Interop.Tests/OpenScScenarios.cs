using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Myna.Testing.Tools;

namespace Myna.Interop.Tests;

/// <summary>
/// The interop scenarios with OpenSC 0.23 (card-interface §5, §8): list certificates, read the signature
/// certificate with its PIN, sign with both keys through PKCS#11 and verify with openssl, and block the
/// authentication PIN with three wrong entries, a block that survives an emulator restart (P, P3).
/// Each derived class runs them against one kind of card.
/// </summary>
public abstract class OpenScScenarios : IAsyncLifetime
{
    private readonly PcscdFixture _pcsc;
    private readonly string _work = Directory.CreateTempSubdirectory("myna-interop-").FullName;

    protected OpenScScenarios(PcscdFixture pcsc) => _pcsc = pcsc;

    protected ICardUnderTest Card { get; private set; } = null!;

    /// <summary>Makes a freshly personalised card (every test gets its own: PIN counters are changed).</summary>
    protected abstract ICardUnderTest CreateCard();

    public async Task InitializeAsync()
    {
        _pcsc.RequireEnvironment();
        Card = CreateCard();
        await _pcsc.InsertAsync(Card.StartChip());
    }

    public async Task DisposeAsync()
    {
        await _pcsc.RemoveAsync();
        Card.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private string Reader => _pcsc.ReaderName;

    private string WorkFile(string name) => Path.Combine(_work, name);

    private Task<ToolResult> Pkcs15(params string[] args) =>
        ExternalTool.RunAsync("pkcs15-tool", ["-r", Reader, .. args]);

    /// <summary>The OpenSC PKCS#11 module on Debian x86-64 (card-interface §8).</summary>
    private const string OpenScPkcs11 = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

    private Task<ToolResult> Pkcs11(params string[] args) =>
        ExternalTool.RunAsync("pkcs11-tool", ["--module", OpenScPkcs11, .. args]);

    [Fact]
    public async Task OpenscTool_NamesTheCardJpki()
    {
        var result = (await ExternalTool.RunAsync("opensc-tool", "-r", Reader, "-n")).EnsureSuccess();
        Assert.Equal("jpki", result.StandardOutput.Trim().Split('\n')[^1].Trim());
    }

    [Fact]
    public async Task Pkcs15Tool_ListCertificates_ShowsAuthenticationAndBothCaCertificates()
    {
        var result = (await Pkcs15("--list-certificates")).EnsureSuccess();
        // pkcs15-jpki.c labels (card-interface §5): X.509 Certificate [<label>]
        Assert.Contains("[User Authentication Certificate]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[User Authentication Certificate CA]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[Digital Signature Certificate CA]", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pkcs15Tool_ListPins_ShowsThreeAndFiveTries_P()
    {
        var output = (await Pkcs15("--list-pins")).EnsureSuccess().StandardOutput;
        var auth = Section(output, "User Authentication PIN");
        var sign = Section(output, "Digital Signature PIN");
        Assert.Matches(@"Tries left\s*:\s*3\b", auth);
        Assert.Matches(@"Tries left\s*:\s*5\b", sign);
    }

    /// <summary>The lines of one object in pkcs15-tool's listing, from its label to the next blank line.</summary>
    private static string Section(string output, string label)
    {
        var start = output.IndexOf("[" + label + "]", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no [{label}] in:\n{output}");
        var end = output.IndexOf("\n\n", start, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    [Fact]
    public async Task Pkcs15Tool_ReadCertificate01_IsTheAuthenticationCertificate()
    {
        var result = (await Pkcs15("--read-certificate", "01")).EnsureSuccess();
        using var cert = X509Certificate2.CreateFromPem(result.StandardOutput);
        Assert.Equal(Card.AuthenticationCertificate.RawData, cert.RawData);
    }

    [Fact]
    public async Task Pkcs15Tool_ReadSignatureCertificate_NeedsTheSignaturePin()
    {
        var without = await Pkcs15("--read-certificate", "02");
        Assert.DoesNotContain("BEGIN CERTIFICATE", without.StandardOutput, StringComparison.Ordinal);

        var with = (await Pkcs15("--read-certificate", "02", "--verify-pin", "--auth-id", "02", "--pin", Card.SignaturePin))
            .EnsureSuccess();
        using var cert = X509Certificate2.CreateFromPem(with.StandardOutput);
        Assert.Equal(Card.SignatureCertificate.RawData, cert.RawData);
    }

    [Theory]
    [InlineData("0", "01", false)]
    [InlineData("1", "02", true)]
    public async Task Pkcs11Tool_Signs_OpensslVerifiesWithCertificateFromCard(string slot, string id, bool signatureKey)
    {
        var data = WorkFile("data");
        await File.WriteAllBytesAsync(data, RandomNumberGenerator.GetBytes(100));
        var pin = signatureKey ? Card.SignaturePin : Card.AuthenticationPin;
        (await Pkcs11("--slot", slot, "--login", "--pin", pin, "--sign", "--id", id, "-m", "SHA256-RSA-PKCS",
            "-i", data, "-o", WorkFile("sig"))).EnsureSuccess();

        // The certificate comes from the card, not from the test's own copy.
        var read = signatureKey
            ? await Pkcs15("--read-certificate", "02", "--verify-pin", "--auth-id", "02", "--pin", Card.SignaturePin)
            : await Pkcs15("--read-certificate", "01");
        await File.WriteAllTextAsync(WorkFile("cert.pem"), read.EnsureSuccess().StandardOutput);
        (await ExternalTool.RunAsync("openssl", "x509", "-in", WorkFile("cert.pem"), "-pubkey", "-noout", "-out", WorkFile("pub.pem")))
            .EnsureSuccess();
        var verify = (await ExternalTool.RunAsync("openssl", "dgst", "-sha256", "-verify", WorkFile("pub.pem"),
            "-signature", WorkFile("sig"), data)).EnsureSuccess();
        Assert.Contains("Verified OK", verify.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>card-interface §8 item 5: OpenSSL's pkcs11 engine (libengine-pkcs11-openssl via p11-kit) signs with the auth key.</summary>
    [Fact]
    public async Task OpensslPkcs11Engine_SignsWithAuthenticationKey()
    {
        var data = WorkFile("data");
        await File.WriteAllBytesAsync(data, RandomNumberGenerator.GetBytes(64));
        var key = "pkcs11:token=JPKI%20%28User%20Authentication%20PIN%29;object=User%20Authentication%20Key;" +
                  $"type=private;pin-value={Card.AuthenticationPin}";
        (await ExternalTool.RunAsync("openssl", "dgst", "-sha256", "-engine", "pkcs11", "-keyform", "engine",
            "-sign", key, "-out", WorkFile("sig"), data)).EnsureSuccess();
        var signature = await File.ReadAllBytesAsync(WorkFile("sig"));
        using var rsa = Card.AuthenticationCertificate.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(await File.ReadAllBytesAsync(data), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Pkcs11Tool_ThreeWrongAuthenticationPins_Block_SurvivesRestart_P_P3()
    {
        for (var i = 0; i < 3; i++)
        {
            var wrong = await Pkcs11("--slot", "0", "--login", "--pin", "9999", "-O");
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.Contains("CKR_PIN_INCORRECT", wrong.Output, StringComparison.Ordinal);
        }
        await AssertAuthenticationBlockedAsync();

        // Restart the emulator: the reader loses the card, a new chip process opens the same card.
        await _pcsc.RemoveAsync();
        await _pcsc.InsertAsync(Card.StartChip());
        await AssertAuthenticationBlockedAsync();
    }

    private async Task AssertAuthenticationBlockedAsync()
    {
        var right = await Pkcs11("--slot", "0", "--login", "--pin", Card.AuthenticationPin, "--sign", "--id", "01",
            "-m", "SHA256-RSA-PKCS", "-i", typeof(OpenScScenarios).Assembly.Location, "-o", WorkFile("sig-blocked"));
        Assert.NotEqual(0, right.ExitCode);
        using var transport = PcscTransport.Connect(Reader);
        Assert.True(new MynaCardClient(transport).GetPinStatus(PinKind.UserAuthentication).IsBlocked);
    }

    // ----- The same scenarios through our own reader library (PcscTransport + MynaCardClient).

    [Fact]
    public void ReaderLibrary_ReadsCertificates_ThroughPcsc()
    {
        using var transport = PcscTransport.Connect(Reader);
        var client = new MynaCardClient(transport);
        using var auth = client.ReadAuthenticationCertificate();
        using var authCa = client.ReadAuthenticationCaCertificate();
        using var signCa = client.ReadSignatureCaCertificate();
        Assert.Equal(Card.AuthenticationCertificate.RawData, auth.RawData);
        Assert.Equal(Card.AuthenticationCaCertificate.RawData, authCa.RawData);
        Assert.Equal(Card.SignatureCaCertificate.RawData, signCa.RawData);

        Assert.Equal(0x6982, Assert.Throws<CardCommandException>(() => client.ReadSignatureCertificate()).StatusWord.Value);
        using var pin = Pin.Parse(PinKind.Signature, Card.SignaturePin).Value;
        Assert.True(client.VerifyPin(pin).IsVerified);
        using var sign = client.ReadSignatureCertificate();
        Assert.Equal(Card.SignatureCertificate.RawData, sign.RawData);
    }

    [Theory]
    [InlineData(JpkiKey.UserAuthentication)]
    [InlineData(JpkiKey.Signature)]
    public void ReaderLibrary_SignsWithBothKeys_ThroughPcsc(JpkiKey key)
    {
        using var transport = PcscTransport.Connect(Reader);
        var client = new MynaCardClient(transport);
        var kind = key == JpkiKey.Signature ? PinKind.Signature : PinKind.UserAuthentication;
        using var pin = Pin.Parse(kind, key == JpkiKey.Signature ? Card.SignaturePin : Card.AuthenticationPin).Value;
        Assert.True(client.VerifyPin(pin).IsVerified);
        using var cert = key == JpkiKey.Signature ? client.ReadSignatureCertificate() : client.ReadAuthenticationCertificate();
        var digest = SHA256.HashData("interop"u8);
        var signature = client.SignDigest(key, digest);
        using var rsa = cert.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void ReaderLibrary_ReadsMyNumberAndBasicFour_ThroughPcsc_Interface2_2()
    {
        using var transport = PcscTransport.Connect(Reader);
        var client = new MynaCardClient(transport);
        using var pin = Pin.Parse(PinKind.TextInputAssist, Card.TextPin).Value;
        Assert.True(client.VerifyPin(pin).IsVerified);
        Assert.Equal(IssuedCardUnderTest.MyNumberDigits, client.ReadMyNumber().Reveal());
        var info = client.ReadBasicFourInformation();
        Assert.Equal(("黒桐　幹也", new DateOnly(1980, 2, 17), Sex.Male), (info.Name, info.BirthDate, info.Sex));
        Assert.Equal(((IssuedCardUnderTest)Card).CardExpiry, client.ReadCommonRecord().Expiry);
    }

    [Fact]
    public async Task ReaderLibrary_ThreeWrongAuthenticationPins_Block_SurvivesRestart_P_P3()
    {
        using (var transport = PcscTransport.Connect(Reader))
        {
            var client = new MynaCardClient(transport);
            using var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
            Assert.Equal(PinVerificationResult.Wrong(2), client.VerifyPin(wrong));
            Assert.Equal(PinVerificationResult.Wrong(1), client.VerifyPin(wrong));
            Assert.Equal(PinVerificationResult.Blocked, client.VerifyPin(wrong));
        }

        await _pcsc.RemoveAsync();
        await _pcsc.InsertAsync(Card.StartChip());

        using (var transport = PcscTransport.Connect(Reader))
        {
            var client = new MynaCardClient(transport);
            Assert.True(client.GetPinStatus(PinKind.UserAuthentication).IsBlocked);
            using var right = Pin.Parse(PinKind.UserAuthentication, Card.AuthenticationPin).Value;
            Assert.Equal(PinVerificationOutcome.Blocked, client.VerifyPin(right).Outcome);
        }
    }
}

/// <summary>The scenarios against the real chip emulator, issued by the issuing system with the JPKI authorities.</summary>
[Collection(InteropCollection.Name)]
public sealed class OpenScScenarios_VirtualCard(PcscdFixture pcsc) : OpenScScenarios(pcsc)
{
    protected override ICardUnderTest CreateCard() => new IssuedCardUnderTest();
}
