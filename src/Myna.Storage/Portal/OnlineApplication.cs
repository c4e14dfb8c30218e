using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Portal;

/// <summary>Where an online application stands.</summary>
public enum OnlineApplicationState
{
    /// <summary>Filled in; waiting for the holder's signature with the signature certificate.</summary>
    AwaitingSignature,

    /// <summary>Signed and verified; waiting for the municipality.</summary>
    Submitted,

    /// <summary>The municipality accepted it.</summary>
    Accepted,

    /// <summary>The municipality returned it, with a note.</summary>
    Rejected,

    /// <summary>Done at once (a registration that needs no one's decision).</summary>
    Completed,
}

/// <summary>
/// An application made online through the portal (table <c>portal_applications</c>, ぴったりサービス): the form as the
/// holder filled it (<see cref="Content"/>, the exact bytes signed), the CMS signature and what its verification found,
/// and the municipality's decision.
/// </summary>
public sealed class OnlineApplication
{
    public const int MaxContentLength = 8000;
    public const int MaxProcedureLength = 64;
    public const int MaxNoteLength = 500;
    public const int MaxSignedDataLength = 16 * 1024;

    public Guid Id { get; init; }

    /// <summary>The portal account that applied.</summary>
    public Guid AccountId { get; init; }

    /// <summary>The applicant as the registry knows them.</summary>
    public Guid HolderReference { get; init; }

    /// <summary>The procedure (a catalogue id).</summary>
    public string ProcedureId { get; init; } = "";

    /// <summary>The municipality applied to (5-digit code).</summary>
    public string Municipality { get; init; } = "";

    /// <summary>The application's content: canonical JSON, UTF-8; what the signature covers.</summary>
    public string Content { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public OnlineApplicationState State { get; set; }

    /// <summary>The detached CMS SignedData over <see cref="Content"/> (DER), once signed.</summary>
    public byte[]? SignedData { get; set; }

    /// <summary>When it was signed (the signature's signingTime) and verified.</summary>
    public DateTimeOffset? SignedAt { get; set; }

    /// <summary>The signature certificate's serial.</summary>
    public string? SignerCertificateSerial { get; set; }

    /// <summary>The signer's name and date of birth as the signature certificate states them.</summary>
    public string? SignerName { get; set; }

    /// <summary>The staff member who decided, and when; their note to the applicant.</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    /// <summary>Optimistic concurrency: two staff deciding at once.</summary>
    public long Version { get; set; }
}

/// <summary>
/// The card registered for health-insurance use (table <c>insurance_use_registrations</c>, U3.7, U1.1): the holder
/// and the user-authentication certificate they were logged in with. The insurance service reads it.
/// </summary>
public sealed class InsuranceUseRegistration
{
    public Guid HolderReference { get; init; }

    public Guid AccountId { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }
}

internal sealed class OnlineApplicationConfiguration : IEntityTypeConfiguration<OnlineApplication>, IEntityTypeConfiguration<InsuranceUseRegistration>
{
    public void Configure(EntityTypeBuilder<OnlineApplication> builder)
    {
        builder.ToTable("portal_applications");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<HolderAccount>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.ProcedureId).HasMaxLength(OnlineApplication.MaxProcedureLength);
        builder.Property(a => a.Municipality).HasMaxLength(6);
        builder.Property(a => a.Content).HasMaxLength(OnlineApplication.MaxContentLength);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.SignedData).HasMaxLength(OnlineApplication.MaxSignedDataLength);
        builder.Property(a => a.SignerCertificateSerial).HasMaxLength(HolderCredential.MaxSerialLength);
        builder.Property(a => a.SignerName).HasMaxLength(128);
        builder.Property(a => a.DecidedBy).HasMaxLength(64);
        builder.Property(a => a.DecisionNote).HasMaxLength(OnlineApplication.MaxNoteLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.AccountId, a.CreatedAt });
        builder.HasIndex(a => new { a.Municipality, a.State });
    }

    public void Configure(EntityTypeBuilder<InsuranceUseRegistration> builder)
    {
        builder.ToTable("insurance_use_registrations");
        builder.HasKey(r => r.HolderReference);
        builder.HasOne<HolderAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
