using System.Net;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>An account as the administrators' pages, API and CLI show it (never the password hash).</summary>
/// <param name="UserName">The sign-in name.</param>
/// <param name="DisplayName">The name shown.</param>
/// <param name="Role"><c>WindowStaff</c>, <c>CallCentre</c> or <c>Administrator</c>.</param>
/// <param name="Enabled">Whether the account may sign in.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="DisabledAt">When it was disabled, or null.</param>
/// <param name="OpenSessions">Sessions signed in now.</param>
public sealed record StaffAccountView(
    string UserName, string DisplayName, StaffRole Role, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, int OpenSessions);

/// <summary>
/// Staff administration, one service behind the API (<c>/api/admin/staff</c>), the pages (<c>/Admin/Staff</c>) and the
/// CLI (<c>myna staff</c>): create, disable and enable, set a password, change a role, end sessions; and a staff
/// member's change of their own password. Every change is audited in the same unit of work, never with a password.
/// </summary>
/// <remarks>
/// Changes are serialised on this host, so that two administrators disabling each other cannot leave none; the last
/// enabled administrator can be neither disabled nor demoted.
/// </remarks>
public sealed class StaffAdministration(
    IDbContextFactory<MynaDbContext> contexts, StaffDirectory directory, StaffSessions sessions, SignInThrottle throttle, AuditTrail audit, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Every account, by user name.</summary>
    public async Task<IReadOnlyList<StaffAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        var open = await sessions.OpenCountsAsync(cancellationToken);
        await using var db = contexts.CreateDbContext();
        var accounts = await db.Set<StaffAccount>().AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
        return accounts.Select(a => View(a, open.GetValueOrDefault(a.Id))).ToList();
    }

    /// <summary>One account by user name.</summary>
    public async Task<StaffOutcome<StaffAccountView>> GetAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        if (await FindAsync(db, userName, cancellationToken) is not { } account)
            return StaffRefusal.NotFound(userName);
        var open = await sessions.OpenCountsAsync(cancellationToken);
        return View(account, open.GetValueOrDefault(account.Id));
    }

    /// <summary>Creates an account with an initial password.</summary>
    public Task<StaffOutcome<StaffAccountView>> CreateAsync(
        AuditActor actor, string? userName, string? displayName, StaffRole? role, string? password, CancellationToken cancellationToken) =>
        SerialisedAsync<StaffAccountView>(async () =>
        {
            if (StaffUserName.Normalize(userName) is not { } name)
                return StaffRefusal.Invalid("UserName", new(
                    "ユーザー名は英字で始め、英小文字・数字・「.」「_」「-」の64文字以内で入力してください。",
                    "A user name starts with a letter and has up to 64 letters, digits, '.', '_' or '-'."));
            if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > StaffAccount.MaxDisplayNameLength)
                return StaffRefusal.Invalid("DisplayName", new(
                    $"表示名を{StaffAccount.MaxDisplayNameLength}文字以内で入力してください。",
                    $"Give a display name of at most {StaffAccount.MaxDisplayNameLength} characters."));
            if (role is not { } r || !Enum.IsDefined(r))
                return RoleRefusal();
            if (StaffPasswordRule.Problem(name, password) is { } weak)
                return StaffRefusal.Invalid("Password", weak);

            await using var db = contexts.CreateDbContext();
            if (await db.Set<StaffAccount>().AnyAsync(a => a.UserName == name, cancellationToken))
                return StaffRefusal.Conflict(new($"ユーザー名「{name}」は既に使われています。別のユーザー名を指定してください。",
                    $"The user name {name} is taken; choose another."));
            var account = new StaffAccount { UserName = name, DisplayName = displayName.Trim(), Role = r, CreatedAt = clock.GetUtcNow() };
            account.PasswordHash = directory.HashPassword(account, password!);
            db.Add(account);
            Audit(db, actor, "staff.created", name, new(
                $"職員アカウントを{StaffRoleWords.Of(r).Japanese}として作成しました（表示名：{account.DisplayName}）",
                $"created as {StaffRoleWords.Of(r).English} (display name: {account.DisplayName})"));
            await db.SaveChangesAsync(cancellationToken);
            return View(account, 0);
        }, cancellationToken);

    /// <summary>Disables (ending every session) or enables an account.</summary>
    public Task<StaffOutcome<StaffAccountView>> SetEnabledAsync(AuditActor actor, string userName, bool enabled, CancellationToken cancellationToken) =>
        ChangeAsync(userName, async (db, account) =>
        {
            if (account.IsEnabled == enabled)
                return null;
            if (!enabled && await IsLastAdministratorAsync(db, account, cancellationToken))
                return LastAdministrator(new("無効にできません", "cannot be disabled"));
            account.DisabledAt = enabled ? null : clock.GetUtcNow();
            Audit(db, actor, enabled ? "staff.enabled" : "staff.disabled", account.UserName, enabled
                ? new("職員アカウントを有効にしました", "enabled")
                : new("職員アカウントを無効にし、サインイン中の端末をサインアウトさせました", "disabled; its sessions ended"));
            return null;
        }, enabled ? null : StaffSessionEnd.AccountDisabled, cancellationToken);

    /// <summary>Sets an account's password (a reset by an administrator); its sessions end.</summary>
    public Task<StaffOutcome<StaffAccountView>> SetPasswordAsync(AuditActor actor, string userName, string? password, CancellationToken cancellationToken) =>
        ChangeAsync(userName, (db, account) =>
        {
            if (StaffPasswordRule.Problem(account.UserName, password) is { } weak)
                return Task.FromResult<StaffRefusal?>(StaffRefusal.Invalid("Password", weak));
            account.PasswordHash = directory.HashPassword(account, password!);
            Audit(db, actor, "staff.password-set", account.UserName, new(
                "管理者がパスワードを再設定し、サインイン中の端末をサインアウトさせました", "password reset by an administrator; its sessions ended"));
            return Task.FromResult<StaffRefusal?>(null);
        }, StaffSessionEnd.PasswordChanged, cancellationToken);

    /// <summary>Changes an account's role; its sessions carry the new role from their next request.</summary>
    public Task<StaffOutcome<StaffAccountView>> SetRoleAsync(AuditActor actor, string userName, StaffRole? role, CancellationToken cancellationToken) =>
        ChangeAsync(userName, async (db, account) =>
        {
            if (role is not { } r || !Enum.IsDefined(r))
                return RoleRefusal();
            if (account.Role == r)
                return null;
            if (r != StaffRole.Administrator && await IsLastAdministratorAsync(db, account, cancellationToken))
                return LastAdministrator(new("役割を変更できません", "cannot be given another role"));
            var from = StaffRoleWords.Of(account.Role);
            account.Role = r;
            Audit(db, actor, "staff.role-changed", account.UserName, new(
                $"役割を{from.Japanese}から{StaffRoleWords.Of(r).Japanese}に変更しました", $"role changed from {from.English} to {StaffRoleWords.Of(r).English}"));
            return null;
        }, null, cancellationToken);

    /// <summary>Ends every session of an account at once; answers how many ended.</summary>
    public Task<StaffOutcome<int>> EndSessionsAsync(AuditActor actor, string userName, CancellationToken cancellationToken) =>
        SerialisedAsync<int>(async () =>
        {
            await using var db = contexts.CreateDbContext();
            if (await FindAsync(db, userName, cancellationToken) is not { } account)
                return StaffRefusal.NotFound(userName);
            var ended = await sessions.EndAllAsync(account.Id, StaffSessionEnd.EndedByAdministrator, cancellationToken);
            Audit(db, actor, "staff.sessions-ended", account.UserName, new(
                $"管理者がセッションをすべて終了しました（{ended}件）", $"all sessions ended by an administrator ({ended})"));
            await db.SaveChangesAsync(cancellationToken);
            return ended;
        }, cancellationToken);

    /// <summary>
    /// A staff member changes their own password (the current one is required); their other sessions end. A wrong
    /// current password counts as a failed sign-in from <paramref name="remoteAddress"/>, so a stolen session cannot
    /// be used to guess it faster than the sign-in allows.
    /// </summary>
    /// <remarks>
    /// The slow part — two password hashes, the throttle, the audit of a wrong guess — runs outside the lock that
    /// serialises account changes, so that one person's change never holds up an administrator's; the save inside it
    /// goes ahead only if the password checked is still the account's.
    /// </remarks>
    public async Task<StaffOutcome<StaffAccountView>> ChangeOwnPasswordAsync(
        string userName, Guid? currentSession, IPAddress? remoteAddress, string? currentPassword, string? newPassword, CancellationToken cancellationToken)
    {
        string checkedHash, newHash;
        await using (var db = contexts.CreateDbContext())
        {
            if (await FindAsync(db, userName, cancellationToken) is not { IsEnabled: true } account)
                return StaffRefusal.NotFound(userName);
            var (attempt, wait) = throttle.TryBegin(remoteAddress, account.UserName);
            if (attempt is null)
                return StaffRefusal.TooManyAttempts(wait!.Value);
            if (string.IsNullOrEmpty(currentPassword) || !directory.IsPassword(account, currentPassword))
            {
                attempt.Failed();
                await audit.RecordAsync(AuditActor.Staff(account.UserName), "staff.password-change-failed", new AuditSubject("staff", account.UserName),
                    new LocalizedText("パスワード変更時に、現在のパスワードの入力誤りがありました", "wrong current password when changing the password"), cancellationToken);
                return StaffRefusal.Invalid("CurrentPassword", new("現在のパスワードが違います。", "The current password is wrong."));
            }
            attempt.Succeeded();
            if (StaffPasswordRule.Problem(account.UserName, newPassword) is { } weak)
                return StaffRefusal.Invalid("NewPassword", weak);
            if (directory.IsPassword(account, newPassword!))
                return StaffRefusal.Invalid("NewPassword", new("現在と異なるパスワードを入力してください。", "The new password is the current one."));
            checkedHash = account.PasswordHash;
            newHash = directory.HashPassword(account, newPassword!);
        }
        return await SerialisedAsync<StaffAccountView>(async () =>
        {
            await using var db = contexts.CreateDbContext();
            // Disabled, or given another password by an administrator, while the hashes were being checked: not changed.
            if (await FindAsync(db, userName, cancellationToken) is not { IsEnabled: true } account || account.PasswordHash != checkedHash)
                return StaffRefusal.NotFound(userName);
            account.PasswordHash = newHash;
            Audit(db, AuditActor.Staff(account.UserName), "staff.password-changed", account.UserName, new(
                "本人がパスワードを変更しました（他の端末はサインアウト）", "password changed by its holder; other sessions ended"));
            await db.SaveChangesAsync(cancellationToken);
            await sessions.EndAllAsync(account.Id, StaffSessionEnd.PasswordChanged, cancellationToken, except: currentSession);
            return View(account, 1);
        }, cancellationToken);
    }

    /// <summary>
    /// Loads the account, applies <paramref name="change"/> (a refusal, or null to save), saves it with its audit entry,
    /// then ends its sessions with <paramref name="endSessions"/> as the reason, or lets them read the account afresh.
    /// </summary>
    private Task<StaffOutcome<StaffAccountView>> ChangeAsync(
        string userName, Func<MynaDbContext, StaffAccount, Task<StaffRefusal?>> change, string? endSessions, CancellationToken cancellationToken) =>
        SerialisedAsync<StaffAccountView>(async () =>
        {
            await using var db = contexts.CreateDbContext();
            if (await FindAsync(db, userName, cancellationToken) is not { } account)
                return StaffRefusal.NotFound(userName);
            if (await change(db, account) is { } refusal)
                return refusal;
            await db.SaveChangesAsync(cancellationToken);
            if (endSessions is not null)
                await sessions.EndAllAsync(account.Id, endSessions, cancellationToken);
            else
                sessions.Forget(account.Id);
            var open = await sessions.OpenCountsAsync(cancellationToken);
            return View(account, open.GetValueOrDefault(account.Id));
        }, cancellationToken);

    private async Task<StaffOutcome<T>> SerialisedAsync<T>(Func<Task<StaffOutcome<T>>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static Task<StaffAccount?> FindAsync(MynaDbContext db, string userName, CancellationToken cancellationToken) =>
        StaffUserName.Normalize(userName) is { } name
            ? db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.UserName == name, cancellationToken)
            : Task.FromResult<StaffAccount?>(null);

    private static async Task<bool> IsLastAdministratorAsync(MynaDbContext db, StaffAccount account, CancellationToken cancellationToken) =>
        account is { Role: StaffRole.Administrator, IsEnabled: true }
        && !await db.Set<StaffAccount>().AnyAsync(a => a.Id != account.Id && a.Role == StaffRole.Administrator && a.DisabledAt == null, cancellationToken);

    private static StaffRefusal LastAdministrator(LocalizedText what) => StaffRefusal.Conflict(new(
        $"有効な管理者はこのアカウントだけのため、{what.Japanese}。先に別の管理者アカウントを作成するか有効にしてください。",
        $"This is the last enabled administrator, so it {what.English}. Create or enable another administrator first."));

    private static StaffRefusal RoleRefusal() => StaffRefusal.Invalid("Role", new(
        "役割を窓口職員（WindowStaff）、コールセンター職員（CallCentre）、管理者（Administrator）から選んでください。",
        "Choose a role: WindowStaff, CallCentre or Administrator."));

    private void Audit(MynaDbContext db, AuditActor actor, string action, string userName, LocalizedText details) =>
        db.AuditEntries.Add(AuditTrail.NewEntry(clock, actor, action, new AuditSubject("staff", userName), details));

    private static StaffAccountView View(StaffAccount a, int openSessions) =>
        new(a.UserName, a.DisplayName, a.Role, a.IsEnabled, a.CreatedAt, a.DisabledAt, openSessions);
}
