using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using static Myna.Pki.Tests.TestPki;

namespace Myna.Pki.Tests.Verification;

/// <summary>Login verification (E3): every failure reason produced for real, against in-process revocation.</summary>
public sealed class LoginVerificationTests : IDisposable
{
    private readonly VerificationTestPki _pki = new();
    private readonly byte[] _challenge = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _pki.Dispose();

    private ValueTask<VerificationResult> Login(byte[]? signature = null, X509Certificate2? certificate = null, JpkiVerifier? verifier = null) =>
        (verifier ?? _pki.Verifier).VerifyLoginAsync(
            _challenge, signature ?? VerificationTestPki.CardSign(_pki.AuthenticationKey, _challenge), (certificate ?? _pki.Authentication).RawData);

    private static void AssertFails(VerificationResult result, VerificationFailureCode code)
    {
        Assert.False(result.IsValid);
        Assert.Equal(code, result.Failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure.Message));
    }

    [Fact]
    public async Task Login_CardSignatureOverChallenge_IsValid_E3()
    {
        var result = await Login();
        Assert.True(result.IsValid, result.Failure?.Message);
        Assert.Equal(RevocationState.Good, result.Revocation!.State);
        Assert.Equal(_pki.Authentication.SerialNumber, result.Certificate!.SerialNumber);
        Assert.Equal(JpkiHierarchy.UserAuthentication, result.Certificate.Hierarchy);
        Assert.Equal(_pki.Clock.GetUtcNow(), result.TimeOfUse);
    }

    [Fact]
    public async Task Login_SecondCallHitsTheCache_StillChecksTheSignature()
    {
        Assert.True((await Login()).IsValid);
        var signature = VerificationTestPki.CardSign(_pki.AuthenticationKey, _challenge);
        signature[^1] ^= 0x01;
        AssertFails(await Login(signature), VerificationFailureCode.BadSignature);
        Assert.True((await Login()).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(255)]
    public async Task Login_FlippedSignatureBit_IsBadSignature(int index)
    {
        var signature = VerificationTestPki.CardSign(_pki.AuthenticationKey, _challenge);
        signature[index] ^= 0x10;
        AssertFails(await Login(signature), VerificationFailureCode.BadSignature);
    }

    [Fact]
    public async Task Login_SignatureOverAnotherChallenge_IsBadSignature()
    {
        var other = VerificationTestPki.CardSign(_pki.AuthenticationKey, RandomNumberGenerator.GetBytes(32));
        AssertFails(await Login(other), VerificationFailureCode.BadSignature);
    }

    [Fact]
    public async Task Login_SignedWithTheSignatureKey_IsBadSignature()
    {
        // The right certificate, but the chip's other key signed: the keys differ per hierarchy (card-interface §2.1).
        AssertFails(await Login(VerificationTestPki.CardSign(_pki.SignatureKey, _challenge)), VerificationFailureCode.BadSignature);
    }

    [Fact]
    public async Task Login_WithSignatureCertificate_IsWrongHierarchy_E1()
    {
        var signature = VerificationTestPki.CardSign(_pki.SignatureKey, _challenge);
        AssertFails(await Login(signature, _pki.Signature), VerificationFailureCode.WrongHierarchy);
    }

    [Fact]
    public async Task Login_CertificateFromForeignCa_IsUnknownIssuer()
    {
        using var foreign = new VerificationTestPki(new InMemoryCaKeyStore(), new JpkiAuthorityOptions { OrganizationName = "NOT-JPKI" });
        var result = await Login(VerificationTestPki.CardSign(foreign.AuthenticationKey, _challenge), foreign.Authentication);
        AssertFails(result, VerificationFailureCode.UnknownIssuer);
        Assert.Null(result.Certificate!.Hierarchy);
    }

    [Fact]
    public async Task Login_ImpostorCaWithTheSameName_IsUnknownIssuer()
    {
        // Same DN as the real authority, another key: the certificate names our CA but our CA did not sign it.
        using var impostor = new VerificationTestPki(new InMemoryCaKeyStore());
        Assert.Equal(_pki.Authorities.Authentication.Name.Name, impostor.Authorities.Authentication.Name.Name);
        var result = await Login(VerificationTestPki.CardSign(impostor.AuthenticationKey, _challenge), impostor.Authentication);
        AssertFails(result, VerificationFailureCode.UnknownIssuer);
        Assert.Null(result.Certificate!.Hierarchy);
    }

    [Fact]
    public async Task Login_CertificateWithFlippedBitInItsOwnSignature_IsBadSignature()
    {
        var der = _pki.Authentication.RawData;
        der[^1] ^= 0x01; // the last byte of signatureValue, the last field of the Certificate
        AssertFails(await Login(certificate: X509CertificateLoader.LoadCertificate(der)), VerificationFailureCode.BadSignature);
    }

    [Fact]
    public async Task Login_CaCertificateItself_IsNotAccepted()
    {
        // A one-tier hierarchy (card-interface §6): the chain is the end entity and its CA, so the root alone is no login.
        var result = await Login(certificate: _pki.Authorities.Authentication.Certificate);
        AssertFails(result, VerificationFailureCode.UnknownIssuer);
    }

    [Fact]
    public async Task Login_AfterNotAfter_IsExpired_V2()
    {
        // Issued 2025-10-27 to a holder born 1990-01-02: valid to the 5th birthday after issue, 2030-01-02 23:59:59 JST (V2).
        Assert.Equal(new DateTime(2030, 1, 2, 14, 59, 59, DateTimeKind.Utc), _pki.Authentication.NotAfter.ToUniversalTime());
        _pki.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 14, 59, 59, TimeSpan.Zero));
        Assert.True((await Login()).IsValid);
        _pki.Clock.Advance(TimeSpan.FromSeconds(1));
        AssertFails(await Login(), VerificationFailureCode.Expired);
    }

    [Fact]
    public async Task Login_BeforeNotBefore_IsNotYetValid()
    {
        var earlier = ClockAt(IssueInstant.AddSeconds(-1));
        AssertFails(await Login(verifier: _pki.VerifierWith(earlier)), VerificationFailureCode.NotYetValid);
    }

    [Fact]
    public async Task Login_CardReportedLost_IsRevoked_L1()
    {
        _pki.Clock.Advance(TimeSpan.FromDays(3));
        var revokedAt = _pki.Clock.GetUtcNow();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, _pki.Authentication.SerialNumber, RevocationReasons.ForCardLost, revokedAt);

        var result = await Login();
        AssertFails(result, VerificationFailureCode.Revoked);
        Assert.Equal(RevocationState.Revoked, result.Revocation!.State);
        Assert.Equal(X509RevocationReason.KeyCompromise, result.Revocation.Reason);
        Assert.Equal(revokedAt, result.Revocation.RevokedAt);
        Assert.Contains("KeyCompromise", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SignatureCertificateRevokedOnly_LoginStillValid_M1()
    {
        // M1: a change of details revokes only the signature certificate; the user-authentication one stays valid.
        _pki.Registry.Revoke(JpkiHierarchy.Signature, _pki.Signature.SerialNumber, RevocationReasons.ForDetailsChanged, _pki.Clock.GetUtcNow());
        Assert.True((await Login()).IsValid);
    }

    [Fact]
    public async Task Login_RevocationSourceDown_IsRevocationUnavailable()
    {
        var down = new CrlRevocationChecker((_, _) => throw new HttpRequestException("down"), _pki.Clock);
        var result = await Login(verifier: _pki.VerifierWith(_pki.Clock, down));
        AssertFails(result, VerificationFailureCode.RevocationUnavailable);
        Assert.Equal(RevocationState.Unavailable, result.Revocation!.State);
    }

    [Fact]
    public async Task Login_SerialTheRegistryNeverIssued_IsRevocationUnavailable()
    {
        var emptyRegistry = new CertificateRegistry();
        var result = await Login(verifier: _pki.VerifierWith(_pki.Clock, new InProcessRevocationChecker(emptyRegistry)));
        AssertFails(result, VerificationFailureCode.RevocationUnavailable);
    }

    [Fact]
    public async Task Login_KeyUsageWithoutDigitalSignature_IsWrongKeyUsage()
    {
        // A certificate the real CA key signs, but with keyEncipherment only: built by hand with the CA's signer.
        var store = new InMemoryCaKeyStore();
        using var pki = new VerificationTestPki(store);
        using var signer = store.Open(CertificateAuthority.KeyLabel(JpkiHierarchy.UserAuthentication))!;
        var request = new CertificateRequest(new X500DistinguishedName("C=JP, CN=KEYUSAGE"), pki.AuthenticationKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(pki.Authorities.Authentication.Certificate, true, false));
        using var odd = request.Create(pki.Authorities.Authentication.Name, signer.SignatureGenerator, IssueInstant, IssueInstant.AddYears(1), [0x42, 0x01]);

        var result = await pki.Verifier.VerifyLoginAsync(_challenge, VerificationTestPki.CardSign(pki.AuthenticationKey, _challenge), odd.RawData);
        AssertFails(result, VerificationFailureCode.WrongKeyUsage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("3082010A02820101")]
    public async Task Login_CertificateNotDer_IsMalformedInput(string hex)
    {
        var result = await _pki.Verifier.VerifyLoginAsync(_challenge, new byte[256], Convert.FromHexString(hex));
        AssertFails(result, VerificationFailureCode.MalformedInput);
        Assert.Null(result.Certificate);
    }

    [Fact]
    public async Task Login_EmptyOrHugeChallenge_IsMalformedInput()
    {
        AssertFails(await _pki.Verifier.VerifyLoginAsync(Array.Empty<byte>(), new byte[256], _pki.Authentication.RawData), VerificationFailureCode.MalformedInput);
        AssertFails(await _pki.Verifier.VerifyLoginAsync(new byte[1025], new byte[256], _pki.Authentication.RawData), VerificationFailureCode.MalformedInput);
    }

    [Fact]
    public async Task Login_ShortSignature_IsBadSignature()
    {
        AssertFails(await Login(new byte[10]), VerificationFailureCode.BadSignature);
    }
}
