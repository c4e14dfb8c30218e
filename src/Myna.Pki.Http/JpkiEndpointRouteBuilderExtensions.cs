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
}
