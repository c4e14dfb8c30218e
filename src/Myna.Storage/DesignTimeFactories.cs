using Microsoft.EntityFrameworkCore.Design;

namespace Myna.Storage;

/// <summary>
/// What <c>dotnet ef … --context SqliteMynaDbContext</c> uses. Adding a migration needs no database; for
/// <c>database update</c>, <c>MYNA_STORAGE_CONNECTION</c> names the file (default <c>Data Source=myna.db</c>).
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMynaDbContext>
{
    public SqliteMynaDbContext CreateDbContext(string[] args) =>
        (SqliteMynaDbContext)new MynaDbContextFactory(DesignTimeOptions(StorageProvider.Sqlite, "Data Source=myna.db")).CreateDbContext();

    internal static StorageOptions DesignTimeOptions(StorageProvider provider, string fallback)
    {
        var configured = Environment.GetEnvironmentVariable("MYNA_STORAGE_CONNECTION");
        return new StorageOptions { Provider = provider, ConnectionString = string.IsNullOrEmpty(configured) ? fallback : configured };
    }
}

/// <summary>
/// What <c>dotnet ef … --context PostgreSqlMynaDbContext</c> uses. Adding a migration needs no server; for
/// <c>database update</c>, <c>MYNA_STORAGE_CONNECTION</c> holds the Npgsql connection string.
/// </summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlMynaDbContext>
{
    public PostgreSqlMynaDbContext CreateDbContext(string[] args) =>
        (PostgreSqlMynaDbContext)new MynaDbContextFactory(SqliteDesignTimeFactory.DesignTimeOptions(
            StorageProvider.PostgreSql, "Host=localhost;Database=myna;Username=myna")).CreateDbContext();
}
