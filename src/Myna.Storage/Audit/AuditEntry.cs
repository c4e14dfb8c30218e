using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Audit;

/// <summary>One line of the audit trail (table <c>audit_entries</c>): who did what to which subject, when.</summary>
/// <remarks>Never holds a My Number or a PIN: <see cref="AuditTrail"/> refuses them before they are written.</remarks>
public sealed class AuditEntry
{
    /// <summary>Assigned by the database, increasing: breaks ties between entries of the same instant.</summary>
    public long Id { get; init; }

    /// <summary>When it happened, UTC.</summary>
    public DateTimeOffset Instant { get; init; }

    /// <summary>
    /// The real instant, UTC, when the clock that stamped <see cref="Instant"/> was shifted from real time (the sandbox
    /// clock); null when the two are the same.
    /// </summary>
    public DateTimeOffset? RealInstant { get; init; }

    /// <summary>A staff user name, <c>system</c> or <c>call-centre</c> (<see cref="AuditActor"/>).</summary>
    public string Actor { get; init; } = "";

    /// <summary>What was done, e.g. <c>card.issued</c>, <c>certificate.revoked</c>.</summary>
    public string Action { get; init; } = "";

    /// <summary>The kind of thing acted upon, e.g. <c>resident</c>, <c>card</c>, <c>certificate</c>.</summary>
    public string SubjectKind { get; init; } = "";

    /// <summary>Its internal identifier (never a My Number).</summary>
    public string SubjectId { get; init; } = "";

    /// <summary>What happened, in English (logs, the English pages).</summary>
    public string Details { get; init; } = "";

    /// <summary>The same in Japanese, for the Japanese pages; null for entries written before both were kept.</summary>
    public string? DetailsJapanese { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(AuditActor.MaxLength);
        builder.Property(e => e.Action).HasMaxLength(AuditTrail.MaxActionLength);
        builder.Property(e => e.SubjectKind).HasMaxLength(AuditSubject.MaxKindLength);
        builder.Property(e => e.SubjectId).HasMaxLength(AuditSubject.MaxIdLength);
        builder.Property(e => e.Details).HasMaxLength(AuditTrail.MaxDetailsLength);
        builder.Property(e => e.DetailsJapanese).HasMaxLength(AuditTrail.MaxDetailsLength);
        builder.HasIndex(e => e.Instant);
        builder.HasIndex(e => new { e.SubjectKind, e.SubjectId });
    }
}
