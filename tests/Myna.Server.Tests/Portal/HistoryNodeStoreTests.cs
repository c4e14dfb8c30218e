using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Myna.Portal.History;
using Myna.Primitives.Hosting;
using Myna.Storage;
using Myna.Testing;
using Myna.Transparency;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// The exchange history's tree in SQLite (<see cref="EfMerkleNodeStore"/>): a proof reads the nodes it asks for and no
/// others, so that it stays O(log n) rows on a log of millions of entries (docs/performance.md).
/// </summary>
public sealed class HistoryNodeStoreTests : IAsyncLifetime
{
    private readonly string _root = TestDirectories.Create("myna-history-nodes-");
    private MynaDbContextFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new MynaDbContextFactory(StorageOptions.Default(new MynaHome(_root)));
        await _factory.MigrateAsync();
    }

    [Fact]
    public async Task TheNodesOfAProof_AreReadByTheirKeys_NotByEveryLevelTimesEveryIndex()
    {
        await using (var db = _factory.CreateDbContext())
            await new MerkleTree(new EfMerkleNodeStore(db)).AppendManyAsync(Enumerable.Range(0, 1000).Select(BitConverter.GetBytes));
        var capture = new QueryCapture();
        var options = MynaDbContextFactory.Configure(new DbContextOptionsBuilder<SqliteMynaDbContext>(), _factory.Options).AddInterceptors(capture).Options;
        await using var context = new SqliteMynaDbContext(options);
        var store = new EfMerkleNodeStore(context);

        // The siblings on the path of leaf 357: one node on each of levels 0 to 8.
        NodeId[] ids = [.. Enumerable.Range(0, 9).Select(level => new NodeId(level, (357L >> level) ^ 1))];
        var hashes = await store.GetNodesAsync(ids);
        Assert.Equal(ids.Length, hashes.Count);
        var tree = new MerkleTree(store);
        Assert.True((await tree.GetInclusionProofAsync(357, 1000)).Verify(await tree.GetLeafHashAsync(357), await tree.GetRootAsync(1000)));

        // The first query again, as it was sent: it finds those 9 rows, not the 9 × 9 pairs of levels and indexes.
        await using var connection = new SqliteConnection(_factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = capture.Commands[0].Sql;
        foreach (var (name, value) in capture.Commands[0].Parameters)
            command.Parameters.AddWithValue(name, value);
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                rows++;
        }
        Assert.Equal(ids.Length, rows);
    }

    [Fact]
    public async Task NodesAddedAsPlainRows_AreAllOrNone_AndANodeAlreadyThereFailsTheAdd()
    {
        await using (var db = _factory.CreateDbContext())
            await new MerkleTree(new EfMerkleNodeStore(db)).AppendManyAsync(Enumerable.Range(0, 3).Select(BitConverter.GetBytes));
        var leaf = MerkleHash.OfLeaf([9]);
        await using (var db = _factory.CreateDbContext())
        {
            // Leaf 3 is new, leaf 2 is there: outside a transaction of the caller's, the store's own writes neither.
            await Assert.ThrowsAsync<InvalidOperationException>(() => new EfMerkleNodeStore(db).AddNodesAsync(
                [new MerkleNode(new NodeId(0, 3), leaf), new MerkleNode(new NodeId(0, 2), leaf)]));
        }
        await using (var db = _factory.CreateDbContext())
        {
            var tree = new MerkleTree(new EfMerkleNodeStore(db));
            Assert.Equal(3, await tree.GetSizeAsync());
            // The append that follows completes the same tree a store that never failed would have.
            Assert.Equal(3, await tree.AppendAsync([9]));
            Assert.Equal(MerkleHash.OfChildren(await tree.GetRootAsync(2), MerkleHash.OfChildren(MerkleHash.OfLeaf(BitConverter.GetBytes(2)), leaf)),
                await tree.GetRootAsync(4));
        }
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private sealed class QueryCapture : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
