using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Hosting;
using Myna.Storage.Concurrency;
using Myna.Storage.Protection;
using Myna.Storage.Registry;
using Npgsql;

namespace Myna.Storage;

/// <summary>
/// Creates a <see cref="MynaDbContext"/> of the configured provider, one per unit of work (a context is not
/// thread-safe; a shared one would serialise every request). Safe for concurrent use.
/// </summary>
public sealed partial class MynaDbContextFactory : IDbContextFactory<MynaDbContext>
{
    private readonly DbContextOptions _contextOptions;
    private readonly DbContextOptions _readerOptions;
    private readonly Lazy<MyNumberProtector> _myNumbers;

    /// <param name="options">
    /// Provider, a non-empty connection string and the My Number keys or key file (see <see cref="StorageOptions.WithDefaults"/>).
    /// The keys are read (or the key file created) on first use, at the latest by <see cref="MigrateAsync(CancellationToken)"/>.
    /// </param>
    /// <exception cref="ArgumentException">The connection string is missing or not one the provider understands.</exception>
    public MynaDbContextFactory(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("A connection string is required; StorageOptions.WithDefaults supplies SQLite's.", nameof(options));
        Provider = options.Provider;
        ConnectionString = options.ConnectionString;
        Options = new StorageOptions
        {
            Provider = options.Provider, ConnectionString = options.ConnectionString,
            MyNumberKeys = options.MyNumberKeys, MyNumberKeyFile = options.MyNumberKeyFile,
        };
        _myNumbers = new Lazy<MyNumberProtector>(() => LoadMyNumberKeys(Options));
        _contextOptions = ContextOptions(options, ContextUse.Any);
        _readerOptions = ContextOptions(options, ContextUse.ReadsNoMyNumber);
    }

    /// <summary>The options of this provider's context for <paramref name="use"/>.</summary>
    private static DbContextOptions ContextOptions(StorageOptions options, ContextUse use) => options.Provider switch
    {
        StorageProvider.Sqlite => Configure(new DbContextOptionsBuilder<SqliteMynaDbContext>(), options, use).Options,
        StorageProvider.PostgreSql => Configure(new DbContextOptionsBuilder<PostgreSqlMynaDbContext>(), options, use).Options,
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider."),
    };

    public StorageProvider Provider { get; }

    /// <summary>The connection string in use (it may hold a password: do not log it).</summary>
    public string ConnectionString { get; }

    /// <summary>The options this factory was made with (they may hold a password and keys: do not log them).</summary>
    public StorageOptions Options { get; }

    /// <summary>
    /// The one place that turns <see cref="StorageOptions"/> into EF Core options: provider, connection string,
    /// snake_case names (so tables read naturally in psql and sqlite3), the interceptors that store My Numbers
    /// encrypted and keep row versions (docs/storage.md), and for SQLite its own busy handler (<see cref="SqliteBusyTimeout"/>) and the statements of hot queries kept prepared (<see cref="PlainRows.KeptStatements"/>).
    /// </summary>
    public static TBuilder Configure<TBuilder>(TBuilder builder, StorageOptions options)
        where TBuilder : DbContextOptionsBuilder => Configure(builder, options, ContextUse.Any);

    /// <summary>What a context is made for.</summary>
    private enum ContextUse
    {
        /// <summary>Anything: every entity read and written, My Numbers encrypted and decrypted.</summary>
        Any,

        /// <summary>Reads that materialise no resident and no card, and no save (<see cref="CreateReadingContext"/>).</summary>
        ReadsNoMyNumber,
    }

    private static TBuilder Configure<TBuilder>(TBuilder builder, StorageOptions options, ContextUse use)
        where TBuilder : DbContextOptionsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        _ = options.Provider switch
        {
            StorageProvider.Sqlite => builder.UseSqlite(options.ConnectionString),
            StorageProvider.PostgreSql => builder.UseNpgsql(options.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown storage provider."),
        };
        builder.UseSnakeCaseNamingConvention();
        builder.AddInterceptors(use == ContextUse.Any ? MyNumberMapping.Instance : ReadsNoMyNumber.Instance, RowVersionInterceptor.Instance);
        if (options.Provider == StorageProvider.Sqlite)
            builder.AddInterceptors(SqliteBusyTimeout.Instance, PlainRows.SqliteKeptStatements.Instance);
        return builder;
    }

    /// <inheritdoc />
    public MynaDbContext CreateDbContext()
    {
        MynaDbContext context = _contextOptions switch
        {
            DbContextOptions<SqliteMynaDbContext> sqlite => new SqliteMynaDbContext(sqlite),
            DbContextOptions<PostgreSqlMynaDbContext> postgres => new PostgreSqlMynaDbContext(postgres),
            _ => throw new InvalidOperationException("Unreachable: options of an unknown context."),
        };
        context.UseMyNumberKeys(_myNumbers);
        return context;
    }

    /// <summary>
    /// A context for a hot read that materialises no resident and no card (scalar columns of them, other entities), and
    /// saves nothing: without the interceptor that decrypts My Numbers as residents are materialised. EF builds a
    /// delegate for every property of every entity a query materialises, on every execution, as soon as any
    /// materialisation interceptor is registered — a few per cent of an eligibility check's CPU. A query of this context
    /// that would materialise a resident or a card fails when it is compiled, and a save fails, so that no My Number is
    /// ever read or written in the clear through it.
    /// </summary>
    public MynaDbContext CreateReadingContext()
    {
        MynaDbContext context = _readerOptions switch
        {
            DbContextOptions<SqliteMynaDbContext> sqlite => new SqliteMynaDbContext(sqlite),
            DbContextOptions<PostgreSqlMynaDbContext> postgres => new PostgreSqlMynaDbContext(postgres),
            _ => throw new InvalidOperationException("Unreachable: options of an unknown context."),
        };
        context.UseMyNumberKeys(_myNumbers);
        return context;
    }

    /// <summary>
    /// Brings the database up to the current model with this provider's migrations, creating it (and, for
    /// SQLite, its directory) when missing; encrypts the My Numbers a database of an earlier version holds in plain
    /// text, checks that the My Number keys are the ones the database was written with, and gives back the row
    /// claims a process that died left (<see cref="RowVersions.ClaimAsync"/>). A host calls this once at startup,
    /// before serving.
    /// </summary>
    /// <exception cref="MyNumberProtectionException">The My Number keys are not those of this database.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(releaseAbandonedClaims: true, cancellationToken);

    /// <inheritdoc cref="MigrateAsync(CancellationToken)"/>
    /// <param name="releaseAbandonedClaims">
    /// False when other processes may be working on the database (<see cref="Coordination.Presence.Alone"/> said so):
    /// their claims are live, not abandoned, and stay; the claims of a process that died then wait for a start alone.
    /// </param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    public async Task MigrateAsync(bool releaseAbandonedClaims, CancellationToken cancellationToken = default)
    {
        if (Provider == StorageProvider.Sqlite)
            EnsurePrivateSqliteFiles();
        await using var db = CreateDbContext();
        // Keys first: a broken key file fails the start before anything is changed.
        _ = db.MyNumbers;
        await db.Database.MigrateAsync(cancellationToken);
        if (Provider == StorageProvider.Sqlite)
        {
            // Write-ahead logging lets readers go on while one context writes (the default rollback journal
            // blocks them). The mode is kept in the file, so setting it once per start is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await EncryptPlainMyNumbersAsync(db, cancellationToken);
        await EncryptPlainSecurityCodesAsync(db, cancellationToken);
        await CheckMyNumberKeysAsync(db, cancellationToken);
        if (releaseAbandonedClaims)
            await RowVersions.ReleaseAbandonedAsync(db, cancellationToken);
    }

    /// <summary>Clears the provider's connection pool for this database, so its file or database can be removed.</summary>
    public void ClearPool()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            using var connection = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    /// <summary>
    /// The database's directory and files owner-only, as the key directories: residents and the audit trail are nobody
    /// else's business. SQLite makes its write-ahead log and shared-memory files with the mode of the database file,
    /// so a database file created here owner-only keeps them so too; an existing one (and its companions) is set so.
    /// </summary>
    private void EnsurePrivateSqliteFiles()
    {
        var path = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return;
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            MynaHome.EnsurePrivateDirectory(directory);
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(full))
            new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly }).Dispose();
        foreach (var file in new[] { full, full + "-wal", full + "-shm" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != ownerOnly)
                File.SetUnixFileMode(file, ownerOnly);
        }
    }
}
