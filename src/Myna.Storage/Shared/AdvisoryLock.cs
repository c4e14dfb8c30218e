using System.Buffers.Binary;
using System.Diagnostics;
using Npgsql;

namespace Myna.Storage.Shared;

/// <summary>
/// A PostgreSQL session advisory lock (<c>pg_try_advisory_lock</c>) held on a connection of its own for as long as the
/// object lives: exclusive between every process on the database, and dropped by the server when the holder's
/// connection ends, so a process that dies leaves no stale lock.
/// </summary>
/// <remarks>
/// The connection is opened without pooling: a pooled connection given back while it still held the lock would keep it
/// for whoever took the connection next.
/// </remarks>
public sealed class AdvisoryLock : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);

    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>
    /// The lock key of <paramref name="id"/> (a card id …): its 128 bits folded to the 64 of an advisory lock, so that two
    /// ids share a key only by chance (a false "busy" between two cards both open at that moment, never a missed one).
    /// </summary>
    public static long KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }

    /// <summary>Takes the lock <paramref name="key"/>, trying every 50 ms for up to <paramref name="timeout"/>.</summary>
    /// <returns>The lock held, or null when another session held it for the whole wait.</returns>
    public static AdvisoryLock? TryAcquire(string connectionString, long key, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
            // A wait measures elapsed time, not a date: Stopwatch, not the (possibly sandbox) TimeProvider.
            var waited = Stopwatch.StartNew();
            while (true)
            {
                using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
                {
                    command.Parameters.AddWithValue("key", key);
                    if (command.ExecuteScalar() is true)
                        return new AdvisoryLock(connection, key);
                }
                if (waited.Elapsed >= timeout)
                {
                    connection.Dispose();
                    return null;
                }
                Thread.Sleep(RetryInterval);
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock and closes its connection (closing alone would release it too).</summary>
    public void Dispose()
    {
        try
        {
            using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            command.ExecuteScalar();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the lock with it.
        }
        finally
        {
            _connection.Dispose();
        }
    }
}
