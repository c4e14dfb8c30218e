using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Storage.Certificates;

namespace Myna.Storage.Tests;

public abstract class CertificateRegistryStoreTests(StorageFixture storage)
{
    // Issued at 10:00 Japan time: the store must keep the instant although PostgreSQL takes only UTC.
    private static readonly DateTimeOffset IssuedAt = new(2025, 10, 27, 10, 0, 0, JapanClock.Offset);
    private static readonly DateTimeOffset ExpiresAt = new(2030, 2, 17, 23, 59, 59, JapanClock.Offset);

    [Fact]
    public void Registry_AfterRestart_KeepsIssuedAndRevokedCertificates_L1()
    {
        var kept = Restart.NewSerial();
        var lost = Restart.NewSerial();
        var other = Restart.NewSerial();
        var revokedAt = IssuedAt.AddDays(3).AddMilliseconds(250);
        var before = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        before.Record(new IssuedCertificateRecord(kept, JpkiHierarchy.Signature, IssuedAt, ExpiresAt));
        before.Record(new IssuedCertificateRecord(lost, JpkiHierarchy.Signature, IssuedAt, ExpiresAt));
        before.Record(new IssuedCertificateRecord(other.ToLowerInvariant(), JpkiHierarchy.UserAuthentication, IssuedAt, ExpiresAt));
        // L1: a card reported lost has its certificates revoked for keyCompromise.
        Assert.Equal(RevocationOutcome.Revoked,
            before.Revoke(JpkiHierarchy.Signature, lost, RevocationReasons.ForCardLost, revokedAt).Outcome);

        var after = new CertificateRegistry(new EfCertificateRegistryStore(Restart.Reopen(storage.Contexts)));

        Assert.Equal(CertificateStatus.Good, after.GetStatus(JpkiHierarchy.Signature, kept));
        Assert.Equal(CertificateStatus.Good, after.GetStatus(JpkiHierarchy.UserAuthentication, other));
        Assert.Equal(CertificateStatus.Unknown, after.GetStatus(JpkiHierarchy.UserAuthentication, kept));
        var status = after.GetStatus(JpkiHierarchy.Signature, lost);
        Assert.Equal(CertificateStatus.Revoked(IssuedAt.AddDays(3), X509RevocationReason.KeyCompromise), status);
        Assert.Contains(after.RevokedIn(JpkiHierarchy.Signature), r => r.SerialNumber == lost && r.RevokedAt.Offset == TimeSpan.Zero);
        // A second revocation after the restart is still refused: the revocation is final.
        Assert.Equal(RevocationOutcome.AlreadyRevoked,
            after.Revoke(JpkiHierarchy.Signature, lost, X509RevocationReason.Superseded, revokedAt.AddDays(1)).Outcome);

        var found = after.Find(JpkiHierarchy.Signature, kept)!;
        Assert.Equal(IssuedAt, found.NotBefore);
        Assert.Equal(ExpiresAt, found.NotAfter);
        Assert.Equal(TimeSpan.Zero, found.NotBefore.Offset);
        // Issue order survives (other tests' certificates may lie in between).
        var order = after.All.Select(r => r.SerialNumber).Where(s => s == kept || s == lost || s == other).ToArray();
        Assert.Equal([kept, lost, other], order);
    }

    [Fact]
    public void Store_SameSerialTwiceInOneHierarchy_IsRefusedByTheDatabase()
    {
        var serial = Restart.NewSerial();
        var store = new EfCertificateRegistryStore(storage.Contexts);
        store.AddIssued(new IssuedCertificateRecord(serial, JpkiHierarchy.Signature, IssuedAt, ExpiresAt));
        // The other authority may use the same serial (serials are unique per issuer, RFC 5280 §4.1.2.2).
        store.AddIssued(new IssuedCertificateRecord(serial, JpkiHierarchy.UserAuthentication, IssuedAt, ExpiresAt));

        Assert.Throws<DbUpdateException>(() =>
            store.AddIssued(new IssuedCertificateRecord(serial, JpkiHierarchy.Signature, IssuedAt, ExpiresAt)));
    }

    [Fact]
    public void Store_RevocationOfAnUnissuedOrRevokedSerial_IsRefusedByTheDatabase()
    {
        var serial = Restart.NewSerial();
        var store = new EfCertificateRegistryStore(storage.Contexts);
        Assert.Throws<DbUpdateException>(() => store.AddRevoked(
            new RevokedCertificate(JpkiHierarchy.Signature, serial, IssuedAt, X509RevocationReason.KeyCompromise)));

        store.AddIssued(new IssuedCertificateRecord(serial, JpkiHierarchy.Signature, IssuedAt, ExpiresAt));
        store.AddRevoked(new RevokedCertificate(JpkiHierarchy.Signature, serial, IssuedAt, X509RevocationReason.KeyCompromise));
        Assert.Throws<DbUpdateException>(() => store.AddRevoked(
            new RevokedCertificate(JpkiHierarchy.Signature, serial, IssuedAt, X509RevocationReason.Superseded)));
    }
}

public sealed class SqliteCertificateRegistryStoreTests(SqliteStorage storage)
    : CertificateRegistryStoreTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlCertificateRegistryStoreTests(PostgreSqlStorage storage)
    : CertificateRegistryStoreTests(storage), IClassFixture<PostgreSqlStorage>;
