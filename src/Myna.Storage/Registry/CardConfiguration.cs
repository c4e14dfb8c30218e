using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage.Concurrency;

namespace Myna.Storage.Registry;

internal sealed class CardConfiguration : IEntityTypeConfiguration<CardRecord>
{
    public void Configure(EntityTypeBuilder<CardRecord> builder)
    {
        builder.ToTable("cards");
        builder.HasKey(c => c.Id);
        builder.HasRowVersion();
        builder.HasOne<Resident>().WithMany().HasForeignKey(c => c.ResidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.ResidentId);
        builder.Property(c => c.SerialNumber).HasMaxLength(16);
        builder.HasIndex(c => c.SerialNumber).IsUnique();
        builder.Property(c => c.IssuedBy).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => new { c.State, c.ExpiresOn }); // the daily sweep (V7)
        builder.Property(c => c.StateReason).HasMaxLength(300);
        // The security code is kept encrypted (MyNumberMapping): the property is not a column, its ciphertext is.
        builder.Ignore(c => c.SecurityCode);
        builder.Property<byte[]>(MyNumberMapping.SecurityCodeCiphertext).IsRequired().HasMaxLength(Protection.MyNumberProtector.SecurityCodeCiphertextLength);
        builder.OwnsOne(c => c.SignatureCertificate, Certificate("signature"));
        builder.OwnsOne(c => c.AuthenticationCertificate, Certificate("authentication"));
        builder.Navigation(c => c.SignatureCertificate).IsRequired(false);
        builder.Navigation(c => c.AuthenticationCertificate).IsRequired(false);
        builder.OwnsMany(c => c.Endorsements, endorsement =>
        {
            endorsement.ToTable("card_endorsements");
            endorsement.WithOwner().HasForeignKey("CardId");
            endorsement.HasKey("CardId", nameof(Endorsement.Line));
            endorsement.Property(e => e.Line).ValueGeneratedNever();
            endorsement.Property(e => e.Text).HasMaxLength(300);
        });
        builder.Navigation(c => c.Endorsements).HasField("_endorsements").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(c => c.Certificates);
        builder.Ignore(c => c.HasRoomForEndorsement);
    }

    private static Action<OwnedNavigationBuilder<CardRecord, CardCertificate>> Certificate(string prefix) => certificate =>
    {
        certificate.Property(c => c.Hierarchy).HasConversion<string>().HasMaxLength(32).HasColumnName(prefix + "_hierarchy");
        certificate.Property(c => c.SerialNumber).HasMaxLength(42).HasColumnName(prefix + "_serial");
        certificate.Property(c => c.IssuedOn).HasColumnName(prefix + "_issued_on");
        certificate.Property(c => c.ExpiresOn).HasColumnName(prefix + "_expires_on");
        // The expiry notices (V1) find cards in use by a certificate's expiry; only cards in use are indexed (the
        // index cannot name the owner's state column, the filter can, and it keeps the index small).
        certificate.HasIndex(c => c.ExpiresOn).HasFilter("\"state\" = 'Active'").HasDatabaseName($"ix_cards_{prefix}_expires_on_active");
    };
}
