using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Testing.Pki;

namespace Myna.Reader.Tests.Fakes;

/// <summary>
/// A personalised <see cref="ScriptedChip"/>: test JPKI authorities (not the J-LIS keys, card-interface §6), the two
/// end-entity certificates with their keys, the myna-card test card's text-AP records (card-interface §2.2) and PINs.
/// </summary>
public sealed class TestCard : IDisposable
{
    public const string AuthenticationPin = "1234";
    public const string SignaturePin = "ABC123";
    public const string TextPin = "1234";

    /// <summary>EF 0002 of the myna-card test card (card-interface §2.2), 104 bytes.</summary>
    public static readonly byte[] BasicFourEf = Convert.FromHexString(
        "ff2065df2108000e002000590064df220fe9bb92e6a190e38080e5b9b9e4b99fdf2336e69db1e4baace983bde6b885e780ace5b882e8a6b3e5b883e5ad90e58d97efbc91efbc92efbc8defbc97efbc8defbc92efbc90efbc92df24083139383030323137df250131");

    /// <summary>EF 0001 of the same card: <c>FF 10 0C "537686677188" FF FF</c> (17 bytes physical).</summary>
    public static readonly byte[] MyNumberEf = [0xFF, 0x10, 0x0C, .. "537686677188"u8, 0xFF, 0xFF];

    /// <summary>The holder of the myna-card test card, as its EF 0002 records her (card-interface §2.2).</summary>
    public static readonly BasicFourInformation Holder =
        new("黒桐　幹也", "東京都清瀬市観布子南１２－７－２０２", new DateOnly(1980, 2, 17), Sex.Male);

    public TestCard()
    {
        // Test authorities (O=JPKI-TEST, not the J-LIS keys) certify the run's shared card keys.
        using var authorities = new TestJpki(TimeProvider.System, options: new JpkiAuthorityOptions { OrganizationName = "JPKI-TEST" });
        var issuer = authorities.CardIssuer(Holder, new JpkiMunicipality("Tokyo-to", "Kiyose-shi"), new DateOnly(2030, 2, 17));
        AuthenticationKey = TestCardKeys.Authentication;
        SignatureKey = TestCardKeys.Signature;
        AuthenticationCa = X509CertificateLoader.LoadCertificate(issuer.CaCertificate(CertificateKind.UserAuthentication));
        SignatureCa = X509CertificateLoader.LoadCertificate(issuer.CaCertificate(CertificateKind.Signature));
        AuthenticationCertificate = X509CertificateLoader.LoadCertificate(
            issuer.IssueCertificate(CertificateKind.UserAuthentication, AuthenticationKey.ExportParameters(false)));
        SignatureCertificate = X509CertificateLoader.LoadCertificate(
            issuer.IssueCertificate(CertificateKind.Signature, SignatureKey.ExportParameters(false)));

        var jpki = State.Add(CardApplicationIds.Jpki);
        jpki.Pins[JpkiFiles.AuthenticationPin] = new FakePin(AuthenticationPin, 3);
        jpki.Pins[JpkiFiles.SignaturePin] = new FakePin(SignaturePin, 5);
        jpki.Keys[JpkiFiles.AuthenticationKey] = new FakeKey(AuthenticationKey, JpkiFiles.AuthenticationPin);
        jpki.Keys[JpkiFiles.SignatureKey] = new FakeKey(SignatureKey, JpkiFiles.SignaturePin);
        jpki.Files[JpkiFiles.AuthenticationCertificate] = new FakeFile(AuthenticationCertificate.RawData);
        jpki.Files[JpkiFiles.AuthenticationCaCertificate] = new FakeFile(AuthenticationCa.RawData);
        jpki.Files[JpkiFiles.SignatureCaCertificate] = new FakeFile(SignatureCa.RawData);
        jpki.Files[JpkiFiles.SignatureCertificate] = new FakeFile(SignatureCertificate.RawData, JpkiFiles.SignaturePin);
        jpki.Files[JpkiFiles.TokenInfo] = new FakeFile(TokenInfo());
        jpki.Files[JpkiFiles.CertificateAvailability] = new FakeFile([0x8F, 0x8F, 0x00]);

        var text = State.Add(CardApplicationIds.TextInputAssist);
        text.Pins[TextApFiles.Pin] = new FakePin(TextPin, 3);
        text.Files[TextApFiles.MyNumber] = new FakeFile(MyNumberEf, TextApFiles.Pin);
        text.Files[TextApFiles.BasicFourInformation] = new FakeFile(BasicFourEf, TextApFiles.Pin);

        var common = State.Add(CardApplicationIds.Common);
        common.Files[ResidentRegistryApFiles.CommonRecord] =
            new FakeFile([0x01, 0x1C, .. "123456789012345"u8, .. "13221"u8, .. "20300217"u8]);
        common.Pins[ResidentRegistryApFiles.Pin] = new FakePin("1234", 3);

        var juki = State.Add(CardApplicationIds.ResidentRegistry);
        juki.Pins[ResidentRegistryApFiles.Pin] = new FakePin("1234", 3);
    }

    public ChipState State { get; } = new();
    /// <summary>The run's shared test key (<see cref="TestCardKeys"/>): never dispose it.</summary>
    public RSA AuthenticationKey { get; }

    /// <inheritdoc cref="AuthenticationKey"/>
    public RSA SignatureKey { get; }
    public X509Certificate2 AuthenticationCa { get; }
    public X509Certificate2 SignatureCa { get; }
    public X509Certificate2 AuthenticationCertificate { get; }
    public X509Certificate2 SignatureCertificate { get; }

    /// <summary>A chip over this card's persistent state (a new one = the emulator restarted).</summary>
    public ScriptedChip NewChip() => new(State);

    /// <summary>EF 0006: a 160-byte CK_TOKEN_INFO whose label is <c>JPKIAPICCTOKEN2</c>, space padded (card-interface §2.1).</summary>
    private static byte[] TokenInfo()
    {
        var info = new byte[160];
        info.AsSpan().Fill((byte)' ');
        "JPKIAPICCTOKEN2"u8.CopyTo(info);
        return info;
    }

    public void Dispose()
    {
        AuthenticationCa.Dispose();
        SignatureCa.Dispose();
        AuthenticationCertificate.Dispose();
        SignatureCertificate.Dispose();
    }
}
