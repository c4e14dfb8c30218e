namespace Myna.Card.Image;

/// <summary>
/// A store in memory, for tests and benchmarks: no sealing and no disk. <see cref="Clone"/> copies a card
/// (e.g. one personalised once and reused by many tests).
/// </summary>
public sealed class InMemoryCardImageStore : ICardImageStore
{
    private readonly Lock _gate = new();
    private byte[]? _state;

    public InMemoryCardImageStore() { }

    private InMemoryCardImageStore(byte[]? state, int writes)
    {
        _state = state;
        WriteCount = writes;
    }

    /// <summary>How many times the chip wrote its state (each counted PIN try is at least one write).</summary>
    public int WriteCount { get; private set; }

    public bool Exists
    {
        get
        {
            lock (_gate)
                return _state is not null;
        }
    }

    public byte[] Read()
    {
        lock (_gate)
            return (_state ?? throw new FileNotFoundException("The in-memory store holds no card.")).ToArray();
    }

    public void Write(string serial, ReadOnlySpan<byte> state)
    {
        lock (_gate)
        {
            _state = state.ToArray();
            WriteCount++;
        }
    }

    /// <summary>An independent copy of this store and the card in it.</summary>
    public InMemoryCardImageStore Clone()
    {
        lock (_gate)
            return new InMemoryCardImageStore(_state?.ToArray(), 0);
    }
}
