using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Pki;

namespace Myna.Storage.Certificates;

/// <summary>A revocation (table <c>revocations</c>): at most one per certificate, since a revocation is final.</summary>
public sealed class RevocationRow
{
    public long Id { get; set; }

    public JpkiHierarchy Hierarchy { get; set; }

    public string SerialNumber { get; set; } = "";

    /// <summary>revocationDate, UTC, whole seconds (RFC 5280 §5.1.2.6).</summary>
    public DateTimeOffset RevokedAt { get; set; }

    /// <summary>The RFC 5280 §5.3.1 reason, stored by name.</summary>
    public X509RevocationReason Reason { get; set; }
}

internal sealed class RevocationConfiguration : IEntityTypeConfiguration<RevocationRow>
{
    public void Configure(EntityTypeBuilder<RevocationRow> builder)
    {
        builder.ToTable("revocations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Hierarchy).HasConversion<string>().HasMaxLength(IssuedCertificateConfiguration.HierarchyLength);
        builder.Property(r => r.SerialNumber).HasMaxLength(IssuedCertificateConfiguration.SerialLength);
        builder.Property(r => r.Reason).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(r => new { r.Hierarchy, r.SerialNumber }).IsUnique();
        builder.HasOne<IssuedCertificateRow>()
            .WithOne()
            .HasForeignKey<RevocationRow>(r => new { r.Hierarchy, r.SerialNumber })
            .HasPrincipalKey<IssuedCertificateRow>(c => new { c.Hierarchy, c.SerialNumber })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
