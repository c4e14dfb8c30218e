using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Portal;

/// <summary>
/// A one-time login challenge (table <c>portal_login_challenges</c>): issued to a browser, answered once by a card
/// (through the holder's reader or the sandbox's slot), turned into a session once. Times are real time (UTC).
/// </summary>
public sealed class LoginChallengeRow
{
    /// <summary>Length of the challenge in bytes.</summary>
    public const int ChallengeLength = 32;

    /// <summary>The longest failure code stored.</summary>
    public const int MaxFailureLength = 32;

    /// <summary>Random; the browser's page names the challenge by it.</summary>
    public Guid Id { get; init; }

    /// <summary>The short code the page shows and the holder's app types or scans (unique while it lives).</summary>
    public string Code { get; init; } = "";

    /// <summary>The random bytes the card signs.</summary>
    public byte[] Challenge { get; init; } = [];

    /// <summary>SHA-256 of the secret the browser that asked holds in a cookie: only it can turn the answer into a session.</summary>
    public byte[] BrowserSecretHash { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this an answer is refused.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When a card's answer was taken (verified or not): a challenge is answered once.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The account the verified answer logged into; null while unanswered or when the answer failed.</summary>
    public Guid? AccountId { get; set; }

    /// <summary>Why the answer failed (a verification failure code), for the waiting page; null otherwise.</summary>
    public string? Failure { get; set; }

    /// <summary>When the browser turned the answer into a session: once only.</summary>
    public DateTimeOffset? ConsumedAt { get; set; }
}

internal sealed class LoginChallengeConfiguration : IEntityTypeConfiguration<LoginChallengeRow>
{
    public void Configure(EntityTypeBuilder<LoginChallengeRow> builder)
    {
        builder.ToTable("portal_login_challenges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(16);
        builder.Property(c => c.Failure).HasMaxLength(LoginChallengeRow.MaxFailureLength);
        builder.HasIndex(c => c.Code).IsUnique();
        // Pruning the expired ones.
        builder.HasIndex(c => c.ExpiresAt);
        builder.HasOne<HolderAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
