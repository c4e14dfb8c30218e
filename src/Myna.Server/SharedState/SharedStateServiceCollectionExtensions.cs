using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Hosting;
using Myna.Server.Hosting;
using Myna.Storage;
using Myna.Storage.Shared;

namespace Myna.Server.SharedState;

/// <summary>
/// What several servers on one database share beyond its tables: their keys (<see cref="SharedKeyFiles"/>), encrypted
/// under the operator's key-encryption key. Only on PostgreSQL: a SQLite database is one server's.
/// </summary>
internal static class SharedStateServiceCollectionExtensions
{
    public static IServiceCollection AddMynaSharedState(this IServiceCollection services, ServerOptions options, StorageOptions storage, MynaHome home)
    {
        if (storage.Provider != StorageProvider.PostgreSql)
            return services;
        var key = KeyEncryptionKeyOf(options, home);
        services.AddSingleton(key);
        services.AddSingleton(sp => new KeyMaterialStore(
            sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), key, TimeProvider.System));
        services.AddSingleton(sp => new SharedKeyFiles(home, sp.GetRequiredService<KeyMaterialStore>(), storage.ConnectionString!, storage,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Myna.SharedState")));
        return services;
    }

    /// <summary>The key-encryption key from <c>Myna:KeyEncryptionKey</c>, else from the file <c>Myna:KeyEncryptionKeyFile</c> names.</summary>
    /// <exception cref="InvalidOperationException">Neither is set, the file is missing, or the key is not base64 of 32 bytes.</exception>
    private static KeyEncryptionKey KeyEncryptionKeyOf(ServerOptions options, MynaHome home)
    {
        string text;
        string source;
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            (text, source) = (options.KeyEncryptionKey, "Myna:KeyEncryptionKey");
        }
        else if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKeyFile))
        {
            var path = Path.GetFullPath(options.KeyEncryptionKeyFile, home.Root);
            if (!File.Exists(path))
                throw new InvalidOperationException($"Myna:KeyEncryptionKeyFile names {path}, which does not exist.");
            (text, source) = (File.ReadAllText(path), "the file " + path);
        }
        else
        {
            throw new InvalidOperationException(
                "Storage:Provider is PostgreSql, so several servers may share the database, and the keys every server needs are " +
                "kept in it, encrypted: give each server the same key-encryption key with Myna:KeyEncryptionKey (base64 of 32 " +
                "random bytes, e.g. `openssl rand -base64 32`) or Myna:KeyEncryptionKeyFile (a file holding it). It is never " +
                "stored in the database (docs/storage.md).");
        }
        try
        {
            return KeyEncryptionKey.FromBase64(text);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"The key-encryption key in {source} is unusable: {e.Message}", e);
        }
    }

    /// <summary>At start, after the migrations and before any key is opened: the shared keys into the data directory.</summary>
    public static Task FetchSharedKeysAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetService<SharedKeyFiles>()?.FetchAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>At the end of the start, every key opened or made: what this server made, into the database for the others.</summary>
    public static Task StoreSharedKeysAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetService<SharedKeyFiles>()?.StoreAsync(cancellationToken) ?? Task.CompletedTask;
}
