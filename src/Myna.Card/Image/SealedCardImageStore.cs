namespace Myna.Card.Image;

/// <summary>
/// A store that keeps a card file's sealed bytes somewhere else than a file (a database row): it seals the chip's state
/// with the installation's <see cref="ChipSealingKey"/> on the way out and opens it on the way in, as a card file is, so
/// that where the bytes are kept never sees the chip's keys.
/// </summary>
public abstract class SealedCardImageStore : ICardImageStore
{
    private readonly ChipSealingKey _key;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private long _writeCounter;
    private DateTimeOffset? _created;

    /// <param name="key">The sealing key; the caller keeps ownership.</param>
    /// <param name="clock">Stamps a new image's creation time in its header.</param>
    protected SealedCardImageStore(ChipSealingKey key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(clock);
        _key = key;
        _clock = clock;
    }

    public abstract bool Exists { get; }

    /// <summary>The sealed image where it is kept.</summary>
    /// <exception cref="FileNotFoundException">There is none.</exception>
    protected abstract byte[] ReadSealed();

    /// <summary>Replaces the sealed image, durably, before returning.</summary>
    /// <exception cref="IOException">The write failed; the previous image is intact.</exception>
    protected abstract void WriteSealed(byte[] sealedImage);

    public byte[] Read()
    {
        lock (_gate)
        {
            var (header, state) = CardImageFormat.Open(_key.Bytes, ReadSealed());
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
            var header = new CardImageHeader(serial, checked(_writeCounter + 1), _created.Value);
            WriteSealed(CardImageFormat.Seal(_key.Bytes, header, state));
            _writeCounter = header.WriteCounter;
        }
    }
}
