using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Myna.Storage.PlainRows;

/// <summary>
/// Hot queries whose SQLite statement is kept prepared on the connection: a LINQ query tagged with <see cref="Tag"/>
/// (<c>TagWith(KeptStatements.Tag)</c>) runs, on SQLite, on a command kept for its SQL on that connection, so that SQLite
/// parses and plans it once per connection instead of on every execution. EF still translates, binds and materialises as
/// for any query. Worth it on a connection its owner keeps open (a context kept for a hot read): a connection closed and
/// opened again prepares the statement again once.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite prepares a command's statements on its first execution and keeps them with the command, but EF
/// makes a new command for every execution, so a query of several joins was parsed and planned each time (the holder's
/// read of an eligibility check; a read of four tables 27 → 21 µs, docs/performance.md). Microsoft.Data.Sqlite has no
/// statement cache of its own. On PostgreSQL the tag is only a comment in the SQL. A tagged query is not for nesting: it
/// must not run again on a connection while the reader of its earlier run there is still open.
/// </remarks>
public static class KeptStatements
{
    /// <summary>The query tag that asks for a kept statement.</summary>
    public const string Tag = "kept statement";
}

/// <summary>
/// Runs queries tagged <see cref="KeptStatements.Tag"/> on a command kept per connection and SQL text (EF writes a tag as
/// a comment that starts the SQL), with the parameters of EF's command. One context uses a connection at a time, so the
/// kept commands of one connection are never run at once.
/// </summary>
internal sealed class SqliteKeptStatements : DbCommandInterceptor
{
    public static SqliteKeptStatements Instance { get; } = new();

    private const string Marker = "-- " + KeptStatements.Tag;

    /// <summary>The kept commands of each open connection, by SQL text; they go with the connection object.</summary>
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Commands = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Kept(command) is { } kept ? InterceptionResult<DbDataReader>.SuppressWithResult(kept.ExecuteReader(CommandBehavior.Default)) : result;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        Kept(command) is { } kept
            ? InterceptionResult<DbDataReader>.SuppressWithResult(await kept.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false))
            : result;

    /// <summary>The kept command for EF's <paramref name="command"/>, its parameters and transaction set; null for an untagged query.</summary>
    private static SqliteCommand? Kept(DbCommand command)
    {
        if (command is not SqliteCommand { Connection: { } connection } sqlite || !sqlite.CommandText.StartsWith(Marker, StringComparison.Ordinal))
            return null;
        var commands = Commands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sqlite.CommandText, out var kept))
        {
            kept = connection.CreateCommand();
            kept.CommandText = sqlite.CommandText;
            commands[sqlite.CommandText] = kept;
        }
        kept.Transaction = sqlite.Transaction;
        kept.CommandTimeout = sqlite.CommandTimeout;
        // EF's own parameters, as EF's type mappings configured them (a copy lost how a Guid is bound: as text, not as a
        // blob); they are bound at each execution, and the statement stays prepared.
        kept.Parameters.Clear();
        foreach (SqliteParameter parameter in sqlite.Parameters)
            kept.Parameters.Add(parameter);
        return kept;
    }
}
