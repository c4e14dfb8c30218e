using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Staff;

/// <summary>A staff member who signs in to the server (table <c>staff_accounts</c>).</summary>
/// <remarks>
/// The password is kept only as a hash in the format of ASP.NET Core Identity's <c>PasswordHasher</c>
/// (PBKDF2 with a salt and the algorithm marker); the server hashes, storage only keeps the text.
/// </remarks>
public sealed class StaffAccount
{
    /// <summary>The longest user name.</summary>
    public const int MaxUserNameLength = 64;

    /// <summary>The longest display name.</summary>
    public const int MaxDisplayNameLength = 100;

    /// <summary>Assigned by the database.</summary>
    public long Id { get; init; }

    /// <summary>The sign-in name, unique, compared as stored (the server keeps it lower-case).</summary>
    public string UserName { get; init; } = "";

    /// <summary>The name shown to other staff and in pages.</summary>
    public string DisplayName { get; set; } = "";

    public StaffRole Role { get; set; }

    /// <summary>The password hash (never the password).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>When the account was made, UTC.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an administrator disabled the account, UTC; null while it is enabled. A disabled account cannot sign in.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Whether the account may sign in.</summary>
    public bool IsEnabled => DisabledAt is null;
}

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> builder)
    {
        builder.ToTable("staff_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserName).HasMaxLength(StaffAccount.MaxUserNameLength);
        builder.HasIndex(a => a.UserName).IsUnique();
        builder.Property(a => a.DisplayName).HasMaxLength(StaffAccount.MaxDisplayNameLength);
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
        // Identity's v3 hash of a password is 84 base64 characters; room for a stronger future format.
        builder.Property(a => a.PasswordHash).HasMaxLength(512);
        builder.Ignore(a => a.IsEnabled);
    }
}
