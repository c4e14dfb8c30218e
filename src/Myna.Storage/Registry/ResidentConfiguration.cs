using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage.Concurrency;
using Myna.Storage.Protection;

namespace Myna.Storage.Registry;

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> builder)
    {
        builder.ToTable("residents");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Municipality).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(r => r.Municipality).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.RecordCode).HasConversion(RegistryConversions.RecordCode).HasMaxLength(ResidentRecordCode.Length);
        builder.HasIndex(r => r.RecordCode).IsUnique();
        // The My Number is stored encrypted, with a blind index for exact search (MyNumberMapping, docs/storage.md);
        // a number is assigned once and never reused (番号法 第7条), which the unique index on the blind index keeps.
        builder.Ignore(r => r.MyNumber);
        builder.Property<byte[]>(MyNumberMapping.Ciphertext).IsRequired().HasMaxLength(MyNumberProtector.CiphertextLength);
        builder.Property<byte[]>(MyNumberMapping.Index).IsRequired().HasMaxLength(MyNumberProtector.IndexLength);
        builder.HasIndex(MyNumberMapping.Index).IsUnique();
        builder.HasRowVersion();
        builder.ComplexProperty(r => r.Name, name =>
        {
            name.Property(n => n.FamilyName).HasMaxLength(60).HasColumnName("family_name");
            name.Property(n => n.GivenName).HasMaxLength(60).HasColumnName("given_name");
            name.Property(n => n.FamilyNameKana).HasMaxLength(60).HasColumnName("family_name_kana");
            name.Property(n => n.GivenNameKana).HasMaxLength(60).HasColumnName("given_name_kana");
            name.Property(n => n.FormerSurname).HasMaxLength(60).HasColumnName("former_surname");
        });
        builder.Property(r => r.Sex).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Address).HasMaxLength(200);
        builder.Property(r => r.PreviousAddress).HasMaxLength(200);
        builder.Property(r => r.Residence).HasMaxLength(200);
        builder.Property(r => r.Domicile).HasMaxLength(200);
        builder.Property(r => r.HouseholdHead).HasMaxLength(120);
        builder.Property(r => r.RelationshipToHead).HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Nationality).HasMaxLength(60);
        builder.Property(r => r.ResidenceCategory).HasConversion<string>().HasMaxLength(48);
        builder.Ignore(r => r.ForeignResidence);
        builder.Ignore(r => r.FourDetails);
        builder.HasIndex(r => r.BirthDate);
    }
}
