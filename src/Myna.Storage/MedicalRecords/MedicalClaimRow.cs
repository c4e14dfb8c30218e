using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Insurance.Records;
using Myna.Registry.Residents;
using Myna.Storage.Eligibility;

namespace Myna.Storage.MedicalRecords;

/// <summary>
/// A claim for one visit (table <c>medical_claims</c>, レセプト simplified): the institution, the patient, the day, the
/// total medical cost and what the patient paid at the counter. It feeds the holder's records (U1.4, U1.5): the medical
/// expenses, and with its lines the treatments (<see cref="ClaimTreatmentRow"/>) and medication (<see cref="ClaimDrugRow"/>).
/// </summary>
public sealed class MedicalClaimRow
{
    public Guid Id { get; init; }

    /// <summary>The card's eligibility check of the visit (one claim per check); null for a visit checked without the card (the sandbox's history).</summary>
    public Guid? CheckId { get; init; }

    public Guid InstitutionId { get; init; }

    /// <summary>The patient: the resident's registry id, never the My Number.</summary>
    public Guid HolderReference { get; init; }

    /// <summary>The day of the treatment or dispensing, and of the payment at the counter.</summary>
    public DateOnly Day { get; init; }

    /// <summary>医療費総額 (yen).</summary>
    public int TotalYen { get; init; }

    /// <summary>窓口負担: what the patient paid (yen).</summary>
    public int CopaymentYen { get; init; }

    /// <summary>The copayment rate the claim was made on (10, 20, 30 %).</summary>
    public int CopaymentPercent { get; init; }

    public MedicalExpenseCategory Category { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Who submitted it: a terminal (<c>terminal:…</c>) or <c>system</c>.</summary>
    public string SubmittedBy { get; init; } = "";
}

/// <summary>A treatment line of a claim (table <c>claim_treatments</c>, 診療情報).</summary>
public sealed class ClaimTreatmentRow
{
    public Guid Id { get; init; }

    public Guid ClaimId { get; init; }

    /// <summary>Its place in the claim, from 1.</summary>
    public int Line { get; init; }

    public string Diagnosis { get; init; } = "";

    public string? Procedure { get; init; }
}

/// <summary>A drug dispensed on a claim (table <c>claim_drugs</c>, 薬剤情報).</summary>
public sealed class ClaimDrugRow
{
    public Guid Id { get; init; }

    public Guid ClaimId { get; init; }

    /// <summary>Its place in the claim, from 1.</summary>
    public int Line { get; init; }

    public string Name { get; init; } = "";

    public string Strength { get; init; } = "";

    public double DailyQuantity { get; init; }

    public string Unit { get; init; } = "";

    public int Days { get; init; }
}

/// <summary>A specific health check's results as the insurer recorded them (table <c>health_check_results</c>, 特定健診情報).</summary>
public sealed class HealthCheckRow
{
    public Guid Id { get; init; }

    public Guid InsurerId { get; init; }

    public Guid HolderReference { get; init; }

    public DateOnly Day { get; init; }

    public double HeightCm { get; init; }

    public double WeightKg { get; init; }

    public double? WaistCm { get; init; }

    public int SystolicMmHg { get; init; }

    public int DiastolicMmHg { get; init; }

    public double? HbA1cPercent { get; init; }

    public int? LdlMgPerDl { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public string RecordedBy { get; init; } = "";

    /// <summary>The results as the domain reads them.</summary>
    public HealthCheckResult Result => new(Day, HeightCm, WeightKg, WaistCm, SystolicMmHg, DiastolicMmHg, HbA1cPercent, LdlMgPerDl);
}

internal sealed class MedicalRecordsConfiguration :
    IEntityTypeConfiguration<MedicalClaimRow>, IEntityTypeConfiguration<ClaimTreatmentRow>, IEntityTypeConfiguration<ClaimDrugRow>,
    IEntityTypeConfiguration<HealthCheckRow>
{
    public void Configure(EntityTypeBuilder<MedicalClaimRow> builder)
    {
        builder.ToTable("medical_claims");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<EligibilityCheckRow>().WithMany().HasForeignKey(c => c.CheckId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MedicalInstitution>().WithMany().HasForeignKey(c => c.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Resident>().WithMany().HasForeignKey(c => c.HolderReference).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.SubmittedBy).HasMaxLength(64);
        // One claim per check: a second submission is refused (409).
        builder.HasIndex(c => c.CheckId).IsUnique();
        builder.HasIndex(c => new { c.HolderReference, c.Day });
    }

    public void Configure(EntityTypeBuilder<ClaimTreatmentRow> builder)
    {
        builder.ToTable("claim_treatments");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne<MedicalClaimRow>().WithMany().HasForeignKey(t => t.ClaimId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.Diagnosis).HasMaxLength(ClaimLimits.MaxNameLength);
        builder.Property(t => t.Procedure).HasMaxLength(ClaimLimits.MaxNameLength);
        builder.HasIndex(t => new { t.ClaimId, t.Line }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ClaimDrugRow> builder)
    {
        builder.ToTable("claim_drugs");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<MedicalClaimRow>().WithMany().HasForeignKey(d => d.ClaimId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Name).HasMaxLength(ClaimLimits.MaxNameLength);
        builder.Property(d => d.Strength).HasMaxLength(ClaimLimits.MaxUnitLength);
        builder.Property(d => d.Unit).HasMaxLength(ClaimLimits.MaxUnitLength);
        builder.HasIndex(d => new { d.ClaimId, d.Line }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<HealthCheckRow> builder)
    {
        builder.ToTable("health_check_results");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.HasOne<Myna.Insurance.Insurer>().WithMany().HasForeignKey(h => h.InsurerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Resident>().WithMany().HasForeignKey(h => h.HolderReference).OnDelete(DeleteBehavior.Restrict);
        builder.Property(h => h.RecordedBy).HasMaxLength(64);
        builder.HasIndex(h => new { h.HolderReference, h.Day });
    }
}
