using Myna.Primitives.Hosting;
using Myna.Storage;
using Myna.Storage.Shared;

namespace Myna.Server.SharedState;

/// <summary>
/// The keys a server makes in its data directory, shared through the database when several servers use one
/// (PostgreSQL): at start, before anything opens a key, the keys the database holds are written into the data
/// directory (<see cref="FetchAsync"/>); the start then opens them, making only what is still missing; at the end of
/// the start, what this server made is stored for the others (<see cref="StoreAsync"/>). A lock on the database keeps
/// the starts one after another between those two steps, so that two first starts never make two sets of keys.
/// </summary>
/// <remarks>
/// <para>Shared: everything under <c>keys/</c> (the chip-sealing, issuer, card-data, history-log, eligibility, seal and
/// single sign-on keys, the authorities' passphrase), the authorities' keys and certificates in <c>ca/</c>, the seal
/// certificates in <c>seals/</c> and the sandbox's terminal credentials. Never: the My Number keys (they stay out of the
/// database: docs/storage.md), the data-protection keys (kept in the database by ASP.NET Core itself), the CRL numbers'
/// marks (<c>ca/*.crl-number</c>: each server's own check of its database).</para>
/// <para>The data directory keeps a copy; the database's is the one every server agrees on. A key file that differs
/// from the shared one stops the start: two sets of keys in one deployment would split it.</para>
/// </remarks>
public sealed class SharedKeyFiles(MynaHome home, KeyMaterialStore store, string connectionString, StorageOptions storage, ILogger log)
{
    // One constant advisory lock key for "a server is starting": ASCII "MynaKeys".
    private const long StartLockKey = 0x4D796E614B657973;

    private static readonly TimeSpan StartLockTimeout = TimeSpan.FromMinutes(5);

    private static readonly string[] SharedDirectories = ["keys", "ca", "seals"];

    private static readonly string[] SharedFiles = ["kiosk/sandbox-machines.json", "eligibility/sandbox-terminals.json"];

    private AdvisoryLock? _startLock;

    /// <summary>
    /// Takes the start lock, checks the key-encryption key, and writes every shared key the data directory lacks.
    /// </summary>
    /// <exception cref="KeyEncryptionKeyMismatchException">This server's key-encryption key is not the deployment's.</exception>
    /// <exception cref="InvalidOperationException">A key file differs from the shared one, or another server's start held the lock for five minutes.</exception>
    public async Task FetchAsync(CancellationToken cancellationToken = default)
    {
        _startLock = AdvisoryLock.TryAcquire(connectionString, StartLockKey, StartLockTimeout)
            ?? throw new InvalidOperationException("Another server's start has held the shared keys for five minutes; start again once it is up.");
        try
        {
            await FetchMissingAsync(cancellationToken);
        }
        catch
        {
            // A start that fails here lets the next one go on at once (the process may live on: a host in a test, a retry).
            _startLock.Dispose();
            _startLock = null;
            throw;
        }
    }

    private async Task FetchMissingAsync(CancellationToken cancellationToken)
    {
        await store.VerifyKeyAsync(cancellationToken);
        WarnIfMyNumberKeysAreOnlyAFile();
        var fetched = 0;
        foreach (var (name, value) in await store.ReadAllAsync(cancellationToken: cancellationToken))
        {
            if (name.StartsWith(SharedDataProtectionKeys.Prefix, StringComparison.Ordinal))
                continue;
            var path = PathOf(name);
            if (File.Exists(path))
            {
                if (!(await File.ReadAllBytesAsync(path, cancellationToken)).AsSpan().SequenceEqual(value))
                {
                    throw new InvalidOperationException(
                        $"The data directory's {name} differs from the key the servers share (in the database). Move it away and start " +
                        "again to use the shared one; a server with keys of its own would split the deployment.");
                }
                continue;
            }
            MynaHome.WriteNewPrivateFile(path, value);
            fetched++;
        }
        if (fetched > 0)
            log.LogInformation("Shared keys: {Count} key file(s) taken from the database into the data directory", fetched);
    }

    /// <summary>Stores every shared key file this server has and the database does not, then lets the next start go on.</summary>
    public async Task StoreAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var stored = await store.ReadAllAsync(cancellationToken: cancellationToken);
            var added = 0;
            foreach (var (name, path) in LocalKeyFiles())
            {
                if (stored.ContainsKey(name))
                    continue;
                var value = await File.ReadAllBytesAsync(path, cancellationToken);
                var kept = await store.AddIfAbsentAsync(name, value, cancellationToken);
                if (!kept.AsSpan().SequenceEqual(value))
                    throw new InvalidOperationException($"Another server stored a different {name} meanwhile; start this server again to take it.");
                added++;
            }
            if (added > 0)
                log.LogInformation("Shared keys: {Count} key file(s) stored in the database for the other servers", added);
        }
        finally
        {
            _startLock?.Dispose();
            _startLock = null;
        }
    }

    /// <summary>The shared key files of the data directory, by name (the path under the data directory, with '/').</summary>
    public IEnumerable<(string Name, string Path)> LocalKeyFiles()
    {
        foreach (var directory in SharedDirectories)
        {
            var root = Path.Combine(home.Root, directory);
            if (!Directory.Exists(root))
                continue;
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(home.Root, path).Replace(Path.DirectorySeparatorChar, '/');
                if (IsShared(name, path))
                    yield return (name, path);
            }
        }
        foreach (var name in SharedFiles)
        {
            var path = PathOf(name);
            if (File.Exists(path))
                yield return (name, path);
        }
    }

    private bool IsShared(string name, string path) =>
        !name.StartsWith("keys/data-protection/", StringComparison.Ordinal)
        && !name.EndsWith(".crl-number", StringComparison.Ordinal)
        && !name.EndsWith(".tmp", StringComparison.Ordinal)
        && !name.EndsWith(".lock", StringComparison.Ordinal)
        && !string.Equals(Path.GetFullPath(path), MyNumberKeyFile, StringComparison.Ordinal)
        && !string.Equals(Path.GetFileName(path), StorageOptions.DefaultMyNumberKeyFileName, StringComparison.Ordinal);

    private string? MyNumberKeyFile => storage.MyNumberKeyFile is { Length: > 0 } file ? Path.GetFullPath(file) : null;

    private string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(home.Root, name));
        // A name from the database never leads out of the data directory.
        if (!path.StartsWith(Path.GetFullPath(home.Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"The shared key name {name} is not a path in the data directory.");
        return path;
    }

    private void WarnIfMyNumberKeysAreOnlyAFile()
    {
        if (storage.MyNumberKeys is null)
        {
            log.LogWarning(
                "Several servers share this database, and the My Number keys come from the key file {File} only: they are never " +
                "in the database, so every server must be given the same keys — set Storage:MyNumberKeys in each server's " +
                "configuration (or copy the file to each). A server with other keys refuses to start (docs/storage.md).",
                MyNumberKeyFile ?? StorageOptions.DefaultMyNumberKeyFileName);
        }
    }
}
