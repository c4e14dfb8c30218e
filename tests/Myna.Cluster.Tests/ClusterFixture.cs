using Myna.Testing;

namespace Myna.Cluster.Tests;

/// <summary>
/// Two server processes on one PostgreSQL database (a database of its own), sharing one data directory for
/// now (the keys and card files are on one disk here), behind HAProxy. The nodes start one after the other: the first
/// migrates the database and seeds the staff accounts.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PostgreSqlTestDatabase? _database;

    public string DataDirectory { get; } = TestKeySet.NewDataDirectory("myna-cluster-");

    public ServerNode A { get; private set; } = null!;

    public ServerNode B { get; private set; } = null!;

    public IReadOnlyList<ServerNode> Nodes => [A, B];

    public Proxy Proxy { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_cluster");
        try
        {
            A = await ServerNode.StartAsync("a", DataDirectory, _database.ConnectionString);
            B = await ServerNode.StartAsync("b", DataDirectory, _database.ConnectionString);
            Proxy = await Proxy.StartAsync(Nodes);
        }
        catch
        {
            // No server may outlive a start that failed half way.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        Proxy?.Dispose();
        A?.Dispose();
        B?.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>The cluster's test classes share one cluster (starting it is the slow part) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
