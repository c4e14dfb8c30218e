namespace Myna.Server.Security;

/// <summary>
/// Answers a method that a path never accepts (GET on <c>/verify/login</c>) 405 with <c>Allow</c> before sign-in is
/// asked for. Routing's own 405 endpoint carries no metadata, so the fallback policy (any staff member) would turn it
/// into 401, telling a relying party to sign in where it should be told to POST. Which methods a path takes is in the
/// public API description anyway.
/// </summary>
internal sealed class MethodNotAllowedFirst(RequestDelegate next)
{
    // The display name of routing's rejection endpoint (HttpMethodMatcherPolicy); it has no public marker.
    private const string RoutingRejectionEndpoint = "405 HTTP Method Not Supported";

    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint() is { DisplayName: RoutingRejectionEndpoint, RequestDelegate: { } reject }
            ? reject(context)
            : next(context);
}
