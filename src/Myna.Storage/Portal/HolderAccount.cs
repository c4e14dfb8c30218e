using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Portal;

/// <summary>
/// A card holder's portal account (table <c>portal_accounts</c>). It holds no My Number and no name: the holder is
/// known by the user-authentication certificates linked to it (<see cref="HolderCredential"/>).
/// </summary>
public sealed class HolderAccount
{
    /// <summary>Random, made at the first login.</summary>
    public Guid Id { get; init; }

    /// <summary>
    /// The holder as the information-provision side knows them, as the certificate authority gave it at the first
    /// login: the reference under which bodies publish the holder's information. Not the My Number.
    /// </summary>
    public Guid HolderReference { get; init; }

    /// <summary>When the account was made (the first login).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last successful login.</summary>
    public DateTimeOffset LastLoginAt { get; set; }
}

/// <summary>
/// A user-authentication certificate that logs into an account (table <c>portal_credentials</c>): its issuer and
/// serial, and how the portal learnt it — at the first login, or from the authority's link between a certificate
/// and its successor (a renewal, a reissue, a lifted suspension).
/// </summary>
public sealed class HolderCredential
{
    /// <summary>The longest issuer name stored (an RFC 4514 string).</summary>
    public const int MaxIssuerLength = 256;

    /// <summary>Hex of a serial of at most 20 octets, with room for a leading zero pair.</summary>
    public const int MaxSerialLength = 42;

    /// <summary>The longest <see cref="LinkedBy"/>.</summary>
    public const int MaxLinkedByLength = 16;

    /// <summary>Linked at the account's first login.</summary>
    public const string FirstLogin = "first-login";

    /// <summary>Linked as the successor of a credential the account had, by the authority's link.</summary>
    public const string Successor = "successor";

    public long Id { get; set; }

    public Guid AccountId { get; init; }

    /// <summary>The certificate's issuer, RFC 4514.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>The certificate's serial, upper-case hex.</summary>
    public string SerialNumber { get; init; } = "";

    public DateTimeOffset LinkedAt { get; init; }

    /// <summary><see cref="FirstLogin"/> or <see cref="Successor"/>.</summary>
    public string LinkedBy { get; init; } = FirstLogin;
}

internal sealed class HolderAccountConfiguration : IEntityTypeConfiguration<HolderAccount>, IEntityTypeConfiguration<HolderCredential>
{
    public void Configure(EntityTypeBuilder<HolderAccount> builder)
    {
        builder.ToTable("portal_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        // One account per holder: two first logins at once with two new certificates must not make two.
        builder.HasIndex(a => a.HolderReference).IsUnique();
    }

    public void Configure(EntityTypeBuilder<HolderCredential> builder)
    {
        builder.ToTable("portal_credentials");
        builder.HasKey(c => c.Id);
        builder.HasOne<HolderAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Issuer).HasMaxLength(HolderCredential.MaxIssuerLength);
        builder.Property(c => c.SerialNumber).HasMaxLength(HolderCredential.MaxSerialLength);
        builder.Property(c => c.LinkedBy).HasMaxLength(HolderCredential.MaxLinkedByLength);
        builder.HasIndex(c => new { c.Issuer, c.SerialNumber }).IsUnique();
        builder.HasIndex(c => c.AccountId);
    }
}
