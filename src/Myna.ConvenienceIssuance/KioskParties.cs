using Myna.ConvenienceIssuance.Centre;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Kiosk;
using Myna.Pki.Ocsp;
using Myna.Pki.Verification;
using Myna.Window.Procedures;

namespace Myna.ConvenienceIssuance;

/// <summary>
/// The parties of convenience-store issuance assembled once, as a server runs them (and its tests and benchmarks): the
/// store network, the issuance centre — a relying party of the JPKI authorities, asking their OCSP responder — and the
/// municipalities' certificate servers with their press, on the window's services (database, clock, crash points), and
/// the daily settlement.
/// </summary>
public sealed class KioskParties
{
    /// <param name="window">The window's services: the centre's payments run on its procedure skeleton.</param>
    /// <param name="ocsp">The authorities' OCSP responder, which the centre asks.</param>
    /// <param name="seals">The municipalities' sealing keys.</param>
    /// <param name="settings">The municipalities' settings in force at each call.</param>
    /// <param name="renderer">The PDF renderer (the default font when null).</param>
    public KioskParties(
        WindowServices window, OcspResponder ocsp, SealKeyring seals, Func<IReadOnlyDictionary<string, KioskSettings>> settings, CertificatePdf? renderer = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(ocsp);
        Stores = new StoreNetwork(window.Contexts);
        Renderer = renderer ?? new CertificatePdf();
        Press = new DocumentPress(seals, Renderer);
        Municipalities = new MunicipalCertificateServers(settings, window.Contexts, Press, window.Clock);
        var authorities = window.Issuing.Authorities;
        Verifier = CentreVerification.InProcess(authorities.Signature.Certificate, authorities.Authentication.Certificate, ocsp, window.Clock);
        Runner = new ProcedureRunner(window);
        Centre = new IssuanceCentre(window.Contexts, Stores, Verifier, Municipalities, Runner, window.Clock);
        Settlement = new DailySettlement(window.Contexts, window.Clock);
    }

    public StoreNetwork Stores { get; }

    public CertificatePdf Renderer { get; }

    public DocumentPress Press { get; }

    public MunicipalCertificateServers Municipalities { get; }

    /// <summary>The centre's verification of a card's answer (signature, chain, status by OCSP).</summary>
    public JpkiVerifier Verifier { get; }

    /// <summary>The procedure runner the centre's payments run on.</summary>
    public ProcedureRunner Runner { get; }

    public IssuanceCentre Centre { get; }

    public DailySettlement Settlement { get; }
}
