namespace Myna.Card.Image;

/// <summary>
/// A card file that a procedure works on in memory and writes once (docs/card.md §3): the chip's writes go to memory,
/// <see cref="Stage"/> writes the sealed result durably beside the card file, and <see cref="Place"/> moves it over the
/// card file in one atomic rename. The window's procedures use it so that a chip change is part of an all-or-nothing
/// procedure: staged before the database commits, placed after. An image kept in a database instead
/// (<see cref="Over"/>) is sealed with <see cref="Seal"/> and written in the procedure's own transaction.
/// </summary>
/// <remarks>
/// <para>Holds the card file's <see cref="CardFileLock"/> from creation to <see cref="Dispose"/>, so nobody else opens
/// the card (a <c>myna card attach</c>, another procedure) while its new state is being made and placed.</para>
/// <para>A personalisation writes the chip state some thirty times; in memory these cost nothing, and the one durable
/// write at <see cref="Stage"/> replaces as many fsyncs of the card file.</para>
/// </remarks>
public sealed class StagedCardImage : IDisposable
{
    private readonly ChipSealingKey _key;
    private readonly TimeProvider _clock;
    private readonly IDisposable _lock;
    private readonly Lock _gate = new();
    private byte[]? _sealed;
    private byte[]? _state;
    private string? _serial;
    private long _writeCounter;
    private DateTimeOffset? _created;
    private bool _disposed;

    private StagedCardImage(string path, ChipSealingKey key, TimeProvider clock, IDisposable cardLock)
    {
        CardPath = path;
        _key = key;
        _clock = clock;
        _lock = cardLock;
    }

    /// <summary>The card file this image replaces or creates (full path); for an image <see cref="Over"/> a database, its name there.</summary>
    public string CardPath { get; }

    /// <summary>The version of the stored image this one was read from (<see cref="Over"/>); null for a card file or a new card.</summary>
    public long? StoredVersion { get; private init; }

    /// <summary>Whether the chip wrote anything since the image was opened.</summary>
    public bool Changed { get; private set; }

    /// <summary>
    /// The store a chip works on (<see cref="Myna.Card.VirtualCard.Manufacture"/>, <see cref="Myna.Card.VirtualCard.Open"/>):
    /// this image, but not disposable, so that disposing the chip leaves the lock held until the image is placed.
    /// </summary>
    public ICardImageStore Store => _store ??= new ChipView(this);

    private ChipView? _store;

    /// <summary>A new card at <paramref name="path"/>; nothing is written until <see cref="Stage"/>.</summary>
    /// <param name="path">The card file to create.</param>
    /// <param name="key">The installation's sealing key; the caller keeps ownership.</param>
    /// <param name="clock">Stamps the image's creation time.</param>
    /// <param name="replace">Whether an existing file there may be replaced (a test card made again); otherwise it must not exist.</param>
    /// <exception cref="IOException">A file exists at <paramref name="path"/> and <paramref name="replace"/> is false.</exception>
    /// <exception cref="CardFileInUseException">Another opener holds the path's lock for the whole wait.</exception>
    public static StagedCardImage New(string path, ChipSealingKey key, TimeProvider clock, bool replace = false)
    {
        var image = Create(path, key, clock);
        if (!replace && File.Exists(image.CardPath))
        {
            image.Dispose();
            throw new IOException($"{image.CardPath} exists already.");
        }
        return image;
    }

    /// <summary>The card file at <paramref name="path"/>, read into memory under its lock.</summary>
    /// <exception cref="FileNotFoundException">There is no card file.</exception>
    /// <exception cref="CardFileInUseException">Another opener holds the card file for the whole wait.</exception>
    /// <remarks>A file that does not open (tampered, another installation's) is handed to the chip as it is, which then is an erased chip (S4).</remarks>
    public static StagedCardImage Open(string path, ChipSealingKey key, TimeProvider clock)
    {
        var image = Create(path, key, clock);
        try
        {
            if (!File.Exists(image.CardPath))
                throw new FileNotFoundException("The card file is missing.", image.CardPath);
            image._sealed = File.ReadAllBytes(image.CardPath);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An image kept elsewhere than in a card file (a database row), read into memory while its holder keeps the card's
    /// lock: <paramref name="heldLock"/> is released with the image.
    /// </summary>
    /// <param name="name">What the image is called where it is kept (for messages).</param>
    /// <param name="sealedImage">The stored, sealed image; null for a new card.</param>
    /// <param name="storedVersion">The version of <paramref name="sealedImage"/> where it is kept; null for a new card.</param>
    /// <param name="key">The installation's sealing key; the caller keeps ownership.</param>
    /// <param name="clock">Stamps the image's creation time.</param>
    /// <param name="heldLock">The card's lock, held by the caller and handed over.</param>
    public static StagedCardImage Over(string name, byte[]? sealedImage, long? storedVersion, ChipSealingKey key, TimeProvider clock, IDisposable heldLock)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(heldLock);
        return new StagedCardImage(name, key, clock, heldLock) { _sealed = sealedImage, StoredVersion = storedVersion };
    }

    private static StagedCardImage Create(string path, ChipSealingKey key, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(clock);
        var full = Path.GetFullPath(path);
        return new StagedCardImage(full, key, clock, CardFileLock.Acquire(full, CardFileLock.DefaultTimeout));
    }

    private bool Exists
    {
        get
        {
            lock (_gate)
                return _state is not null || _sealed is not null;
        }
    }

    private byte[] Read()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state is not null)
                return [.. _state];
            if (_sealed is null)
                throw new FileNotFoundException("The card has no image yet.", CardPath);
            var (header, state) = CardImageFormat.Open(_key.Bytes, _sealed);
            _writeCounter = header.WriteCounter;
            _created = header.Created;
            _serial = header.Serial;
            _state = state;
            return [.. state];
        }
    }

    private void Write(string serial, ReadOnlySpan<byte> state)
    {
        ArgumentException.ThrowIfNullOrEmpty(serial);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _serial = serial;
            _state = state.ToArray();
            Changed = true;
        }
    }

    /// <summary>
    /// Writes the image as the chip left it, sealed, durably to <paramref name="stagedPath"/> (beside the card file, so
    /// that <see cref="Place"/> is a rename within one directory).
    /// </summary>
    /// <exception cref="InvalidOperationException">The chip wrote nothing.</exception>
    public void Stage(string stagedPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(stagedPath);
        DurableFile.WriteAtomic(stagedPath, Seal());
    }

    /// <summary>The image as the chip left it, sealed: what a card file holds.</summary>
    /// <exception cref="InvalidOperationException">The chip wrote nothing.</exception>
    public byte[] Seal()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!Changed || _state is null || _serial is null)
                throw new InvalidOperationException("The chip wrote nothing: there is no image to stage.");
            _created ??= _clock.GetUtcNow();
            var header = new CardImageHeader(_serial, checked(_writeCounter + 1), _created.Value);
            return CardImageFormat.Seal(_key.Bytes, header, _state);
        }
    }

    /// <summary>
    /// Moves a staged image over its card file: one atomic rename, then an fsync of the directory. Idempotent for a
    /// recovery that finds the staged file gone (placed before the crash).
    /// </summary>
    /// <returns>False when there was no staged file (placed already).</returns>
    public static bool Place(string stagedPath, string cardPath)
    {
        if (!File.Exists(stagedPath))
            return false;
        File.Move(stagedPath, cardPath, overwrite: true);
        DurableFile.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(cardPath)));
        return true;
    }

    /// <summary>Releases the card file's lock; the image is not written.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _lock.Dispose();
        }
    }

    public override string ToString() => $"StagedCardImage ({CardPath})";

    private sealed class ChipView(StagedCardImage image) : ICardImageStore
    {
        public bool Exists => image.Exists;

        public byte[] Read() => image.Read();

        public void Write(string serial, ReadOnlySpan<byte> state) => image.Write(serial, state);
    }
}
