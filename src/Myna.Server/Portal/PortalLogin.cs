using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Myna.Portal.Login;
using Myna.Portal.Sessions;

namespace Myna.Server.Portal;

/// <summary>
/// The browser's side of a card login, shared by the login page and the API: the cookie that ties a started login to
/// the browser that started it, and turning a verified answer into a holder's session.
/// </summary>
internal static class PortalLogin
{
    /// <summary>Starts a login for this browser and gives it the login's secret in a cookie (a new start replaces an older one).</summary>
    public static async Task<StartedLogin> StartAsync(HttpContext context)
    {
        var started = await context.RequestServices.GetRequiredService<CardLogins>().StartAsync(context.RequestAborted);
        context.Response.Cookies.Append(PortalAuthentication.LoginCookieName,
            started.Id.ToString("N") + "." + WebEncoders.Base64UrlEncode(started.BrowserSecret),
            new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = PortalAuthentication.CookiePath,
                Secure = context.Request.IsHttps,
                // Max-Age, not Expires: the browser's clock need not agree with the server's.
                MaxAge = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Myna.Portal.PortalOptions>>().Value.ChallengeLifetime,
                IsEssential = true,
            });
        return started;
    }

    /// <summary>The secret this browser holds for login <paramref name="id"/>, or null.</summary>
    public static byte[]? SecretFor(HttpContext context, Guid id)
    {
        var value = context.Request.Cookies[PortalAuthentication.LoginCookieName];
        if (value?.Split('.') is not [var idText, var secretText] || !Guid.TryParseExact(idText, "N", out var cookieId) || cookieId != id)
            return null;
        try
        {
            return WebEncoders.Base64UrlDecode(secretText);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The login this browser started last, from its cookie, or null.</summary>
    public static Guid? Current(HttpContext context) =>
        context.Request.Cookies[PortalAuthentication.LoginCookieName]?.Split('.') is [var idText, _] && Guid.TryParseExact(idText, "N", out var id)
            ? id
            : null;

    /// <summary>
    /// Turns the verified answer to login <paramref name="id"/> into a session for this browser (once): the session row,
    /// the audit entry and the holder's cookie. False when there is nothing to complete.
    /// </summary>
    public static async Task<bool> CompleteAsync(HttpContext context, Guid id, string method)
    {
        var logins = context.RequestServices.GetRequiredService<CardLogins>();
        if (await logins.CompleteAsync(id, SecretFor(context, id), context.RequestAborted) is not { } account)
            return false;
        var session = await context.RequestServices.GetRequiredService<HolderSessions>().StartAsync(account, method,
            context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString(), context.RequestAborted);
        var holder = await context.RequestServices.GetRequiredService<Myna.Portal.Accounts.HolderAccounts>().HolderReferenceAsync(account, context.RequestAborted);
        await context.SignInAsync(PortalAuthentication.Scheme, PortalAuthentication.Principal(account, session.Id, holder));
        context.Response.Cookies.Delete(PortalAuthentication.LoginCookieName, new CookieOptions { Path = PortalAuthentication.CookiePath });
        return true;
    }

    /// <summary>Ends this browser's session (the row, the audit entry, the cookie).</summary>
    public static async Task LogOutAsync(HttpContext context)
    {
        if (PortalAuthentication.AccountId(context.User) is { } account && PortalAuthentication.SessionId(context.User) is { } session)
            await context.RequestServices.GetRequiredService<HolderSessions>().EndAsync(account, session, HolderSessionEnd.LoggedOut, context.RequestAborted);
        await context.SignOutAsync(PortalAuthentication.Scheme);
    }
}
