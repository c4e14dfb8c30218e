using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Pki.Revocation;
using Myna.Primitives.Hosting;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Protection;

namespace Myna.Storage.Tests;

public sealed class StorageOptionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"myna-home-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Default_IsSqliteFileInTheDataDirectory_CreatedAndMigratedOnStart()
    {
        var home = new MynaHome(Path.Combine(_root, "home"));
        var options = StorageOptions.Default(home);
        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal(Path.Combine(home.Root, "myna.db"), new SqliteConnectionStringBuilder(options.ConnectionString).DataSource);

        var contexts = new MynaDbContextFactory(options);
        try
        {
            await contexts.MigrateAsync();
            Assert.True(File.Exists(Path.Combine(home.Root, "myna.db")));
            await using var db = contexts.CreateDbContext();
            Assert.IsType<SqliteMynaDbContext>(db);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home.Root));
        }
        finally
        {
            contexts.ClearPool();
        }
    }

    [Fact]
    public void PostgreSql_WithoutConnectionString_IsAConfigurationError()
    {
        var options = new StorageOptions { Provider = StorageProvider.PostgreSql };
        var error = Assert.Throws<InvalidOperationException>(() => options.WithDefaults(new MynaHome(_root)));
        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MynaDbContextFactory(options));
    }

    [Fact]
    public void ExplicitConnectionString_IsKept_AndPicksTheProvidersContext()
    {
        var options = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = "Host=db.example;Database=myna" }
            .WithDefaults(new MynaHome(_root));
        Assert.Equal("Host=db.example;Database=myna", options.ConnectionString);
        using var db = new MynaDbContextFactory(options).CreateDbContext();
        Assert.IsType<PostgreSqlMynaDbContext>(db);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
    }

    [Fact]
    public void AddMynaStorage_RegistersOneFactoryAndTheStoresOverIt()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddMynaStorage(StorageOptions.Default(new MynaHome(_root)));
        using var provider = services.BuildServiceProvider();

        var factory = provider.GetRequiredService<MynaDbContextFactory>();
        Assert.Same(factory, provider.GetRequiredService<IDbContextFactory<MynaDbContext>>());
        Assert.IsType<EfCertificateRegistryStore>(provider.GetRequiredService<ICertificateRegistryStore>());
        Assert.IsType<EfCrlNumberStore>(provider.GetRequiredService<ICrlNumberStore>());
        Assert.NotNull(provider.GetRequiredService<AuditTrail>());
    }

    [Fact]
    public async Task MyNumberKeyFile_IsCreatedOnFirstStart_OwnerOnly_AndKeepsTheDataReadable()
    {
        var home = new MynaHome(Path.Combine(_root, "home"));
        var options = StorageOptions.Default(home);
        Assert.Equal(Path.Combine(home.KeysDirectory, "my-number-keys.json"), options.MyNumberKeyFile);
        Assert.False(File.Exists(options.MyNumberKeyFile));

        var contexts = new MynaDbContextFactory(options);
        var restarted = new MynaDbContextFactory(StorageOptions.Default(home));
        try
        {
            await contexts.MigrateAsync();
            Assert.True(File.Exists(options.MyNumberKeyFile));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.MyNumberKeyFile!));
            var resident = await MyNumberAtRestTests.SaveNewResidentAsync(contexts);

            // A restart reads the same file, so the number decrypts and is found again.
            await restarted.MigrateAsync();
            await using var db = restarted.CreateDbContext();
            Assert.Equal(resident.Id, (await db.ResidentsWithMyNumber(resident.MyNumber).SingleAsync()).Id);
        }
        finally
        {
            contexts.ClearPool();
            restarted.ClearPool();
        }
    }

    [Fact]
    public async Task SqliteFiles_AreOwnerOnly_NewOnes_AndOnesAnEarlierVersionLeftReadable()
    {
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var home = new MynaHome(Path.Combine(_root, "home"));
        var file = Path.Combine(home.Root, StorageOptions.DefaultSqliteFileName);
        var contexts = new MynaDbContextFactory(StorageOptions.Default(home));
        try
        {
            await contexts.MigrateAsync();
            await MyNumberAtRestTests.SaveNewResidentAsync(contexts);
            Assert.Equal(ownerOnly, File.GetUnixFileMode(file));
            Assert.Equal(ownerOnly, File.GetUnixFileMode(file + "-wal"));

            // A file left readable to others (as an earlier version made it) is closed at the next start.
            contexts.ClearPool();
            File.SetUnixFileMode(file, ownerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await contexts.MigrateAsync();
            Assert.Equal(ownerOnly, File.GetUnixFileMode(file));
        }
        finally
        {
            contexts.ClearPool();
        }
    }

    [Fact]
    public void MyNumberKeys_FromConfiguration_AreUsed_AndNoKeyFileIsNamed()
    {
        var keys = MyNumberProtector.GenerateKeys();
        var options = new StorageOptions { MyNumberKeys = keys }.WithDefaults(new MynaHome(_root));
        Assert.Same(keys, options.MyNumberKeys);
        Assert.Null(options.MyNumberKeyFile);
    }

    [Theory]
    [InlineData("no current key", 0, "1", true)]
    [InlineData("current key missing", 2, "1", true)]
    [InlineData("key too short", 1, "1", false)]
    public void MyNumberKeys_Malformed_AreAClearConfigurationError(string _, int current, string id, bool goodKey)
    {
        var keys = MyNumberProtector.GenerateKeys();
        keys.CurrentKeyId = current;
        keys.EncryptionKeys = new() { [id] = goodKey ? keys.EncryptionKeys["1"] : Convert.ToBase64String(new byte[16]) };
        var error = Assert.Throws<InvalidOperationException>(() => MyNumberProtector.FromOptions(keys));
        Assert.StartsWith("My Number keys:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.IndexKey!, error.Message, StringComparison.Ordinal);
    }
}
