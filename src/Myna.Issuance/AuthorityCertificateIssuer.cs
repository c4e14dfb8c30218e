using System.Security.Cryptography;
using Myna.Pki;
using Myna.Primitives;
using Myna.Reader.Issuer;

namespace Myna.Issuance;

/// <summary>Adapts the JPKI authorities to the personaliser for one holder's card.</summary>
internal sealed class AuthorityCertificateIssuer(
    JpkiAuthorities authorities, BasicFourInformation person, JpkiMunicipality municipality, DateOnly cardExpiry)
    : ICardCertificateIssuer
{
    public byte[] IssueCertificate(CertificateKind kind, RSAParameters publicKey)
    {
        using var certificate = kind switch
        {
            CertificateKind.Signature => authorities.Signature.IssueSignatureCertificate(
                publicKey, new SignatureCertificateSubject(person, municipality), cardExpiry),
            CertificateKind.UserAuthentication => authorities.Authentication.IssueAuthenticationCertificate(
                publicKey, person.BirthDate, municipality, cardExpiry),
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
