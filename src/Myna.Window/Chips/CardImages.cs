using Myna.Card;
using Myna.Card.Image;
using Myna.Storage;

namespace Myna.Window.Chips;

/// <summary>Where the window keeps its cards' chip images.</summary>
public enum CardImageKeeping
{
    /// <summary>Card files in the data directory (<c>cards/{id}.card</c>): one server, the default on SQLite.</summary>
    Files,

    /// <summary>Rows of <c>card_images</c> in the database: every server on the database sees them (the default on PostgreSQL).</summary>
    Database,
}

/// <summary>
/// Where the window's chips live, by card id: card files (<see cref="CardFiles"/>) or the database
/// (<see cref="DatabaseCardImages"/>). Either way the card is one opener's at a time, in any process that shares them, and
/// a procedure's chip change is all-or-nothing with its records (docs/adr/0002-all-or-nothing-procedures.md).
/// </summary>
public abstract class CardImages
{
    /// <summary>Which keeping this is.</summary>
    public abstract CardImageKeeping Keeping { get; }

    /// <summary>Whether there is an image of <paramref name="cardId"/>.</summary>
    public abstract Task<bool> ExistsAsync(Guid cardId, CancellationToken cancellationToken = default);

    /// <summary>The sealed image as a card file holds it (for the holder's download); null when there is none.</summary>
    public abstract Task<byte[]?> ReadSealedAsync(Guid cardId, CancellationToken cancellationToken = default);

    /// <summary>Opens the chip for direct use (every write durable before the chip answers), holding the card until disposed.</summary>
    /// <exception cref="FileNotFoundException">There is no image.</exception>
    /// <exception cref="CardFileInUseException">Another opener (in any process sharing the images) holds the card for the whole wait.</exception>
    public abstract VirtualCard OpenChip(Guid cardId, CardFileHolder holder = CardFileHolder.Opener);

    /// <summary>Reads the image into memory under the card's lock, for a procedure that changes the chip.</summary>
    /// <exception cref="FileNotFoundException">There is no image.</exception>
    /// <exception cref="CardFileInUseException">Another opener holds the card for the whole wait.</exception>
    public abstract StagedCardImage OpenImage(Guid cardId);

    /// <summary>A new card's image in memory, under its lock.</summary>
    /// <exception cref="IOException">An image of that id exists.</exception>
    public abstract StagedCardImage NewImage(Guid cardId);

    /// <summary>
    /// Makes a changed image part of the procedure <paramref name="intentId"/> before its transaction commits: staged
    /// durably beside the card file (placed after the commit), or written in <paramref name="unitOfWork"/> itself.
    /// </summary>
    internal abstract void Keep(Guid cardId, StagedCardImage image, MynaDbContext unitOfWork, Guid intentId);

    /// <summary>Removes what a new card that was never made left behind (its lock file).</summary>
    internal abstract void ForgetUnmade(StagedCardImage image);
}
