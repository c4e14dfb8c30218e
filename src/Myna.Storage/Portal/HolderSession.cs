using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Portal;

/// <summary>
/// A holder's portal session (table <c>portal_sessions</c>): the portal's cookie names it, every request checks that
/// it has not ended. Real time (UTC), never the sandbox clock's.
/// </summary>
public sealed class HolderSession
{
    /// <summary>The longest end reason stored.</summary>
    public const int MaxEndReasonLength = 32;

    /// <summary>The longest remote address stored.</summary>
    public const int MaxRemoteAddressLength = 64;

    /// <summary>The longest browser description stored (the start of its User-Agent).</summary>
    public const int MaxUserAgentLength = 128;

    /// <summary>The longest login method stored.</summary>
    public const int MaxMethodLength = 16;

    public Guid Id { get; init; }

    public Guid AccountId { get; init; }

    /// <summary>How the card signed: <c>reader</c> (the holder's own reader and app) or <c>sandbox-slot</c>.</summary>
    public string Method { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a request last used it (written at most once a minute).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The absolute end.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary><c>logged-out</c>, <c>ended-by-holder</c>, <c>idle</c>, <c>expired</c>.</summary>
    public string? EndedReason { get; set; }

    public string? RemoteAddress { get; init; }

    /// <summary>The start of the browser's User-Agent, so that the holder can tell their sessions apart.</summary>
    public string? UserAgent { get; init; }
}

internal sealed class HolderSessionConfiguration : IEntityTypeConfiguration<HolderSession>
{
    public void Configure(EntityTypeBuilder<HolderSession> builder)
    {
        builder.ToTable("portal_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<HolderAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Method).HasMaxLength(HolderSession.MaxMethodLength);
        builder.Property(s => s.EndedReason).HasMaxLength(HolderSession.MaxEndReasonLength);
        builder.Property(s => s.RemoteAddress).HasMaxLength(HolderSession.MaxRemoteAddressLength);
        builder.Property(s => s.UserAgent).HasMaxLength(HolderSession.MaxUserAgentLength);
        builder.HasIndex(s => new { s.AccountId, s.EndedAt });
    }
}
