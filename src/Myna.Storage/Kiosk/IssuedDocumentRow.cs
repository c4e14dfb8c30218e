using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Rules;

namespace Myna.Storage.Kiosk;

/// <summary>Where one printed copy stands.</summary>
public enum PrintState
{
    /// <summary>Issued and paid; the machine has not reported it printed.</summary>
    Pending,

    /// <summary>The machine reported it printed: the PDF is dropped, the record stays for verification.</summary>
    Printed,
}

/// <summary>
/// One copy of a certificate issued at a kiosk, and its print job (table <c>kiosk_documents</c>). The job is bound
/// end to end to the transaction that paid for it: the session, the machine, the SHA-256 of the challenge the card
/// signed, and the SHA-256 of the PDF. A machine prints only a job whose binding matches its own open session.
/// </summary>
public sealed class IssuedDocumentRow
{
    public const int MaxIssueNumberLength = 32;
    public const int MaxSealLength = 4096;

    public Guid Id { get; init; }

    /// <summary>The municipality's issue number (発行番号), unique per municipality.</summary>
    public string IssueNumber { get; init; } = "";

    public string Municipality { get; init; } = "";

    public KioskCertificate Certificate { get; init; }

    public Guid HolderReference { get; init; }

    public DateTimeOffset IssuedAt { get; init; }

    public Guid SessionId { get; init; }

    public Guid MachineId { get; init; }

    public Guid PaymentId { get; init; }

    /// <summary>SHA-256 of the session's challenge: the card's answer this copy was paid after.</summary>
    public byte[] ChallengeHash { get; init; } = [];

    /// <summary>SHA-256 of the PDF.</summary>
    public byte[] DocumentHash { get; init; } = [];

    /// <summary>SHA-256 of the sealed content (what the municipality signed).</summary>
    public byte[] ContentHash { get; init; } = [];

    /// <summary>The seal as the QR code carries it.</summary>
    public string Seal { get; init; } = "";

    /// <summary>The PDF, until it is printed.</summary>
    public byte[]? Pdf { get; set; }

    public PrintState State { get; set; }

    /// <summary>How many times the machine reported a failed print (each followed by a reprint, never a charge).</summary>
    public int FailedPrints { get; set; }

    public DateTimeOffset? PrintedAt { get; set; }
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocumentRow>
{
    public void Configure(EntityTypeBuilder<IssuedDocumentRow> builder)
    {
        builder.ToTable("kiosk_documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<KioskSessionRow>().WithMany().HasForeignKey(d => d.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KioskPayment>().WithMany().HasForeignKey(d => d.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.IssueNumber).HasMaxLength(IssuedDocumentRow.MaxIssueNumberLength);
        builder.Property(d => d.Municipality).HasMaxLength(6);
        builder.Property(d => d.Certificate).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.ChallengeHash).HasMaxLength(32);
        builder.Property(d => d.DocumentHash).HasMaxLength(32);
        builder.Property(d => d.ContentHash).HasMaxLength(32);
        builder.Property(d => d.Seal).HasMaxLength(IssuedDocumentRow.MaxSealLength);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(d => new { d.Municipality, d.IssueNumber }).IsUnique();
        builder.HasIndex(d => new { d.SessionId, d.State });
    }
}
