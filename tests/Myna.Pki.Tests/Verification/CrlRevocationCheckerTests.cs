using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;

namespace Myna.Pki.Tests.Verification;

/// <summary>The CRL checker over CRL bytes from our <see cref="CrlPublisher"/>: signature, freshness, caching to nextUpdate.</summary>
public sealed class CrlRevocationCheckerTests : IDisposable
{
    private readonly VerificationTestPki _pki = new();
    private readonly CrlPublisher _authCrl;
    private int _fetches;

    public CrlRevocationCheckerTests() =>
        _authCrl = new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock);

    public void Dispose()
    {
        _authCrl.Dispose();
        _pki.Dispose();
    }

    private RevocationQuery Query => new(JpkiHierarchy.UserAuthentication, _pki.Authorities.Authentication.Certificate, _pki.Authentication.SerialNumber);

    private CrlRevocationChecker Checker(Func<byte[]> crl) => new((_, _) =>
    {
        Interlocked.Increment(ref _fetches);
        return ValueTask.FromResult(crl());
    }, _pki.Clock);

    [Fact]
    public async Task Good_ThenCachedUntilNextUpdate_ThenFetchedAgain()
    {
        using var checker = Checker(() => _authCrl.CurrentCrl);
        var first = await checker.CheckAsync(Query);
        Assert.Equal(RevocationState.Good, first.State);
        Assert.Equal(_authCrl.NextUpdate, first.ValidUntil);

        // Revoked now: a CRL relying party learns of it only with the next CRL it fetches (RFC 5280 §3.3).
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, _pki.Authentication.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        _pki.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(RevocationState.Good, (await checker.CheckAsync(Query)).State);
        Assert.Equal(1, _fetches);

        _pki.Clock.Advance(TimeSpan.FromHours(1)); // nextUpdate of the first CRL reached
        var later = await checker.CheckAsync(Query);
        Assert.Equal(2, _fetches);
        Assert.Equal(RevocationState.Revoked, later.State);
        Assert.Equal(X509RevocationReason.KeyCompromise, later.Reason);
    }

    [Fact]
    public async Task StaleCrl_IsUnavailable()
    {
        var old = _authCrl.CurrentCrl;
        using var checker = Checker(() => old);
        _pki.Clock.Advance(TimeSpan.FromHours(25));
        var check = await checker.CheckAsync(Query);
        Assert.Equal(RevocationState.Unavailable, check.State);
        Assert.Contains("stale", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrlWithFlippedSignatureBit_IsUnavailable()
    {
        using var checker = Checker(() =>
        {
            var der = _authCrl.CurrentCrl;
            der[^1] ^= 0x01;
            return der;
        });
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
    }

    [Fact]
    public async Task CrlOfTheOtherHierarchy_IsUnavailable()
    {
        using var signCrl = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock);
        using var checker = Checker(() => signCrl.CurrentCrl);
        var check = await checker.CheckAsync(Query);
        Assert.Equal(RevocationState.Unavailable, check.State);
        Assert.Equal(1, _fetches);
        // A failure is not cached: the next look asks again.
        await checker.CheckAsync(Query);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task NotACrl_IsUnavailable()
    {
        using var checker = Checker(() => [0x30, 0x00]);
        Assert.Equal(RevocationState.Unavailable, (await checker.CheckAsync(Query)).State);
    }
}
