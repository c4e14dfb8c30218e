using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Journal;

/// <summary>Where a procedure with effects outside the database stands (docs/adr/0002).</summary>
public enum ProcedureIntentStatus
{
    /// <summary>
    /// Written and committed before the first effect outside the database (a certificate issued, a chip image staged);
    /// the procedure's own transaction has not committed. Undone at recovery: its certificates revoked, its staged chip
    /// images deleted.
    /// </summary>
    Pending,

    /// <summary>
    /// Set in the procedure's own transaction: the change is in the database, and what remains (staged chip images
    /// moved into place, the intent deleted) is completed at recovery if the process died before.
    /// </summary>
    Committed,
}

/// <summary>
/// A durable intent (table <c>procedure_intents</c>): written before a window procedure's first effect that cannot join
/// its database transaction, so that a crash at any instruction leaves something the recovery at start can complete or
/// undo — the write-ahead log of the procedures (docs/adr/0002).
/// </summary>
public sealed class ProcedureIntent
{
    /// <summary>The procedure's id; the certificates it asks for carry it as their request id, its staged chip images in their names.</summary>
    public Guid Id { get; init; }

    /// <summary>The procedure's audit action (<c>card.delivered</c> …), for a person reading a leftover intent.</summary>
    public string Action { get; init; } = "";

    public ProcedureIntentStatus Status { get; set; }

    /// <summary>The real instant the intent was written, UTC.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The card whose chip the procedure writes, if any.</summary>
    public Guid? CardId { get; init; }

    /// <summary>
    /// The name of the lease (<see cref="Coordination.WorkLeases"/>) a procedure holds while its intent exists: taken
    /// before the intent is written, given back after it is forgotten. Several processes share one database and each
    /// recovers at its start; a recovery that can take an intent's lease knows the procedure's process died, and one
    /// that cannot leaves a procedure running in another process alone.
    /// </summary>
    public static string LeaseName(Guid intentId) => "procedure:" + intentId.ToString("N");
}

internal sealed class ProcedureIntentConfiguration : IEntityTypeConfiguration<ProcedureIntent>
{
    public void Configure(EntityTypeBuilder<ProcedureIntent> builder)
    {
        builder.ToTable("procedure_intents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Action).HasMaxLength(Audit.AuditTrail.MaxActionLength);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
    }
}
