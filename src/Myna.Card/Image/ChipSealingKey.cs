using System.Security.Cryptography;

namespace Myna.Card.Image;

/// <summary>
/// The emulator installation's 32-byte AES-256 key that seals card files (docs/card.md §3). A card file
/// opens only where this key is.
/// </summary>
/// <remarks>
/// The key bytes never appear in <see cref="ToString"/>; <see cref="Dispose"/> clears them.
/// </remarks>
public sealed class ChipSealingKey : IDisposable
{
    /// <summary>Key length in bytes (AES-256).</summary>
    public const int Length = 32;

    private readonly byte[] _key;
    private bool _disposed;

    private ChipSealingKey(byte[] key) => _key = key;

    /// <summary>
    /// The installation's key file: <c>$MYNA_HOME/keys/chip-sealing.key</c>, <c>MYNA_HOME</c> defaulting to
    /// <c>~/.myna</c> (docs/card.md §3).
    /// </summary>
    /// <param name="mynaHome">Overrides <c>MYNA_HOME</c>; null reads the environment.</param>
    public static string DefaultPath(string? mynaHome = null)
    {
        var home = mynaHome ?? Environment.GetEnvironmentVariable("MYNA_HOME");
        if (string.IsNullOrEmpty(home))
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".myna");
        return Path.Combine(home, "keys", "chip-sealing.key");
    }

    /// <summary>A fresh random key.</summary>
    public static ChipSealingKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Wraps existing key bytes (copied).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static ChipSealingKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
            throw new ArgumentException($"A chip sealing key has {Length} bytes.", nameof(key));
        return new ChipSealingKey(key.ToArray());
    }

    /// <summary>
    /// Reads the key file at <paramref name="path"/>, or creates it (mode 0600 on Unix, directory created)
    /// with a fresh random key when it does not exist (docs/card.md §3: <c>$MYNA_HOME/keys/chip-sealing.key</c>).
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold 32 bytes.</exception>
    public static ChipSealingKey LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            var key = RandomNumberGenerator.GetBytes(Length);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(path, options))
                {
                    stream.Write(key);
                    stream.Flush(flushToDisk: true);
                }
                DurableFile.FsyncDirectory(directory);
                return new ChipSealingKey(key);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs, so both seal with the same key.
                CryptographicOperations.ZeroMemory(key);
            }
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Length)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new InvalidDataException($"The chip sealing key file does not hold {Length} bytes.");
        }
        return new ChipSealingKey(bytes);
    }

    /// <summary>
    /// Reads the key file at <paramref name="path"/> without ever creating one: what a reader of existing card files
    /// uses, since a new key opens none of them.
    /// </summary>
    /// <returns>Null when there is no key file.</returns>
    /// <exception cref="InvalidDataException">The file exists but does not hold 32 bytes.</exception>
    public static ChipSealingKey? LoadExisting(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return File.Exists(path) ? LoadOrCreate(path) : null;
    }

    internal ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }

    /// <summary>Never the key.</summary>
    public override string ToString() => "ChipSealingKey (hidden)";
}
