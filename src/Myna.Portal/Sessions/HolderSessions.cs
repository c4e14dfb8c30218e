using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Storage;
using Myna.Storage.Sessions;
using Myna.Storage.Audit;
using Myna.Storage.Portal;

namespace Myna.Portal.Sessions;

/// <summary>Why a holder's session ended, as <see cref="HolderSession.EndedReason"/> stores it.</summary>
public static class HolderSessionEnd
{
    public const string LoggedOut = "logged-out";
    public const string EndedByHolder = "ended-by-holder";
    public const string Idle = SessionTimes.Idle;
    public const string Expired = SessionTimes.Expired;
}

/// <summary>How the card signed the login that opened a session.</summary>
public static class LoginMethod
{
    /// <summary>The holder's own reader (or phone) and the portal's app, by the login code.</summary>
    public const string Reader = "reader";

    /// <summary>The sandbox's card slot in the login page.</summary>
    public const string SandboxSlot = "sandbox-slot";
}

/// <summary>An open session, as the holder's list shows it.</summary>
public sealed record HolderSessionView(Guid Id, string Method, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? RemoteAddress, string? UserAgent);

/// <summary>
/// Server-side sessions of holders (table <c>portal_sessions</c>): opened by a card login, checked on every request,
/// ended by logging out, by the holder from the list of their sessions, or by time (idle and absolute, real time).
/// </summary>
public sealed class HolderSessions(IDbContextFactory<MynaDbContext> contexts, PortalClocks clocks, IOptions<PortalOptions> options)
{
    private PortalOptions Options => options.Value;

    /// <summary>Opens a session for <paramref name="accountId"/> and records the login in the audit trail.</summary>
    public async Task<HolderSession> StartAsync(Guid accountId, string method, string? remoteAddress, string? userAgent, CancellationToken cancellationToken)
    {
        var now = clocks.Real.GetUtcNow();
        var session = new HolderSession
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            Method = method,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Options.AbsoluteLifetime,
            RemoteAddress = Truncate(remoteAddress, HolderSession.MaxRemoteAddressLength),
            UserAgent = Truncate(userAgent, HolderSession.MaxUserAgentLength),
        };
        await using var db = contexts.CreateDbContext();
        db.Add(session);
        db.Add(AuditTrail.NewEntry(clocks.Civil, AuditActor.Holder(accountId), PortalAudit.LoggedIn,
            new AuditSubject(PortalAudit.AccountSubject, accountId.ToString("N")),
            new Primitives.Text.LocalizedText(
                method == LoginMethod.SandboxSlot ? "サンドボックスのカードスロットでログインしました。" : "カードリーダーでログインしました。",
                method == LoginMethod.SandboxSlot ? "Logged in with the sandbox card slot." : "Logged in with a card reader.")));
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The account of session <paramref name="id"/> while it is open; null when it has ended (ending it now if time says so).</summary>
    public async Task<Guid?> CheckAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clocks.Real.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var session = await db.Set<HolderSession>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null || session.EndedAt is not null)
            return null;
        var reason = SessionTimes.EndReason(now, session.ExpiresAt, session.LastSeenAt, Options.IdleTimeout);
        if (reason is not null)
        {
            session.EndedAt = now;
            session.EndedReason = reason;
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        if (SessionTimes.LastSeenIsDue(now, session.LastSeenAt))
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return session.AccountId;
    }

    /// <summary>The account's open sessions, newest first.</summary>
    public async Task<IReadOnlyList<HolderSessionView>> OpenAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var now = clocks.Real.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var open = await db.Set<HolderSession>().AsNoTracking()
            .Where(s => s.AccountId == accountId && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        return [.. open.Where(s => SessionTimes.EndReason(now, s.ExpiresAt, s.LastSeenAt, Options.IdleTimeout) is null)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new HolderSessionView(s.Id, s.Method, s.CreatedAt, s.LastSeenAt, s.RemoteAddress, s.UserAgent))];
    }

    /// <summary>
    /// Ends the account's session <paramref name="id"/> (a log-out, or the holder ending another of their sessions);
    /// false when no such session of theirs was open.
    /// </summary>
    public async Task<bool> EndAsync(Guid accountId, Guid id, string reason, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var ended = await db.Set<HolderSession>().Where(s => s.Id == id && s.AccountId == accountId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, clocks.Real.GetUtcNow()).SetProperty(s => s.EndedReason, reason), cancellationToken);
        if (ended == 0)
            return false;
        db.Add(AuditTrail.NewEntry(clocks.Civil, AuditActor.Holder(accountId),
            reason == HolderSessionEnd.LoggedOut ? PortalAudit.LoggedOut : PortalAudit.SessionEnded,
            new AuditSubject(PortalAudit.AccountSubject, accountId.ToString("N")),
            reason == HolderSessionEnd.LoggedOut
                ? new Primitives.Text.LocalizedText("ログアウトしました。", "Logged out.")
                : new Primitives.Text.LocalizedText("ログイン中の別のセッションを終了しました。", "Ended another of the holder's sessions.")));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string? Truncate(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;
}
