using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using static Myna.Pki.Tests.TestPki;
using OpenSslTool = Myna.Testing.Tools.OpenSsl;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests;

/// <summary>
/// The issued certificates read by software nobody here wrote: OpenSSL's <c>x509</c>, <c>verify</c> and
/// <c>asn1parse</c>. OpenSSL is part of the Debian base image; a missing binary fails the tests.
/// </summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-openssl-").FullName;
    private readonly JpkiAuthorities _authorities = NewAuthorities(ClockAt(IssueInstant));
    private readonly X509Certificate2 _sign;
    private readonly X509Certificate2 _auth;

    public OpenSslInteropTests()
    {
        _sign = _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2),
            new Uri("http://crl.myna.test/sign.crl"));
        _auth = _authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2));
        Write("sign-root.pem", _authorities.Signature.ExportCertificatePem());
        Write("auth-root.pem", _authorities.Authentication.ExportCertificatePem());
        Write("sign.pem", _sign.ExportCertificatePem());
        Write("auth.pem", _auth.ExportCertificatePem());
        File.WriteAllBytes(Path.Combine(_directory, "sign.der"), _sign.RawData);
    }

    public void Dispose()
    {
        _sign.Dispose();
        _auth.Dispose();
        _authorities.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void OpenSslText_SignatureCertificate_ShowsTheProfile_Interface6()
    {
        var text = OpenSsl("x509", "-in", "sign.pem", "-noout", "-text", "-nameopt", "RFC2253,-esc_msb");
        Assert.Contains("Version: 3 (0x2)", text, StringComparison.Ordinal);
        Assert.Contains("Signature Algorithm: sha256WithRSAEncryption", text, StringComparison.Ordinal);
        Assert.Contains("Public-Key: (2048 bit)", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Key Usage: critical", text, StringComparison.Ordinal);
        Assert.Contains("Digital Signature, Non Repudiation", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Subject Alternative Name:", text, StringComparison.Ordinal);
        // OpenSSL 3 prints otherNames it has no name for as "othername: <oid>::<value>", in encoded order.
        Assert.Contains(
            "othername: 1.2.392.200149.8.5.5.1::番号　花子, othername: 1.2.392.200149.8.5.5.4::419900102, " +
            "othername: 1.2.392.200149.8.5.5.3::2, othername: 1.2.392.200149.8.5.5.5::福島県郡山市朝日一丁目２３番７号, " +
            "othername: 1.2.392.200149.8.5.5.2::00000, othername: 1.2.392.200149.8.5.5.6::0000000000000000",
            text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Issuer Alternative Name:", text, StringComparison.Ordinal);
        // For a DirName inside a GeneralName OpenSSL uses its old one-line form and escapes the UTF-8 bytes.
        var escapedService = string.Concat(System.Text.Encoding.UTF8.GetBytes("公的個人認証サービス").Select(b => $"\\x{b:X2}"));
        Assert.Contains("DirName:/C=JP/O=" + escapedService, text, StringComparison.Ordinal);
        Assert.Contains(
            "DirName:C = JP, O = JPKI, OU = JPKI for digital signature, OU = CRL Distribution Points, OU = Fukushima-ken, CN = Koriyama-shi CRLDP",
            text, StringComparison.Ordinal);
        Assert.Contains("URI:http://crl.myna.test/sign.crl", text, StringComparison.Ordinal);
        Assert.Contains("Policy: 1.2.392.200149.8.5.1.1.20", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier:", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Subject Key Identifier:", text, StringComparison.Ordinal);
        Assert.Contains("Subject: CN=", text, StringComparison.Ordinal);
        Assert.Contains(",L=Koriyama-shi,L=Fukushima-ken,C=JP", text, StringComparison.Ordinal);
        Assert.Contains("Issuer: OU=Japan Agency for Local Authority Information Systems,OU=JPKI for digital signature,O=JPKI,C=JP", text, StringComparison.Ordinal);
        // Exactly one critical extension (card-interface §6).
        Assert.Single(text.Split('\n'), l => l.Contains(": critical", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenSslText_AuthenticationCertificate_HasNoSanAndDigitalSignatureOnly_E1()
    {
        var text = OpenSsl("x509", "-in", "auth.pem", "-noout", "-text", "-nameopt", "RFC2253,-esc_msb");
        Assert.Contains("Digital Signature", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Non Repudiation", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Subject Alternative Name", text, StringComparison.Ordinal);
        Assert.DoesNotContain("othername", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("L=", text.Split('\n').Single(l => l.Contains("Subject:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("Policy: 1.2.392.200149.8.5.1.3.30", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign-root.pem", "sign.pem")]
    [InlineData("auth-root.pem", "auth.pem")]
    public void OpenSslVerify_EndEntityAgainstItsRoot_IsOkEvenWhenStrict_Interface6(string root, string ee)
    {
        // -x509_strict adds OpenSSL's RFC 5280 checks (AKI/SKI presence, CA basicConstraints critical, …).
        var output = OpenSsl("verify", "-x509_strict", "-attime", AtTime(), "-CAfile", root, ee);
        Assert.Equal($"{ee}: OK", output.Trim());
    }

    [Theory]
    [InlineData("sign-root.pem", "JPKI for digital signature")]
    [InlineData("auth-root.pem", "JPKI for user authentication")]
    public void OpenSslText_Root_IsSelfSignedCaWithTheProfileExtensions_Interface6(string root, string unit)
    {
        Assert.Equal($"{root}: OK", OpenSsl("verify", "-x509_strict", "-attime", AtTime(), "-CAfile", root, root).Trim());
        var text = OpenSsl("x509", "-in", root, "-noout", "-text", "-nameopt", "RFC2253,-esc_msb");
        var name = $"OU=Japan Agency for Local Authority Information Systems,OU={unit},O=JPKI,C=JP";
        Assert.Contains("Issuer: " + name, text, StringComparison.Ordinal);
        Assert.Contains("Subject: " + name, text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Basic Constraints: critical", text, StringComparison.Ordinal);
        Assert.Contains("CA:TRUE", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Key Usage: critical", text, StringComparison.Ordinal);
        Assert.Contains("Certificate Sign, CRL Sign", text, StringComparison.Ordinal);
        Assert.Contains($"DirName:C = JP, O = JPKI, OU = {unit}, OU = Japan Agency for Local Authority Information Systems", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Subject Key Identifier:", text, StringComparison.Ordinal);
        Assert.Contains("Not After : Oct 26 14:59:59 2035 GMT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSslVerify_SignatureCertificateAgainstTheAuthenticationRoot_Fails_E1()
    {
        var (exit, output) = Run("verify", "-attime", AtTime(), "-CAfile", "auth-root.pem", "sign.pem");
        Assert.NotEqual(0, exit);
        Assert.Contains("unable to get local issuer certificate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSslVerify_AfterTheFifthBirthday_ReportsExpired_V2()
    {
        // Hanako's 5th birthday after issue is 2030-01-02; a day later the certificate has expired.
        var after = new DateTimeOffset(2030, 1, 3, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var (exit, output) = Run("verify", "-attime", after, "-CAfile", "sign-root.pem", "sign.pem");
        Assert.NotEqual(0, exit);
        Assert.Contains("certificate has expired", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSslAsn1Parse_SignatureCertificate_ParsesAndShowsTheOtherNameValues_Interface6()
    {
        // Parse the SAN's extnValue OCTET STRING contents as well (-strparse would need an offset; -i
        // with the extension dump is enough to see the strings).
        var outer = OpenSsl("asn1parse", "-inform", "DER", "-in", "sign.der", "-i");
        Assert.Contains("UTCTIME           :251027010000Z", outer, StringComparison.Ordinal);
        Assert.Contains("UTCTIME           :300102145959Z", outer, StringComparison.Ordinal);
        Assert.Contains("X509v3 Subject Key Identifier", outer, StringComparison.Ordinal);
        var sanOffset = SanValueOffset(outer);
        var san = OpenSsl("asn1parse", "-inform", "DER", "-in", "sign.der", "-strparse", sanOffset);
        Assert.Contains(":1.2.392.200149.8.5.5.4", san, StringComparison.Ordinal);
        Assert.Contains("UTF8STRING        :419900102", san, StringComparison.Ordinal);
        Assert.Contains("UTF8STRING        :2", san, StringComparison.Ordinal);
    }

    /// <summary>The offset of the OCTET STRING following the subjectAltName OID in <c>asn1parse</c> output.</summary>
    private static string SanValueOffset(string listing)
    {
        var lines = listing.Split('\n');
        var i = Array.FindIndex(lines, l => l.Contains("X509v3 Subject Alternative Name", StringComparison.Ordinal));
        Assert.True(i >= 0, "SAN OID not found by asn1parse");
        var octets = lines[i + 1];
        Assert.Contains("OCTET STRING", octets, StringComparison.Ordinal);
        return octets.Split(':', 2)[0].Trim();
    }

    private static string AtTime() =>
        IssueInstant.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private void Write(string name, string pem) => File.WriteAllText(Path.Combine(_directory, name), pem);

    private string OpenSsl(params string[] args) => OpenSslTool.Succeeding(_directory, args);

    private (int Exit, string Output) Run(params string[] args)
    {
        var result = OpenSslTool.Run(_directory, args);
        return (result.ExitCode, result.Output);
    }
}
