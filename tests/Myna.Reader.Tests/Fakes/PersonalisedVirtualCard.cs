using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Testing.Pki;

namespace Myna.Reader.Tests.Fakes;

/// <summary>
/// The real chip emulator (<see cref="VirtualCard"/>) over a sealed card file in a temporary directory,
/// personalised by the issuing system's <see cref="CardPersonalizer"/> (docs/card.md §2) with test JPKI
/// authorities: keys generated on the chip, certificates issued for the public keys it returns. The
/// holder is the myna-card test card's (card-interface §2.2).
/// </summary>
/// <remarks><see cref="StartChip"/> opens the card file again each time: a second call is an emulator restart,
/// which keeps only what the chip made durable (P3).</remarks>
public sealed class PersonalisedVirtualCard : IDisposable
{
    private const string Serial = "4711000000000042";
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-card-").FullName;
    private readonly ChipSealingKey _sealingKey = ChipSealingKey.Generate();
    private readonly List<VirtualCard> _started = [];

    /// <summary>The myna-card test card's holder.</summary>
    public static BasicFourInformation Holder => TestCard.Holder;

    public PersonalisedVirtualCard()
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dataKey = RSA.Create(2048);
        // The authorities of a test installation (O=JPKI-TEST, as on J-LIS's test cards) certify the chip's keys.
        using var jpki = new TestJpki(TimeProvider.System, options: new JpkiAuthorityOptions { OrganizationName = "JPKI-TEST" });
        var certificates = jpki.CardIssuer(Holder, new JpkiMunicipality("Tokyo-to", "Kiyose-shi"), new DateOnly(2030, 2, 17));
        using (var card = VirtualCard.Manufacture(Store(), issuerKey.ExportSubjectPublicKeyInfo(), Serial))
        {
            using var sign = Pin.Parse(PinKind.Signature, SignaturePin).Value;
            using var auth = Pin.Parse(PinKind.UserAuthentication, AuthenticationPin).Value;
            using var juki = Pin.Parse(PinKind.ResidentRegistry, "4321").Value;
            using var text = Pin.Parse(PinKind.TextInputAssist, TextPin).Value;
            var request = new PersonalizationRequest(MyNumber.Parse("537686677188").Value, Holder,
                CardExpiry: CardExpiry, MunicipalityCode: "13221", SecurityCode: SecurityCode,
                SignaturePin: sign, UserAuthenticationPin: auth, ResidentRegistryPin: juki, TextInputAssistPin: text,
                Images: new CardFaceImages(NameImage, [0x89, 0x50, 0x4E, 0x47, 0x02], Photo, [0x89, 0x50, 0x4E, 0x47, 0x03], [0x89, 0x50, 0x4E, 0x47, 0x04]),
                Serial: Serial);
            var result = new CardPersonalizer(issuerKey, certificates, dataKey).Personalize(new EmulatorTransport(card), request);
            AuthenticationCertificate = X509CertificateLoader.LoadCertificate(result.AuthenticationCertificate!);
            SignatureCertificate = X509CertificateLoader.LoadCertificate(result.SignatureCertificate!);
        }
        AuthenticationCaCertificate = X509CertificateLoader.LoadCertificate(certificates.CaCertificate(CertificateKind.UserAuthentication));
        SignatureCaCertificate = X509CertificateLoader.LoadCertificate(certificates.CaCertificate(CertificateKind.Signature));
    }

    /// <summary>The card's expiry and security code, which make its 照合番号B with the date of birth: <c>55021720302285</c>.</summary>
    public static DateOnly CardExpiry => new(2030, 2, 17);
    public const string SecurityCode = "2285";

    /// <summary>The card face's photo (DF27): 3,000 bytes, so that it spans several READ BINARY chunks.</summary>
    public static byte[] Photo { get; } = Enumerable.Range(0, 3000).Select(i => unchecked((byte)(i * 7))).ToArray();

    /// <summary>The name image (DF25), a stand-in.</summary>
    public static byte[] NameImage { get; } = [0x89, 0x50, 0x4E, 0x47, 0x01];

    public string AuthenticationPin => "1234";
    public string SignaturePin => "ABC123";
    public string TextPin => "5678";
    public X509Certificate2 AuthenticationCertificate { get; }
    public X509Certificate2 SignatureCertificate { get; }
    public X509Certificate2 AuthenticationCaCertificate { get; }
    public X509Certificate2 SignatureCaCertificate { get; }

    /// <summary>Opens the card file in a new chip; a second call is an emulator restart.</summary>
    public VirtualCard StartChip()
    {
        // A restart: the old chip is gone (and lets go of the card file's lock) before the new one opens it.
        foreach (var old in _started)
            old.Dispose();
        var card = VirtualCard.Open(Store());
        _started.Add(card);
        return card;
    }

    private FileCardImageStore Store() => new(Path.Combine(_directory, "card.myna"), _sealingKey);

    public void Dispose()
    {
        foreach (var card in _started)
            card.Dispose();
        _sealingKey.Dispose();
        AuthenticationCertificate.Dispose();
        SignatureCertificate.Dispose();
        AuthenticationCaCertificate.Dispose();
        SignatureCaCertificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
