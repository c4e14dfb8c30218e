using Myna.Card;
using Myna.Card.Image;
using Myna.Issuance;
using Myna.Storage;
using Myna.Window.Procedures;

namespace Myna.Window.Chips;

/// <summary>
/// Card files in the data directory (docs/card.md §3): a procedure's image is staged beside the file before the commit
/// and moved over it after; the recovery at start places or deletes what a dead process left.
/// </summary>
public sealed class CardFiles(IssuingSystem issuing) : CardImages
{
    public override CardImageKeeping Keeping => CardImageKeeping.Files;

    /// <summary>The card file of <paramref name="cardId"/>.</summary>
    public string PathOf(Guid cardId) => issuing.Home.CardPath(cardId);

    public override Task<bool> ExistsAsync(Guid cardId, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(cardId)));

    public override async Task<byte[]?> ReadSealedAsync(Guid cardId, CancellationToken cancellationToken = default)
    {
        try
        {
            // A write renames a whole new file over the old one: a read sees one or the other, never half.
            return await File.ReadAllBytesAsync(PathOf(cardId), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public override VirtualCard OpenChip(Guid cardId, CardFileHolder holder = CardFileHolder.Opener) =>
        issuing.OpenCard(PathOf(cardId), holder);

    public override StagedCardImage OpenImage(Guid cardId) => issuing.OpenImage(PathOf(cardId));

    public override StagedCardImage NewImage(Guid cardId)
    {
        Directory.CreateDirectory(issuing.Home.CardsDirectory);
        return issuing.NewImage(PathOf(cardId));
    }

    internal override void Keep(Guid cardId, StagedCardImage image, MynaDbContext unitOfWork, Guid intentId) =>
        image.Stage(ChipWork.StagedPath(image.CardPath, intentId));

    internal override void ForgetUnmade(StagedCardImage image)
    {
        // Nobody else knows the id of a card that was never made, so nobody waits on its lock file.
        if (!File.Exists(image.CardPath))
            File.Delete(CardFileLock.LockPathFor(image.CardPath));
    }
}
