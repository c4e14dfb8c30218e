using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;
using static Myna.Pki.Tests.TestPki;
using Myna.Testing.Pki;

namespace Myna.Pki.Tests.Revocation;

public sealed class CertificateRegistryTests : IDisposable
{
    private readonly TestJpki _pki = new(now: IssueInstant);

    public void Dispose() => _pki.Dispose();

    private CertificateRegistry Registry => _pki.Registry;

    private DateTimeOffset Now => _pki.Clock.GetUtcNow();

    [Fact]
    public void Issue_ThroughTheAuthorities_IsRecordedAndGood()
    {
        var auth = _pki.IssueAuthentication();
        Assert.True(Registry.Contains(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
        Assert.Equal(CertificateStatus.Good, Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
        Assert.Equal(CertificateStatus.Unknown, Registry.GetStatus(JpkiHierarchy.Signature, auth.SerialNumber));
        var record = Registry.Find(JpkiHierarchy.UserAuthentication, auth.SerialNumber);
        Assert.NotNull(record);
        Assert.Equal(new DateTimeOffset(auth.NotAfter.ToUniversalTime()), record.NotAfter);
        // Both roots and the end entity, in issue order.
        Assert.Equal(3, Registry.All.Count);
        Assert.Equal(auth.SerialNumber, Registry.All[^1].SerialNumber);
    }

    [Fact]
    public void CardLost_RevokesBothCertificates_WithKeyCompromise_L1()
    {
        var sign = _pki.IssueSignature();
        var auth = _pki.IssueAuthentication();

        var r1 = Registry.Revoke(JpkiHierarchy.Signature, sign.SerialNumber, RevocationReasons.ForCardLost, Now);
        var r2 = Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);

        Assert.Equal(RevocationOutcome.Revoked, r1.Outcome);
        Assert.Equal(RevocationOutcome.Revoked, r2.Outcome);
        Assert.Equal(CertificateStatus.Revoked(Now, X509RevocationReason.KeyCompromise),
            Registry.GetStatus(JpkiHierarchy.Signature, sign.SerialNumber));
        Assert.Equal(CertificateStatus.Revoked(Now, X509RevocationReason.KeyCompromise),
            Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
    }

    [Fact]
    public void DetailsChanged_RevokesTheSignatureCertificateOnly_WithAffiliationChanged_M1()
    {
        var sign = _pki.IssueSignature();
        var auth = _pki.IssueAuthentication();

        var result = Registry.Revoke(JpkiHierarchy.Signature, sign.SerialNumber, RevocationReasons.ForDetailsChanged, Now);

        Assert.Equal(RevocationOutcome.Revoked, result.Outcome);
        Assert.Equal(X509RevocationReason.AffiliationChanged, Registry.GetStatus(JpkiHierarchy.Signature, sign.SerialNumber).Reason);
        Assert.Equal(CertificateStatus.Good, Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
    }

    [Theory]
    [InlineData("lapsed after a move, V5")]
    [InlineData("expired, V7")]
    [InlineData("returned")]
    public void CardEnds_RevokesWithCessationOfOperation_V5_V7(string why)
    {
        var reason = why switch
        {
            "lapsed after a move, V5" => RevocationReasons.ForCardLapsed,
            "expired, V7" => RevocationReasons.ForCardExpired,
            _ => RevocationReasons.ForCardReturned,
        };
        var auth = _pki.IssueAuthentication();

        Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, reason, Now);

        var status = Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber);
        Assert.Equal(CertificateStatusKind.Revoked, status.Kind);
        Assert.Equal(X509RevocationReason.CessationOfOperation, status.Reason);
    }

    [Fact]
    public void Revoke_Twice_IsFinal_KeepsTheFirstReasonAndTime()
    {
        var auth = _pki.IssueAuthentication();
        var first = Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);
        var revision = Registry.Revision;

        var second = Registry.Revoke(
            JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardExpired, Now.AddDays(3));

        Assert.Equal(RevocationOutcome.AlreadyRevoked, second.Outcome);
        Assert.False(second.IsNewlyRevoked);
        Assert.Equal(first.Revocation, second.Revocation);
        Assert.Equal(CertificateStatus.Revoked(Now, X509RevocationReason.KeyCompromise),
            Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
        Assert.Equal(revision, Registry.Revision);
        Assert.Single(Registry.RevokedIn(JpkiHierarchy.UserAuthentication));
    }

    [Fact]
    public void Revoke_UnknownSerial_IsUnknownAndChangesNothing()
    {
        var raised = 0;
        Registry.CertificateRevoked += (_, _) => raised++;

        var result = Registry.Revoke(JpkiHierarchy.Signature, "4000000000000000000000000000DEAD", RevocationReasons.ForCardLost, Now);

        Assert.Equal(RevocationOutcome.UnknownSerial, result.Outcome);
        Assert.Null(result.Revocation);
        Assert.Equal(0, raised);
        Assert.Equal(0, Registry.Revision);
        Assert.Empty(Registry.RevokedIn(JpkiHierarchy.Signature));
    }

    [Fact]
    public void Revoke_SerialOfTheOtherHierarchy_IsUnknownSerial_E1()
    {
        var auth = _pki.IssueAuthentication();
        var result = Registry.Revoke(JpkiHierarchy.Signature, auth.SerialNumber, RevocationReasons.ForCardLost, Now);
        Assert.Equal(RevocationOutcome.UnknownSerial, result.Outcome);
        Assert.Equal(CertificateStatus.Good, Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
    }

    [Fact]
    public void Revoke_LowerCaseSerialAndSubSecondTime_IsStoredUpperCaseInWholeSecondsUtc()
    {
        var auth = _pki.IssueAuthentication();
        var at = new DateTimeOffset(2025, 10, 28, 9, 30, 15, 987, TimeSpan.FromHours(9));

        var result = Registry.Revoke(
            JpkiHierarchy.UserAuthentication, auth.SerialNumber.ToLowerInvariant(), RevocationReasons.ForCardLost, at);

        Assert.Equal(auth.SerialNumber, result.Revocation!.SerialNumber);
        Assert.Equal(new DateTimeOffset(2025, 10, 28, 0, 30, 15, TimeSpan.Zero), result.Revocation.RevokedAt);
        Assert.Equal(TimeSpan.Zero, result.Revocation.RevokedAt.Offset);
    }

    [Theory]
    [InlineData(X509RevocationReason.CertificateHold)]
    [InlineData(X509RevocationReason.RemoveFromCrl)]
    public void Revoke_WithAReasonThatIsNotFinal_Throws(X509RevocationReason reason)
    {
        var auth = _pki.IssueAuthentication();
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, reason, Now));
        Assert.Equal(CertificateStatus.Good, Registry.GetStatus(JpkiHierarchy.UserAuthentication, auth.SerialNumber));
    }

    [Fact]
    public void Revoke_RaisesCertificateRevokedOnce_AndGrowsTheRevision()
    {
        var auth = _pki.IssueAuthentication();
        var seen = new List<RevokedCertificate>();
        Registry.CertificateRevoked += (_, r) => seen.Add(r);

        var result = Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);
        Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);

        Assert.Equal([result.Revocation!], seen);
        Assert.Equal(1, Registry.Revision);
    }

    [Fact]
    public void Revoke_FromManyThreadsAtOnce_RevokesOnce()
    {
        var auth = _pki.IssueAuthentication();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<RevocationOutcome>();
        Parallel.For(0, 64, i => outcomes.Add(Registry.Revoke(
            JpkiHierarchy.UserAuthentication, auth.SerialNumber,
            i % 2 == 0 ? RevocationReasons.ForCardLost : RevocationReasons.ForCardExpired, Now).Outcome));

        Assert.Single(outcomes, o => o == RevocationOutcome.Revoked);
        Assert.Equal(63, outcomes.Count(o => o == RevocationOutcome.AlreadyRevoked));
        Assert.Equal(1, Registry.Revision);
    }

    [Fact]
    public void Store_IsWrittenThrough_AndAReloadedRegistryKnowsEverything()
    {
        var store = new ListStore();
        var registry = new CertificateRegistry(store);
        var record = new IssuedCertificateRecord("4A01", JpkiHierarchy.Signature, IssueInstant, IssueInstant.AddYears(5));
        registry.Record(record);
        registry.Record(record with { SerialNumber = "4A02" });
        registry.Revoke(JpkiHierarchy.Signature, "4A01", RevocationReasons.ForDetailsChanged, IssueInstant.AddDays(1));

        var reloaded = new CertificateRegistry(store);

        Assert.Equal(2, store.Issued.Count);
        Assert.Single(store.Revoked);
        Assert.Equal(CertificateStatusKind.Revoked, reloaded.GetStatus(JpkiHierarchy.Signature, "4A01").Kind);
        Assert.Equal(CertificateStatus.Good, reloaded.GetStatus(JpkiHierarchy.Signature, "4A02"));
        Assert.Equal(1, reloaded.Revision);
        Assert.Equal(RevocationOutcome.AlreadyRevoked,
            reloaded.Revoke(JpkiHierarchy.Signature, "4A01", RevocationReasons.ForCardLost, IssueInstant.AddDays(2)).Outcome);
    }

    [Fact]
    public void Record_SameSerialTwice_Throws()
    {
        var record = new IssuedCertificateRecord("4A01", JpkiHierarchy.Signature, IssueInstant, IssueInstant.AddYears(5));
        Registry.Record(record);
        Assert.Throws<InvalidOperationException>(() => Registry.Record(record with { SerialNumber = "4a01" }));
        // The same serial in the other hierarchy is another certificate (serials are unique per issuer).
        Registry.Record(record with { Hierarchy = JpkiHierarchy.UserAuthentication });
    }

    [Fact]
    public void ALoad_WhileAnotherProcessIssuesAndRevokes_BetweenItsReads_Succeeds()
    {
        // The store another process writes to: after the load's first read, it issues a certificate and revokes it.
        var store = new ListStore();
        var issued = new IssuedCertificateRecord("5B01", JpkiHierarchy.UserAuthentication, IssueInstant, IssueInstant.AddYears(5));
        var writing = new WritingBetweenReads(store, () =>
        {
            store.Issued.Add(issued);
            store.Revoked.Add(new RevokedCertificate(JpkiHierarchy.UserAuthentication, "5B01", IssueInstant.AddDays(1), X509RevocationReason.KeyCompromise));
        });

        var registry = new CertificateRegistry(writing);

        // Whichever half it read, it holds no revocation of a certificate it does not know; the rest it follows later.
        Assert.True(registry.Contains(JpkiHierarchy.UserAuthentication, "5B01"));
        Assert.Equal(1, registry.Absorb([issued], [store.Revoked[0]]));
        Assert.Equal(CertificateStatusKind.Revoked, registry.GetStatus(JpkiHierarchy.UserAuthentication, "5B01").Kind);
    }

    /// <summary>A store on which another process writes once, right after the first of the load's two reads.</summary>
    private sealed class WritingBetweenReads(ListStore store, Action write) : ICertificateRegistryStore
    {
        private bool _written;

        public IReadOnlyList<IssuedCertificateRecord> LoadIssued() => Then(store.LoadIssued());

        public IReadOnlyList<RevokedCertificate> LoadRevoked() => Then(store.LoadRevoked());

        public void AddIssued(IssuedCertificateRecord record) => store.AddIssued(record);

        public void AddRevoked(RevokedCertificate revocation) => store.AddRevoked(revocation);

        private T Then<T>(T read)
        {
            if (!_written)
            {
                _written = true;
                write();
            }
            return read;
        }
    }

    private sealed class ListStore : ICertificateRegistryStore
    {
        public List<IssuedCertificateRecord> Issued { get; } = [];

        public List<RevokedCertificate> Revoked { get; } = [];

        public IReadOnlyList<IssuedCertificateRecord> LoadIssued() => [.. Issued];

        public IReadOnlyList<RevokedCertificate> LoadRevoked() => [.. Revoked];

        public void AddIssued(IssuedCertificateRecord record) => Issued.Add(record);

        public void AddRevoked(RevokedCertificate revocation) => Revoked.Add(revocation);
    }

    [Fact]
    public void Absorb_TakesInWhatAnotherProcessStored_RaisesRevoked_ButNotStoredHere()
    {
        // Another process's registry on the same database issued and revoked a certificate this one never saw.
        var other = new IssuedCertificateRecord("7F01", JpkiHierarchy.UserAuthentication, Now, Now.AddYears(5));
        var revocation = new RevokedCertificate(JpkiHierarchy.UserAuthentication, "7F01", Now, X509RevocationReason.KeyCompromise);
        var revoked = new List<RevokedCertificate>();
        var storedHere = 0;
        Registry.CertificateRevoked += (_, r) => revoked.Add(r);
        Registry.StoredHere += (_, _) => storedHere++;
        var revision = Registry.Revision;

        Assert.Equal(2, Registry.Absorb([other], [revocation]));
        // Taken in a second time (a notification and the poll both saw it): nothing new.
        Assert.Equal(0, Registry.Absorb([other], [revocation]));

        Assert.Equal(CertificateStatus.Revoked(Now, X509RevocationReason.KeyCompromise), Registry.GetStatus(JpkiHierarchy.UserAuthentication, "7f01"));
        Assert.Equal([revocation], revoked);
        Assert.Equal(0, storedHere);
        // The issued certificate moves the revision too: an answer "unknown" cached for its serial is stale.
        Assert.Equal(revision + 2, Registry.Revision);
    }

    [Fact]
    public void StoredHere_IsRaised_ForRecordRevokeAndPublish()
    {
        var storedHere = 0;
        Registry.StoredHere += (_, _) => storedHere++;

        var sign = _pki.IssueSignature();
        var auth = _pki.IssueAuthentication();
        Assert.Equal(2, storedHere);
        Registry.Revoke(JpkiHierarchy.Signature, sign.SerialNumber, RevocationReasons.ForCardLost, Now);
        Assert.Equal(3, storedHere);
        var prepared = Registry.Prepare(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now)!;
        Registry.Publish([prepared]);
        Assert.Equal(4, storedHere);
        // Nothing new published: nothing to tell.
        Registry.Publish([prepared]);
        Assert.Equal(4, storedHere);
    }
}
