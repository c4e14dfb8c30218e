using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Primitives;

namespace Myna.Reader.Tests.Fakes;

/// <summary>
/// The real chip emulator (<see cref="VirtualCard"/>) over a sealed card file in a temporary directory,
/// personalised by the issuing system's <see cref="CardPersonalizer"/> (docs/card.md §2) with a self-signed
/// test JPKI issuer: keys generated on the chip, certificates issued for the public keys it returns. The
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

    public static readonly BasicFourInformation Holder =
        new("黒桐　幹也", "東京都清瀬市観布子南１２－７－２０２", new DateOnly(1980, 2, 17), Sex.Male);

    public PersonalisedVirtualCard()
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dataKey = RSA.Create(2048);
        using var jpki = new TestJpkiIssuer();
        using (var card = VirtualCard.Manufacture(Store(), issuerKey.ExportSubjectPublicKeyInfo(), Serial))
        {
            using var sign = Pin.Parse(PinKind.Signature, SignaturePin).Value;
            using var auth = Pin.Parse(PinKind.UserAuthentication, AuthenticationPin).Value;
            using var juki = Pin.Parse(PinKind.ResidentRegistry, "4321").Value;
            using var text = Pin.Parse(PinKind.TextInputAssist, TextPin).Value;
            var request = new PersonalizationRequest(MyNumber.Parse("537686677188").Value, Holder,
                CardExpiry: new DateOnly(2030, 2, 17), MunicipalityCode: "13221", SecurityCode: "2285",
                SignaturePin: sign, UserAuthenticationPin: auth, ResidentRegistryPin: juki, TextInputAssistPin: text,
                Serial: Serial);
            var result = new CardPersonalizer(issuerKey, jpki, dataKey).Personalize(new EmulatorTransport(card), request);
            AuthenticationCertificate = X509CertificateLoader.LoadCertificate(result.AuthenticationCertificate!);
            SignatureCertificate = X509CertificateLoader.LoadCertificate(result.SignatureCertificate!);
        }
        AuthenticationCaCertificate = X509CertificateLoader.LoadCertificate(jpki.CaCertificate(CertificateKind.UserAuthentication));
        SignatureCaCertificate = X509CertificateLoader.LoadCertificate(jpki.CaCertificate(CertificateKind.Signature));
    }

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

    /// <summary>A self-signed test JPKI CA per certificate kind, with the DN shape of card-interface §6 (O=JPKI-TEST).</summary>
    private sealed class TestJpkiIssuer : ICardCertificateIssuer, IDisposable
    {
        private readonly Dictionary<CertificateKind, (RSA Key, X509Certificate2 Root)> _cas = [];

        public TestJpkiIssuer()
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var kind in new[] { CertificateKind.UserAuthentication, CertificateKind.Signature })
            {
                var key = RSA.Create(2048);
                var unit = kind == CertificateKind.Signature ? "JPKI for digital signature" : "JPKI for user authentication";
                var request = new CertificateRequest(
                    $"OU=Japan Agency for Local Authority Information Systems, OU={unit}, O=JPKI-TEST, C=JP",
                    key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
                _cas[kind] = (key, request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10)));
            }
        }

        public byte[] CaCertificate(CertificateKind kind) => _cas[kind].Root.RawData;

        public byte[] IssueCertificate(CertificateKind kind, RSAParameters publicKey)
        {
            var (caKey, ca) = _cas[kind];
            using var subjectKey = RSA.Create(publicKey);
            var signature = kind == CertificateKind.Signature;
            var request = new CertificateRequest(
                signature ? "CN=4711SIGN0000000042B, L=Kiyose-shi, L=Tokyo-to, C=JP" : "CN=4711AUTH0000000042A, C=JP",
                subjectKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(signature
                ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation
                : X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = DateTimeOffset.UtcNow;
            using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
                now.AddDays(-1), now.AddYears(5), RandomNumberGenerator.GetBytes(8));
            return issued.RawData;
        }

        public void Dispose()
        {
            foreach (var (key, root) in _cas.Values)
            {
                key.Dispose();
                root.Dispose();
            }
        }
    }
}
