using System.Net;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;

namespace Myna.Pki.Tests.Verification;

/// <summary>
/// The OCSP checker against our real <see cref="OcspResponder"/>, reached through an HTTP handler that hands the
/// POST body to it (and can tamper with the answer): what the checker must refuse. Over Kestrel: Myna.Pki.Http.Tests.
/// </summary>
public sealed class OcspRevocationCheckerTests : IDisposable
{
    private static readonly Uri ResponderUrl = new("http://responder.test/ocsp");
    private readonly VerificationTestPki _pki = new();
    private readonly OcspResponder _responder;

    public OcspRevocationCheckerTests() => _responder = new OcspResponder(_pki.Authorities, _pki.Registry, _pki.Clock);

    public void Dispose()
    {
        _responder.Dispose();
        _pki.Dispose();
    }

    private RevocationQuery Query => new(JpkiHierarchy.UserAuthentication, _pki.Authorities.Authentication.Certificate, _pki.Authentication.SerialNumber);

    private OcspRevocationChecker Checker(Func<byte[], byte[]> answer, bool nonce = true, HttpStatusCode status = HttpStatusCode.OK) =>
        new(new HttpClient(new Responder(answer, status)), _pki.Clock, new OcspCheckerOptions { ResponderUrl = ResponderUrl, UseNonce = nonce });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GoodThenRevoked_FromTheRealResponder(bool nonce)
    {
        var checker = Checker(r => _responder.Respond(r), nonce);
        var good = await checker.CheckAsync(Query);
        Assert.Equal(RevocationState.Good, good.State);
        Assert.Equal(_pki.Clock.GetUtcNow().AddHours(1), good.ValidUntil);

        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, _pki.Authentication.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        _pki.Clock.Advance(TimeSpan.FromHours(1)); // past the cached answer's nextUpdate
        var revoked = await checker.CheckAsync(Query);
        Assert.Equal(RevocationState.Revoked, revoked.State);
        Assert.Equal(X509RevocationReason.KeyCompromise, revoked.Reason);
    }

    [Fact]
    public async Task AMaxCacheAge_KeepsAnAnswerForLessThanItsNextUpdate_ThroughTheInProcessHandler()
    {
        var checker = new OcspRevocationChecker(new HttpClient(new InProcessOcspHandler(_responder)), _pki.Clock,
            new OcspCheckerOptions { ResponderUrl = ResponderUrl, UseNonce = false, MaxCacheAge = TimeSpan.FromMinutes(1) });
        var good = await checker.CheckAsync(Query);
        Assert.Equal(RevocationState.Good, good.State);
        Assert.Equal(_pki.Clock.GetUtcNow().AddMinutes(1), good.ValidUntil);

        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, _pki.Authentication.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        Assert.Equal(RevocationState.Good, (await checker.CheckAsync(Query)).State); // still the kept answer
        _pki.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RevocationState.Revoked, (await checker.CheckAsync(Query)).State);
    }

    [Fact]
    public async Task FlippedBitInTheAnswer_IsUnavailable()
    {
        var checker = Checker(r =>
        {
            var answer = _responder.Respond(r);
            answer[^300] ^= 0x01; // inside the embedded responder certificate, so its CA signature breaks
            return answer;
        });
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
    }

    [Fact]
    public async Task ReplayedAnswerWithAnotherNonce_IsUnavailable()
    {
        byte[]? first = null;
        using var echoing = new OcspResponder(_pki.Authorities, _pki.Registry, _pki.Clock, new OcspResponderOptions { Nonces = OcspNonceHandling.Echo });
        var checker = Checker(r => first ??= echoing.Respond(r));
        Assert.Equal(RevocationState.Good, (await checker.CheckAsync(Query)).State);
        var replay = Checker(r => first!);
        var check = await replay.CheckAsync(Query);
        Assert.Equal(RevocationState.Unavailable, check.State);
        Assert.Contains("nonce", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreSignedAnswerWithoutTheNonce_IsTakenOnItsFreshness_UnlessAnEchoIsRequired_Rfc5019()
    {
        // The responder's default: a nonce request gets the pre-signed answer, which carries none.
        Assert.Equal(RevocationState.Good, (await Checker(r => _responder.Respond(r)).CheckAsync(Query)).State);

        var strict = new OcspRevocationChecker(new HttpClient(new Responder(r => _responder.Respond(r), HttpStatusCode.OK)), _pki.Clock,
            new OcspCheckerOptions { ResponderUrl = ResponderUrl, RequireNonceEcho = true });
        var check = await strict.CheckAsync(Query);
        Assert.Equal(RevocationState.Unavailable, check.State);
        Assert.Contains("nonce", check.Detail, StringComparison.Ordinal);

        // Taken on freshness: once its nextUpdate has passed (and the responder is not asked again), it is not.
        byte[]? kept = null;
        var replaying = Checker(r => kept ??= _responder.Respond(r));
        Assert.Equal(RevocationState.Good, (await replaying.CheckAsync(Query)).State);
        _pki.Clock.Advance(TimeSpan.FromHours(2));
        var stale = await Checker(_ => kept!).CheckAsync(Query);
        Assert.Equal(RevocationState.Unavailable, stale.State);
        Assert.Contains("stale", stale.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAboutAnotherCertificate_IsUnavailable()
    {
        var checker = Checker(_ => _responder.Respond(Ocsp.OcspTestKit.Request(_pki.Authorities.Authentication.Certificate, _pki.Signature.SerialNumber)), nonce: false);
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
    }

    [Fact]
    public async Task AnswerSignedByAResponderOfAnotherCa_IsUnavailable()
    {
        using var foreign = new VerificationTestPki(new Keys.InMemoryCaKeyStore());
        using var foreignResponder = new OcspResponder(foreign.Authorities, foreign.Registry, _pki.Clock);
        // The foreign authority has the same DN but another key: its responder answers for "our" CA name.
        var checker = Checker(r => foreignResponder.Respond(r), nonce: false);
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
    }

    [Fact]
    public async Task HttpError_IsUnavailable_AndNotCached()
    {
        var calls = 0;
        var checker = Checker(r => { calls++; return []; }, status: HttpStatusCode.InternalServerError);
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task UnknownSerial_IsUnavailable()
    {
        var query = Query with { SerialNumber = "4242" };
        var checker = Checker(r => _responder.Respond(r));
        var check = await checker.CheckAsync(query);
        Assert.Equal(RevocationState.Unavailable, check.State);
        Assert.Contains("does not know", check.Detail, StringComparison.Ordinal);
    }

    /// <summary>Hands an OCSP POST body to a function and answers with what it returns.</summary>
    private sealed class Responder(Func<byte[], byte[]> answer, HttpStatusCode status) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("application/ocsp-request", request.Content!.Headers.ContentType!.MediaType);
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new ByteArrayContent(answer(body)) };
        }
    }
}
