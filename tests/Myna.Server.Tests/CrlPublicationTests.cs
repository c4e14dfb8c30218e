using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Server.Coordination;
using Myna.Storage;
using Myna.Testing;

namespace Myna.Server.Tests;

/// <summary>
/// Two servers on one PostgreSQL database: only the holder of the lease <c>crl-publisher</c> signs CRLs, the other serves
/// the very CRL the holder stored (a revocation made through either is in both within the stated bound), and when the
/// holder goes the other takes the lease and the numbers go on rising. And a server alone on SQLite signs its own.
/// </summary>
public sealed class CrlPublicationTests : IAsyncLifetime
{
    /// <summary>The takeover bound docs/operations.md states (a 5 s standby attempt), with room for a busy machine.</summary>
    private static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(10);

    private const string CrlPath = "/crl/authentication.crl";

    private PostgreSqlTestDatabase? _database;
    private readonly List<MynaServer> _servers = [];

    private readonly Dictionary<string, string?> _myNumberKeys = new()
    {
        ["Storage:MyNumberKeys:CurrentKeyId"] = "1",
        ["Storage:MyNumberKeys:EncryptionKeys:1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Storage:MyNumberKeys:IndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public async Task InitializeAsync() => _database = await PostgreSqlTestDatabase.CreateAsync("myna_crl_publication_test");

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>A started server on the test's database, with its own data directory.</summary>
    private MynaServer Start()
    {
        var server = new MynaServer(realClock: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.Zero)),
            storage: new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database!.ConnectionString },
            settings: _myNumberKeys);
        _servers.Add(server);
        _ = server.Services;
        return server;
    }

    private static CrlPublicationService Publication(MynaServer server) => server.Services.GetRequiredService<CrlPublicationService>();

    private static CrlPublisher Publisher(MynaServer server) =>
        server.Services.GetServices<CrlPublisher>().Single(p => p.Hierarchy == JpkiHierarchy.UserAuthentication);

    [Fact]
    public async Task OnlyTheLeaseHolderSigns_TheOtherServesItsCrl_AndTakesOverWhenItGoes()
    {
        var first = Start();
        var second = Start();
        Assert.True(await WithinAsync(TakeoverBound, () => Publication(first).Signing || Publication(second).Signing),
            "Neither server took the CRL publisher's lease.");
        var (holder, follower) = Publication(first).Signing ? (first, second) : (second, first);
        var followerSigned = 0;
        Publisher(follower).Published += (_, _) => Interlocked.Increment(ref followerSigned);
        Assert.False(Publication(follower).Signing);
        Assert.True(Publisher(holder).IsSigning);
        Assert.False(Publisher(follower).IsSigning);
        // The holder signed on taking the lease; the follower comes to serve those very bytes.
        Assert.True(await WithinAsync(CrlPublicationService.Bound, async () =>
            Convert.ToHexString(await CrlBytesAsync(follower)) == Convert.ToHexString(await CrlBytesAsync(holder))),
            "The follower does not serve the holder's CRL.");

        // A revocation made through the follower: the holder takes it in and signs; the follower serves that CRL.
        var serial = RevokeThrough(follower);
        var since = Stopwatch.StartNew();
        Assert.True(await WithinAsync(CrlPublicationService.Bound, async () => Lists(await CrlBytesAsync(follower), serial)),
            $"The follower's CRL does not list the revocation {since.Elapsed.TotalSeconds:0.0} s after it was made.");
        Assert.Equal(await CrlBytesAsync(holder), await CrlBytesAsync(follower));
        // And one made through the holder, which signs at once and tells the follower.
        var another = RevokeThrough(holder);
        Assert.True(Lists(await CrlBytesAsync(holder), another));
        Assert.True(await WithinAsync(CrlPublicationService.Bound, async () => Lists(await CrlBytesAsync(follower), another)),
            "The follower's CRL does not list the revocation made through the holder.");
        Assert.Equal(0, followerSigned);
        var numberBefore = Publisher(follower).CurrentNumber;
        Assert.Equal(numberBefore, await StoredNumberAsync(follower));

        // The holder goes: the other takes the lease, signs at once above every number, and then on revocations.
        _servers.Remove(holder);
        await holder.DisposeAsync();
        Assert.True(await WithinAsync(TakeoverBound, () => Publication(follower).Signing), "The other server did not take the lease over.");
        Assert.True(Publisher(follower).CurrentNumber > numberBefore);
        var afterTakeover = Publisher(follower).CurrentNumber;
        var third = RevokeThrough(follower);
        Assert.True(Lists(await CrlBytesAsync(follower), third));
        Assert.True(Publisher(follower).CurrentNumber > afterTakeover);
        Assert.Equal(Publisher(follower).CurrentNumber, await StoredNumberAsync(follower));
        Assert.True(followerSigned >= 2);
    }

    [Fact]
    public async Task AServerAloneOnSqlite_SignsItsOwnCrl_AndStoresIt()
    {
        await using var server = new MynaServer();
        var publisher = Publisher(server);

        Assert.True(publisher.IsSigning);
        Assert.Empty(server.Services.GetServices<IHostedService>().OfType<CrlPublicationService>());
        var serial = RevokeThrough(server);
        var served = await CrlBytesAsync(server);
        Assert.True(Lists(served, serial));
        await using var db = server.Services.GetRequiredService<MynaDbContextFactory>().CreateDbContext();
        var stored = await db.PublishedCrls.AsNoTracking().SingleAsync(r => r.Hierarchy == JpkiHierarchy.UserAuthentication);
        Assert.Equal(served, stored.Der);
        Assert.Equal(publisher.CurrentNumber, stored.Number);
    }

    /// <summary>Records a certificate and revokes it through <paramref name="server"/>'s registry, as a procedure would.</summary>
    private static string RevokeThrough(MynaServer server)
    {
        var registry = server.Services.GetRequiredService<CertificateRegistry>();
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var bytes = RandomNumberGenerator.GetBytes(16);
        bytes[0] &= 0x7F;
        var serial = Convert.ToHexString(bytes);
        registry.Record(new IssuedCertificateRecord(serial, JpkiHierarchy.UserAuthentication, now.AddDays(-1), now.AddYears(5)));
        registry.Revoke(JpkiHierarchy.UserAuthentication, serial, RevocationReasons.ForCardLost, now);
        return serial;
    }

    private static async Task<byte[]> CrlBytesAsync(MynaServer server)
    {
        using var client = server.CreateClient();
        return await client.GetByteArrayAsync(CrlPath);
    }

    private static bool Lists(byte[] crl, string serial) =>
        CertificateRevocationListBuilder.Load(crl, out _).RemoveEntry(Convert.FromHexString(serial));

    private static async Task<BigInteger?> StoredNumberAsync(MynaServer server)
    {
        await using var db = server.Services.GetRequiredService<MynaDbContextFactory>().CreateDbContext();
        return (await db.CrlNumbers.AsNoTracking().SingleAsync(r => r.Hierarchy == JpkiHierarchy.UserAuthentication)).LastNumber;
    }

    private static Task<bool> WithinAsync(TimeSpan bound, Func<bool> condition) => WithinAsync(bound, () => Task.FromResult(condition()));

    private static async Task<bool> WithinAsync(TimeSpan bound, Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
                return true;
            if (waited.Elapsed > bound)
                return false;
            await Task.Delay(50);
        }
    }
}
