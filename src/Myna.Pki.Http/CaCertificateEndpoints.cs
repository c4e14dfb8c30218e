using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Myna.Pki.Http;

public static partial class JpkiEndpointRouteBuilderExtensions
{
    /// <summary>The media type of a DER certificate (RFC 2585 §4.1).</summary>
    public const string CertificateMediaType = "application/pkix-cert";

    /// <summary>The media type commonly used for PEM files (not registered; what browsers and tools expect).</summary>
    public const string PemMediaType = "application/x-pem-file";

    /// <summary>How long a client may keep a CA certificate: it never changes while the authority lives.</summary>
    private static readonly TimeSpan CaCertificateMaxAge = TimeSpan.FromDays(1);

    /// <summary>
    /// Serves the two authorities' CA certificates, the trust anchors a relying party installs:
    /// <c>GET {prefix}/signature.cer</c> and <c>{prefix}/authentication.cer</c> (DER, <c>application/pkix-cert</c>),
    /// <c>{prefix}/signature.pem</c> and <c>{prefix}/authentication.pem</c> (PEM, <c>application/x-pem-file</c>).
    /// HEAD is answered like GET without a body.
    /// </summary>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="authorities">The authorities whose certificates are served.</param>
    /// <param name="prefix">Path under which the certificates sit; default <c>/ca</c>.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapJpkiCaCertificates(this IEndpointRouteBuilder endpoints, JpkiAuthorities authorities, string prefix = "/ca")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(authorities);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        prefix = "/" + prefix.Trim('/');
        foreach (var hierarchy in Enum.GetValues<JpkiHierarchy>())
        {
            var authority = authorities[hierarchy];
            // The same base name as the hierarchy's CRL (signature.crl → signature.cer).
            var name = Path.GetFileNameWithoutExtension(JpkiAuthorityOptions.CrlFileName(hierarchy));
            var der = authority.ExportCertificateDer();
            var pem = Encoding.ASCII.GetBytes(authority.ExportCertificatePem() + "\n");
            MapCertificate(endpoints, $"{prefix}/{name}.cer", der, CertificateMediaType, $"The {hierarchy} CA certificate (DER)");
            MapCertificate(endpoints, $"{prefix}/{name}.pem", pem, PemMediaType, $"The {hierarchy} CA certificate (PEM)");
        }
        return endpoints;
    }

    private static void MapCertificate(IEndpointRouteBuilder endpoints, string path, byte[] body, string mediaType, string summary) =>
        endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], Handler(context => ServeCertificateAsync(context, body, mediaType)))
            .WithDisplayName(summary)
            .WithSummary(summary)
            .WithTags(PublicTag)
            .Produces<Stream>(StatusCodes.Status200OK, mediaType);

    private static Task ServeCertificateAsync(HttpContext context, byte[] body, string mediaType)
    {
        var response = context.Response;
        response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = CaCertificateMaxAge };
        return WriteFileAsync(context, body, mediaType);
    }
}
