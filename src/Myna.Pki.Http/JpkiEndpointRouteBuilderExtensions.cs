using Microsoft.AspNetCore.Http;

namespace Myna.Pki.Http;

/// <summary>
/// Maps the JPKI authorities' public HTTP services onto a host: OCSP (<c>MapJpkiOcsp</c>), CRLs (<c>MapJpkiCrl</c>),
/// the CA certificates (<c>MapJpkiCaCertificates</c>) and verification (<c>MapJpkiVerification</c>), each in its own
/// file of this partial class.
/// </summary>
public static partial class JpkiEndpointRouteBuilderExtensions
{
    /// <summary>The API description's group of these endpoints.</summary>
    public const string PublicTag = "JPKI (public)";

    /// <summary>
    /// A handler as a <see cref="Delegate"/> rather than a <see cref="RequestDelegate"/>: only route handlers carry
    /// the method metadata from which the API description (OpenAPI) lists an endpoint.
    /// </summary>
    private static Delegate Handler(Func<HttpContext, Task> handler) => handler;

    /// <summary>A published file (a CRL, a CA certificate) as 200 with its length; HEAD gets the headers without the body.</summary>
    private static async Task WriteFileAsync(HttpContext context, ReadOnlyMemory<byte> body, string mediaType)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = mediaType;
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        try
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
