using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Kiosk;

/// <summary>
/// One municipality's kiosk service settings (table <c>kiosk_settings</c>, U2.9): the certificates offered with their
/// fees and the maintenance days (JSON), whether holders registered elsewhere get the family-register certificates
/// after a use registration, and the hours of its city-hall machine, if any.
/// </summary>
public sealed class KioskSettingsRow
{
    public const int MaxJsonLength = 8000;

    /// <summary>The municipality (6-digit code).</summary>
    public string Municipality { get; init; } = "";

    /// <summary>The certificates offered and the fee of each: <c>{"ResidentRecord":300,…}</c>.</summary>
    public string Fees { get; set; } = "{}";

    /// <summary>The days the service stops for maintenance: <c>["2026-12-31",…]</c>.</summary>
    public string MaintenanceDays { get; set; } = "[]";

    public bool FamilyRegisterForNonResidents { get; set; }

    /// <summary>The city-hall machine's hours on the days the hall is open; null when it has none.</summary>
    public TimeOnly? CityHallOpens { get; set; }

    public TimeOnly? CityHallCloses { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two administrators changing the settings at once.</summary>
    public long Version { get; set; }
}

internal sealed class KioskSettingsConfiguration : IEntityTypeConfiguration<KioskSettingsRow>
{
    public void Configure(EntityTypeBuilder<KioskSettingsRow> builder)
    {
        builder.ToTable("kiosk_settings");
        builder.HasKey(s => s.Municipality);
        builder.Property(s => s.Municipality).HasMaxLength(6);
        builder.Property(s => s.Fees).HasMaxLength(KioskSettingsRow.MaxJsonLength);
        builder.Property(s => s.MaintenanceDays).HasMaxLength(KioskSettingsRow.MaxJsonLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
