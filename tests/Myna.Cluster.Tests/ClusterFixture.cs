using Myna.Testing;

namespace Myna.Cluster.Tests;

/// <summary>
/// Two server processes on one PostgreSQL database (a database of its own) behind HAProxy, each with a data directory
/// of its own, as separate machines would have; what they must share they share through the database, given the same
/// <see cref="Secrets"/>. The nodes start one after the other: the first migrates the database, seeds the staff
/// accounts and stores its keys; the second starts from an empty directory and takes the keys from the database.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly List<string> _directories = [];
    private PostgreSqlTestDatabase? _database;

    /// <summary>The key-encryption key and the My Number keys every process of this cluster is given.</summary>
    public ClusterSecrets Secrets { get; } = new();

    public ServerNode A { get; private set; } = null!;

    public ServerNode B { get; private set; } = null!;

    public IReadOnlyList<ServerNode> Nodes => [A, B];

    public Proxy Proxy { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>
    /// A new, empty data directory for a process of this cluster (removed with the cluster): what a machine added to
    /// the deployment starts with.
    /// </summary>
    public string NewDataDirectory(string name)
    {
        var directory = TestDirectories.Create($"myna-cluster-{name}-");
        _directories.Add(directory);
        return directory;
    }

    public async Task InitializeAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_cluster");
        try
        {
            // The first process starts from the tests' key set (authorities made at the tests' low key-derivation
            // cost, once per run); the second from nothing.
            var first = TestKeySet.NewDataDirectory("myna-cluster-a-");
            _directories.Add(first);
            A = await ServerNode.StartAsync("a", first, _database.ConnectionString, Secrets);
            B = await ServerNode.StartAsync("b", NewDataDirectory("b"), _database.ConnectionString, Secrets);
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
        foreach (var directory in _directories)
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The cluster's test classes share one cluster (starting it is the slow part) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
