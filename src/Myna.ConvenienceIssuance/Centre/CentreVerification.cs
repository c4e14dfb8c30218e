using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Ocsp;
using Myna.Pki.Verification;

namespace Myna.ConvenienceIssuance.Centre;

/// <summary>
/// How the issuance centre checks a card's user-authentication certificate: as a relying party of the JPKI authorities,
/// signature and chain itself, the status by OCSP. It keeps an answer for at most <see cref="StatusKeptFor"/> ("cached
/// status": one OCSP answer serves a holder's transactions of that minute), so a card suspended after a loss stops
/// working at the kiosks within that time whatever the responder's nextUpdate.
/// </summary>
public static class CentreVerification
{
    /// <summary>The longest an OCSP answer is relied on by the centre.</summary>
    public static readonly TimeSpan StatusKeptFor = TimeSpan.FromMinutes(1);

    /// <summary>A verifier that asks <paramref name="responder"/> over OCSP in this process (the protocol's bytes, no network).</summary>
    public static JpkiVerifier InProcess(
        X509Certificate2 signatureCa, X509Certificate2 authenticationCa, OcspResponder responder, TimeProvider clock) =>
        JpkiVerifier.OverOcspInProcess(signatureCa, authenticationCa, responder, clock, StatusKeptFor);
}
