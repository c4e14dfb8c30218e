using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Kiosk;

/// <summary>
/// A holder's use registration (利用登録) with a municipality where their family register is but they are not
/// registered as residents (table <c>kiosk_use_registrations</c>, U2.5): applied for online with the signature
/// certificate; afterwards that municipality's kiosk service issues them the family-register certificates.
/// </summary>
public sealed class KioskUseRegistration
{
    public Guid HolderReference { get; init; }

    /// <summary>The municipality of 本籍 (5-digit code).</summary>
    public string Municipality { get; init; } = "";

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The online application it came from, if any.</summary>
    public Guid? ApplicationId { get; init; }
}

internal sealed class KioskUseRegistrationConfiguration : IEntityTypeConfiguration<KioskUseRegistration>
{
    public void Configure(EntityTypeBuilder<KioskUseRegistration> builder)
    {
        builder.ToTable("kiosk_use_registrations");
        builder.HasKey(r => new { r.HolderReference, r.Municipality });
        builder.Property(r => r.Municipality).HasMaxLength(6);
    }
}
