using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Pki;

namespace Myna.Storage.Certificates;

/// <summary>The number of the last CRL issued per hierarchy (table <c>crl_numbers</c>).</summary>
public sealed class CrlNumberRow
{
    public JpkiHierarchy Hierarchy { get; set; }

    /// <summary>Up to 20 octets (RFC 5280 §5.2.3), more than a 64-bit column holds: stored as decimal text.</summary>
    public BigInteger LastNumber { get; set; }
}

internal sealed class CrlNumberConfiguration : IEntityTypeConfiguration<CrlNumberRow>
{
    public void Configure(EntityTypeBuilder<CrlNumberRow> builder)
    {
        builder.ToTable("crl_numbers");
        builder.HasKey(r => r.Hierarchy);
        builder.Property(r => r.Hierarchy).HasConversion<string>().HasMaxLength(IssuedCertificateConfiguration.HierarchyLength);
        // 2^160 has 49 decimal digits. A concurrency token: two publishers of one hierarchy cannot both
        // move the number on from the same value unnoticed.
        builder.Property(r => r.LastNumber)
            .HasConversion(v => v.ToString(CultureInfo.InvariantCulture), v => BigInteger.Parse(v, CultureInfo.InvariantCulture))
            .HasMaxLength(49)
            .IsConcurrencyToken();
    }
}
