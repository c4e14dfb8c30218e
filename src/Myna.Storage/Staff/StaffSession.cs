using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Staff;

/// <summary>
/// A staff member's signed-in session (table <c>staff_sessions</c>): the session cookie names it, and every request
/// checks that it has not ended. Times are real time (UTC), never the sandbox clock's.
/// </summary>
/// <remarks>Holds no secret: the cookie is protected by the server's keys, and the id alone is not a credential.</remarks>
public sealed class StaffSession
{
    /// <summary>The longest end reason stored.</summary>
    public const int MaxEndReasonLength = 32;

    /// <summary>The longest remote address stored (an IPv6 address with a scope).</summary>
    public const int MaxRemoteAddressLength = 64;

    /// <summary>Random, made by the server at sign-in; the cookie carries it as a claim.</summary>
    public Guid Id { get; init; }

    /// <summary>The account signed in (<see cref="StaffAccount.Id"/>).</summary>
    public long AccountId { get; init; }

    /// <summary>When the staff member signed in.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a request last used the session (updated at most once a minute).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The absolute end: the session ends then however busy it is.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the session ended (sign-out, ended by an administrator, expired); null while it is open.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Why it ended: <c>signed-out</c>, <c>ended-by-administrator</c>, <c>account-disabled</c>, <c>idle</c>, <c>expired</c>.</summary>
    public string? EndedReason { get; set; }

    /// <summary>The address the sign-in came from, when known.</summary>
    public string? RemoteAddress { get; init; }
}

internal sealed class StaffSessionConfiguration : IEntityTypeConfiguration<StaffSession>
{
    public void Configure(EntityTypeBuilder<StaffSession> builder)
    {
        builder.ToTable("staff_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<StaffAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.EndedReason).HasMaxLength(StaffSession.MaxEndReasonLength);
        builder.Property(s => s.RemoteAddress).HasMaxLength(StaffSession.MaxRemoteAddressLength);
        // "The open sessions of an account": ending them all at once.
        builder.HasIndex(s => new { s.AccountId, s.EndedAt });
    }
}
