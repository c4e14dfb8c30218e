using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Eligibility;

/// <summary>What kind of place a medical institution is.</summary>
public enum InstitutionKind
{
    Clinic,
    Hospital,
    DentalClinic,
    Pharmacy,
}

/// <summary>A clinic, hospital or pharmacy that checks its patients' insurance with the card (table <c>medical_institutions</c>).</summary>
public sealed class MedicalInstitution
{
    public const int MaxNameLength = 100;

    public Guid Id { get; init; }

    /// <summary>The medical institution code (医療機関コード): prefecture 2 digits, the fee table 1 (1 medical, 3 dental, 4 pharmacy), 7 more.</summary>
    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public InstitutionKind Kind { get; init; }
}

/// <summary>A reception terminal of an institution (table <c>reception_terminals</c>); it authenticates with a secret whose SHA-256 is kept.</summary>
public sealed class ReceptionTerminal
{
    public Guid Id { get; init; }

    public Guid InstitutionId { get; init; }

    public int Number { get; init; }

    public byte[] SecretHash { get; init; } = [];
}

internal sealed class MedicalInstitutionConfiguration : IEntityTypeConfiguration<MedicalInstitution>, IEntityTypeConfiguration<ReceptionTerminal>
{
    public void Configure(EntityTypeBuilder<MedicalInstitution> builder)
    {
        builder.ToTable("medical_institutions");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Code).HasMaxLength(10);
        builder.Property(i => i.Name).HasMaxLength(MedicalInstitution.MaxNameLength);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(i => i.Code).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ReceptionTerminal> builder)
    {
        builder.ToTable("reception_terminals");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne<MedicalInstitution>().WithMany().HasForeignKey(t => t.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.HasIndex(t => new { t.InstitutionId, t.Number }).IsUnique();
    }
}
