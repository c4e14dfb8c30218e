using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Myna.Storage.Coordination;

/// <summary>
/// Leases on work that must run in one process only (a daily job, the history's sequencer) while several processes
/// share one database. A lease is held until it is disposed or its holder dies; then another process may take it.
/// </summary>
public abstract class WorkLeases
{
    /// <summary>
    /// The leases of <paramref name="contexts"/>'s database: PostgreSQL session advisory locks, or, on SQLite (one
    /// process by design), leases that are always granted.
    /// </summary>
    public static WorkLeases For(MynaDbContextFactory contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return contexts.Provider == StorageProvider.PostgreSql
            ? new PostgreSqlWorkLeases(contexts.ConnectionString)
            : SingleProcessWorkLeases.Instance;
    }

    /// <summary>Takes the lease named <paramref name="name"/> if no process holds it; null when one does.</summary>
    public abstract Task<WorkLease?> TryTakeAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A lease taken; disposing it gives it back.</summary>
public abstract class WorkLease : IAsyncDisposable
{
    protected WorkLease(string name) => Name = name;

    public string Name { get; }

    /// <summary>Whether this process still holds the lease (false once the database dropped the holder's session).</summary>
    public abstract Task<bool> IsHeldAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>SQLite's leases: one process owns the database, so every lease is granted at once and never lost.</summary>
public sealed class SingleProcessWorkLeases : WorkLeases
{
    public static SingleProcessWorkLeases Instance { get; } = new();

    private SingleProcessWorkLeases()
    {
    }

    public override Task<WorkLease?> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Task.FromResult<WorkLease?>(new Granted(name));
    }

    private sealed class Granted(string name) : WorkLease(name)
    {
        public override Task<bool> IsHeldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A lease is a PostgreSQL session advisory lock (<c>pg_try_advisory_lock</c>) held on a connection of its own: the
/// server releases it when that connection ends, so a holder that is killed gives the lease up as soon as the server
/// sees its socket close (at once on one machine; after the TCP keepalive across a network that fails silently).
/// </summary>
public sealed class PostgreSqlWorkLeases : WorkLeases
{
    private readonly string _connectionString;

    /// <param name="connectionString">The database's Npgsql connection string.</param>
    public PostgreSqlWorkLeases(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Unpooled: a pooled connection would go back to the pool, lock and all, instead of ending with the lease. The
        // keepalive lets the client notice a server that vanished without closing the socket.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false, KeepAlive = 10, ApplicationName = "myna-lease",
        }.ToString();
    }

    /// <summary>The advisory lock's key for a lease name: the first 8 bytes of SHA-256 of the name, so names never need registering.</summary>
    public static long KeyOf(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("myna-lease:" + name)));

    public override async Task<WorkLease?> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", KeyOf(name));
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
                return new Held(name, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(string name, NpgsqlConnection connection) : WorkLease(name)
    {
        private readonly SemaphoreSlim _using = new(1, 1);

        public override async Task<bool> IsHeldAsync(CancellationToken cancellationToken)
        {
            await _using.WaitAsync(cancellationToken);
            try
            {
                // A session lock lasts as long as the session: a session that still answers still holds it.
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return false;
            }
            finally
            {
                _using.Release();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            // Closing the session releases the lock; no unlock needed.
            await connection.DisposeAsync();
            _using.Dispose();
        }
    }
}
