using Microsoft.EntityFrameworkCore;
using Myna.Card.Image;
using Myna.Storage;
using Myna.Storage.Shared;

namespace Myna.Window.Chips;

/// <summary>
/// A chip's store over its <c>card_images</c> row: every write is committed, in a transaction of its own, before
/// <see cref="ICardImageStore.Write"/> returns, so the chip answers only after its new state (a counted PIN try) is durable.
/// </summary>
/// <remarks>Holds the card's lock from construction to <see cref="Dispose"/>, as <see cref="FileCardImageStore"/> does.</remarks>
public sealed class DatabaseCardImageStore : SealedCardImageStore, IDisposable
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly Guid _cardId;
    private readonly IDisposable _lock;
    private long? _version;
    private bool _disposed;

    /// <param name="contexts">The database.</param>
    /// <param name="cardId">The card.</param>
    /// <param name="key">The installation's sealing key; the caller keeps ownership.</param>
    /// <param name="clock">Stamps a new image's creation time.</param>
    /// <param name="heldLock">The card's lock, held by the caller and handed over: released with the store.</param>
    public DatabaseCardImageStore(IDbContextFactory<MynaDbContext> contexts, Guid cardId, ChipSealingKey key, TimeProvider clock, IDisposable heldLock)
        : base(key, clock)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(heldLock);
        _contexts = contexts;
        _cardId = cardId;
        _lock = heldLock;
    }

    public override bool Exists
    {
        get
        {
            using var db = _contexts.CreateDbContext();
            return db.CardImages.Any(i => i.CardId == _cardId);
        }
    }

    protected override byte[] ReadSealed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var db = _contexts.CreateDbContext();
        var row = db.CardImages.AsNoTracking().SingleOrDefault(i => i.CardId == _cardId)
            ?? throw new FileNotFoundException("The card has no image.", DatabaseCardImages.NameOf(_cardId));
        _version = row.Version;
        return row.Image;
    }

    protected override void WriteSealed(byte[] sealedImage)
    {
        // Without the lock another opener may hold the card by now.
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var db = _contexts.CreateDbContext();
        try
        {
            if (_version is { } read)
            {
                // One statement, committed before the chip answers; the version read guards against a writer the lock missed.
                var written = db.CardImages.Where(i => i.CardId == _cardId && i.Version == read)
                    .ExecuteUpdate(set => set.SetProperty(i => i.Image, sealedImage).SetProperty(i => i.Version, read + 2));
                if (written != 1)
                    throw new IOException($"{DatabaseCardImages.NameOf(_cardId)} was changed elsewhere; the chip's write was not made.");
                _version = read + 2;
            }
            else
            {
                db.CardImages.Add(new CardImageRow { CardId = _cardId, Image = sealedImage, Version = 0 });
                db.SaveChanges();
                _version = 0;
            }
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            throw new IOException($"{DatabaseCardImages.NameOf(_cardId)} could not be written.", e);
        }
    }

    /// <summary>Releases the card's lock; the store must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _lock.Dispose();
    }
}
