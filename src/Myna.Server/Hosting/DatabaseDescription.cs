using System.Data.Common;
using Myna.Storage;

namespace Myna.Server.Hosting;

/// <summary>Where the data is, for the start's log: the provider and the file or host, never a password or user name.</summary>
internal static class DatabaseDescription
{
    public static string Of(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = storage.ConnectionString;
        }
        catch (ArgumentException)
        {
            return storage.Provider.ToString();
        }
        return storage.Provider switch
        {
            StorageProvider.Sqlite => "SQLite, " + (Value(builder, "Data Source", "DataSource", "Filename") ?? "(in memory)"),
            _ => "PostgreSQL, host " + (Value(builder, "Host", "Server") ?? "localhost")
                + (Value(builder, "Port") is { } port ? ":" + port : "")
                + (Value(builder, "Database") is { } database ? ", database " + database : ""),
        };
    }

    private static string? Value(DbConnectionStringBuilder builder, params string[] keys) =>
        keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
