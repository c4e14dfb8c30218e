using Myna.Primitives.Hosting;
using Myna.Storage.Protection;

namespace Myna.Storage;

/// <summary>The database engines Myna stores its data in.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file: the default, for one machine (<c>myna.db</c> in the data directory).</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL server (Npgsql), for a deployment with several hosts.</summary>
    PostgreSql = 1,
}

/// <summary>
/// Which database to use; bindable from the configuration section <c>Storage</c>
/// (<c>{ "Provider": "PostgreSql", "ConnectionString": "Host=…" }</c>).
/// </summary>
/// <remarks>Default: <see cref="StorageProvider.Sqlite"/> with no connection string (see <see cref="WithDefaults"/>).</remarks>
public sealed class StorageOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The name of the default SQLite file in the data directory.</summary>
    public const string DefaultSqliteFileName = "myna.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>A Microsoft.Data.Sqlite or Npgsql connection string; null or empty for the SQLite default.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The file name of the My Number key file in the data directory's <c>keys/</c>.</summary>
    public const string DefaultMyNumberKeyFileName = "my-number-keys.json";

    /// <summary>
    /// The keys that protect My Numbers at rest, given by configuration (<c>Storage:MyNumberKeys</c>); when set,
    /// <see cref="MyNumberKeyFile"/> is not read. Null: the key file.
    /// </summary>
    public MyNumberKeyOptions? MyNumberKeys { get; set; }

    /// <summary>
    /// The My Number key file, created with new keys on first start (owner-only). Null with no
    /// <see cref="MyNumberKeys"/>: <c>keys/my-number-keys.json</c> in the data directory (see <see cref="WithDefaults"/>).
    /// </summary>
    public string? MyNumberKeyFile { get; set; }

    /// <summary>SQLite in <c>myna.db</c> of the data directory.</summary>
    public static StorageOptions Default(MynaHome home) => new StorageOptions().WithDefaults(home);

    /// <summary>
    /// These options with the defaults filled in: the connection string unchanged when one is set, for SQLite without
    /// one <c>myna.db</c> in <paramref name="home"/>; the My Number keys as configured, else the key file
    /// <c>keys/my-number-keys.json</c> in <paramref name="home"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL without a connection string, or an undefined provider.</exception>
    public StorageOptions WithDefaults(MynaHome home)
    {
        ArgumentNullException.ThrowIfNull(home);
        var connectionString = !string.IsNullOrWhiteSpace(ConnectionString)
            ? ConnectionString
            : Provider switch
            {
                StorageProvider.Sqlite => "Data Source=" + Path.Combine(home.Root, DefaultSqliteFileName),
                StorageProvider.PostgreSql => throw new InvalidOperationException(
                    $"{SectionName}:ConnectionString is required when {SectionName}:Provider is PostgreSql."),
                _ => throw new InvalidOperationException($"{SectionName}:Provider must be Sqlite or PostgreSql."),
            };
        return new StorageOptions
        {
            Provider = Provider,
            ConnectionString = connectionString,
            MyNumberKeys = MyNumberKeys,
            MyNumberKeyFile = MyNumberKeys is null && string.IsNullOrWhiteSpace(MyNumberKeyFile)
                ? Path.Combine(home.KeysDirectory, DefaultMyNumberKeyFileName)
                : MyNumberKeyFile,
        };
    }
}
