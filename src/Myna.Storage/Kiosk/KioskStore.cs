using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Kiosk;

/// <summary>The store chains whose multi-copy machines take part in convenience-store issuance (U2.2), and the city hall's own machine (U2.11).</summary>
public enum StoreChain
{
    SevenEleven,
    Lawson,
    FamilyMart,
    Ministop,
    Aeon,
    CityHall,
}

/// <summary>A store of the network (table <c>kiosk_stores</c>): its chain, its number in that chain, where it is.</summary>
public sealed class KioskStore
{
    public const int MaxNameLength = 64;

    public Guid Id { get; init; }

    public StoreChain Chain { get; init; }

    /// <summary>The store's number in its chain (unique per chain).</summary>
    public string StoreNumber { get; init; } = "";

    /// <summary>The store's name as its sign shows it (e.g. 郡山駅前店).</summary>
    public string Name { get; init; } = "";

    /// <summary>The municipality the store stands in (5-digit code).</summary>
    public string Municipality { get; init; } = "";
}

/// <summary>
/// A multi-copy machine of a store (table <c>kiosk_machines</c>). It authenticates to the issuance centre with a
/// secret that only it holds; the centre keeps the secret's SHA-256.
/// </summary>
public sealed class KioskMachineRow
{
    public Guid Id { get; init; }

    public Guid StoreId { get; init; }

    /// <summary>The machine's number in its store (1, 2 …).</summary>
    public int Number { get; init; }

    public byte[] SecretHash { get; init; } = [];

    /// <summary>Taken out of service: the centre opens no session for it.</summary>
    public bool Retired { get; set; }
}

internal sealed class KioskStoreConfiguration : IEntityTypeConfiguration<KioskStore>, IEntityTypeConfiguration<KioskMachineRow>
{
    public void Configure(EntityTypeBuilder<KioskStore> builder)
    {
        builder.ToTable("kiosk_stores");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Chain).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.StoreNumber).HasMaxLength(16);
        builder.Property(s => s.Name).HasMaxLength(KioskStore.MaxNameLength);
        builder.Property(s => s.Municipality).HasMaxLength(6);
        builder.HasIndex(s => new { s.Chain, s.StoreNumber }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<KioskMachineRow> builder)
    {
        builder.ToTable("kiosk_machines");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasOne<KioskStore>().WithMany().HasForeignKey(m => m.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.SecretHash).HasMaxLength(32);
        builder.HasIndex(m => new { m.StoreId, m.Number }).IsUnique();
    }
}
