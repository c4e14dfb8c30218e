using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>
/// Signing a staff member in, for the API and the sign-in page alike: checks the password, sets the session cookie
/// and records the attempt in the audit trail, with the user name and the caller's address, never the password.
/// </summary>
public sealed class StaffSignIn(StaffDirectory staff, AuditTrail audit)
{
    /// <summary>Signs in; the account, or null (and a recorded failure) for a wrong user name or password.</summary>
    public async Task<StaffAccount?> SignInAsync(HttpContext context, string? userName, string? password, CancellationToken cancellationToken)
    {
        var from = "from " + (context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");
        var account = userName is null || password is null ? null : await staff.CheckPasswordAsync(userName, password, cancellationToken);
        if (account is null)
        {
            // Nobody is proven yet, so the system records the attempt; the subject is the claimed name when it is one.
            var claimed = userName is null ? null : StaffUserName.Normalize(userName);
            await audit.RecordAsync(AuditActor.System, "staff.sign-in-failed",
                new AuditSubject("staff", claimed ?? "(not a user name)"),
                (claimed is null ? "malformed user name " : "unknown user name or wrong password ") + from, cancellationToken);
            return null;
        }
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            StaffClaims.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        await audit.RecordAsync(AuditActor.Staff(account.UserName), "staff.signed-in", new AuditSubject("staff", account.UserName),
            $"as {account.Role} {from}", cancellationToken);
        return account;
    }

    /// <summary>Signs out whoever is signed in, recorded; nothing when nobody is.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await audit.RecordAsync(AuditActor.Staff(name), "staff.signed-out", new AuditSubject("staff", name), "", cancellationToken);
        }
    }
}
