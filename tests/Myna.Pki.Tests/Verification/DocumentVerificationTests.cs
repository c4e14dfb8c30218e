using System.Security.Cryptography.X509Certificates;
using System.Text;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests.Verification;

/// <summary>Signed documents (CMS SignedData by SignedCms), attached and detached, judged at their signing time (E3).</summary>
public sealed class DocumentVerificationTests : IDisposable
{
    private readonly VerificationTestPki _pki = new();
    private readonly byte[] _document = Encoding.UTF8.GetBytes("転入届 / notification of moving in");

    public DocumentVerificationTests() =>
        // Some time after issue, so that signing times can lie between issue and now.
        _pki.Clock.Advance(TimeSpan.FromDays(30));

    public void Dispose() => _pki.Dispose();

    private DateTimeOffset Now => _pki.Clock.GetUtcNow();

    private static void AssertFails(VerificationResult result, VerificationFailureCode code)
    {
        Assert.False(result.IsValid);
        Assert.Equal(code, result.Failure!.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Document_SignedWithSignatureKey_IsValid_WithSignerDetails_E1(bool detached)
    {
        var signingTime = Now.AddHours(-2);
        var cms = _pki.SignDocument(_document, detached, signingTime);
        var result = detached
            ? await _pki.Verifier.VerifyDetachedDocumentAsync(cms, _document)
            : await _pki.Verifier.VerifyDocumentAsync(cms);

        Assert.True(result.IsValid, result.Failure?.Message);
        Assert.Equal(Hanako, result.Signer);
        Assert.Equal(TruncateToSecond(signingTime), result.SigningTime);
        Assert.Equal(result.SigningTime, result.TimeOfUse);
        Assert.Equal(JpkiHierarchy.Signature, result.Certificate!.Hierarchy);
        Assert.False(result.RevokedAfterTimeOfUse);
    }

    [Fact]
    public async Task Document_WithoutSigningTime_IsJudgedNow()
    {
        var result = await _pki.Verifier.VerifyDocumentAsync(_pki.SignDocument(_document, detached: false, signingTime: null));
        Assert.True(result.IsValid, result.Failure?.Message);
        Assert.Null(result.SigningTime);
        Assert.Equal(Now, result.TimeOfUse);
    }

    [Fact]
    public async Task Document_ContentChanged_IsBadSignature()
    {
        var cms = _pki.SignDocument(_document, detached: true, Now);
        var changed = (byte[])_document.Clone();
        changed[0] ^= 0x01;
        AssertFails(await _pki.Verifier.VerifyDetachedDocumentAsync(cms, changed), VerificationFailureCode.BadSignature);
    }

    [Fact]
    public async Task Document_FlippedBitInSignatureValue_IsBadSignature()
    {
        var cms = _pki.SignDocument(_document, detached: false, Now);
        // The RSA signature value is the last OCTET STRING of the SignerInfo: its last byte ends the DER when no
        // unsigned attributes follow.
        cms[^1] ^= 0x01;
        AssertFails(await _pki.Verifier.VerifyDocumentAsync(cms), VerificationFailureCode.BadSignature);
    }

    [Fact]
    public async Task Document_DetachedWithoutContent_IsMalformedInput()
    {
        var cms = _pki.SignDocument(_document, detached: true, Now);
        AssertFails(await _pki.Verifier.VerifyDocumentAsync(cms), VerificationFailureCode.MalformedInput);
    }

    [Fact]
    public async Task Document_AttachedWithExtraContent_IsMalformedInput()
    {
        var cms = _pki.SignDocument(_document, detached: false, Now);
        AssertFails(await _pki.Verifier.VerifyDetachedDocumentAsync(cms, _document), VerificationFailureCode.MalformedInput);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3000")]
    [InlineData("300B06092A864886F70D010702")]
    public async Task Document_NotCms_IsMalformedInput(string hex)
    {
        AssertFails(await _pki.Verifier.VerifyDocumentAsync(Convert.FromHexString(hex)), VerificationFailureCode.MalformedInput);
    }

    [Fact]
    public async Task Document_SignedWithAuthenticationCertificate_IsWrongHierarchy_E1()
    {
        var cms = _pki.SignDocument(_document, detached: false, Now, _pki.Authentication, _pki.AuthenticationKey);
        var result = await _pki.Verifier.VerifyDocumentAsync(cms);
        AssertFails(result, VerificationFailureCode.WrongHierarchy);
        Assert.Null(result.Signer); // the user-authentication certificate records no details (E1)
    }

    [Fact]
    public async Task Document_RevokedBeforeSigning_IsRevoked_M1()
    {
        var revokedAt = Now.AddDays(-1);
        _pki.Registry.Revoke(JpkiHierarchy.Signature, _pki.Signature.SerialNumber, RevocationReasons.ForDetailsChanged, revokedAt);
        var result = await _pki.Verifier.VerifyDocumentAsync(_pki.SignDocument(_document, false, Now.AddHours(-1)));
        AssertFails(result, VerificationFailureCode.Revoked);
        Assert.Equal(X509RevocationReason.AffiliationChanged, result.Revocation!.Reason);
    }

    [Fact]
    public async Task Document_RevokedExactlyAtSigningTime_IsRevoked()
    {
        var at = TruncateToSecond(Now.AddHours(-1));
        _pki.Registry.Revoke(JpkiHierarchy.Signature, _pki.Signature.SerialNumber, RevocationReasons.ForCardLost, at);
        AssertFails(await _pki.Verifier.VerifyDocumentAsync(_pki.SignDocument(_document, false, at)), VerificationFailureCode.Revoked);
    }

    [Fact]
    public async Task Document_RevokedAfterSigning_IsValid_AndSaysSo()
    {
        var signed = _pki.SignDocument(_document, false, Now.AddDays(-2));
        _pki.Registry.Revoke(JpkiHierarchy.Signature, _pki.Signature.SerialNumber, RevocationReasons.ForCardLost, Now.AddDays(-1));
        var result = await _pki.Verifier.VerifyDocumentAsync(signed);
        Assert.True(result.IsValid, result.Failure?.Message);
        Assert.True(result.RevokedAfterTimeOfUse);
        Assert.Equal(RevocationState.Revoked, result.Revocation!.State);
    }

    [Fact]
    public async Task Document_SignedAfterNotAfter_IsExpired_E2()
    {
        // Valid to the 5th birthday after issue: 2030-01-02 23:59:59 JST (V2, E2).
        _pki.Clock.SetUtcNow(new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var result = await _pki.Verifier.VerifyDocumentAsync(_pki.SignDocument(_document, false, Now.AddHours(-1)));
        AssertFails(result, VerificationFailureCode.Expired);
    }

    [Fact]
    public async Task Document_SignedWhileValid_StaysValidAfterExpiry()
    {
        var signed = _pki.SignDocument(_document, false, Now);
        _pki.Clock.SetUtcNow(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True((await _pki.Verifier.VerifyDocumentAsync(signed)).IsValid);
    }

    [Fact]
    public async Task Document_SigningTimeBeforeNotBefore_IsNotYetValid()
    {
        var result = await _pki.Verifier.VerifyDocumentAsync(_pki.SignDocument(_document, false, IssueInstant.AddDays(-1)));
        AssertFails(result, VerificationFailureCode.NotYetValid);
    }

    [Fact]
    public async Task Document_SigningTimeInTheFuture_IsMalformedInput()
    {
        var result = await _pki.Verifier.VerifyDocumentAsync(_pki.SignDocument(_document, false, Now.AddHours(1)));
        AssertFails(result, VerificationFailureCode.MalformedInput);
    }

    [Fact]
    public async Task Document_FromForeignCa_IsUnknownIssuer()
    {
        using var foreign = new VerificationTestPki(new Keys.InMemoryCaKeyStore(), new JpkiAuthorityOptions { OrganizationName = "NOT-JPKI" });
        var cms = foreign.SignDocument(_document, false, Now, foreign.Signature, foreign.SignatureKey);
        AssertFails(await _pki.Verifier.VerifyDocumentAsync(cms), VerificationFailureCode.UnknownIssuer);
    }

    [Fact]
    public void SignerDetailsReader_AuthenticationCertificate_HasNone()
    {
        Assert.Null(SignerDetailsReader.Read(_pki.Authentication));
        Assert.Equal(Hanako, SignerDetailsReader.Read(_pki.Signature));
    }

    [Fact]
    public void VerificationResult_ToString_LeavesOutTheSignersDetails()
    {
        var result = new VerificationResult { Signer = Hanako };
        Assert.DoesNotContain(Hanako.Name, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Hanako.Address, result.ToString(), StringComparison.Ordinal);
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
