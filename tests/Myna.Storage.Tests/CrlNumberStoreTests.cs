using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Storage.Certificates;

namespace Myna.Storage.Tests;

public abstract class CrlNumberStoreTests(StorageFixture storage)
{
    private static readonly DateTimeOffset Now = new(2025, 10, 27, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CrlPublisher_RecreatedAfterRestart_ContinuesNumbersAndListsEarlierRevocations()
    {
        var clock = new FakeTimeProvider(Now);
        using var ca = CertificateAuthority.LoadOrCreate(
            new InMemoryCaKeyStore(), JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        var serial = Restart.NewSerial();
        BigInteger last;
        {
            var registry = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
            using var publisher = new CrlPublisher(ca, registry, clock, new CrlPublisherOptions { NumberStore = new EfCrlNumberStore(storage.Contexts) });
            var first = publisher.CurrentNumber;
            registry.Record(new IssuedCertificateRecord(serial, JpkiHierarchy.Signature, Now, Now.AddYears(5)));
            registry.Revoke(JpkiHierarchy.Signature, serial, RevocationReasons.ForCardLost, Now); // re-issues: first + 1
            publisher.Publish(); // first + 2
            last = publisher.CurrentNumber;
            Assert.Equal(first + 2, last);
        }

        var reopened = Restart.Reopen(storage.Contexts);
        Assert.Equal(last, new EfCrlNumberStore(reopened).LastNumber(JpkiHierarchy.Signature));
        var registryAfter = new CertificateRegistry(new EfCertificateRegistryStore(reopened));
        using var publisherAfter = new CrlPublisher(ca, registryAfter, clock, new CrlPublisherOptions { NumberStore = new EfCrlNumberStore(reopened) });

        Assert.Equal(last + 1, publisherAfter.CurrentNumber);
        var crl = CertificateRevocationListBuilder.Load(publisherAfter.CurrentCrl, out var encodedNumber);
        Assert.Equal(last + 1, encodedNumber);
        // The revocation made before the restart is still on the CRL.
        Assert.True(crl.RemoveEntry(Convert.FromHexString(serial)));
    }

    [Fact]
    public void Store_NumberNotAboveTheLast_IsRefused()
    {
        var store = new EfCrlNumberStore(storage.Contexts);
        var next = (store.LastNumber(JpkiHierarchy.UserAuthentication) ?? BigInteger.Zero) + 1;
        store.Record(JpkiHierarchy.UserAuthentication, next);

        Assert.Throws<CrlNumberTakenException>(() => store.Record(JpkiHierarchy.UserAuthentication, next));
        Assert.Throws<CrlNumberTakenException>(() => store.Record(JpkiHierarchy.UserAuthentication, next - 1));
        Assert.Equal(next, store.LastNumber(JpkiHierarchy.UserAuthentication));
    }

    [Fact]
    public void Store_HoldsNumbersBeyondSixtyFourBits()
    {
        var store = new EfCrlNumberStore(storage.Contexts);
        // 20 octets, the most RFC 5280 §5.2.3 allows, far above any earlier test's numbers.
        var huge = BigInteger.Pow(2, 159) - 1;
        store.Record(JpkiHierarchy.UserAuthentication, huge);
        Assert.Equal(huge, new EfCrlNumberStore(Restart.Reopen(storage.Contexts)).LastNumber(JpkiHierarchy.UserAuthentication));
    }

    [Fact]
    public void TwoWriters_FromTheSameNumber_TheSecondFails()
    {
        new EfCrlNumberStore(storage.Contexts).Record(JpkiHierarchy.Signature,
            (new EfCrlNumberStore(storage.Contexts).LastNumber(JpkiHierarchy.Signature) ?? 0) + 1);
        using var first = storage.Contexts.CreateDbContext();
        using var second = storage.Contexts.CreateDbContext();
        var a = first.CrlNumbers.Single(r => r.Hierarchy == JpkiHierarchy.Signature);
        var b = second.CrlNumbers.Single(r => r.Hierarchy == JpkiHierarchy.Signature);
        a.LastNumber += 1;
        b.LastNumber += 1;
        first.SaveChanges();

        Assert.Throws<DbUpdateConcurrencyException>(() => second.SaveChanges());
    }

    [Fact]
    public void TwoProcesses_PublishingAtOnce_NeverIssueTheSameOrALowerNumber()
    {
        // Two processes on one database: each its CA handle and its publisher, numbering in one table.
        var clock = new FakeTimeProvider(Now);
        var keys = new InMemoryCaKeyStore();
        using var caA = CertificateAuthority.LoadOrCreate(keys, JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        using var caB = CertificateAuthority.LoadOrCreate(keys, JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        var registry = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        var current = new System.Collections.Concurrent.ConcurrentQueue<BigInteger>();
        using var a = new CrlPublisher(caA, registry, clock, new CrlPublisherOptions { NumberStore = new Recording(new EfCrlNumberStore(storage.Contexts), current) });
        using var b = new CrlPublisher(caB, registry, clock, new CrlPublisherOptions { NumberStore = new Recording(new EfCrlNumberStore(storage.Contexts), current) });

        // Without the publisher reading the stored number and signing again when it lost a race, these throw.
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => (i % 2 == 0 ? a : b).Publish());

        // Every CRL made current (its number recorded) has a number of its own, in rising order of recording.
        var numbers = current.ToList();
        Assert.Equal(42, numbers.Count);
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(numbers[^1], new EfCrlNumberStore(storage.Contexts).LastNumber(JpkiHierarchy.Signature));
    }

    [Fact]
    public void Store_KeepsEachSignedCrlWithItsNumber_OneRowPerHierarchy()
    {
        var clock = new FakeTimeProvider(Now);
        using var ca = CertificateAuthority.LoadOrCreate(
            new InMemoryCaKeyStore(), JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        var registry = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        using var publisher = new CrlPublisher(ca, registry, clock, new CrlPublisherOptions { NumberStore = new EfCrlNumberStore(storage.Contexts, clock) });
        clock.Advance(TimeSpan.FromMinutes(1));
        publisher.Publish();

        // Read back from another connection, as another process would.
        var stored = new EfCrlNumberStore(Restart.Reopen(storage.Contexts)).LastCrl(JpkiHierarchy.Signature);
        Assert.NotNull(stored);
        Assert.Equal(publisher.CurrentCrl, stored.Der.ToArray());
        Assert.Equal(publisher.CurrentNumber, stored.Number);
        Assert.Equal(publisher.ThisUpdate, stored.ThisUpdate);
        Assert.Equal(publisher.NextUpdate, stored.NextUpdate);
        Assert.Equal(publisher.CurrentCrlPem, stored.Pem);
        using var db = storage.Contexts.CreateDbContext();
        var row = Assert.Single(db.PublishedCrls.AsNoTracking().Where(r => r.Hierarchy == JpkiHierarchy.Signature));
        Assert.Equal(clock.GetUtcNow(), row.PublishedAt);
    }

    [Fact]
    public void Store_ACrlWhoseNumberIsTaken_KeepsNeitherItNorItsNumber()
    {
        var clock = new FakeTimeProvider(Now);
        using var ca = CertificateAuthority.LoadOrCreate(
            new InMemoryCaKeyStore(), JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        var store = new EfCrlNumberStore(storage.Contexts, clock);
        var registry = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        using var publisher = new CrlPublisher(ca, registry, clock, new CrlPublisherOptions { NumberStore = store });
        var kept = publisher.Current;
        // Another process's CRL under the number this one holds: refused, the stored CRL unchanged.
        var clash = kept with { Der = new byte[] { 0x30, 0x00 } };

        Assert.Throws<CrlNumberTakenException>(() => store.Record(JpkiHierarchy.Signature, clash));
        Assert.Throws<CrlNumberTakenException>(() => store.Record(JpkiHierarchy.Signature, clash with { Number = kept.Number - 1 }));
        Assert.Equal(kept.Der.ToArray(), store.LastCrl(JpkiHierarchy.Signature)!.Der.ToArray());
        Assert.Equal(kept.Number, store.LastNumber(JpkiHierarchy.Signature));
    }

    [Fact]
    public void TwoProcesses_StoringCrlsAtOnce_LeaveTheLastCrlUnderTheLastNumber()
    {
        var clock = new FakeTimeProvider(Now);
        var keys = new InMemoryCaKeyStore();
        using var caA = CertificateAuthority.LoadOrCreate(keys, JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        using var caB = CertificateAuthority.LoadOrCreate(keys, JpkiHierarchy.Signature, new JpkiAuthorityOptions(), clock, new InMemoryIssuedCertificateLog());
        var registry = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        using var a = new CrlPublisher(caA, registry, clock, new CrlPublisherOptions { NumberStore = new EfCrlNumberStore(storage.Contexts, clock) });
        using var b = new CrlPublisher(caB, registry, clock, new CrlPublisherOptions { NumberStore = new EfCrlNumberStore(storage.Contexts, clock) });

        // Each store keeps its CRL in the transaction that moves the number on: a loser of the race keeps nothing.
        Parallel.For(0, 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => (i % 2 == 0 ? a : b).Publish());

        var store = new EfCrlNumberStore(storage.Contexts);
        var last = store.LastNumber(JpkiHierarchy.Signature);
        var winner = a.CurrentNumber > b.CurrentNumber ? a : b;
        Assert.Equal(winner.CurrentNumber, last);
        Assert.Equal(winner.CurrentCrl, store.LastCrl(JpkiHierarchy.Signature)!.Der.ToArray());
        using var db = storage.Contexts.CreateDbContext();
        Assert.Single(db.PublishedCrls.AsNoTracking().Where(r => r.Hierarchy == JpkiHierarchy.Signature));
    }

    /// <summary>The numbers a store accepted, in the order it accepted them.</summary>
    private sealed class Recording(ICrlNumberStore inner, System.Collections.Concurrent.ConcurrentQueue<BigInteger> accepted) : ICrlNumberStore
    {
        private static readonly Lock Order = new();

        public BigInteger? LastNumber(JpkiHierarchy hierarchy) => inner.LastNumber(hierarchy);

        public void Record(JpkiHierarchy hierarchy, BigInteger number)
        {
            // One record at a time across both "processes", so the queue's order is the database's.
            lock (Order)
            {
                inner.Record(hierarchy, number);
                accepted.Enqueue(number);
            }
        }
    }
}

public sealed class SqliteCrlNumberStoreTests(SqliteStorage storage) : CrlNumberStoreTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlCrlNumberStoreTests(PostgreSqlStorage storage) : CrlNumberStoreTests(storage), IClassFixture<PostgreSqlStorage>;
