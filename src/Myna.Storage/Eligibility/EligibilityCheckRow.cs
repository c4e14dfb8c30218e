using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Eligibility;

/// <summary>How the terminal confirmed that the patient is the card's holder.</summary>
public enum IdentityCheck
{
    /// <summary>The 4-digit PIN, and the card signed the check's challenge.</summary>
    Pin,

    /// <summary>The chip's face photo matched the terminal's camera (no signature: the terminal attests).</summary>
    Face,

    /// <summary>A staff member compared the patient with the card's face (no signature: the terminal attests).</summary>
    StaffVisual,
}

/// <summary>Where an eligibility check stands.</summary>
public enum EligibilityCheckState
{
    /// <summary>Opened by the terminal; the card has not answered.</summary>
    Open,

    /// <summary>Answered: eligible or refused, with its receipt.</summary>
    Answered,

    /// <summary>Ended without an answer (the card refused, the patient left, timed out).</summary>
    Ended,
}

/// <summary>
/// One check of a patient's insurance at a clinic's reception (table <c>eligibility_checks</c>, U1.2): the challenge the
/// card signed, the holder, the consent the patient gave for this visit (U1.4, U1.6), the result and its receipt.
/// </summary>
public sealed class EligibilityCheckRow
{
    public const int ChallengeLength = 32;

    public Guid Id { get; init; }

    public Guid TerminalId { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public byte[] Challenge { get; init; } = [];

    public EligibilityCheckState State { get; set; }

    public IdentityCheck? Identity { get; set; }

    public Guid? HolderReference { get; set; }

    public string? CertificateSerial { get; set; }

    /// <summary>The visit day in Japan the answer holds for.</summary>
    public DateOnly? VisitDay { get; set; }

    /// <summary>Eligible, or the refusal's code.</summary>
    public string? Result { get; set; }

    public string? RefusalRule { get; set; }

    /// <summary>Consent for this visit: the clinic may see the medication records (U1.4).</summary>
    public bool ConsentMedication { get; set; }

    /// <summary>… the health-check records (U1.4).</summary>
    public bool ConsentHealthChecks { get; set; }

    /// <summary>… the medical-treatment records.</summary>
    public bool ConsentTreatments { get; set; }

    /// <summary>… and the high-cost ceiling is applied at the counter (U1.6).</summary>
    public bool ConsentCeiling { get; set; }

    public Guid? ReceiptId { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public long Version { get; set; }
}

/// <summary>
/// A receipt of an eligibility answer (table <c>eligibility_receipts</c>): its canonical content (institution, patient
/// reference, time, result; never the My Number) and the eligibility service's signature, which the clinic keeps for
/// billing and anyone verifies with the service's public key.
/// </summary>
public sealed class EligibilityReceiptRow
{
    public const int MaxContentLength = 4000;

    public Guid Id { get; init; }

    public Guid CheckId { get; init; }

    public string Content { get; init; } = "";

    public byte[] Signature { get; init; } = [];

    public DateTimeOffset IssuedAt { get; init; }
}

internal sealed class EligibilityCheckConfiguration : IEntityTypeConfiguration<EligibilityCheckRow>, IEntityTypeConfiguration<EligibilityReceiptRow>
{
    public void Configure(EntityTypeBuilder<EligibilityCheckRow> builder)
    {
        builder.ToTable("eligibility_checks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<ReceptionTerminal>().WithMany().HasForeignKey(c => c.TerminalId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Challenge).HasMaxLength(EligibilityCheckRow.ChallengeLength);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Identity).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.CertificateSerial).HasMaxLength(64);
        builder.Property(c => c.Result).HasMaxLength(32);
        builder.Property(c => c.RefusalRule).HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.TerminalId, c.OpenedAt });
        builder.HasIndex(c => c.HolderReference);
    }

    public void Configure(EntityTypeBuilder<EligibilityReceiptRow> builder)
    {
        builder.ToTable("eligibility_receipts");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<EligibilityCheckRow>().WithMany().HasForeignKey(r => r.CheckId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Content).HasMaxLength(EligibilityReceiptRow.MaxContentLength);
        builder.Property(r => r.Signature).HasMaxLength(64);
        builder.HasIndex(r => r.CheckId).IsUnique();
    }
}
