using System.Security.Cryptography;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;

namespace Myna.Issuance;

/// <summary>Adapts the JPKI authorities to the personaliser for one holder's card, recording each certificate with <paramref name="requestId"/>.</summary>
public sealed class AuthorityCertificateIssuer(
    JpkiAuthorities authorities, BasicFourInformation person, JpkiMunicipality municipality, DateOnly cardExpiry, Guid? requestId)
    : ICardCertificateIssuer
{
    public byte[] IssueCertificate(CertificateKind kind, RSAParameters publicKey)
    {
        using var certificate = kind switch
        {
            CertificateKind.Signature => authorities.Signature.IssueSignatureCertificate(
                publicKey, new SignatureCertificateSubject(person, municipality), cardExpiry, requestId: requestId),
            CertificateKind.UserAuthentication => authorities.Authentication.IssueAuthenticationCertificate(
                publicKey, person.BirthDate, municipality, cardExpiry, requestId: requestId),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return certificate.RawData;
    }

    public byte[] CaCertificate(CertificateKind kind) => kind switch
    {
        CertificateKind.Signature => authorities.Signature.ExportCertificateDer(),
        CertificateKind.UserAuthentication => authorities.Authentication.ExportCertificateDer(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
