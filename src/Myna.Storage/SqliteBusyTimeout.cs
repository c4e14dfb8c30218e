using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Myna.Storage;

/// <summary>
/// Gives every SQLite connection SQLite's own busy handler (<c>sqlite3_busy_timeout</c>), as long as the connection's
/// command timeout: a writer that finds the database locked by another then waits in steps of 1 to 100 ms until the lock
/// is free.
/// </summary>
/// <remarks>
/// Without it Microsoft.Data.Sqlite answers a locked database by sleeping 150 ms and trying again, so two requests that
/// write at once cost the second one 150 ms or more: concurrent card logins ran slower than one at a time (about 94
/// logins/s with one client, 55 with four, p99 0.6 s; docs/performance.md).
/// </remarks>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static SqliteBusyTimeout Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
            SQLitePCL.raw.sqlite3_busy_timeout(sqlite.Handle, checked(sqlite.DefaultTimeout * 1000));
    }
}
