using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Municipalities;

namespace Myna.Storage.Registry;

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.ToTable("municipalities");
        builder.HasKey(m => m.Code);
        builder.Property(m => m.Code).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.Property(m => m.Prefecture).HasMaxLength(16);
        builder.Property(m => m.Name).HasMaxLength(32);
        builder.Property(m => m.PrefectureRomaji).HasMaxLength(32);
        builder.Property(m => m.NameRomaji).HasMaxLength(64);
    }
}
