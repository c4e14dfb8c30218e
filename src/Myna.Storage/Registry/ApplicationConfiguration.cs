using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.Applications;
using Myna.Registry.Documents;
using Myna.Registry.Fees;
using Myna.Registry.Moves;
using Myna.Registry.Residents;

namespace Myna.Storage.Registry;

internal sealed class CardApplicationConfiguration : IEntityTypeConfiguration<CardApplication>
{
    public void Configure(EntityTypeBuilder<CardApplication> builder)
    {
        builder.ToTable("card_applications");
        builder.HasKey(a => a.Id);
        builder.HasOne<Resident>().WithMany().HasForeignKey(a => a.ResidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.ResidentId);
        builder.Property(a => a.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Applicant).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.RepresentativeName).HasMaxLength(120);
        builder.Property(a => a.DeliverTo).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class NumberDocumentConfiguration : IEntityTypeConfiguration<NumberDocument>
{
    public void Configure(EntityTypeBuilder<NumberDocument> builder)
    {
        builder.ToTable("number_documents");
        builder.HasKey(d => d.Id);
        builder.HasOne<Resident>().WithMany().HasForeignKey(d => d.ResidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.ResidentId);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class FeeEntryConfiguration : IEntityTypeConfiguration<FeeEntry>
{
    public void Configure(EntityTypeBuilder<FeeEntry> builder)
    {
        builder.ToTable("fee_ledger");
        builder.HasKey(f => f.Id);
        builder.HasOne<Resident>().WithMany().HasForeignKey(f => f.ResidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => f.TakenOn);
        builder.Property(f => f.Reason).HasMaxLength(200);
    }
}

internal sealed class ResidentMoveConfiguration : IEntityTypeConfiguration<ResidentMove>
{
    public void Configure(EntityTypeBuilder<ResidentMove> builder)
    {
        builder.ToTable("resident_moves");
        builder.HasKey(m => m.Id);
        builder.HasOne<Resident>().WithMany().HasForeignKey(m => m.ResidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.ResidentId);
        builder.HasIndex(m => m.ContinuedOn); // the daily sweep reads the moves not yet continued (V5)
        builder.Property(m => m.From).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.Property(m => m.To).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.Property(m => m.NewAddress).HasMaxLength(200);
        builder.Ignore(m => m.IsMovedIn);
    }
}
