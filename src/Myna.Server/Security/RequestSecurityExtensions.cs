using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Myna.Server.Hosting;

namespace Myna.Server.Security;

/// <summary>
/// What every request passes before it reaches an endpoint: the forwarded headers of known proxies, HSTS in
/// production, the security headers, the cross-site guard, and an early 405. Host filtering (<c>AllowedHosts</c>) is
/// the framework's, first of all. docs/security.md says what each does and why.
/// </summary>
internal static class RequestSecurityExtensions
{
    /// <summary>How long a browser keeps the stylesheet; its URL carries a hash of its content (asp-append-version).</summary>
    private static readonly TimeSpan StaticFileMaxAge = TimeSpan.FromDays(7);

    public static IServiceCollection AddMynaRequestSecurity(this IServiceCollection services, ServerOptions options, IConfiguration configuration)
    {
        var production = options.Mode == ServerMode.Production;
        var proxies = options.ForwardedHeaders;
        if (proxies.Enabled)
        {
            services.Configure<ForwardedHeadersOptions>(forwarded =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                // Only the configured proxies: the defaults trust loopback, which is wrong when the proxy is elsewhere.
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var address in proxies.ProxyAddresses())
                    forwarded.KnownProxies.Add(address);
                foreach (var network in proxies.Networks())
                    forwarded.KnownIPNetworks.Add(network);
                // X-Forwarded-Host passes the same host filter as Host.
                foreach (var host in AllowedHosts(configuration))
                    forwarded.AllowedHosts.Add(host);
            });
        }
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        services.AddTransient<IStartupFilter>(_ => new OuterPipeline(proxies.Enabled, production));

        // A municipality's staff sign in over HTTPS (directly or through a proxy named above): in production the session
        // cookie is Secure unless plain HTTP is explicitly allowed (a closed network without TLS); the sandbox runs on
        // http://localhost, so there it follows the request.
        var secure = production && !options.AllowSessionOverPlainHttp ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
        {
            cookie.Cookie.SecurePolicy = secure;
            cookie.Events.OnRedirectToLogin = LocalRedirect(cookie.Events.OnRedirectToLogin);
            cookie.Events.OnRedirectToAccessDenied = LocalRedirect(cookie.Events.OnRedirectToAccessDenied);
        });
        services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = secure);
        services.Configure<StaticFileOptions>(files => files.OnPrepareResponse = file =>
            file.Context.Response.GetTypedHeaders().CacheControl = new() { Public = true, MaxAge = StaticFileMaxAge });
        return services;
    }

    /// <summary>The guard and the early 405, after localization (the refusal speaks the caller's language), before authentication.</summary>
    public static IApplicationBuilder UseMynaRequestSecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseMiddleware<MethodNotAllowedFirst>();
        return app;
    }

    /// <summary>The configured <c>AllowedHosts</c> (semicolon-separated), none for <c>*</c> or unset.</summary>
    internal static IReadOnlyList<string> AllowedHosts(IConfiguration configuration)
    {
        var hosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return hosts.Contains("*") ? [] : hosts;
    }

    /// <summary>
    /// The sign-in and access-denied redirects as a path: the cookie handler builds an absolute URL from the request's
    /// Host, which would send a browser to whatever host a request named.
    /// </summary>
    private static Func<RedirectContext<CookieAuthenticationOptions>, Task> LocalRedirect(Func<RedirectContext<CookieAuthenticationOptions>, Task> inner) =>
        context =>
        {
            if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute))
                context.RedirectUri = absolute.PathAndQuery + absolute.Fragment;
            return inner(context);
        };

    /// <summary>
    /// The middleware that must see every request first, ahead of the application's own pipeline (as the framework's
    /// forwarded-headers option does): the scheme and host of the client, then HSTS, then the headers.
    /// </summary>
    private sealed class OuterPipeline(bool forwardedHeaders, bool production) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (forwardedHeaders)
                app.UseForwardedHeaders();
            // Production only: HSTS pins the host to HTTPS in browsers for a year, which a sandbox on localhost must not.
            // The middleware adds it to HTTPS answers only.
            if (production)
                app.UseHsts();
            app.UseMiddleware<SecurityHeaders>();
            next(app);
        };
    }
}
