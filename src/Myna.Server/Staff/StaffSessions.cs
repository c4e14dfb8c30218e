using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Storage;
using Myna.Storage.Sessions;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>Why a session ended, as <see cref="StaffSession.EndedReason"/> stores it.</summary>
public static class StaffSessionEnd
{
    public const string SignedOut = "signed-out";
    public const string EndedByAdministrator = "ended-by-administrator";
    public const string AccountDisabled = "account-disabled";
    public const string PasswordChanged = "password-changed";
    public const string Idle = SessionTimes.Idle;
    public const string Expired = SessionTimes.Expired;
}

/// <summary>The account a live session belongs to, as of the last check.</summary>
public sealed record StaffSessionHolder(long AccountId, string UserName, string DisplayName, StaffRole Role);

/// <summary>
/// Server-side staff sessions (table <c>staff_sessions</c>): made at sign-in, checked on every request, ended by
/// sign-out, by an administrator, by disabling the account, or by time (idle and absolute, real time).
/// </summary>
/// <remarks>
/// A check is remembered for <see cref="StaffSessionOptions.CheckCacheDuration"/> so that a busy page does not ask the
/// database every request; whatever ends sessions through this service forgets them first, so this host refuses an
/// ended session at once.
/// </remarks>
public sealed class StaffSessions(
    IDbContextFactory<MynaDbContext> contexts, [FromKeyedServices(Clock.MynaClocks.Real)] TimeProvider realClock, IOptions<StaffSessionOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Checked> _checked = new();

    private StaffSessionOptions Options => options.Value;

    /// <summary>Opens a session for <paramref name="account"/>, signed in from <paramref name="remoteAddress"/>.</summary>
    public async Task<StaffSession> StartAsync(StaffAccount account, string? remoteAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = realClock.GetUtcNow();
        var session = new StaffSession
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Options.AbsoluteLifetime,
            RemoteAddress = remoteAddress is { Length: > StaffSession.MaxRemoteAddressLength } ? remoteAddress[..StaffSession.MaxRemoteAddressLength] : remoteAddress,
        };
        await using var db = contexts.CreateDbContext();
        db.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The holder of session <paramref name="id"/> while it is open; null when it has ended (ending it now if time or a disabled account says so).</summary>
    public async Task<StaffSessionHolder?> CheckAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = realClock.GetUtcNow();
        if (_checked.TryGetValue(id, out var seen) && now - seen.At < Options.CheckCacheDuration && now < seen.ExpiresAt)
            return seen.Holder;

        await using var db = contexts.CreateDbContext();
        var found = await (from s in db.Set<StaffSession>()
                           join a in db.Set<StaffAccount>() on s.AccountId equals a.Id
                           where s.Id == id
                           select new { Session = s, Account = a }).SingleOrDefaultAsync(cancellationToken);
        if (found is null || found.Session.EndedAt is not null)
        {
            _checked.TryRemove(id, out _);
            return null;
        }
        var (session, account) = (found.Session, found.Account);
        var reason = !account.IsEnabled ? StaffSessionEnd.AccountDisabled
            : SessionTimes.EndReason(now, session.ExpiresAt, session.LastSeenAt, Options.IdleTimeout);
        if (reason is not null)
        {
            session.EndedAt = now;
            session.EndedReason = reason;
            await db.SaveChangesAsync(cancellationToken);
            _checked.TryRemove(id, out _);
            return null;
        }
        if (SessionTimes.LastSeenIsDue(now, session.LastSeenAt))
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        var holder = new StaffSessionHolder(account.Id, account.UserName, account.DisplayName, account.Role);
        _checked[id] = new Checked(holder, now, session.ExpiresAt);
        return holder;
    }

    /// <summary>Ends one session; false when it was not open.</summary>
    public async Task<bool> EndAsync(Guid id, string reason, CancellationToken cancellationToken)
    {
        _checked.TryRemove(id, out _);
        await using var db = contexts.CreateDbContext();
        var ended = await db.Set<StaffSession>().Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, realClock.GetUtcNow()).SetProperty(s => s.EndedReason, reason), cancellationToken);
        return ended > 0;
    }

    /// <summary>Ends every open session of an account but <paramref name="except"/>; answers how many ended.</summary>
    public async Task<int> EndAllAsync(long accountId, string reason, CancellationToken cancellationToken, Guid? except = null)
    {
        Forget(accountId, except);
        await using var db = contexts.CreateDbContext();
        var ended = await db.Set<StaffSession>().Where(s => s.AccountId == accountId && s.EndedAt == null && s.Id != except)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, realClock.GetUtcNow()).SetProperty(s => s.EndedReason, reason), cancellationToken);
        // A check that ran while the update did may have cached a session again; forget once more.
        Forget(accountId, except);
        return ended;
    }

    /// <summary>How many open sessions each account has (accounts without any are left out).</summary>
    public async Task<Dictionary<long, int>> OpenCountsAsync(CancellationToken cancellationToken)
    {
        var now = realClock.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var open = await db.Set<StaffSession>().Where(s => s.EndedAt == null && s.ExpiresAt > now)
            .Select(s => new { s.AccountId, s.ExpiresAt, s.LastSeenAt }).ToListAsync(cancellationToken);
        return open.Where(s => SessionTimes.EndReason(now, s.ExpiresAt, s.LastSeenAt, Options.IdleTimeout) is null)
            .GroupBy(s => s.AccountId).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Forgets the checks of an account's sessions, so that the next request reads its role and state afresh.</summary>
    public void Forget(long accountId, Guid? except = null)
    {
        foreach (var (id, seen) in _checked)
        {
            if (seen.Holder.AccountId == accountId && id != except)
                _checked.TryRemove(id, out _);
        }
    }

    private sealed record Checked(StaffSessionHolder Holder, DateTimeOffset At, DateTimeOffset ExpiresAt);
}
