using Microsoft.AspNetCore.Authentication.Cookies;

namespace Myna.Server.Security;

/// <summary>What the staff's and the holders' session cookies have in common.</summary>
internal static class SessionCookies
{
    /// <summary>
    /// A session cookie out of scripts' reach, Secure behind HTTPS, renewed while used, whose scheme answers an API
    /// request (a path under <paramref name="apiPrefix"/>, or one that does not ask for HTML) with 401/403 and sends
    /// only a browser asking for a page to <paramref name="loginPath"/>.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions options, string name, SameSiteMode sameSite, string loginPath, string accessDeniedPath, string apiPrefix)
    {
        options.Cookie.Name = name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = sameSite;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.SlidingExpiration = true;
        options.LoginPath = loginPath;
        options.AccessDeniedPath = accessDeniedPath;
        options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized, apiPrefix);
        options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden, apiPrefix);
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status, string apiPrefix)
    {
        var request = context.Request;
        var wantsPage = !request.Path.StartsWithSegments(apiPrefix)
            && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        if (wantsPage)
            context.Response.Redirect(context.RedirectUri);
        else
            context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
