using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Shared;

/// <summary>
/// A card's chip image kept in the database (table <c>card_images</c>) instead of a card file, so that every server on
/// one database sees the same chip (docs/storage.md, "Several servers: what is shared").
/// </summary>
/// <remarks>The image is the card file's sealed bytes (sealed with the installation's chip-sealing key), never the
/// chip's plain state: a copy of the table alone opens no chip.</remarks>
public sealed class CardImageRow
{
    /// <summary>The card record's id.</summary>
    public Guid CardId { get; init; }

    /// <summary>The sealed image, as a card file holds it.</summary>
    public byte[] Image { get; set; } = [];

    /// <summary>
    /// Moves on by two at every write, as every versioned row's does (<see cref="Concurrency.RowVersions"/>: an odd
    /// version is a claim, which an image never has); a write based on another version is refused (a concurrency token).
    /// </summary>
    public long Version { get; set; }
}

internal sealed class CardImageRowConfiguration : IEntityTypeConfiguration<CardImageRow>
{
    public void Configure(EntityTypeBuilder<CardImageRow> builder)
    {
        builder.ToTable("card_images");
        builder.HasKey(i => i.CardId);
        builder.Property(i => i.CardId).ValueGeneratedNever();
        builder.Property(i => i.Version).IsConcurrencyToken();
    }
}
