using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Myna.Storage.Tests;

/// <summary>
/// SQLite connections wait for a lock with SQLite's busy handler (steps of milliseconds), not Microsoft.Data.Sqlite's
/// 150-ms sleeps, which made concurrent logins slower than sequential ones (docs/performance.md).
/// </summary>
public sealed class SqliteBusyTimeoutTests(SqliteStorage storage) : IClassFixture<SqliteStorage>
{
    [Fact]
    public async Task EveryContextsConnection_HasSQLitesBusyHandler_AsLongAsItsCommandTimeout()
    {
        var contexts = await storage.CreateEmptyDatabaseAsync();
        await contexts.MigrateAsync();
        for (var i = 0; i < 2; i++)
        {
            // The second time from the pool.
            await using var db = contexts.CreateDbContext();
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Assert.Equal(connection.DefaultTimeout * 1000L, (long)(await command.ExecuteScalarAsync())!);
        }
    }
}
