using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Myna.Primitives.Text;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>
/// Signing a staff member in, for the API and the sign-in page alike: the throttle, the password check, the session
/// cookie and the audit entry of every attempt, with the user name and the caller's address, never the password.
/// </summary>
public sealed class StaffSignIn(StaffDirectory staff, StaffSessions sessions, AuditTrail audit, SignInThrottle throttle)
{
    /// <summary>Signs in when the throttle lets the attempt through and the password is right.</summary>
    public async Task<StaffSignInOutcome> SignInAsync(HttpContext context, string? userName, string? password, CancellationToken cancellationToken)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        var from = new LocalizedText(
            address is null ? "（接続元は不明）" : $"（接続元 {address}）",
            "from " + (address ?? "an unknown address"));
        // The place is taken before the password is checked, so that a throttled guesser learns nothing, not even from
        // the right one, and concurrent guesses cannot slip past the count.
        var (attempt, wait) = throttle.TryBegin(context.Connection.RemoteIpAddress, userName);
        if (attempt is null)
            return new StaffSignInOutcome(null, wait);
        StaffAccount? account;
        try
        {
            account = userName is null || password is null ? null : await staff.CheckPasswordAsync(userName, password, cancellationToken);
        }
        catch
        {
            attempt.Failed();
            throw;
        }
        if (account is null)
        {
            attempt.Failed();
            // Nobody is proven yet, so the system records the attempt; the subject is the claimed name when it is one.
            var claimed = userName is null ? null : StaffUserName.Normalize(userName);
            var why = claimed is null
                ? new LocalizedText("ユーザー名の形式が正しくありません", "malformed user name ")
                : new LocalizedText("ユーザー名が登録されていないか、パスワードが違います", "unknown user name or wrong password ");
            await audit.RecordAsync(AuditActor.System, "staff.sign-in-failed",
                new AuditSubject("staff", claimed ?? "(not a user name)"), new LocalizedText(why.Japanese + from.Japanese, why.English + from.English), cancellationToken);
            return new StaffSignInOutcome(null, null);
        }
        attempt.Succeeded();
        var session = await sessions.StartAsync(account, address, cancellationToken);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffClaims.Principal(
            new StaffSessionHolder(account.Id, account.UserName, account.DisplayName, account.Role), session.Id,
            CookieAuthenticationDefaults.AuthenticationScheme));
        await audit.RecordAsync(AuditActor.Staff(account.UserName), "staff.signed-in", new AuditSubject("staff", account.UserName),
            new LocalizedText($"{StaffRoleWords.Of(account.Role).Japanese}としてサインインしました{from.Japanese}", $"as {account.Role} {from.English}"), cancellationToken);
        return new StaffSignInOutcome(account, null);
    }

    /// <summary>Signs out whoever is signed in and ends the session on the server (the cookie stops working), recorded; nothing when nobody is.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            if (StaffClaims.SessionId(context.User) is { } id)
                await sessions.EndAsync(id, StaffSessionEnd.SignedOut, cancellationToken);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await audit.RecordAsync(AuditActor.Staff(name), "staff.signed-out", new AuditSubject("staff", name), "", cancellationToken);
        }
    }
}

/// <summary>What a sign-in attempt came to: the account, or a refusal (throttled with the wait, or a wrong name or password).</summary>
public sealed record StaffSignInOutcome(StaffAccount? Account, TimeSpan? RetryAfter)
{
    /// <summary>The wait in whole seconds, as Retry-After gives it (0 when not throttled).</summary>
    public int RetryAfterSeconds => RetryAfter is { } wait ? (int)Math.Ceiling(wait.TotalSeconds) : 0;
}
