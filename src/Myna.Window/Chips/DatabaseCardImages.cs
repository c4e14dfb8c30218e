using Microsoft.EntityFrameworkCore;
using Myna.Card;
using Myna.Card.Image;
using Myna.Storage;
using Myna.Storage.Shared;

namespace Myna.Window.Chips;

/// <summary>
/// Chip images kept in the database (<c>card_images</c>), sealed as a card file is, so that every server on one
/// database sees the same chip (docs/storage.md, "Several servers: what is shared").
/// </summary>
/// <remarks>
/// <para>A procedure's image is written in the procedure's own transaction (<see cref="Keep"/>): it commits with the
/// records or not at all, and nothing is left to place after the commit.</para>
/// <para>A chip opened for direct use (<see cref="OpenChip"/>: the holder's reader, the portal's sign-in) writes every
/// change in a transaction of its own before it answers, so a counted PIN try is committed before the answer leaves
/// the chip (P3), as a card file is written durably.</para>
/// <para>The card's lock (<see cref="ICardLocks"/>) is held for as long as the chip or image is open.</para>
/// </remarks>
public sealed class DatabaseCardImages(
    IDbContextFactory<MynaDbContext> contexts, ChipSealingKey sealingKey, TimeProvider clock, ICardLocks locks) : CardImages
{
    /// <summary>How long an opener waits for a card in use: as for a card file.</summary>
    public TimeSpan LockTimeout { get; init; } = CardFileLock.DefaultTimeout;

    public override CardImageKeeping Keeping => CardImageKeeping.Database;

    /// <summary>How a card's image is named in messages.</summary>
    public static string NameOf(Guid cardId) => $"card_images/{cardId:N}";

    public override async Task<bool> ExistsAsync(Guid cardId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        return await db.CardImages.AnyAsync(i => i.CardId == cardId, cancellationToken);
    }

    public override async Task<byte[]?> ReadSealedAsync(Guid cardId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        return await db.CardImages.Where(i => i.CardId == cardId).Select(i => i.Image).SingleOrDefaultAsync(cancellationToken);
    }

    public override VirtualCard OpenChip(Guid cardId, CardFileHolder holder = CardFileHolder.Opener)
    {
        var store = new DatabaseCardImageStore(contexts, cardId, sealingKey, clock, locks.Acquire(cardId, LockTimeout, holder));
        try
        {
            if (!store.Exists)
                throw new FileNotFoundException("The card has no image.", NameOf(cardId));
        }
        catch
        {
            store.Dispose();
            throw;
        }
        // The chip owns the store and releases the lock with itself.
        return VirtualCard.Open(store);
    }

    public override StagedCardImage OpenImage(Guid cardId)
    {
        var held = locks.Acquire(cardId, LockTimeout, CardFileHolder.Opener);
        try
        {
            using var db = contexts.CreateDbContext();
            var row = db.CardImages.AsNoTracking().SingleOrDefault(i => i.CardId == cardId)
                ?? throw new FileNotFoundException("The card has no image.", NameOf(cardId));
            return StagedCardImage.Over(NameOf(cardId), row.Image, row.Version, sealingKey, clock, held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    public override StagedCardImage NewImage(Guid cardId)
    {
        var held = locks.Acquire(cardId, LockTimeout, CardFileHolder.Opener);
        try
        {
            using var db = contexts.CreateDbContext();
            if (db.CardImages.Any(i => i.CardId == cardId))
                throw new IOException($"{NameOf(cardId)} exists already.");
            return StagedCardImage.Over(NameOf(cardId), sealedImage: null, storedVersion: null, sealingKey, clock, held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    internal override void Keep(Guid cardId, StagedCardImage image, MynaDbContext unitOfWork, Guid intentId)
    {
        var sealedImage = image.Seal();
        if (image.StoredVersion is { } read)
        {
            // An update of the version read (the save moves it on): a write that slipped in since, which the lock rules
            // out, would fail the commit.
            var row = new CardImageRow { CardId = cardId, Image = [], Version = read };
            unitOfWork.CardImages.Attach(row);
            row.Image = sealedImage;
        }
        else
        {
            unitOfWork.CardImages.Add(new CardImageRow { CardId = cardId, Image = sealedImage, Version = 0 });
        }
    }

    /// <summary>
    /// Takes into the database the card files of <paramref name="cardsDirectory"/> whose card has a record and no image
    /// here yet: what a server kept in files before its chips moved to the database. The files are left as they were
    /// (no longer read). A card another server imported meanwhile keeps that server's row.
    /// </summary>
    /// <returns>How many images were imported.</returns>
    public async Task<int> ImportCardFilesAsync(string cardsDirectory, IReadOnlySet<Guid> cards, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardsDirectory);
        ArgumentNullException.ThrowIfNull(cards);
        if (!Directory.Exists(cardsDirectory))
            return 0;
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(cardsDirectory, "*.card"))
        {
            if (!Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "N", out var cardId) || !cards.Contains(cardId))
                continue;
            await using var db = contexts.CreateDbContext();
            if (await db.CardImages.AnyAsync(i => i.CardId == cardId, cancellationToken))
                continue;
            db.CardImages.Add(new CardImageRow { CardId = cardId, Image = await File.ReadAllBytesAsync(file, cancellationToken), Version = 0 });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                imported++;
            }
            catch (DbUpdateException)
            {
                // Another server imported it first.
            }
        }
        return imported;
    }

    internal override void ForgetUnmade(StagedCardImage image)
    {
        // Nothing was written: the row comes only with the commit.
    }
}
