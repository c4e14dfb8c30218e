namespace Myna.Server.Security;

/// <summary>
/// Answers a method that a path never accepts (GET on <c>/verify/login</c>) 405 with <c>Allow</c>, and a body of a media
/// type it never accepts 415, before sign-in is asked for. Routing's own 405 endpoint carries no metadata, so the fallback policy (any staff member) would turn it
/// into 401, telling a relying party to sign in where it should be told to POST. Which methods a path takes is in the
/// public API description anyway.
/// </summary>
internal sealed class MethodNotAllowedFirst(RequestDelegate next)
{
    // The display names of routing's rejection endpoints (HttpMethodMatcherPolicy, AcceptsMatcherPolicy); they have
    // no public marker.
    private const string MethodRejection = "405 HTTP Method Not Supported";
    private const string MediaTypeRejection = "415 HTTP Unsupported Media Type";

    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint() is { DisplayName: MethodRejection or MediaTypeRejection, RequestDelegate: { } reject }
            ? reject(context)
            : next(context);
}
