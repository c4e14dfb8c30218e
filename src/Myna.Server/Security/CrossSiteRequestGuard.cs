using Microsoft.AspNetCore.Mvc;
using Myna.Primitives.Text;

namespace Myna.Server.Security;

/// <summary>
/// Refuses a state-changing request (any method but GET, HEAD, OPTIONS, TRACE) that a browser says comes from
/// another site: <c>Sec-Fetch-Site: cross-site</c> or <c>same-site</c>, or an <c>Origin</c> other than this server's
/// own (scheme, host and port as seen after the forwarded headers). A request with neither header (the CLI, scripts,
/// tests) is let through: only browsers send them, and only browsers carry a victim's session cookie.
/// </summary>
/// <remarks>
/// The session cookie's SameSite=Strict already keeps it off requests another site starts; this is the second wall,
/// for browsers or proxies that do not honour SameSite and for a sibling site under the same registrable domain
/// (<c>same-site</c>), which SameSite does not stop. Endpoints marked <see cref="CrossSiteRequestsAllowed"/> (the public
/// OCSP and verification services, which take no cookie) are not checked.
/// </remarks>
internal sealed partial class CrossSiteRequestGuard(RequestDelegate next, IProblemDetailsService problems, ILogger<CrossSiteRequestGuard> logger)
{
    private static readonly LocalizedText Title = new("別のサイトからの要求は受け付けません", "Requests from another site are refused");

    private static readonly LocalizedText Detail = new(
        "データを変更する要求は、Myna の画面または API クライアントから送ってください（要求の送信元が別のサイトになっています）。",
        "Requests that change data must come from Myna's own pages or an API client (the Origin / Sec-Fetch-Site headers name another site).");

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsCrossSite(context.Request) && context.GetEndpoint()?.Metadata.GetMetadata<CrossSiteRequestsAllowed>() is null)
        {
            LogRefused(logger, context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = Title.Current, Detail = Detail.Current },
            });
            return;
        }
        await next(context);
    }

    /// <summary>Whether <paramref name="request"/> changes state and a browser marked it as coming from elsewhere.</summary>
    internal static bool IsCrossSite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return false;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
            return true;
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !IsOwnOrigin(origin, request);
    }

    /// <summary>Scheme, host and port of <paramref name="origin"/> against the request's; <c>Origin: null</c> is never own.</summary>
    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var claimed)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own)
        && string.Equals(claimed.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(claimed.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
        && claimed.Port == own.Port;

    // The path only: a query string may hold a search's name or birth date.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cross-site {Method} {Path} (Origin / Sec-Fetch-Site name another site).")]
    private static partial void LogRefused(ILogger logger, string method, PathString path);
}

/// <summary>
/// Marks an endpoint that other sites may call with any method: a public service that reads no cookie, so a request
/// from another origin can do nothing in a staff member's name (OCSP, verification).
/// </summary>
public sealed class CrossSiteRequestsAllowed
{
    public static readonly CrossSiteRequestsAllowed Instance = new();
}

/// <summary>Marks endpoints <see cref="CrossSiteRequestsAllowed"/>.</summary>
public static class CrossSiteRequestsAllowedExtensions
{
    public static TBuilder AllowCrossSiteRequests<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(CrossSiteRequestsAllowed.Instance);
    }
}
