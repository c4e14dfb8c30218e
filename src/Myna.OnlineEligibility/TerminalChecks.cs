using Microsoft.EntityFrameworkCore;
using Myna.OnlineEligibility.Terminals;
using Myna.Storage;
using Myna.Storage.Eligibility;

namespace Myna.OnlineEligibility;

/// <summary>A line of a terminal's list of checks: when it was opened, where it stands, the result and how the holder was confirmed (never who).</summary>
public sealed record CheckSummary(
    Guid CheckId, DateTimeOffset OpenedAt, EligibilityCheckState State, string? Result, string? Rule, IdentityCheck? Identity, DateTimeOffset ExpiresAt);

/// <summary>
/// The checks a reception terminal opened, newest first: what the clinic's staff look through at the reception during the
/// day (each check in full is <see cref="EligibilityService.ViewAsync"/>). A terminal sees only its own.
/// </summary>
public sealed class TerminalChecks(IDbContextFactory<MynaDbContext> contexts, Institutions institutions)
{
    /// <summary>The most checks a list shows.</summary>
    public const int MaxCount = 100;

    /// <summary>The terminal's newest <paramref name="count"/> checks; a refusal for unknown credentials.</summary>
    public async Task<EligibilityAnswerOf<IReadOnlyList<CheckSummary>>> RecentAsync(
        TerminalCredentials credentials, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        if (await institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<EligibilityCheckRow>().AsNoTracking().Where(c => c.TerminalId == terminal.Id)
            .OrderByDescending(c => c.OpenedAt).Take(count)
            .Select(c => new CheckSummary(c.Id, c.OpenedAt, c.State, c.Result, c.RefusalRule, c.Identity, c.ExpiresAt))
            .ToListAsync(cancellationToken);
        return EligibilityAnswerOf<IReadOnlyList<CheckSummary>>.Of(rows);
    }
}
