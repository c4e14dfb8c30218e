using System.Security.Cryptography.X509Certificates;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;

namespace Myna.Window.Procedures;

/// <summary>The card record's view of a certificate the authorities issued.</summary>
internal static class Certificates
{
    public static CardCertificate ToCardCertificate(JpkiHierarchy hierarchy, byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return new CardCertificate(hierarchy, certificate.SerialNumber,
            JapanClock.DateOf(new DateTimeOffset(certificate.NotBefore.ToUniversalTime())),
            JapanClock.DateOf(new DateTimeOffset(certificate.NotAfter.ToUniversalTime())));
    }

    public static CertificateKind KindOf(JpkiHierarchy hierarchy) =>
        hierarchy == JpkiHierarchy.Signature ? CertificateKind.Signature : CertificateKind.UserAuthentication;
}

/// <summary>A municipality's names in romaji, as the certificates carry them.</summary>
internal static class Romaji
{
    public static JpkiMunicipality Of(Municipality municipality) => new(municipality.PrefectureRomaji, municipality.NameRomaji);
}
