using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Issuance;
using Myna.Pki;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader.Tests.Fakes;
using Myna.Testing;

namespace Myna.Interop.Tests;

/// <summary>
/// A personalised card the interop scenarios run against: its chip (re-startable over the same persistent
/// state, as the emulator process restarting over its card file) and what the issuer put on it.
/// </summary>
public interface ICardUnderTest : IDisposable
{
    /// <summary>Starts the emulator over the card's persistent state; a second call is a restart.</summary>
    ISmartCardChip StartChip();

    string AuthenticationPin { get; }
    string SignaturePin { get; }
    /// <summary>The text AP's PIN (券面事項入力補助用); the card holds the test card's EF 0001/0002 (card-interface §2.2).</summary>
    string TextPin { get; }
    X509Certificate2 AuthenticationCertificate { get; }
    X509Certificate2 SignatureCertificate { get; }
    X509Certificate2 AuthenticationCaCertificate { get; }
    X509Certificate2 SignatureCaCertificate { get; }
}

/// <summary>The scripted fake of the reader tests, as a card under test.</summary>
public sealed class ScriptedCardUnderTest : ICardUnderTest
{
    private readonly TestCard _card = new();

    public ISmartCardChip StartChip() => _card.NewChip();

    public string AuthenticationPin => TestCard.AuthenticationPin;
    public string SignaturePin => TestCard.SignaturePin;
    public string TextPin => TestCard.TextPin;
    public X509Certificate2 AuthenticationCertificate => _card.AuthenticationCertificate;
    public X509Certificate2 SignatureCertificate => _card.SignatureCertificate;
    public X509Certificate2 AuthenticationCaCertificate => _card.AuthenticationCa;
    public X509Certificate2 SignatureCaCertificate => _card.SignatureCa;

    public void Dispose() => _card.Dispose();
}

/// <summary>
/// The real chip emulator over a sealed card file, issued by the real issuing system (Myna.Issuance): keys
/// generated on the chip, certificates from the JPKI authorities of Myna.Pki, card-face data signed. The
/// holder is the myna-card test card's (card-interface §2.2). <see cref="StartChip"/> opens the file again: a second
/// call is an emulator restart, which keeps only what the chip made durable (P3).
/// </summary>
public sealed class IssuedCardUnderTest : ICardUnderTest
{
    /// <summary>The myna-card test card's holder.</summary>
    public static BasicFourInformation Holder => TestCard.Holder;

    public const string MyNumberDigits = "537686677188";

    private readonly string _directory = TestDirectories.Create("myna-interop-");
    private readonly IssuingSystem _issuing;
    private readonly string _path;
    private readonly List<VirtualCard> _started = [];

    public IssuedCardUnderTest()
    {
        _issuing = IssuingSystem.Open(new MynaHome(TestKeySet.NewDataDirectoryIn(_directory)), TimeProvider.System);
        _path = Path.Combine(_directory, "card.myna");
        using var sign = Pin.Parse(PinKind.Signature, SignaturePin).Value;
        using var auth = Pin.Parse(PinKind.UserAuthentication, AuthenticationPin).Value;
        using var juki = Pin.Parse(PinKind.ResidentRegistry, "4321").Value;
        using var text = Pin.Parse(PinKind.TextInputAssist, TextPin).Value;
        var issued = _issuing.IssueCard(_path, new CardOrder(MyNumber.Parse(MyNumberDigits).Value, Holder,
            new JpkiMunicipality("Tokyo-to", "Kiyose-shi"), "13221", new CardPins(sign, auth, juki, text)));
        CardExpiry = issued.CardExpiry;
        AuthenticationCertificate = X509CertificateLoader.LoadCertificate(issued.AuthenticationCertificate!);
        SignatureCertificate = X509CertificateLoader.LoadCertificate(issued.SignatureCertificate!);
        AuthenticationCaCertificate = X509CertificateLoader.LoadCertificate(_issuing.Authorities.Authentication.ExportCertificateDer());
        SignatureCaCertificate = X509CertificateLoader.LoadCertificate(_issuing.Authorities.Signature.ExportCertificateDer());
    }

    public ISmartCardChip StartChip()
    {
        // A restart: the old chip is gone (and lets go of the card file's lock) before the new one opens it.
        foreach (var old in _started)
            old.Dispose();
        var card = _issuing.OpenCard(_path);
        _started.Add(card);
        return card;
    }

    public DateOnly CardExpiry { get; }
    public string AuthenticationPin => "1234";
    public string SignaturePin => "ABC123";
    public string TextPin => "5678";
    public X509Certificate2 AuthenticationCertificate { get; }
    public X509Certificate2 SignatureCertificate { get; }
    public X509Certificate2 AuthenticationCaCertificate { get; }
    public X509Certificate2 SignatureCaCertificate { get; }

    public void Dispose()
    {
        foreach (var card in _started)
            card.Dispose();
        _issuing.Dispose();
        AuthenticationCertificate.Dispose();
        SignatureCertificate.Dispose();
        AuthenticationCaCertificate.Dispose();
        SignatureCaCertificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
