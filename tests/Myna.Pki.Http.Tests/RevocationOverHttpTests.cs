using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;

namespace Myna.Pki.Http.Tests;

/// <summary>
/// The verifier's OCSP and CRL paths against the real responder and CRL endpoint on Kestrel, on a fake clock
/// shared by server and client: one HTTP request while the answer holds, a new one at its nextUpdate.
/// </summary>
public sealed class RevocationOverHttpTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly RSA _signKey = RSA.Create(2048);
    private readonly RSA _authKey = RSA.Create(2048);
    private readonly CountingHandler _counter = new();
    private PkiServer _server = null!;
    private Pki.CardCertificates _card = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await PkiServer.StartAsync(_clock);
        _card = _server.IssueCard(_signKey, _authKey);
        _http = new HttpClient(_counter);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _card.Dispose();
        await _server.DisposeAsync();
        _signKey.Dispose();
        _authKey.Dispose();
    }

    private async Task<VerificationResult> LoginAsync(JpkiVerifier verifier)
    {
        var challenge = RandomNumberGenerator.GetBytes(32);
        return await verifier.VerifyLoginAsync(
            challenge, _authKey.SignData(challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), _card.Authentication.RawData);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ocsp_AnswerCachedUntilNextUpdate_ThenAskedAgain(bool nonce)
    {
        var checker = new OcspRevocationChecker(_http, _clock, new OcspCheckerOptions { ResponderUrl = new Uri(_server.BaseAddress, "ocsp"), UseNonce = nonce });
        var verifier = JpkiVerifier.For(_server.Authorities, checker, _clock);

        var first = await LoginAsync(verifier);
        Assert.True(first.IsValid, first.Failure?.Message);
        Assert.Equal("ocsp", first.Revocation!.Source);
        Assert.Equal(1, _counter.Count);
        var nextUpdate = first.Revocation.ValidUntil!.Value;
        Assert.Equal(_clock.GetUtcNow().AddHours(1), nextUpdate); // the responder's default validity

        _clock.SetUtcNow(nextUpdate.AddSeconds(-1));
        Assert.True((await LoginAsync(verifier)).IsValid);
        Assert.Equal(1, _counter.Count); // the cached answer, no second request

        _server.Registry.Revoke(JpkiHierarchy.UserAuthentication, _card.Authentication.SerialNumber, RevocationReasons.ForCardLost, _clock.GetUtcNow());
        _clock.SetUtcNow(nextUpdate);
        var revoked = await LoginAsync(verifier);
        Assert.Equal(2, _counter.Count);
        Assert.Equal(VerificationFailureCode.Revoked, revoked.Failure!.Code);
    }

    [Fact]
    public async Task Crl_FetchedOnce_UntilNextUpdate_ThenAgain()
    {
        var urls = new Dictionary<JpkiHierarchy, Uri>
        {
            [JpkiHierarchy.Signature] = new(_server.BaseAddress, "crl/signature.crl"),
            [JpkiHierarchy.UserAuthentication] = new(_server.BaseAddress, "crl/authentication.crl"),
        };
        using var checker = new CrlRevocationChecker(urls, _http, _clock);
        var verifier = JpkiVerifier.For(_server.Authorities, checker, _clock);

        var first = await LoginAsync(verifier);
        Assert.True(first.IsValid, first.Failure?.Message);
        Assert.Equal("crl", first.Revocation!.Source);
        Assert.Equal(_server.AuthenticationCrl.NextUpdate, first.Revocation.ValidUntil);
        Assert.Equal(1, _counter.Count);

        _server.Registry.Revoke(JpkiHierarchy.UserAuthentication, _card.Authentication.SerialNumber, RevocationReasons.ForCardLost, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(12));
        Assert.True((await LoginAsync(verifier)).IsValid); // the CRL in hand still holds; no request
        Assert.Equal(1, _counter.Count);

        _clock.SetUtcNow(first.Revocation.ValidUntil!.Value);
        var revoked = await LoginAsync(verifier);
        Assert.Equal(2, _counter.Count);
        Assert.Equal(VerificationFailureCode.Revoked, revoked.Failure!.Code);
        Assert.Equal("crl", revoked.Revocation!.Source);
    }

    [Fact]
    public async Task Ocsp_ResponderAnswers404_IsRevocationUnavailable()
    {
        // A URL where no responder is mapped: HTTP 404, not an OCSP answer.
        var checker = new OcspRevocationChecker(_http, _clock, new OcspCheckerOptions { ResponderUrl = new Uri(_server.BaseAddress, "no-such-responder") });
        var result = await LoginAsync(JpkiVerifier.For(_server.Authorities, checker, _clock));
        Assert.Equal(VerificationFailureCode.RevocationUnavailable, result.Failure!.Code);
    }
}
