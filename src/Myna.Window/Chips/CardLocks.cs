using System.Collections.Concurrent;
using Myna.Card.Image;
using Myna.Primitives.Hosting;
using Myna.Storage.Shared;

namespace Myna.Window.Chips;

/// <summary>One opener of a card at a time, between every process that shares the card images.</summary>
public interface ICardLocks
{
    /// <summary>Takes the card's lock, waiting up to <paramref name="timeout"/> while another opener holds it.</summary>
    /// <exception cref="CardFileInUseException">Another opener held it for the whole wait.</exception>
    IDisposable Acquire(Guid cardId, TimeSpan timeout, CardFileHolder holder);
}

/// <summary>
/// The card file locks of one host (<see cref="CardFileLock"/> on <c>cards/{id}.card.lock</c>), for images in a SQLite
/// database: every process on the host that opens it shares the lock files beside it.
/// </summary>
public sealed class HostCardLocks(MynaHome home) : ICardLocks
{
    public IDisposable Acquire(Guid cardId, TimeSpan timeout, CardFileHolder holder) =>
        CardFileLock.Acquire(home.CardPath(cardId), timeout, holder);
}

/// <summary>
/// PostgreSQL session advisory locks keyed by the card id (<see cref="AdvisoryLock"/>), held for as long as a chip is
/// open: exclusive between every server on the database, dropped by the database when a holder's process dies.
/// </summary>
public sealed class DatabaseCardLocks(string connectionString) : ICardLocks
{
    // The cards this process holds for a holder's reader: another opener here is refused at once rather than after a
    // wait that a session lasting until the holder detaches would never end. (Another process only sees "busy".)
    private readonly ConcurrentDictionary<Guid, CardFileHolder> _heldHere = new();

    public IDisposable Acquire(Guid cardId, TimeSpan timeout, CardFileHolder holder)
    {
        if (_heldHere.TryGetValue(cardId, out var heldBy) && heldBy == CardFileHolder.HoldersReader)
            throw InUse(cardId, TimeSpan.Zero, heldBy);
        var held = AdvisoryLock.TryAcquire(connectionString, AdvisoryLock.KeyOf(cardId), timeout)
            ?? throw InUse(cardId, timeout, CardFileHolder.Opener);
        if (holder == CardFileHolder.Opener)
            return held;
        _heldHere[cardId] = holder;
        return new Release(() =>
        {
            _heldHere.TryRemove(new KeyValuePair<Guid, CardFileHolder>(cardId, holder));
            held.Dispose();
        });
    }

    private static CardFileInUseException InUse(Guid cardId, TimeSpan waited, CardFileHolder holder) =>
        new(waited > TimeSpan.Zero
            ? $"card {cardId:N} is in use by another server or opener; waited {waited.TotalSeconds:0.#} s."
            : $"card {cardId:N} is in use by another server or opener.") { Holder = holder };

    private sealed class Release(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                release();
        }
    }
}
