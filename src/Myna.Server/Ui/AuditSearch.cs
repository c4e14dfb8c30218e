using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Server.Ui;

/// <summary>The audit page's filter; every part optional, all given parts must match.</summary>
/// <param name="From">First Japan date shown (included).</param>
/// <param name="Until">Last Japan date shown (included).</param>
/// <param name="Actor">Exact actor: a staff user name, <c>system</c> or <c>call-centre</c>.</param>
/// <param name="Action">Action, or its beginning (<c>card.</c> finds every card action).</param>
/// <param name="SubjectKind">Exact subject kind (<c>resident</c>, <c>card</c> …).</param>
/// <param name="SubjectId">Exact subject id.</param>
public sealed record AuditFilter(
    DateOnly? From = null, DateOnly? Until = null, string? Actor = null, string? Action = null, string? SubjectKind = null, string? SubjectId = null);

/// <summary>One page of entries, newest first, and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Reads the audit trail for the administrator's page: filtered, newest first, a page at a time. The storage
/// project's <see cref="AuditTrail"/> reads by time range or subject only; this query adds the page's filters
/// without changing it.
/// </summary>
public sealed class AuditSearch(IDbContextFactory<MynaDbContext> contexts)
{
    /// <summary>Entries per page.</summary>
    public const int PageSize = 50;

    /// <summary>Page <paramref name="page"/> (from 1) of the entries that match <paramref name="filter"/>.</summary>
    public async Task<AuditPage> FindAsync(AuditFilter filter, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = contexts.CreateDbContext();
        var entries = db.AuditEntries.AsNoTracking();
        // Dates are Japan dates: a day runs from its midnight in Japan to the next (the end excluded).
        if (filter.From is { } from)
        {
            var start = JapanClock.StartOf(from).ToUniversalTime();
            entries = entries.Where(e => e.Instant >= start);
        }
        if (filter.Until is { } until)
        {
            var end = JapanClock.StartOf(until.AddDays(1)).ToUniversalTime();
            entries = entries.Where(e => e.Instant < end);
        }
        if (Given(filter.Actor) is { } actor)
            entries = entries.Where(e => e.Actor == actor);
        if (Given(filter.Action) is { } action)
            entries = entries.Where(e => e.Action.StartsWith(action));
        if (Given(filter.SubjectKind) is { } kind)
            entries = entries.Where(e => e.SubjectKind == kind);
        if (Given(filter.SubjectId) is { } id)
            entries = entries.Where(e => e.SubjectId == id);

        var total = await entries.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var shown = await entries.OrderByDescending(e => e.Instant).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new AuditPage(shown, total, page, PageSize);
    }

    /// <summary>The actions recorded so far, for the filter's suggestions.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
