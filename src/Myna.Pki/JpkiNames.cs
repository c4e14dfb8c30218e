using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki;

/// <summary>
/// The distinguished names of card-interface §6, <c>C</c> as PrintableString and every other attribute as UTF8String,
/// which is the real encoding. <see cref="X500DistinguishedNameBuilder"/> encodes the RDN added last first
/// (it is built the way <c>X500DistinguishedName.Name</c> reads, most specific first), so
/// <see cref="InEncodedOrder"/> takes the attributes in the order they appear on the wire and adds them
/// reversed; the tests decode the DER to hold this.
/// </summary>
internal static class JpkiNames
{
    /// <summary>CA DN = end-entity issuer: <c>C=JP, O=JPKI, OU=JPKI for …, OU=Japan Agency for …</c>.</summary>
    public static X500DistinguishedName Authority(JpkiAuthorityOptions options, JpkiHierarchy hierarchy)
    {
        return InEncodedOrder(
            b => b.AddCountryOrRegion("JP"),
            b => b.AddOrganizationName(options.OrganizationName),
            b => b.AddOrganizationalUnitName(options.UnitName(hierarchy)),
            b => b.AddOrganizationalUnitName(options.AgencyName));
    }

    /// <summary>The DirName of the CA SAN and the end-entity issuerAltName: <c>C=JP, O=公的個人認証サービス</c>.</summary>
    public static X500DistinguishedName Service(JpkiAuthorityOptions options)
    {
        return InEncodedOrder(
            b => b.AddCountryOrRegion("JP"),
            b => b.AddOrganizationName(options.ServiceName));
    }

    /// <summary>
    /// The end-entity CRL distribution point: <c>C=JP, O=JPKI, OU=JPKI for …, OU=CRL Distribution Points,
    /// OU=&lt;prefecture&gt;, CN=&lt;city&gt; CRLDP</c> (card-interface §6; for user authentication [I]).
    /// </summary>
    public static X500DistinguishedName CrlDistributionPoint(
        JpkiAuthorityOptions options, JpkiHierarchy hierarchy, JpkiMunicipality municipality)
    {
        return InEncodedOrder(
            b => b.AddCountryOrRegion("JP"),
            b => b.AddOrganizationName(options.OrganizationName),
            b => b.AddOrganizationalUnitName(options.UnitName(hierarchy)),
            b => b.AddOrganizationalUnitName("CRL Distribution Points"),
            b => b.AddOrganizationalUnitName(municipality.PrefectureRomaji),
            b => b.AddCommonName(municipality.CityRomaji + " CRLDP"));
    }

    /// <summary>Signature subject: <c>C=JP, L=&lt;prefecture&gt;, L=&lt;city&gt;, CN=&lt;opaque id&gt;</c> (card-interface §6).</summary>
    public static X500DistinguishedName SignatureSubject(JpkiMunicipality municipality, string commonName)
    {
        return InEncodedOrder(
            b => b.AddCountryOrRegion("JP"),
            b => b.AddLocalityName(municipality.PrefectureRomaji),
            b => b.AddLocalityName(municipality.CityRomaji),
            b => b.AddCommonName(commonName));
    }

    /// <summary>User-authentication subject: <c>C=JP, CN=&lt;opaque id&gt;</c>, nothing personal (E1, card-interface §6).</summary>
    public static X500DistinguishedName AuthenticationSubject(string commonName)
    {
        return InEncodedOrder(
            b => b.AddCountryOrRegion("JP"),
            b => b.AddCommonName(commonName));
    }

    private static X500DistinguishedName InEncodedOrder(params Action<X500DistinguishedNameBuilder>[] attributes)
    {
        var builder = new X500DistinguishedNameBuilder();
        for (var i = attributes.Length - 1; i >= 0; i--)
            attributes[i](builder);
        return builder.Build();
    }
}
