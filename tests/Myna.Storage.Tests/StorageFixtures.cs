using Microsoft.Data.Sqlite;
using Myna.Storage;
using Myna.Storage.Protection;
using Myna.Testing;

namespace Myna.Storage.Tests;

/// <summary>
/// One database for one test class, migrated to the current model, removed afterwards. The test classes are
/// written once against this and run once per provider (a subclass each), so both engines pass the same tests.
/// </summary>
public abstract class StorageFixture : IAsyncLifetime
{
    private MynaDbContextFactory? _contexts;

    public abstract StorageProvider Provider { get; }

    /// <summary>The My Number keys of every database this fixture creates.</summary>
    public MyNumberKeyOptions Keys { get; } = MyNumberProtector.GenerateKeys();

    /// <summary>Contexts on this class's migrated database.</summary>
    public MynaDbContextFactory Contexts => _contexts ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _contexts = await CreateEmptyDatabaseAsync();
        await _contexts.MigrateAsync();
    }

    /// <summary>A new, empty database (no tables), removed with the fixture.</summary>
    public abstract Task<MynaDbContextFactory> CreateEmptyDatabaseAsync();

    public abstract Task DisposeAsync();
}

/// <summary>A SQLite file in a temporary directory.</summary>
public sealed class SqliteStorage : StorageFixture
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-storage-").FullName;
    private readonly List<MynaDbContextFactory> _created = [];

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override Task<MynaDbContextFactory> CreateEmptyDatabaseAsync()
    {
        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.db");
        var contexts = new MynaDbContextFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString(),
            MyNumberKeys = Keys,
        });
        _created.Add(contexts);
        return Task.FromResult(contexts);
    }

    public override Task DisposeAsync()
    {
        // Pooled connections keep the files open.
        foreach (var contexts in _created)
            contexts.ClearPool();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A database of its own on the PostgreSQL server named by <c>MYNA_TEST_POSTGRES</c> (an Npgsql connection
/// string whose role has CREATEDB), which <c>./scripts/test.sh</c> starts and exports.
/// </summary>
public sealed class PostgreSqlStorage : StorageFixture
{
    private readonly List<(MynaDbContextFactory Contexts, PostgreSqlTestDatabase Database)> _created = [];

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override async Task<MynaDbContextFactory> CreateEmptyDatabaseAsync()
    {
        var database = await PostgreSqlTestDatabase.CreateAsync();
        var contexts = new MynaDbContextFactory(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = database.ConnectionString,
            MyNumberKeys = Keys,
        });
        _created.Add((contexts, database));
        return contexts;
    }

    public override async Task DisposeAsync()
    {
        foreach (var (contexts, database) in _created)
        {
            contexts.ClearPool();
            await database.DisposeAsync();
        }
    }
}
