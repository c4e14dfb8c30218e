using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.History;

/// <summary>
/// A hash of a complete subtree of the exchange history's Merkle tree (table <c>history_nodes</c>): the node at
/// <see cref="Level"/> and <see cref="Index"/> covers leaves [Index·2^Level, (Index+1)·2^Level). Only complete subtrees
/// are stored, so appending writes O(log n) rows and a proof reads O(log n) (docs/transparency-log.md).
/// </summary>
public sealed class HistoryNode
{
    public int Level { get; init; }

    public long Index { get; init; }

    /// <summary>SHA-256, 32 bytes.</summary>
    public byte[] Hash { get; init; } = [];
}

/// <summary>A checkpoint the log signed (table <c>history_checkpoints</c>), one per tree size it was asked for.</summary>
public sealed class HistoryCheckpoint
{
    public long TreeSize { get; init; }

    /// <summary>The signed note, as published.</summary>
    public string SignedNote { get; init; } = "";

    public DateTimeOffset SignedAt { get; init; }
}

internal sealed class HistoryNodeConfiguration : IEntityTypeConfiguration<HistoryNode>, IEntityTypeConfiguration<HistoryCheckpoint>
{
    public void Configure(EntityTypeBuilder<HistoryNode> builder)
    {
        builder.ToTable("history_nodes");
        // The key is what keeps two appenders from forking the tree: the second's insert of a node fails.
        builder.HasKey(n => new { n.Level, n.Index });
        builder.Property(n => n.Hash).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<HistoryCheckpoint> builder)
    {
        builder.ToTable("history_checkpoints");
        builder.HasKey(c => c.TreeSize);
        builder.Property(c => c.TreeSize).ValueGeneratedNever();
        builder.Property(c => c.SignedNote).HasMaxLength(2000);
    }
}
