using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Reader.Tests.Fakes;

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
    /// <summary>The text AP's PIN (券面事項入力補助用); the card holds the test card's EF 0001/0002 (spec §2.2).</summary>
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

/// <summary>The real chip emulator over a sealed card file, personalised through the issuer protocol.</summary>
public sealed class VirtualCardUnderTest : ICardUnderTest
{
    private readonly PersonalisedVirtualCard _card = new();

    public ISmartCardChip StartChip() => _card.StartChip();

    public string AuthenticationPin => _card.AuthenticationPin;
    public string SignaturePin => _card.SignaturePin;
    public string TextPin => _card.TextPin;
    public X509Certificate2 AuthenticationCertificate => _card.AuthenticationCertificate;
    public X509Certificate2 SignatureCertificate => _card.SignatureCertificate;
    public X509Certificate2 AuthenticationCaCertificate => _card.AuthenticationCaCertificate;
    public X509Certificate2 SignatureCaCertificate => _card.SignatureCaCertificate;

    public void Dispose() => _card.Dispose();
}
