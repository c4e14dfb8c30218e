namespace Myna.Card.Image;

/// <summary>
/// A card file on disk (docs/card.md §3): sealed with the installation's <see cref="ChipSealingKey"/>,
/// replaced atomically and durably on every write (temp file, fsync, rename, fsync of the directory).
/// </summary>
/// <remarks>
/// The store holds the card file's inter-process <see cref="CardFileLock"/> from construction to
/// <see cref="Dispose"/>: one opener at a time, in any process. A <see cref="VirtualCard"/> owns its store and
/// disposes it with itself.
/// </remarks>
public sealed class FileCardImageStore : ICardImageStore, IDisposable
{
    private readonly string _path;
    private readonly ChipSealingKey _key;
    private readonly Lock _gate = new();
    private long _writeCounter;
    private DateTimeOffset? _created;
    private readonly TimeProvider _clock;
    private readonly CardFileLock _lock;
    private bool _disposed;

    /// <summary>Takes the card file's lock (see remarks).</summary>
    /// <param name="path">The card file.</param>
    /// <param name="key">The sealing key; the caller keeps ownership.</param>
    /// <param name="clock">Stamps the image's creation time in its header; the system clock when null.</param>
    /// <param name="lockTimeout">How long to wait for a card file in use; null: <see cref="CardFileLock.DefaultTimeout"/>.</param>
    /// <param name="holder">Who holds the card file's lock while the store is open (<see cref="CardFileLock.Acquire"/>).</param>
    /// <exception cref="CardFileInUseException">Another process or opener holds the card file for the whole wait.</exception>
    public FileCardImageStore(string path, ChipSealingKey key, TimeProvider? clock = null, TimeSpan? lockTimeout = null,
        CardFileHolder holder = CardFileHolder.Opener)
    {
        _clock = clock ?? TimeProvider.System;
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        _path = System.IO.Path.GetFullPath(path);
        _key = key;
        _lock = CardFileLock.Acquire(_path, lockTimeout ?? CardFileLock.DefaultTimeout, holder);
    }

    /// <summary>The card file's full path.</summary>
    public string Path => _path;

    public bool Exists => File.Exists(_path);

    public byte[] Read()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var image = File.ReadAllBytes(_path);
            var (header, state) = CardImageFormat.Open(_key.Bytes, image);
            _writeCounter = header.WriteCounter;
            _created = header.Created;
            return state;
        }
    }

    public void Write(string serial, ReadOnlySpan<byte> state)
    {
        lock (_gate)
        {
            // Without the lock another opener may hold the file by now.
            ObjectDisposedException.ThrowIf(_disposed, this);
            _created ??= _clock.GetUtcNow();
            var directory = System.IO.Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
                Directory.CreateDirectory(directory);
            var header = new CardImageHeader(serial, checked(_writeCounter + 1), _created.Value);
            DurableFile.WriteAtomic(_path, CardImageFormat.Seal(_key.Bytes, header, state));
            _writeCounter = header.WriteCounter;
        }
    }

    /// <summary>Releases the card file's lock; the store must not be used afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _lock.Dispose();
        }
    }
}
