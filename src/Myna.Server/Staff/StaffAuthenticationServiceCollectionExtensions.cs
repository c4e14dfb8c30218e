using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Myna.Primitives.Hosting;
using Myna.Server.Clock;

namespace Myna.Server.Staff;

/// <summary>Staff sign-in: cookie authentication, the role policies and the account directory.</summary>
internal static class StaffAuthenticationServiceCollectionExtensions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "myna.session";

    /// <param name="services">The host's services.</param>
    /// <param name="home">The data directory, where the cookies' keys are kept on one server.</param>
    /// <param name="sharedKeys">Several servers share the database (PostgreSQL): the cookies' keys are kept in it, encrypted.</param>
    public static IServiceCollection AddMynaStaffAuthentication(this IServiceCollection services, MynaHome home, bool sharedKeys = false)
    {
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton(sp => new SignInThrottle(sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real)));
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<StaffAdministration>();
        services.AddScoped<StaffSignIn>();
        services.AddOptions<StaffSessionOptions>().BindConfiguration(StaffSessionOptions.SectionName)
            .Validate(o => o.IsValid, StaffSessionOptions.InvalidMessage)
            .ValidateOnStart();
        // The cookie's keys live in the data directory (keys/, owner-only), so sessions survive a restart; with several
        // servers on PostgreSQL in the database, encrypted under the key-encryption key, so every server opens every cookie.
        var dataProtection = services.AddDataProtection().SetApplicationName("Myna");
        if (sharedKeys)
        {
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<Myna.Storage.Shared.KeyMaterialStore>((options, store) => options.XmlRepository = new SharedState.SharedDataProtectionKeys(store));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(home.KeysDirectory, "data-protection")));
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                // Strict: the cookie is never sent on a request another site starts, which is the CSRF guard of
                // the JSON API (a form post from elsewhere arrives without a session). The API answers 401/403; only a
                // browser asking for a page is sent to the sign-in page.
                Security.SessionCookies.Configure(options, CookieName, SameSiteMode.Strict, "/signin", "/forbidden", "/api");
                // Every request: the cookie's session must still be open on the server (not signed out, ended or disabled).
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        // Sessions expire by the real clock: an administrator moving the sandbox date by a year must not sign
        // everybody out (nor keep a session alive for ever by moving it back).
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, sp) =>
            {
                options.TimeProvider = sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real);
                options.ExpireTimeSpan = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StaffSessionOptions>>().Value.IdleTimeout;
            });
        services.AddAuthorization(StaffPolicies.Add);
        return services;
    }

    /// <summary>
    /// Refuses a cookie whose server-side session has ended (or that names none: a cookie from before sessions were
    /// kept), and renews one whose account changed role or name since, so that a new role applies at once.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var holder = StaffClaims.SessionId(principal) is { } id
            ? await context.HttpContext.RequestServices.GetRequiredService<StaffSessions>().CheckAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (holder is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (principal.Identity?.Name != holder.UserName
            || principal.FindFirstValue(StaffClaims.DisplayName) != holder.DisplayName
            || !principal.IsInRole(holder.Role.ToString()))
        {
            context.ReplacePrincipal(StaffClaims.Principal(holder, StaffClaims.SessionId(principal)!.Value, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }
}
