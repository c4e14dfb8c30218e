using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Server.Clock;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.History;
using Myna.Transparency;
using Myna.Testing;

namespace Myna.Server.Tests;

/// <summary>
/// The server on PostgreSQL: a database of its own on the server named by <c>MYNA_TEST_POSTGRES</c>, which
/// <c>./scripts/test.sh</c> starts and exports (as tests/Myna.Storage.Tests does); failing, never skipped, without it.
/// </summary>
public sealed class PostgreSqlServerTests : IAsyncLifetime
{
    private PostgreSqlTestDatabase? _database;
    private MynaServer? _server;

    private MynaServer Server => _server ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_server_test");
        _server = new MynaServer(
            realClock: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.Zero)),
            storage: new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database.ConnectionString });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_AndClock_AreKeptInPostgreSql_AcrossARestart()
    {
        Assert.Equal(StorageProvider.PostgreSql, Server.Services.GetRequiredService<MynaDbContextFactory>().Provider);
        using (var client = await Server.SignedInAsync("admin", "admin-sandbox"))
        {
            using var response = await client.PutAsJsonAsync("/api/admin/clock", new { date = "2030-03-31" });
            response.EnsureSuccessStatusCode();
        }
        await Server.RestartAsync();

        using var again = await Server.SignedInAsync("admin", "admin-sandbox");
        var state = await again.GetFromJsonAsync<ClockState>("/api/admin/clock");
        Assert.Equal(new DateOnly(2030, 3, 31), state!.Today);
        var audit = Server.Services.GetRequiredService<AuditTrail>();
        Assert.Equal(2, (await audit.ReadAsync(new AuditSubject("staff", "admin"))).Count(e => e.Action == "staff.signed-in"));
        // Stamped when the administrator acted, before the move (the real time then), with the real instant kept beside it.
        var moved = Assert.Single(await audit.ReadAsync(new AuditSubject("sandbox-clock", "offset")));
        Assert.NotNull(moved.RealInstant);
        Assert.Equal(moved.Instant, moved.RealInstant);
        Assert.NotNull(moved.DetailsJapanese);
    }

    [Fact]
    public async Task TheExchangeHistory_TakesEntriesIntoItsTree_InOrder_OnPostgreSql_U3_5()
    {
        var contexts = Server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>();
        var holder = Guid.NewGuid();
        await using (var db = contexts.CreateDbContext())
        {
            // More than a batch (500), so that the sequencer commits twice, each batch its nodes and leaf indexes together.
            for (var i = 0; i < 700; i++)
                db.Add(ExchangeRecord.Of(holder, DateTimeOffset.UtcNow, new ExchangeContent("test", new("甲", "A"), new("乙", "B"), new($"情報{i}", $"item {i}"), new("試験", "test"))));
            await db.SaveChangesAsync();
        }
        var history = Server.Services.GetRequiredService<Myna.Portal.History.ExchangeHistory>();
        await history.SequenceAsync(default);

        await using (var db = contexts.CreateDbContext())
        {
            var entries = await db.Set<ExchangeRecord>().OrderBy(e => e.Id).Select(e => new { e.LeafIndex, e.Content }).ToListAsync();
            var first = entries[0].LeafIndex!.Value;
            Assert.Equal(Enumerable.Range(0, entries.Count).Select(i => (long?)(first + i)), entries.Select(e => e.LeafIndex));
            // The same leaves in a tree in memory give the same root as the database's tree.
            var expected = new MerkleTree(new InMemoryMerkleNodeStore());
            await expected.AppendManyAsync(entries.Select(e => Encoding.UTF8.GetBytes(e.Content)));
            var stored = new MerkleTree(new Myna.Portal.History.EfMerkleNodeStore(db));
            Assert.Equal(first + entries.Count, await stored.GetSizeAsync());
            Assert.Equal(0, first);
            Assert.Equal(await expected.GetRootAsync(entries.Count), await stored.GetRootAsync(entries.Count));
        }
    }
}
