using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;
using static Myna.Pki.Tests.TestPki;
using OpenSslTool = Myna.Testing.Tools.OpenSsl;
using Myna.Testing.Pki;

namespace Myna.Pki.Tests.Revocation;

/// <summary>
/// Our CRLs read by OpenSSL: <c>verify -crl_check</c> accepts a good certificate and rejects a
/// revoked one, and <c>crl -text</c> shows the reason. A missing openssl binary fails the tests.
/// </summary>
public sealed class CrlOpenSslTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-crl-").FullName;
    private readonly TestJpki _pki = new(now: IssueInstant);
    private readonly CrlPublisher _signCrl;
    private readonly CrlPublisher _authCrl;
    private readonly X509Certificate2 _sign;
    private readonly X509Certificate2 _auth;

    public CrlOpenSslTests()
    {
        _signCrl = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock);
        _authCrl = new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock);
        _sign = _pki.IssueSignature();
        _auth = _pki.IssueAuthentication();
        Write("sign-root.pem", _pki.Authorities.Signature.ExportCertificatePem());
        Write("auth-root.pem", _pki.Authorities.Authentication.ExportCertificatePem());
        Write("sign.pem", _sign.ExportCertificatePem());
        Write("auth.pem", _auth.ExportCertificatePem());
    }

    public void Dispose()
    {
        _signCrl.Dispose();
        _authCrl.Dispose();
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sign")]
    [InlineData("auth")]
    public void OpenSslVerifyCrlCheck_GoodCertificate_IsOk(string which)
    {
        WriteCrls();
        var (exit, output) = Verify(which);
        Assert.True(exit == 0, output);
        Assert.Equal($"{which}.pem: OK", output.Trim());
    }

    [Fact]
    public void OpenSslVerifyCrlCheck_LostCard_BothCertificatesRevoked_L1()
    {
        _pki.FakeClock.Advance(TimeSpan.FromMinutes(1));
        _pki.Registry.Revoke(JpkiHierarchy.Signature, _sign.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, _auth.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        WriteCrls();

        foreach (var which in new[] { "sign", "auth" })
        {
            var (exit, output) = Verify(which);
            Assert.NotEqual(0, exit);
            Assert.Contains("certificate revoked", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OpenSslVerifyCrlCheck_DetailsChanged_RevokesSignatureOnly_M1()
    {
        _pki.Registry.Revoke(JpkiHierarchy.Signature, _sign.SerialNumber, RevocationReasons.ForDetailsChanged, _pki.Clock.GetUtcNow());
        WriteCrls();

        var (signExit, signOutput) = Verify("sign");
        Assert.NotEqual(0, signExit);
        Assert.Contains("certificate revoked", signOutput, StringComparison.Ordinal);
        var (authExit, authOutput) = Verify("auth");
        Assert.True(authExit == 0, authOutput);
    }

    [Fact]
    public void OpenSslVerifyCrlCheck_AfterNextUpdateWithoutRefresh_ReportsCrlExpired()
    {
        WriteCrls();
        var (exit, output) = Verify("auth", IssueInstant.AddHours(25));
        Assert.NotEqual(0, exit);
        Assert.Contains("CRL has expired", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSslCrlText_ShowsV2NumberAkiAndTheReason_L1_V7()
    {
        var other = _pki.IssueAuthentication();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, _auth.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, other.SerialNumber, RevocationReasons.ForCardExpired, _pki.Clock.GetUtcNow());
        WriteCrls();

        var text = OpenSsl("crl", "-in", "auth.crl.pem", "-noout", "-text");

        Assert.Contains("Version 2 (0x1)", text, StringComparison.Ordinal);
        Assert.Contains("Signature Algorithm: sha256WithRSAEncryption", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 CRL Number:", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier:", text, StringComparison.Ordinal);
        Assert.Contains("Last Update: Oct 27 01:00:00 2025 GMT", text, StringComparison.Ordinal);
        Assert.Contains("Next Update: Oct 28 01:00:00 2025 GMT", text, StringComparison.Ordinal);
        Assert.Contains("Serial Number: " + _auth.SerialNumber, text, StringComparison.Ordinal);
        Assert.Contains("Serial Number: " + other.SerialNumber, text, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", text, StringComparison.Ordinal);
        Assert.Contains("Cessation Of Operation", text, StringComparison.Ordinal);
        // The signature checks out against the issuing root.
        var verify = OpenSsl("crl", "-in", "auth.crl.pem", "-noout", "-CAfile", "auth-root.pem");
        Assert.Contains("verify OK", verify, StringComparison.Ordinal);
    }

    private void WriteCrls()
    {
        Write("sign.crl.pem", _signCrl.CurrentCrlPem);
        Write("auth.crl.pem", _authCrl.CurrentCrlPem);
    }

    private (int Exit, string Output) Verify(string which, DateTimeOffset? at = null) =>
        Run("verify", "-x509_strict", "-crl_check", "-attime", UnixTime(at ?? IssueInstant.AddHours(1)),
            "-CAfile", $"{which}-root.pem", "-CRLfile", $"{which}.crl.pem", $"{which}.pem");

    private static string UnixTime(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private void Write(string name, string pem) => File.WriteAllText(Path.Combine(_directory, name), pem);

    private string OpenSsl(params string[] args) => OpenSslTool.Succeeding(_directory, args);

    private (int Exit, string Output) Run(params string[] args)
    {
        var result = OpenSslTool.Run(_directory, args);
        return (result.ExitCode, result.Output);
    }
}
