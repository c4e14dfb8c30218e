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

    private sealed class FakeCrlNumberStore : ICrlNumberStore
    {
        public Dictionary<JpkiHierarchy, BigInteger> Numbers { get; } = [];

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
