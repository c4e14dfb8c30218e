using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Myna.Storage;

namespace Myna.Storage.Tests;

public abstract class MigrationTests(StorageFixture storage)
{
    private string MigrationsNamespace => storage.Provider switch
    {
        StorageProvider.Sqlite => "Myna.Storage.Migrations.Sqlite",
        _ => "Myna.Storage.Migrations.PostgreSql",
    };

    [Fact]
    public void Model_HasNoChangesMissingFromTheMigrations()
    {
        // Fails when an entity or configuration changed without `dotnet ef migrations add` for this provider
        // (docs/storage.md has the commands).
        using var db = storage.Contexts.CreateDbContext();
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes without a {storage.Provider} migration.");
    }

    [Fact]
    public void Migrations_AreThisProvidersOwn()
    {
        using var db = storage.Contexts.CreateDbContext();
        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Values;
        Assert.NotEmpty(migrations);
        Assert.All(migrations, m => Assert.Equal(MigrationsNamespace, m.Namespace));
    }

    [Fact]
    public async Task EmptyDatabase_Migrates_AndAgainIsNoOp()
    {
        var contexts = await storage.CreateEmptyDatabaseAsync();
        await using (var before = contexts.CreateDbContext())
            Assert.Empty(await before.Database.GetAppliedMigrationsAsync());

        await contexts.MigrateAsync();
        await contexts.MigrateAsync();

        await using var db = contexts.CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        // Every table is there and empty.
        Assert.Equal(0, await db.IssuedCertificates.CountAsync());
        Assert.Equal(0, await db.Revocations.CountAsync());
        Assert.Equal(0, await db.CrlNumbers.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }
}

public sealed class SqliteMigrationTests(SqliteStorage storage) : MigrationTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlMigrationTests(PostgreSqlStorage storage) : MigrationTests(storage), IClassFixture<PostgreSqlStorage>;
