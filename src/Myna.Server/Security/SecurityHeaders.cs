using Microsoft.Net.Http.Headers;

namespace Myna.Server.Security;

/// <summary>
/// The headers every answer carries, set as the response starts (so that they survive the exception handler, which
/// clears the headers of a failed response): no MIME sniffing, no referrer beyond this site, no framing, a content
/// security policy, and <c>Cache-Control: no-store</c> unless the endpoint chose its own caching.
/// </summary>
/// <remarks>
/// <para>
/// <c>Referrer-Policy: same-origin</c> rather than <c>no-referrer</c>: under <c>no-referrer</c> a browser sends
/// <c>Origin: null</c> with the pages' own form posts, which <see cref="CrossSiteRequestGuard"/> would have to refuse.
/// </para>
/// <para>
/// <c>no-store</c> by default because the API and the staff pages carry personal data that must not stay in a shared
/// browser's or proxy's cache. What is public sets its own: the CRLs and CA certificates (<c>public, max-age</c>) and
/// the stylesheet (see <see cref="RequestSecurityExtensions"/>).
/// </para>
/// </remarks>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// The pages' policy: everything from this server, nothing inline (the pages have no inline script or style; the
    /// print button's handler is <c>/js/site.js</c>), forms posting only here, and never inside another site's frame.
    /// </summary>
    internal const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API page's (Scalar): it starts itself with an inline script and styles itself inline, so only framing,
    /// plugins and the base URL are restricted. It shows the public API description, no personal data.
    /// </summary>
    internal const string ApiPagePolicy = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The <see cref="HttpContext.Items"/> key of one more origin a page's forms may lead to: the single sign-on's
    /// consent and login pages, whose posts end in a redirect to the outside service (browsers hold a form's redirects
    /// to <c>form-action</c> too). Set only to a redirect address registered for the service.
    /// </summary>
    internal const string FormActionOrigin = "myna.form-action-origin";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiDescription.ApiDescriptionExtensions.PagePath)
            ? ApiPagePolicy
            : context.Items[FormActionOrigin] is string origin
                ? PagePolicy.Replace("form-action 'self'", $"form-action 'self' {origin}", StringComparison.Ordinal)
                : PagePolicy;
        if (!headers.ContainsKey(HeaderNames.CacheControl))
            headers.CacheControl = "no-store";
    }
}
