using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Pki;

namespace Myna.Storage.Certificates;

/// <summary>
/// The last CRL signed per hierarchy (table <c>published_crls</c>), stored with its number in the same transaction that
/// records the number in <c>crl_numbers</c>: what every server process on the database serves, whichever signed it.
/// </summary>
public sealed class PublishedCrlRow
{
    public JpkiHierarchy Hierarchy { get; set; }

    /// <summary>Its CRL number (RFC 5280 §5.2.3), as <see cref="CrlNumberRow.LastNumber"/> stores it.</summary>
    public BigInteger Number { get; set; }

    /// <summary>The DER CertificateList, as signed.</summary>
    public byte[] Der { get; set; } = [];

    /// <summary>thisUpdate, UTC, whole seconds.</summary>
    public DateTimeOffset ThisUpdate { get; set; }

    /// <summary>nextUpdate, UTC, whole seconds.</summary>
    public DateTimeOffset NextUpdate { get; set; }

    /// <summary>When it was stored (the storing process's clock; thisUpdate is the signing clock's).</summary>
    public DateTimeOffset PublishedAt { get; set; }
}

internal sealed class PublishedCrlConfiguration : IEntityTypeConfiguration<PublishedCrlRow>
{
    public void Configure(EntityTypeBuilder<PublishedCrlRow> builder)
    {
        builder.ToTable("published_crls");
        // One CRL per number of a hierarchy: a number is never used for two CRLs.
        builder.HasKey(r => new { r.Hierarchy, r.Number });
        builder.Property(r => r.Hierarchy).HasConversion<string>().HasMaxLength(IssuedCertificateConfiguration.HierarchyLength);
        builder.Property(r => r.Number)
            .HasConversion(v => v.ToString(CultureInfo.InvariantCulture), v => BigInteger.Parse(v, CultureInfo.InvariantCulture))
            .HasMaxLength(49);
    }
}
