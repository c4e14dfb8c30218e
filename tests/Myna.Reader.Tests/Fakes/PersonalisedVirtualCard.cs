using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Card.Image;
using Myna.Reader;
using Myna.Reader.Issuer;

namespace Myna.Reader.Tests.Fakes;

/// <summary>
/// The real chip emulator (<see cref="VirtualCard"/>) over a sealed card file in a temporary directory,
/// personalised here through the issuer protocol (docs/card.md §2) with a self-signed test issuer: keys are
/// generated on the chip, the certificates issued for the public keys it returns.
/// </summary>
/// <remarks><see cref="StartChip"/> opens the card file again each time: a second call is an emulator restart,
/// which keeps only what the chip made durable (P3).</remarks>
public sealed class PersonalisedVirtualCard : IDisposable
{
    private const string Serial = "4711000000000042";
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-card-").FullName;
    private readonly ChipSealingKey _sealingKey = ChipSealingKey.Generate();
    private readonly List<VirtualCard> _started = [];

    public PersonalisedVirtualCard()
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var authCaKey = RSA.Create(2048);
        using var signCaKey = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        AuthenticationCaCertificate = SelfSigned(authCaKey, "JPKI for user authentication", now);
        SignatureCaCertificate = SelfSigned(signCaKey, "JPKI for digital signature", now);

        using var card = VirtualCard.Manufacture(Store(), issuerKey.ExportSubjectPublicKeyInfo(), Serial);
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(issuerKey, Serial);

        issuer.Select(CardApplication.Jpki);
        var authPublic = issuer.GenerateKeyPair(JpkiFiles.AuthenticationKey);
        var signPublic = issuer.GenerateKeyPair(JpkiFiles.SignatureKey);
        AuthenticationCertificate = Issue(AuthenticationCaCertificate, authCaKey, authPublic,
            "CN=4711AUTH0000000042A, C=JP", X509KeyUsageFlags.DigitalSignature, now);
        SignatureCertificate = Issue(SignatureCaCertificate, signCaKey, signPublic,
            "CN=4711SIGN0000000042B, L=Kiyose-shi, L=Tokyo-to, C=JP",
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, now);
        issuer.PutFile(JpkiFiles.AuthenticationCertificate, AuthenticationCertificate.RawData);
        issuer.PutFile(JpkiFiles.AuthenticationCaCertificate, AuthenticationCaCertificate.RawData);
        issuer.PutFile(JpkiFiles.SignatureCertificate, SignatureCertificate.RawData);
        issuer.PutFile(JpkiFiles.SignatureCaCertificate, SignatureCaCertificate.RawData);
        issuer.SetPinBytes(JpkiFiles.AuthenticationPin, "1234"u8);
        issuer.SetPinBytes(JpkiFiles.SignaturePin, "ABC123"u8);

        issuer.Select(CardApplication.TextInputAssist);
        issuer.PutFile(TextApFiles.MyNumber, TestCard.MyNumberEf);
        issuer.PutFile(TextApFiles.BasicFourInformation, TestCard.BasicFourEf);
        issuer.SetPinBytes(TextApFiles.Pin, "5678"u8);

        issuer.Select(CardApplication.Common);
        issuer.PutFile(ResidentRegistryApFiles.CommonRecord,
            [0x01, 0x1C, .. "123456789012345"u8, .. "13221"u8, .. "20300217"u8]);
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
        var card = VirtualCard.Open(Store());
        _started.Add(card);
        return card;
    }

    private FileCardImageStore Store() => new(Path.Combine(_directory, "card.myna"), _sealingKey);

    private static X509Certificate2 SelfSigned(RSA key, string unit, DateTimeOffset now)
    {
        var request = new CertificateRequest(
            $"OU=Japan Agency for Local Authority Information Systems, OU={unit}, O=JPKI-TEST, C=JP",
            key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, RSAParameters subjectKey, string subject,
        X509KeyUsageFlags usage, DateTimeOffset now)
    {
        using var publicKey = RSA.Create(subjectKey);
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var generator = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(ca.SubjectName, generator, now.AddDays(-1), now.AddYears(5), RandomNumberGenerator.GetBytes(8));
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }

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
