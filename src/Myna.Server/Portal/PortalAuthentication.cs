using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Myna.Portal;
using Myna.Portal.Sessions;
using Myna.Server.Clock;
using Myna.Server.Security;

namespace Myna.Server.Portal;

/// <summary>
/// The holders' sign-in, apart from the staff's: its own cookie scheme and cookie (path <c>/portal</c>), its own
/// policy. A holder's session never satisfies a staff policy (those authenticate the staff scheme only), and a staff
/// session never opens the portal (its policy authenticates the holder scheme only).
/// </summary>
internal static class PortalAuthentication
{
    /// <summary>The authentication scheme of holders.</summary>
    public const string Scheme = "Portal";

    /// <summary>The policy of the holder's pages and API: a holder logged in with the card.</summary>
    public const string HolderPolicy = "Holder";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "myna.portal";

    /// <summary>The cookie that holds the secret of the login this browser started.</summary>
    public const string LoginCookieName = "myna.portal.login";

    /// <summary>The path the portal's cookies are sent to.</summary>
    public const string CookiePath = "/portal";

    /// <summary>The claim naming the holder's portal account.</summary>
    public const string AccountClaim = "myna:holder-account";

    /// <summary>The claim naming the server-side session.</summary>
    public const string SessionClaim = "myna:holder-session";

    /// <summary>
    /// The claim holding the account's holder reference (what bodies publish under): it never changes for an account, so
    /// it is read once at the login rather than on every request. Not the My Number.
    /// </summary>
    public const string HolderReferenceClaim = "myna:holder-reference";

    public static IServiceCollection AddMynaPortalAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            // Lax, not the staff's Strict: a holder whom an outside service sends to the portal's authorization page (a
            // top-level GET from another site, single sign-on) arrives with their session instead of logging in again.
            // Nothing the portal changes is reachable by such a GET: every change is a POST, refused from another site
            // by the cross-site guard and the pages' antiforgery tokens.
            SessionCookies.Configure(options, CookieName, SameSiteMode.Lax, "/portal/login", "/portal/login", "/portal/api");
            options.Cookie.Path = CookiePath;
            // /portal/login?returnUrl=…: the login comes back (the single sign-on's authorization endpoint).
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        // Sessions expire by real time, as the staff's do.
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IServiceProvider>((options, sp) =>
        {
            options.TimeProvider = sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real);
            options.ExpireTimeSpan = sp.GetRequiredService<IOptions<PortalOptions>>().Value.IdleTimeout;
        });
        services.AddAuthorization(options => options.AddPolicy(HolderPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(AccountClaim)));
        return services;
    }

    /// <summary>The principal of a holder's new session.</summary>
    public static ClaimsPrincipal Principal(Guid accountId, Guid sessionId, Guid holderReference) =>
        new(new ClaimsIdentity(
            [new Claim(AccountClaim, accountId.ToString()), new Claim(SessionClaim, sessionId.ToString()),
             new Claim(HolderReferenceClaim, holderReference.ToString())], Scheme));

    /// <summary>The logged-in holder's reference, or null.</summary>
    public static Guid? HolderReference(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(HolderReferenceClaim), out var id) ? id : null;

    /// <summary>The logged-in holder's account, or null.</summary>
    public static Guid? AccountId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(AccountClaim), out var id) ? id : null;

    /// <summary>The logged-in holder's session, or null.</summary>
    public static Guid? SessionId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionClaim), out var id) ? id : null;

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var account = SessionId(principal) is { } id
            ? await context.HttpContext.RequestServices.GetRequiredService<HolderSessions>().CheckAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (account is null || account != AccountId(principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
