using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Rules;

namespace Myna.Storage.Kiosk;

/// <summary>
/// A fee taken by a store's machine (table <c>kiosk_payments</c>). Its id is the machine's own (an idempotency key):
/// the same payment sent twice is recorded once, and a session has at most one payment.
/// </summary>
public sealed class KioskPayment
{
    public Guid Id { get; init; }

    public Guid SessionId { get; init; }

    public Guid StoreId { get; init; }

    public Guid MachineId { get; init; }

    /// <summary>The municipality whose fee it is (5-digit code).</summary>
    public string Municipality { get; init; } = "";

    public KioskCertificate Certificate { get; init; }

    public int Copies { get; init; }

    public int AmountYen { get; init; }

    public DateTimeOffset PaidAt { get; init; }

    /// <summary>The day in Japan the payment belongs to, for the daily settlement.</summary>
    public DateOnly BusinessDay { get; init; }
}

/// <summary>A municipality's daily settlement (table <c>kiosk_settlements</c>): what the stores collected for it on one day.</summary>
public sealed class KioskSettlement
{
    public string Municipality { get; init; } = "";

    public DateOnly BusinessDay { get; init; }

    public int Payments { get; init; }

    public int Documents { get; init; }

    public long AmountYen { get; init; }

    public DateTimeOffset ClosedAt { get; init; }
}

internal sealed class KioskPaymentConfiguration : IEntityTypeConfiguration<KioskPayment>, IEntityTypeConfiguration<KioskSettlement>
{
    public void Configure(EntityTypeBuilder<KioskPayment> builder)
    {
        builder.ToTable("kiosk_payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<KioskSessionRow>().WithMany().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KioskStore>().WithMany().HasForeignKey(p => p.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Municipality).HasMaxLength(6);
        builder.Property(p => p.Certificate).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(p => p.SessionId).IsUnique();
        builder.HasIndex(p => new { p.Municipality, p.BusinessDay });
        builder.HasIndex(p => new { p.StoreId, p.BusinessDay });
    }

    public void Configure(EntityTypeBuilder<KioskSettlement> builder)
    {
        builder.ToTable("kiosk_settlements");
        builder.HasKey(s => new { s.Municipality, s.BusinessDay });
        builder.Property(s => s.Municipality).HasMaxLength(6);
    }
}
