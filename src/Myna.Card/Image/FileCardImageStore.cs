namespace Myna.Card.Image;

/// <summary>
/// A card file on disk (docs/card.md §3): sealed with the installation's <see cref="ChipSealingKey"/>,
/// replaced atomically and durably on every write (temp file, fsync, rename, fsync of the directory).
/// </summary>
public sealed class FileCardImageStore : ICardImageStore
{
    private readonly string _path;
    private readonly ChipSealingKey _key;
    private readonly Lock _gate = new();
    private long _writeCounter;
    private DateTimeOffset? _created;
    private readonly TimeProvider _clock;

    /// <param name="path">The card file.</param>
    /// <param name="key">The sealing key; the caller keeps ownership.</param>
    /// <param name="clock">Stamps the image's creation time in its header; the system clock when null.</param>
    public FileCardImageStore(string path, ChipSealingKey key, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        _path = System.IO.Path.GetFullPath(path);
        _key = key;
    }

    /// <summary>The card file's full path.</summary>
    public string Path => _path;

    public bool Exists => File.Exists(_path);

    public byte[] Read()
    {
        lock (_gate)
        {
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
            _created ??= _clock.GetUtcNow();
            var directory = System.IO.Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
                Directory.CreateDirectory(directory);
            var header = new CardImageHeader(serial, checked(_writeCounter + 1), _created.Value);
            DurableFile.WriteAtomic(_path, CardImageFormat.Seal(_key.Bytes, header, state));
            _writeCounter = header.WriteCounter;
        }
    }
}
