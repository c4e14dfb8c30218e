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

    /// <summary>
    /// Makes this process's presence known to the others on the database until the result is disposed (held for the
    /// process's life), and says whether it was alone when it joined: what only a process alone may do at start (give
    /// back the row claims of a process that died) it does only then.
    /// </summary>
    public abstract Task<Presence> JoinAsync(CancellationToken cancellationToken);
}

/// <summary>A process's presence among those sharing the database; disposing it leaves.</summary>
public abstract class Presence : IAsyncDisposable
{
    protected Presence(bool alone) => Alone = alone;

    /// <summary>Whether no other process was present when this one joined.</summary>
    public bool Alone { get; }

    public abstract ValueTask DisposeAsync();
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

    public override Task<Presence> JoinAsync(CancellationToken cancellationToken) => Task.FromResult<Presence>(new Only());

    private sealed class Only() : Presence(alone: true)
    {
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
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

    /// <inheritdoc />
    /// <remarks>
    /// Every present process holds a shared advisory lock on one key; a process joining first tries the exclusive lock on
    /// it, which it gets only when no one holds the shared one, then takes the shared lock and drops the exclusive one
    /// (a session may hold both, so there is no moment without either).
    /// </remarks>
    public override async Task<Presence> JoinAsync(CancellationToken cancellationToken)
    {
        var key = KeyOf("presence");
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var alone = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            alone.Parameters.AddWithValue("key", key);
            var wasAlone = await alone.ExecuteScalarAsync(cancellationToken) is true;
            // Waits only while another process is in its own moment of joining alone.
            await using var shared = new NpgsqlCommand(
                wasAlone ? "SELECT pg_advisory_lock_shared(@key), pg_advisory_unlock(@key)" : "SELECT pg_advisory_lock_shared(@key)", connection);
            shared.Parameters.AddWithValue("key", key);
            await shared.ExecuteNonQueryAsync(cancellationToken);
            return new Present(wasAlone, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Present(bool alone, NpgsqlConnection connection) : Presence(alone)
    {
        public override ValueTask DisposeAsync() => ReleaseAndCloseAsync(connection);
    }

    /// <summary>
    /// Gives the session's locks back, then closes it. Closing alone would release them too, but only once the server's
    /// backend has ended, a moment after the close returns: a process joining or leasing right after would still find
    /// them held. (A killed process cannot unlock; its locks go with its session, as they should.)
    /// </summary>
    private static async ValueTask ReleaseAndCloseAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session is gone already, and its locks with it.
        }
        await connection.DisposeAsync();
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
            await ReleaseAndCloseAsync(connection);
            _using.Dispose();
        }
    }
}
