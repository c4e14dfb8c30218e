using Myna.Primitives;

namespace Myna.Pki;

/// <summary>
/// What a signature certificate (署名用電子証明書) says about its holder: the four basic details (E1) in the
/// SAN, and the issuing municipality in the subject's localities and the CRL distribution point (card-interface §6).
/// </summary>
public sealed record SignatureCertificateSubject(BasicFourInformation Person, JpkiMunicipality Municipality);
