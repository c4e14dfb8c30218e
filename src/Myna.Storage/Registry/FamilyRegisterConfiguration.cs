using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage.Concurrency;

namespace Myna.Storage.Registry;

/// <summary>A family register with its members, their events and their attachment (附票): one aggregate, one version.</summary>
internal sealed class FamilyRegisterConfiguration : IEntityTypeConfiguration<FamilyRegister>
{
    public void Configure(EntityTypeBuilder<FamilyRegister> builder)
    {
        builder.ToTable("family_registers");
        builder.HasKey(r => r.Id);
        builder.HasRowVersion();
        builder.Property(r => r.Municipality).HasConversion(RegistryConversions.Municipality).HasMaxLength(6);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(r => r.Municipality).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Domicile).HasMaxLength(FamilyRegister.DomicileMaxLength);
        builder.Property(r => r.HeadName).HasMaxLength(FamilyRegister.NameMaxLength);
        // The domicile and the head's name name a register (本籍と筆頭者).
        builder.HasIndex(r => new { r.Municipality, r.Domicile, r.HeadName }).IsUnique();
        builder.Ignore(r => r.MembersInRegister);
        builder.OwnsMany(r => r.Members, member =>
        {
            member.ToTable("family_register_members");
            member.WithOwner().HasForeignKey("FamilyRegisterId");
            member.HasKey(m => m.Id);
            member.Property(m => m.Id).ValueGeneratedNever();
            member.Property(m => m.Name).HasMaxLength(FamilyRegister.NameMaxLength);
            member.Property(m => m.Kana).HasMaxLength(FamilyRegister.NameMaxLength);
            member.Property(m => m.FatherName).HasMaxLength(FamilyRegister.NameMaxLength);
            member.Property(m => m.MotherName).HasMaxLength(FamilyRegister.NameMaxLength);
            member.Property(m => m.Sex).HasConversion<string>().HasMaxLength(16);
            member.Property(m => m.Relationship).HasMaxLength(FamilyRegisterMember.WordMaxLength);
            member.Property(m => m.RemovalReason).HasMaxLength(FamilyRegisterMember.WordMaxLength);
            member.HasOne<Resident>().WithMany().HasForeignKey(m => m.ResidentId).OnDelete(DeleteBehavior.Restrict);
            member.HasIndex(m => m.ResidentId);
            member.Ignore(m => m.CurrentAddress);
            member.OwnsMany(m => m.Events, entry =>
            {
                Lines(entry, "family_register_events");
                entry.Property(e => e.Kind).HasMaxLength(FamilyRegisterMember.WordMaxLength);
                entry.Property(e => e.Details).HasMaxLength(FamilyRegisterMember.DetailsMaxLength);
            });
            member.Navigation(m => m.Events).HasField("_events").UsePropertyAccessMode(PropertyAccessMode.Field);
            member.OwnsMany(m => m.Addresses, address =>
            {
                Lines(address, "family_register_attachment");
                address.Property(a => a.Address).HasMaxLength(FamilyRegisterMember.AddressMaxLength);
            });
            member.Navigation(m => m.Addresses).HasField("_addresses").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        builder.Navigation(r => r.Members).HasField("_members").UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    /// <summary>A member's numbered lines (events, attachment addresses) in a table of their own, keyed by member and line.</summary>
    private static void Lines<T>(OwnedNavigationBuilder<FamilyRegisterMember, T> lines, string table)
        where T : class
    {
        lines.ToTable(table);
        lines.WithOwner().HasForeignKey("MemberId");
        lines.HasKey("MemberId", "Line");
        lines.Property<int>("Line").ValueGeneratedNever();
    }
}
