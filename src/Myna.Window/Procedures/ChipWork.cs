using Myna.Card;
using Myna.Card.Image;
using Myna.Issuance;

namespace Myna.Window.Procedures;

/// <summary>
/// A card's chip as one procedure works on it: read into memory under the card file's lock, changed through the chip's
/// own issuer commands, staged durably before the procedure's transaction commits and placed over the card file after.
/// </summary>
public sealed class ChipWork : IDisposable
{
    private readonly VirtualCard? _chip;

    internal ChipWork(Guid cardId, StagedCardImage image, VirtualCard? chip, IssuedCardDetails? details)
    {
        CardId = cardId;
        Image = image;
        _chip = chip;
        Details = details;
    }

    /// <summary>The card record whose chip this is.</summary>
    public Guid CardId { get; }

    /// <summary>The chip, open (a card issued before); for a new card the issuing system manufactures it into <see cref="Image"/>.</summary>
    /// <exception cref="InvalidOperationException">This is a new card, not yet manufactured.</exception>
    public VirtualCard Chip => _chip ?? throw new InvalidOperationException("A new card's chip is manufactured by the issuing system.");

    /// <summary>What the window keeps of the card for its chip (null for a new card).</summary>
    public IssuedCardDetails? Details { get; }

    /// <summary>The image in memory.</summary>
    public StagedCardImage Image { get; }

    /// <summary>Where the image is staged for the procedure <paramref name="intentId"/>: beside the card file.</summary>
    public static string StagedPath(string cardPath, Guid intentId) => cardPath + "." + intentId.ToString("N") + StagedSuffix;

    /// <summary>The ending of a staged image's file name.</summary>
    public const string StagedSuffix = ".staged";

    public void Dispose()
    {
        _chip?.Dispose();
        Image.Dispose();
    }
}
