using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Rules;

namespace Myna.Storage.Kiosk;

/// <summary>Where a kiosk transaction stands (U2.4's steps as the issuance centre sees them).</summary>
public enum KioskSessionState
{
    /// <summary>The machine opened it; the card has not answered the challenge yet.</summary>
    Open,

    /// <summary>The card's answer verified: the holder is known; they choose the municipality and the certificate.</summary>
    Authenticated,

    /// <summary>A certificate is chosen and the municipality agreed to issue it for the fee; waiting for the payment.</summary>
    Quoted,

    /// <summary>Paid: the documents are issued and wait for the machine's printer.</summary>
    Paid,

    /// <summary>Every document printed.</summary>
    Printed,

    /// <summary>Ended without a payment: refused, cancelled by the holder, or timed out.</summary>
    Ended,
}

/// <summary>
/// One transaction at a multi-copy machine (table <c>kiosk_sessions</c>): the challenge the card signed, who the card
/// belongs to, what was asked and what it cost. Every print job is bound to it (<see cref="IssuedDocumentRow"/>).
/// </summary>
public sealed class KioskSessionRow
{
    public const int ChallengeLength = 32;
    public const int MaxRefusalLength = 400;

    public Guid Id { get; init; }

    public Guid MachineId { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>After this (real time) the session takes no further step unless it is paid.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The random challenge the card signs; its SHA-256 binds the print jobs to the card's answer.</summary>
    public byte[] Challenge { get; init; } = [];

    public KioskSessionState State { get; set; }

    /// <summary>The user-authentication certificate's serial (upper-case hex) once the card answered.</summary>
    public string? CertificateSerial { get; set; }

    /// <summary>The holder as the authority's records know them (not the My Number).</summary>
    public Guid? HolderReference { get; set; }

    public Guid? CardId { get; set; }

    /// <summary>The municipality chosen (5-digit code).</summary>
    public string? Municipality { get; set; }

    public KioskCertificate? Certificate { get; set; }

    public int Copies { get; set; }

    /// <summary>For the family-register certificate: the individual (個人事項) one.</summary>
    public bool Individual { get; set; }

    /// <summary>For the income and tax certificate: the fiscal year asked for.</summary>
    public int? FiscalYear { get; set; }

    /// <summary>The total fee quoted (fee × copies).</summary>
    public int? FeeYen { get; set; }

    /// <summary>The rule that refused the transaction, and the sentence (Japanese, then English after a line feed).</summary>
    public string? RefusalRule { get; set; }

    public string? Refusal { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Optimistic concurrency: two requests of one machine at once never both move the session.</summary>
    public long Version { get; set; }
}

internal sealed class KioskSessionConfiguration : IEntityTypeConfiguration<KioskSessionRow>
{
    public void Configure(EntityTypeBuilder<KioskSessionRow> builder)
    {
        builder.ToTable("kiosk_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<KioskMachineRow>().WithMany().HasForeignKey(s => s.MachineId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Challenge).HasMaxLength(KioskSessionRow.ChallengeLength);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.CertificateSerial).HasMaxLength(64);
        builder.Property(s => s.Municipality).HasMaxLength(6);
        builder.Property(s => s.Certificate).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.RefusalRule).HasMaxLength(16);
        builder.Property(s => s.Refusal).HasMaxLength(KioskSessionRow.MaxRefusalLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.MachineId, s.State });
        builder.HasIndex(s => s.HolderReference);
    }
}
