using System.Numerics;
using Myna.Pki.Revocation;
using Myna.Testing.Pki;
using static Myna.Pki.Tests.TestPki;

namespace Myna.Pki.Tests.Revocation;

/// <summary><see cref="CrlPublisher"/> with an <see cref="ICrlNumberStore"/>: numbers continue across restarts.</summary>
public sealed class CrlNumberStoreTests : IDisposable
{
    private readonly TestJpki _pki = new(now: IssueInstant);

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Publisher_ContinuesAboveTheStoredNumber_AndStoresEachNewOne()
    {
        var store = new FakeCrlNumberStore();
        store.Numbers[JpkiHierarchy.Signature] = 41;

        using var publisher = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        Assert.Equal(42, publisher.CurrentNumber);
        publisher.Publish();

        Assert.Equal(43, publisher.CurrentNumber);
        Assert.Equal([42, 43], store.Recorded);
        Assert.False(store.Numbers.ContainsKey(JpkiHierarchy.UserAuthentication));
    }

    [Fact]
    public void Publisher_FirstNumberAboveTheStoredOne_Wins()
    {
        var store = new FakeCrlNumberStore();
        store.Numbers[JpkiHierarchy.Signature] = 5;
        using var publisher = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock,
            new CrlPublisherOptions { NumberStore = store, FirstNumber = 100 });
        Assert.Equal(100, publisher.CurrentNumber);
    }

    [Fact]
    public void Publish_WhenTheStoreFails_KeepsTheCurrentCrl_AndTheNumberStaysFree()
    {
        var store = new FakeCrlNumberStore();
        using var publisher = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        var before = publisher.Current;

        store.Fail = true;
        Assert.Throws<InvalidOperationException>(publisher.Publish);
        Assert.Same(before, publisher.Current);

        store.Fail = false;
        publisher.Publish();
        Assert.Equal(2, publisher.CurrentNumber);
        Assert.Equal([1, 2], store.Recorded);
    }

    [Fact]
    public void TwoPublishers_OnOneStore_NumberStrictlyIncreasing_InTheOrderTheyPublish()
    {
        // Two processes on one database: each has its publisher of the hierarchy, the store is shared.
        var store = new FakeCrlNumberStore();
        using var first = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        using var second = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        first.Publish();
        first.Publish();
        second.Publish();
        first.Publish();

        Assert.Equal([1, 2, 3, 4, 5, 6], store.Recorded);
        Assert.Equal(6, first.CurrentNumber);
        Assert.Equal(5, second.CurrentNumber);
    }

    [Fact]
    public void Publish_WhenAnotherProcessTakesTheNumberBetweenReadAndRecord_SignsAgainAboveIt()
    {
        var store = new FakeCrlNumberStore();
        using var publisher = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        // The other process records 2 and 3 just after this publisher read 1: its 2 is refused, then 3, and 4 holds.
        store.TakenBeforeNextRecord.Enqueue(2);
        store.TakenBeforeNextRecord.Enqueue(3);

        publisher.Publish();

        Assert.Equal(4, publisher.CurrentNumber);
        Assert.Equal(new BigInteger(4), DecodedCrl.Decode(publisher.CurrentCrl).CrlNumber);
        Assert.Equal([1, 2, 3, 4], store.Recorded);
    }

    [Fact]
    public void Publisher_StoresEachCrlItSigns_WithItsNumber()
    {
        var store = new FakeCrlNumberStore();
        using var publisher = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        publisher.Publish();

        var stored = store.Crls[JpkiHierarchy.Signature];
        Assert.Same(publisher.Current, stored);
        Assert.Equal(new BigInteger(2), DecodedCrl.Decode(stored.Der.ToArray()).CrlNumber);
    }

    [Fact]
    public void Follower_ServesTheStoredCrl_AndLeavesRevocationsToTheSigner()
    {
        var store = new FakeCrlNumberStore();
        using var signer = new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        using var follower = new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock,
            new CrlPublisherOptions { NumberStore = store, StartAsFollower = true });
        // The follower signed nothing: it serves the very CRL the signer stored.
        Assert.Equal([1], store.Recorded);
        Assert.False(follower.IsSigning);
        Assert.True(signer.IsSigning);
        Assert.Equal(signer.CurrentCrl, follower.CurrentCrl);
        var published = 0;
        follower.Published += (_, _) => published++;

        var auth = _pki.IssueAuthentication();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, _pki.Clock.GetUtcNow());
        _pki.FakeClock.Advance(TimeSpan.FromHours(23.5));

        // Only the signer signed for the revocation and refreshes; the follower takes its CRL in.
        Assert.Equal([1, 2], store.Recorded);
        Assert.False(follower.RefreshIfDue());
        Assert.True(signer.RefreshIfDue());
        Assert.Equal(0, published);
        Assert.Equal(new BigInteger(1), follower.CurrentNumber);
        Assert.True(follower.Adopt(store.LastCrl(JpkiHierarchy.UserAuthentication)!));
        Assert.Equal(signer.CurrentCrl, follower.CurrentCrl);
        Assert.Equal(new BigInteger(3), follower.CurrentNumber);
    }

    [Fact]
    public void Adopt_NeverTakesAnOlderOrEqualCrl()
    {
        var store = new FakeCrlNumberStore();
        using var publisher = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store });
        var first = publisher.Current;
        publisher.Publish();
        var second = publisher.Current;

        Assert.False(publisher.Adopt(first));
        Assert.False(publisher.Adopt(second with { Pem = "another" }));
        Assert.Same(second, publisher.Current);
    }

    [Fact]
    public void BeginSigning_SignsAtOnce_AboveEveryStoredNumber_ThenOnRevocations_UntilStopSigning()
    {
        var store = new FakeCrlNumberStore();
        using (new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store }))
        {
            // The last holder, which then died.
        }
        using var follower = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock,
            new CrlPublisherOptions { NumberStore = store, StartAsFollower = true });
        Assert.Equal(new BigInteger(1), follower.CurrentNumber);

        Assert.True(follower.BeginSigning());
        Assert.False(follower.BeginSigning());
        Assert.Equal(new BigInteger(2), follower.CurrentNumber);
        var sign = _pki.IssueSignature();
        _pki.Registry.Revoke(JpkiHierarchy.Signature, sign.SerialNumber, RevocationReasons.ForDetailsChanged, _pki.Clock.GetUtcNow());
        Assert.Equal(new BigInteger(3), follower.CurrentNumber);

        follower.StopSigning();
        var other = _pki.IssueSignature();
        _pki.Registry.Revoke(JpkiHierarchy.Signature, other.SerialNumber, RevocationReasons.ForDetailsChanged, _pki.Clock.GetUtcNow());
        Assert.Equal(new BigInteger(3), follower.CurrentNumber);
        Assert.Equal([1, 2, 3], store.Recorded);
    }

    [Fact]
    public void Follower_WhoseStoredCrlIsPastItsNextUpdate_SignsOneAtStart()
    {
        var store = new FakeCrlNumberStore();
        using (new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock, new CrlPublisherOptions { NumberStore = store }))
        {
        }
        _pki.FakeClock.Advance(TimeSpan.FromHours(25));

        using var follower = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock,
            new CrlPublisherOptions { NumberStore = store, StartAsFollower = true });

        Assert.Equal(new BigInteger(2), follower.CurrentNumber);
        Assert.True(follower.NextUpdate > _pki.Clock.GetUtcNow());
        Assert.False(follower.IsSigning);
    }

    private sealed class FakeCrlNumberStore : ICrlNumberStore
    {
        public Dictionary<JpkiHierarchy, BigInteger> Numbers { get; } = [];

        public Dictionary<JpkiHierarchy, PublishedCrl> Crls { get; } = [];

        public void Record(JpkiHierarchy hierarchy, PublishedCrl crl)
        {
            Record(hierarchy, crl.Number);
            Crls[hierarchy] = crl;
        }

        public PublishedCrl? LastCrl(JpkiHierarchy hierarchy) => Crls.GetValueOrDefault(hierarchy);

        public List<BigInteger> Recorded { get; } = [];

        public bool Fail { get; set; }

        /// <summary>Numbers another process records, one before each of this publisher's records.</summary>
        public Queue<BigInteger> TakenBeforeNextRecord { get; } = [];

        public BigInteger? LastNumber(JpkiHierarchy hierarchy) => Numbers.TryGetValue(hierarchy, out var n) ? n : null;

        public void Record(JpkiHierarchy hierarchy, BigInteger number)
        {
            if (Fail)
                throw new InvalidOperationException("store down");
            if (TakenBeforeNextRecord.TryDequeue(out var taken))
            {
                Numbers[hierarchy] = taken;
                Recorded.Add(taken);
            }
            if (Numbers.TryGetValue(hierarchy, out var last) && number <= last)
                throw new CrlNumberTakenException(hierarchy, number);
            Numbers[hierarchy] = number;
            Recorded.Add(number);
        }
    }
}
