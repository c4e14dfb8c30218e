using Npgsql;

namespace Myna.Storage.Coordination;

/// <summary>
/// A PostgreSQL notification channel (<c>LISTEN</c>/<c>NOTIFY</c>) on which processes sharing a database tell each
/// other that something changed. A notice says only "look again": the listener reads what changed from the tables, so a
/// notice lost (a listener reconnecting) costs no more than the wait until its next look.
/// </summary>
public sealed class ChangeChannel : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _listenString;
    private readonly string _name;
    private readonly SemaphoreSlim _requested = new(0, 1);
    private NpgsqlConnection? _listening;
    private volatile bool _noticed;

    /// <param name="connectionString">The database's Npgsql connection string.</param>
    /// <param name="name">The channel, a lower-case SQL identifier such as <c>myna_certificates</c>.</param>
    public ChangeChannel(string connectionString, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (string.IsNullOrEmpty(name) || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            throw new ArgumentException("A channel name is a lower-case identifier.", nameof(name));
        _connectionString = connectionString;
        // The listening connection is long-lived and must not return to a pool still listening.
        _listenString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false, KeepAlive = 10, ApplicationName = "myna-listen",
        }.ToString();
        _name = name;
    }

    /// <summary>Tells every listener (this process's too) to look again. Sent after the change committed.</summary>
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, '')", connection);
        command.Parameters.AddWithValue("channel", _name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Asks for a notice without waiting for it, from any thread (an event raised where the change was stored must not
    /// wait on the database): <see cref="AnnounceRequestedAsync"/> sends it. Requests made before it is sent make one
    /// notice, which covers every change committed before them.
    /// </summary>
    public void RequestAnnounce()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // A notice is due already.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Sends the notices <see cref="RequestAnnounce"/> asks for until <paramref name="cancellationToken"/> is cancelled. A
    /// notice that cannot be sent goes to <paramref name="failed"/>: the listeners' next poll finds the change anyway.
    /// </summary>
    public async Task AnnounceRequestedAsync(Action<Exception> failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        try
        {
            while (true)
            {
                await _requested.WaitAsync(cancellationToken);
                try
                {
                    await AnnounceAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Waits until a notice arrives on the channel or <paramref name="timeout"/> passes, listening first if not yet
    /// (again after a broken connection). The caller looks at the tables after either.
    /// </summary>
    /// <returns>Whether a notice arrived.</returns>
    /// <exception cref="NpgsqlException">The database cannot be reached; the next call connects again.</exception>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (_listening is null)
            {
                var connection = new NpgsqlConnection(_listenString);
                connection.Notification += (_, _) => _noticed = true;
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var listen = new NpgsqlCommand($"LISTEN {_name}", connection);
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
                _listening = connection;
            }
            _noticed = false;
            await _listening.WaitAsync(timeout, cancellationToken);
            return _noticed;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // Listen again next time; notices sent meanwhile are lost, which the caller's look at the tables makes good.
            await DropListeningAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropListeningAsync();
        _requested.Dispose();
    }

    private async Task DropListeningAsync()
    {
        if (_listening is { } connection)
        {
            _listening = null;
            await connection.DisposeAsync();
        }
    }
}
