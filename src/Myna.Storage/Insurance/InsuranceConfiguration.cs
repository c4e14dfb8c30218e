using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Myna.Insurance;
using Myna.Registry.Residents;
using Myna.Storage.Concurrency;
using Myna.Storage.Registry;

namespace Myna.Storage.Insurance;

/// <summary>How the insurance side's value types are stored: the insurer number as its digits.</summary>
internal static class InsuranceConversions
{
    public static readonly ValueConverter<InsurerNumber, string> Number =
        new(number => number.Value, text => InsurerNumber.Parse(text).Value);
}

/// <summary>Insurers (table <c>insurers</c>): one row per insurer number.</summary>
internal sealed class InsurerConfiguration : IEntityTypeConfiguration<Insurer>
{
    public void Configure(EntityTypeBuilder<Insurer> builder)
    {
        builder.ToTable("insurers");
        builder.HasKey(i => i.Id);
        builder.HasRowVersion();
        builder.Property(i => i.Number).HasConversion(InsuranceConversions.Number).HasMaxLength(8);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.Property(i => i.Name).HasMaxLength(Insurer.NameMaxLength);
        builder.Property(i => i.Scheme).HasConversion<string>().HasMaxLength(32);
        // A national health insurer's municipality, which need not be one of the registry's.
        builder.Property(i => i.Municipality).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
    }
}

/// <summary>Enrolments (table <c>enrolments</c>), found by holder and dates for the eligibility check.</summary>
internal sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> builder)
    {
        builder.ToTable("enrolments");
        builder.HasKey(e => e.Id);
        builder.HasRowVersion();
        builder.HasOne<Insurer>().WithMany().HasForeignKey(e => e.InsurerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Resident>().WithMany().HasForeignKey(e => e.HolderReference).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Resident>().WithMany().HasForeignKey(e => e.InsuredReference).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.HolderReference, e.From, e.Until });
        builder.HasIndex(e => new { e.InsurerId, e.Symbol, e.Number, e.Branch });
        builder.Property(e => e.Symbol).HasMaxLength(Enrolment.SymbolMaxLength);
        builder.Property(e => e.Number).HasMaxLength(Enrolment.NumberMaxLength);
        builder.Property(e => e.Branch).HasMaxLength(2);
        builder.Property(e => e.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.IncomeClass).HasConversion<string>().HasMaxLength(16);
    }
}
