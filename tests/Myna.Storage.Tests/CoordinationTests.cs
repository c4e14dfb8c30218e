using System.Security.Cryptography.X509Certificates;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Storage.Certificates;
using Myna.Storage.Coordination;
using Npgsql;

namespace Myna.Storage.Tests;

/// <summary>
/// What lets several processes share one database: each process's registry follows what the others stored. Two
/// registries on one database stand for two processes.
/// </summary>
public abstract class RegistryFollowerTests(StorageFixture storage)
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Follower_TakesInWhatAnotherProcessIssuedAndRevoked()
    {
        var here = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        var follower = new CertificateRegistryFollower(storage.Contexts, here);
        await follower.CatchUpAsync(CancellationToken.None);
        var revoked = new List<RevokedCertificate>();
        here.CertificateRevoked += (_, r) => revoked.Add(r);
        var there = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        var serial = Restart.NewSerial();
        var kept = Restart.NewSerial();

        there.Record(new IssuedCertificateRecord(serial, JpkiHierarchy.UserAuthentication, IssuedAt, IssuedAt.AddYears(5)));
        there.Record(new IssuedCertificateRecord(kept, JpkiHierarchy.UserAuthentication, IssuedAt, IssuedAt.AddYears(5)));
        Assert.Equal(CertificateStatus.Unknown, here.GetStatus(JpkiHierarchy.UserAuthentication, serial));
        Assert.Equal(2, await follower.CatchUpAsync(CancellationToken.None));
        Assert.Equal(CertificateStatus.Good, here.GetStatus(JpkiHierarchy.UserAuthentication, serial));

        there.Revoke(JpkiHierarchy.UserAuthentication, serial, RevocationReasons.ForCardLost, IssuedAt.AddDays(1));
        Assert.Equal(1, await follower.CatchUpAsync(CancellationToken.None));
        Assert.Equal(CertificateStatus.Revoked(IssuedAt.AddDays(1), X509RevocationReason.KeyCompromise),
            here.GetStatus(JpkiHierarchy.UserAuthentication, serial));
        Assert.Equal(serial, Assert.Single(revoked).SerialNumber);
        // Nothing new: a look finds nothing, and raises nothing.
        Assert.Equal(0, await follower.CatchUpAsync(CancellationToken.None));
        Assert.Single(revoked);
        Assert.Equal(CertificateStatus.Good, here.GetStatus(JpkiHierarchy.UserAuthentication, kept));
    }

    [Fact]
    public async Task Follower_IssuedAndRevokedBetweenTwoLooks_IsTakenInTogether()
    {
        var here = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        var follower = new CertificateRegistryFollower(storage.Contexts, here);
        await follower.CatchUpAsync(CancellationToken.None);
        var there = new CertificateRegistry(new EfCertificateRegistryStore(storage.Contexts));
        var serial = Restart.NewSerial();
        there.Record(new IssuedCertificateRecord(serial, JpkiHierarchy.Signature, IssuedAt, IssuedAt.AddYears(5)));
        there.Revoke(JpkiHierarchy.Signature, serial, RevocationReasons.ForReissue, IssuedAt.AddDays(2));

        Assert.Equal(2, await follower.CatchUpAsync(CancellationToken.None));

        Assert.Equal(X509RevocationReason.Superseded, here.GetStatus(JpkiHierarchy.Signature, serial).Reason);
    }

    [Fact]
    public async Task Follower_RowCommittedBelowOneSeenAlready_IsStillFound()
    {
        // A database of its own: rows with identities set by hand would confuse the other tests' followers.
        var contexts = await storage.CreateEmptyDatabaseAsync();
        await contexts.MigrateAsync();
        var here = new CertificateRegistry(new EfCertificateRegistryStore(contexts));
        var follower = new CertificateRegistryFollower(contexts, here);
        await follower.CatchUpAsync(CancellationToken.None);
        var early = Restart.NewSerial();
        var late = Restart.NewSerial();
        // Two transactions took identities 50 and 40; the one with 50 committed first and was seen.
        await InsertAsync(contexts, 50, early);
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(CertificateStatus.Good, here.GetStatus(JpkiHierarchy.Signature, early));

        await InsertAsync(contexts, 40, late);
        await follower.CatchUpAsync(CancellationToken.None);

        Assert.Equal(CertificateStatus.Good, here.GetStatus(JpkiHierarchy.Signature, late));
    }

    private static async Task InsertAsync(MynaDbContextFactory contexts, long id, string serial)
    {
        await using var db = contexts.CreateDbContext();
        db.IssuedCertificates.Add(new IssuedCertificateRow
        {
            Id = id, Hierarchy = JpkiHierarchy.Signature, SerialNumber = serial, NotBefore = IssuedAt, NotAfter = IssuedAt.AddYears(5),
        });
        await db.SaveChangesAsync();
    }
}

public sealed class SqliteRegistryFollowerTests(SqliteStorage storage) : RegistryFollowerTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlRegistryFollowerTests(PostgreSqlStorage storage) : RegistryFollowerTests(storage), IClassFixture<PostgreSqlStorage>;

/// <summary>Leases and the notification channel on PostgreSQL, where several processes share the database.</summary>
public sealed class PostgreSqlCoordinationTests(PostgreSqlStorage storage) : IClassFixture<PostgreSqlStorage>
{
    private WorkLeases Leases => WorkLeases.For(storage.Contexts);

    [Fact]
    public async Task Lease_IsHeldByOneProcessAtATime_AndFreeAgainWhenGivenBack()
    {
        var name = $"test-{Guid.NewGuid():N}";
        var first = await Leases.TryTakeAsync(name, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await Leases.TryTakeAsync(name, CancellationToken.None));
        // Another name is another lease.
        await using (var other = await Leases.TryTakeAsync(name + "-other", CancellationToken.None))
            Assert.NotNull(other);
        Assert.True(await first.IsHeldAsync(CancellationToken.None));

        await first.DisposeAsync();

        await using var second = await Leases.TryTakeAsync(name, CancellationToken.None);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Lease_WhoseSessionDies_IsLost_AndAnotherRunnerTakesIt()
    {
        var name = $"test-{Guid.NewGuid():N}";
        await using var holder = new SingleRunner(Leases, name);
        await using var standby = new SingleRunner(Leases, name);
        Assert.True(await holder.HoldsAsync(CancellationToken.None));
        Assert.False(await standby.HoldsAsync(CancellationToken.None));

        // The holder's session ends as when its process is killed: the server drops the backend holding the lock.
        await using (var admin = new NpgsqlConnection(storage.Contexts.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted " +
                "AND ((classid::bigint << 32) | objid::bigint) = @key", admin);
            kill.Parameters.AddWithValue("key", PostgreSqlWorkLeases.KeyOf(name));
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        Assert.True(await WithinAsync(TimeSpan.FromSeconds(5), () => standby.HoldsAsync(CancellationToken.None)));
        Assert.False(await holder.HoldsAsync(CancellationToken.None));
        Assert.False(holder.Holding);
    }

    [Fact]
    public async Task Presence_TheFirstProcessIsAlone_OneJoiningBesideItIsNot_UntilAllHaveLeft()
    {
        // A database of its own: the presence is per database, and this class's other tests must not be in it.
        var contexts = await storage.CreateEmptyDatabaseAsync();
        var leases = WorkLeases.For(contexts);

        var first = await leases.JoinAsync(CancellationToken.None);
        var second = await leases.JoinAsync(CancellationToken.None);
        Assert.True(first.Alone);
        Assert.False(second.Alone);

        // The first leaves (or dies); the second is still there, so a third is not alone.
        await first.DisposeAsync();
        await using (var third = await leases.JoinAsync(CancellationToken.None))
            Assert.False(third.Alone);

        await second.DisposeAsync();
        await using var fourth = await leases.JoinAsync(CancellationToken.None);
        Assert.True(fourth.Alone);
    }

    [Fact]
    public async Task Channel_Announce_WakesTheListener_ElseTheWaitTimesOut()
    {
        var name = $"myna_test_{Guid.NewGuid():N}";
        await using var listener = new ChangeChannel(storage.Contexts.ConnectionString, name);
        await using var sender = new ChangeChannel(storage.Contexts.ConnectionString, name);
        // The first wait starts listening; nothing was said.
        Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None));

        await sender.AnnounceAsync(CancellationToken.None);

        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.False(await listener.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }

    private static async Task<bool> WithinAsync(TimeSpan bound, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return true;
            await Task.Delay(100);
        }
        return false;
    }
}

public sealed class SqliteCoordinationTests(SqliteStorage storage) : IClassFixture<SqliteStorage>
{
    [Fact]
    public async Task Lease_OnSqlite_IsAlwaysGranted_OneProcessOwnsTheDatabase()
    {
        var leases = WorkLeases.For(storage.Contexts);
        Assert.Same(SingleProcessWorkLeases.Instance, leases);
        await using var first = await leases.TryTakeAsync("daily-sweep", CancellationToken.None);
        await using var second = await leases.TryTakeAsync("daily-sweep", CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(await first.IsHeldAsync(CancellationToken.None));
    }
}
