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

    public static IServiceCollection AddMynaStaffAuthentication(this IServiceCollection services, MynaHome home)
    {
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<StaffSignIn>();
        // The cookie's keys live in the data directory (keys/, owner-only), so sessions survive a restart. With
        // several hosts on PostgreSQL they would have to share this directory (or a database key store).
        services.AddDataProtection().SetApplicationName("Myna")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(home.KeysDirectory, "data-protection")));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Strict: the cookie is never sent on a request another site starts, which is the CSRF guard of
                // the JSON API (a form post from elsewhere arrives without a session).
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/forbidden";
                // The API answers 401/403; only a browser asking for a page is sent to the sign-in page.
                options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        // Sessions expire by the real clock: an administrator moving the sandbox date by a year must not sign
        // everybody out (nor keep a session alive for ever by moving it back).
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, sp) => options.TimeProvider = sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real));
        services.AddAuthorization(StaffPolicies.Add);
        return services;
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        var wantsPage = !request.Path.StartsWithSegments("/api")
            && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        if (wantsPage)
            context.Response.Redirect(context.RedirectUri);
        else
            context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
