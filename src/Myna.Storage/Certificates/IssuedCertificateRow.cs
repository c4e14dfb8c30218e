using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Pki;

namespace Myna.Storage.Certificates;

/// <summary>A certificate an authority issued (table <c>issued_certificates</c>); <see cref="Id"/> keeps issue order.</summary>
public sealed class IssuedCertificateRow
{
    public long Id { get; set; }

    public JpkiHierarchy Hierarchy { get; set; }

    /// <summary>Upper-case hex, as the registry normalises it; unique per hierarchy (RFC 5280 §4.1.2.2).</summary>
    public string SerialNumber { get; set; } = "";

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    /// <summary>The request (window procedure) the certificate was issued for, recorded at issue; null for CA certificates.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>The row as the authorities' registry keeps it.</summary>
    public IssuedCertificateRecord ToRecord() => new(SerialNumber, Hierarchy, NotBefore, NotAfter) { RequestId = RequestId };

    /// <summary>The card record whose chip holds the certificate's key, once the window has linked it; null for others (tests, OCSP responder certificates).</summary>
    public Guid? CardId { get; set; }

    /// <summary>The holder (resident) the certificate was issued to, once linked.</summary>
    public Guid? ResidentId { get; set; }

    /// <summary>The certificate itself (DER), once linked.</summary>
    public byte[]? Der { get; set; }
}

internal sealed class IssuedCertificateConfiguration : IEntityTypeConfiguration<IssuedCertificateRow>
{
    /// <summary>Hex of a serial of at most 20 octets (RFC 5280 §4.1.2.2), with room for a leading zero pair.</summary>
    internal const int SerialLength = 42;

    /// <summary>The longest <see cref="JpkiHierarchy"/> name stored as text.</summary>
    internal const int HierarchyLength = 32;

    public void Configure(EntityTypeBuilder<IssuedCertificateRow> builder)
    {
        builder.ToTable("issued_certificates");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Hierarchy).HasConversion<string>().HasMaxLength(HierarchyLength);
        builder.Property(r => r.SerialNumber).HasMaxLength(SerialLength);
        // The principal key of revocations: a revocation names a certificate that was issued.
        builder.HasAlternateKey(r => new { r.Hierarchy, r.SerialNumber });
        // Every certificate can be found by card and by holder.
        builder.HasIndex(r => r.CardId);
        builder.HasIndex(r => r.ResidentId);
        // The recovery at start finds the certificates of a procedure that never completed by it.
        builder.HasIndex(r => r.RequestId);
    }
}
