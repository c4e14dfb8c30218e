using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;
using Myna.Reader.Tests.Fakes;

namespace Myna.Reader.Tests;

/// <summary>
/// The client against the real chip emulator in-process (no PC/SC): the interop scenarios' flows, fast.
/// </summary>
public sealed class VirtualCardClientTests : IDisposable
{
    private readonly PersonalisedVirtualCard _card = new();

    public void Dispose() => _card.Dispose();

    private MynaCardClient Connect() => new(new EmulatorTransport(_card.StartChip()));

    private static Pin P(PinKind kind, string text) => Pin.Parse(kind, text).Value;

    [Fact]
    public void ReadsCertificates_SignsWithBothKeys_ReadsTextAp()
    {
        var client = Connect();
        using var auth = client.ReadAuthenticationCertificate();
        using var authCa = client.ReadAuthenticationCaCertificate();
        using var signCa = client.ReadSignatureCaCertificate();
        Assert.Equal(_card.AuthenticationCertificate.RawData, auth.RawData);
        Assert.Equal(_card.AuthenticationCaCertificate.RawData, authCa.RawData);
        Assert.Equal(_card.SignatureCaCertificate.RawData, signCa.RawData);

        var digest = SHA256.HashData("virtual card"u8);
        Assert.True(client.VerifyPin(P(PinKind.UserAuthentication, _card.AuthenticationPin)).IsVerified);
        Assert.True(Verify(auth, digest, client.SignDigest(JpkiKey.UserAuthentication, digest)));

        Assert.True(client.VerifyPin(P(PinKind.Signature, _card.SignaturePin)).IsVerified);
        using var sign = client.ReadSignatureCertificate();
        Assert.Equal(_card.SignatureCertificate.RawData, sign.RawData);
        Assert.True(Verify(sign, digest, client.SignDigest(JpkiKey.Signature, digest)));

        Assert.True(client.VerifyPin(P(PinKind.TextInputAssist, _card.TextPin)).IsVerified);
        Assert.Equal("537686677188", client.ReadMyNumber().Reveal());
        Assert.Equal("東京都清瀬市観布子南１２－７－２０２", client.ReadBasicFourInformation().Address);
        Assert.Equal("13221", client.ReadCommonRecord().MunicipalityCode);
    }

    [Fact]
    public void ThreeWrongAuthenticationPins_Block_SurvivesRestart_P_P3()
    {
        var client = Connect();
        using var wrong = P(PinKind.UserAuthentication, "9999");
        Assert.Equal(PinVerificationResult.Wrong(2), client.VerifyPin(wrong));
        Assert.Equal(PinVerificationResult.Wrong(1), client.VerifyPin(wrong));
        Assert.Equal(PinVerificationResult.Blocked, client.VerifyPin(wrong));

        var restarted = Connect();
        Assert.True(restarted.GetPinStatus(PinKind.UserAuthentication).IsBlocked);
        Assert.Equal(PinVerificationOutcome.Blocked,
            restarted.VerifyPin(P(PinKind.UserAuthentication, _card.AuthenticationPin)).Outcome);
        Assert.Equal(new PinStatus(5), restarted.GetPinStatus(PinKind.Signature));
    }

    [Fact]
    public void ChangeSignaturePin_NewPinWorksAfterRestart()
    {
        var client = Connect();
        Assert.True(client.ChangePin(P(PinKind.Signature, _card.SignaturePin), P(PinKind.Signature, "NEWPW99")).IsVerified);
        var restarted = Connect();
        Assert.Equal(PinVerificationResult.Wrong(4), restarted.VerifyPin(P(PinKind.Signature, _card.SignaturePin)));
        Assert.True(restarted.VerifyPin(P(PinKind.Signature, "NEWPW99")).IsVerified);
    }

    private static bool Verify(X509Certificate2 cert, byte[] digest, byte[] signature)
    {
        using var rsa = cert.GetRSAPublicKey()!;
        return rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
