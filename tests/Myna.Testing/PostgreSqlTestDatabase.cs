using Npgsql;

namespace Myna.Testing;

/// <summary>
/// A database of a test's own on the PostgreSQL server named by <c>MYNA_TEST_POSTGRES</c> (an Npgsql connection string
/// whose role has CREATEDB), which <c>./scripts/test.sh</c> starts and exports; dropped when disposed. Without the
/// variable it fails, never skips: a missing server must not turn the PostgreSQL half of the suite green.
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    public const string Variable = "MYNA_TEST_POSTGRES";

    private PostgreSqlTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string.</summary>
    /// <exception cref="InvalidOperationException"><c>MYNA_TEST_POSTGRES</c> is not set.</exception>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests cannot run. Run ./scripts/test.sh, which starts a " +
                $"throwaway PostgreSQL cluster and exports {Variable} (an Npgsql connection string with CREATEDB).");

    /// <summary>Creates an empty database named <paramref name="prefix"/> and a random suffix.</summary>
    public static async Task<PostgreSqlTestDatabase> CreateAsync(string prefix = "myna_test")
    {
        var server = ServerConnectionString;
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        // A minute to connect instead of Npgsql's 15 s: on a two-core machine busy with the rest of the suite, opening a
        // connection is the first thing to wait, and a test must not fail for it.
        return new PostgreSqlTestDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name, Timeout = 60 }.ToString());
    }

    /// <summary>Drops the database, closing whatever connections are still open to it.</summary>
    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // An autovacuum worker on the database (a role-less backend) cannot be terminated by a role without
                // pg_signal_backend, so FORCE refuses while one runs: it ends within moments.
                await Task.Delay(250);
            }
        }
    }
}
