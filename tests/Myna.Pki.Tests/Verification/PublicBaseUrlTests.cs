using System.Formats.Asn1;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests.Verification;

/// <summary>
/// <see cref="JpkiAuthorityOptions.PublicBaseUrl"/>: issued certificates name the HTTP CRL beside the DirName in
/// one DistributionPoint (RFC 5280 §4.2.1.13), where a relying party's CRL checker and OpenSSL fetch it.
/// </summary>
public sealed class PublicBaseUrlTests
{
    [Theory]
    [InlineData("https://jpki.example", JpkiHierarchy.Signature, "https://jpki.example/crl/signature.crl")]
    [InlineData("https://jpki.example/", JpkiHierarchy.UserAuthentication, "https://jpki.example/crl/authentication.crl")]
    [InlineData("http://127.0.0.1:8080/pki", JpkiHierarchy.Signature, "http://127.0.0.1:8080/pki/crl/signature.crl")]
    public void CrlUrl_IsUnderTheBase(string baseUrl, JpkiHierarchy hierarchy, string expected)
    {
        var options = new JpkiAuthorityOptions { PublicBaseUrl = new Uri(baseUrl) };
        Assert.Equal(expected, options.CrlUrl(hierarchy)!.AbsoluteUri);
        Assert.Null(new JpkiAuthorityOptions().CrlUrl(hierarchy));
    }

    [Theory]
    [InlineData("ftp://jpki.example/")]
    [InlineData("/relative")]
    public void NotAnAbsoluteHttpUrl_IsRefused(string url)
    {
        var options = new JpkiAuthorityOptions { PublicBaseUrl = new Uri(url, UriKind.RelativeOrAbsolute) };
        Assert.Throws<ArgumentException>(() => NewAuthorities(ClockAt(IssueInstant), options));
    }

    [Fact]
    public void IssuedCertificates_CarryDirNameThenUri_InOneDistributionPoint()
    {
        using var ca = NewAuthorities(ClockAt(IssueInstant), new JpkiAuthorityOptions { PublicBaseUrl = new Uri("https://jpki.example/") });
        using var certs = ca.IssueCardCertificates(CardPublicKey, SecondKey(), Hanako, Koriyama, new DateOnly(2035, 1, 2));
        Assert.Equal(["DirName", "https://jpki.example/crl/signature.crl"], FullNames(certs.Signature!));
        Assert.Equal(["DirName", "https://jpki.example/crl/authentication.crl"], FullNames(certs.Authentication));
    }

    [Fact]
    public void WithoutBaseUrl_OnlyTheDirName()
    {
        using var ca = NewAuthorities(ClockAt(IssueInstant));
        using var certs = ca.IssueCardCertificates(CardPublicKey, SecondKey(), Hanako, Koriyama, new DateOnly(2035, 1, 2));
        Assert.Equal(["DirName"], FullNames(certs.Authentication));
    }

    private static System.Security.Cryptography.RSAParameters SecondKey()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return rsa.ExportParameters(false);
    }

    /// <summary>The GeneralNames of the one DistributionPoint's fullName: "DirName" or the URI.</summary>
    private static List<string> FullNames(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var reader = new AsnReader(Extension(certificate, JpkiOids.CrlDistributionPoints).RawData, AsnEncodingRules.DER);
        var points = reader.ReadSequence();
        var point = points.ReadSequence();
        Assert.False(points.HasData);
        var fullName = point.ReadSequence(Context0).ReadSequence(Context0);
        var names = new List<string>();
        while (fullName.HasData)
        {
            var tag = fullName.PeekTag();
            if (tag.HasSameClassAndValue(Context4))
            {
                fullName.ReadEncodedValue();
                names.Add("DirName");
            }
            else
            {
                names.Add(fullName.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
            }
        }
        return names;
    }
}
