using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests;

/// <summary>The user-authentication certificate against card-interface §6: none of the four details (E1).</summary>
public sealed class AuthenticationCertificateProfileTests : IDisposable
{
    private readonly JpkiAuthorities _authorities = NewAuthorities(ClockAt(IssueInstant));
    private readonly X509Certificate2 _cert;

    public AuthenticationCertificateProfileTests()
    {
        _cert = _authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2));
    }

    public void Dispose()
    {
        _cert.Dispose();
        _authorities.Dispose();
    }

    [Fact]
    public void AuthenticationCertificate_Subject_IsCountryAndOpaqueCnOnly_E1()
    {
        var subject = DecodeName(_cert.SubjectName.RawData);
        Assert.Equal(2, subject.Count);
        Assert.Equal(new Atv(C, UniversalTagNumber.PrintableString, "JP"), subject[0]);
        Assert.Equal(CN, subject[1].Oid);
        Assert.Matches("^[0-9A-Z]{23}$", subject[1].Value);
        Assert.DoesNotContain(subject, a => a.Oid == L);
    }

    [Fact]
    public void AuthenticationCertificate_Issued_HasNoSubjectAltNameAndNoPersonalDetailAnywhere_E1()
    {
        Assert.Null(_cert.Extensions[JpkiOids.SubjectAltName]);
        var der = _cert.RawData;
        foreach (var personal in new[] { "番号", "花子", "福島県", "419900102", "19900102" })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(personal);
            Assert.True(der.AsSpan().IndexOf(bytes) < 0, $"certificate contains '{personal}'");
        }
    }

    [Fact]
    public void AuthenticationCertificate_Issued_ExtensionsInOrderOnlyKeyUsageCritical_Interface6()
    {
        Assert.Equal(
            [JpkiOids.KeyUsage, JpkiOids.IssuerAltName, JpkiOids.CrlDistributionPoints,
             JpkiOids.CertificatePolicies, JpkiOids.AuthorityKeyIdentifier, JpkiOids.SubjectKeyIdentifier],
            _cert.Extensions.Select(e => e.Oid!.Value!).ToArray());
        Assert.Equal([true, false, false, false, false, false], _cert.Extensions.Select(e => e.Critical).ToArray());
    }

    [Fact]
    public void AuthenticationCertificate_KeyUsage_IsDigitalSignatureOnly_Interface6()
    {
        Assert.Equal(Convert.FromHexString("03020780"), Extension(_cert, JpkiOids.KeyUsage).RawData);
    }

    [Fact]
    public void AuthenticationCertificate_Issuer_NamesTheUserAuthenticationHierarchy_Interface6()
    {
        Assert.Equal(
            [
                new Atv(C, UniversalTagNumber.PrintableString, "JP"),
                new Atv(O, UniversalTagNumber.UTF8String, "JPKI"),
                new Atv(OU, UniversalTagNumber.UTF8String, "JPKI for user authentication"),
                new Atv(OU, UniversalTagNumber.UTF8String, "Japan Agency for Local Authority Information Systems"),
            ],
            DecodeName(_cert.IssuerName.RawData));
    }

    [Fact]
    public void AuthenticationCertificate_CrlDistributionPoint_NamesTheUserAuthenticationHierarchy_Interface6()
    {
        var fullName = SignatureCertificateProfileTests.ReadSingleFullName(Extension(_cert, JpkiOids.CrlDistributionPoints));
        var name = DecodeName(ReadDirectoryName(fullName));
        Assert.Equal(
            ["JP", "JPKI", "JPKI for user authentication", "CRL Distribution Points", "Fukushima-ken", "Koriyama-shi CRLDP"],
            name.Select(a => a.Value).ToArray());
        Assert.Equal([C, O, OU, OU, OU, CN], name.Select(a => a.Oid).ToArray());
    }

    [Fact]
    public void AuthenticationCertificate_CertificatePolicies_IsAuthenticationPolicy_Interface6()
    {
        // 30 0D 30 0B 06 09 2A 83 08 8C 9A 55 08 05 01 03 1E  =  { { 1.2.392.200149.8.5.1.3.30 } }
        var reader = new AsnReader(Extension(_cert, JpkiOids.CertificatePolicies).RawData, AsnEncodingRules.DER);
        var info = reader.ReadSequence().ReadSequence();
        Assert.Equal("1.2.392.200149.8.5.1.3.30", info.ReadObjectIdentifier());
        info.ThrowIfNotEmpty();
    }

    [Fact]
    public void AuthenticationCertificate_FromSignatureAuthority_IsRefused_E1()
    {
        Assert.Throws<InvalidOperationException>(() => _authorities.Signature.IssueAuthenticationCertificate(
            CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2)));
    }

    [Fact]
    public void AuthenticationCertificate_Issued_IsRecordedWithItsHierarchy_Interface6()
    {
        var record = Assert.Single(_authorities.Log.All, r => r.SerialNumber == _cert.SerialNumber);
        Assert.Equal(JpkiHierarchy.UserAuthentication, record.Hierarchy);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 23, 59, 59, Myna.Primitives.JapanClock.Offset), record.NotAfter);
    }
}
