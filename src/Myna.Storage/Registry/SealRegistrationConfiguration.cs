using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Seals;
using Myna.Storage.Concurrency;

namespace Myna.Storage.Registry;

internal sealed class SealRegistrationConfiguration : IEntityTypeConfiguration<SealRegistration>
{
    public void Configure(EntityTypeBuilder<SealRegistration> builder)
    {
        builder.ToTable("seal_registrations");
        builder.HasKey(s => s.Id);
        builder.HasRowVersion();
        builder.HasOne<Resident>().WithMany().HasForeignKey(s => s.ResidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Municipality).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(s => s.Municipality).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.RegistrationNumber).HasMaxLength(8);
        builder.HasIndex(s => new { s.Municipality, s.RegistrationNumber }).IsUnique();
        builder.Property(s => s.CardNumber).HasMaxLength(10);
        // A card number is never given twice by one municipality, not even after its registration ended.
        builder.HasIndex(s => new { s.Municipality, s.CardNumber }).IsUnique();
        builder.Property(s => s.Impression).HasMaxLength(SealRegistration.ImpressionMaxLength);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.AbolitionReason).HasConversion<string>().HasMaxLength(16);
        // At most one live registration per resident: a partial unique index (the same SQL on SQLite and PostgreSQL).
        builder.HasIndex(s => s.ResidentId).IsUnique().HasFilter("state = 'Registered'").HasDatabaseName("ix_seal_registrations_live_resident_id");
        builder.Ignore(s => s.IsLive);
    }
}
