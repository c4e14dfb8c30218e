using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Myna.Pki.Revocation;

namespace Myna.Pki.Http;

public static partial class JpkiEndpointRouteBuilderExtensions
{
    /// <summary>The media type of a DER CRL (RFC 2585 §4.2).</summary>
    public const string CrlMediaType = "application/pkix-crl";

    /// <summary>Maps the CRL publishers registered in the container (every <see cref="CrlPublisher"/> singleton) at <paramref name="prefix"/>.</summary>
    /// <inheritdoc cref="MapJpkiCrl(IEndpointRouteBuilder, IEnumerable{CrlPublisher}, string)"/>
    public static IEndpointRouteBuilder MapJpkiCrl(this IEndpointRouteBuilder endpoints, string prefix = "/crl")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapJpkiCrl(endpoints.ServiceProvider.GetServices<CrlPublisher>(), prefix);
    }

    /// <summary>
    /// Serves each hierarchy's current CRL over HTTP: <c>GET {prefix}/signature.crl</c> and
    /// <c>GET {prefix}/authentication.crl</c> (the names of <see cref="JpkiAuthorityOptions.CrlFileName"/>, which
    /// issued certificates carry when <see cref="JpkiAuthorityOptions.PublicBaseUrl"/> is set). Other names are 404.
    /// </summary>
    /// <remarks>
    /// The body is <see cref="CrlPublisher.Current"/>, DER, <c>application/pkix-crl</c>. <c>ETag</c> is the CRL
    /// number with its thisUpdate (a restarted host that starts numbering again still changes it),
    /// <c>Last-Modified</c> is thisUpdate, <c>Cache-Control: max-age</c> runs to nextUpdate (as RFC 5019 §6.2
    /// advises for OCSP), and a matching <c>If-None-Match</c> is answered 304. HEAD is answered like GET without a body.
    /// </remarks>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="publishers">One publisher per hierarchy.</param>
    /// <param name="prefix">Path under which the CRLs sit; default <c>/crl</c>.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    /// <exception cref="ArgumentException">Two publishers serve the same hierarchy.</exception>
    public static IEndpointRouteBuilder MapJpkiCrl(
        this IEndpointRouteBuilder endpoints, IEnumerable<CrlPublisher> publishers, string prefix = "/crl")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(publishers);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        prefix = "/" + prefix.Trim('/');
        var clock = endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var seen = new HashSet<JpkiHierarchy>();
        foreach (var publisher in publishers)
        {
            if (!seen.Add(publisher.Hierarchy))
                throw new ArgumentException("Two CRL publishers serve the same hierarchy.", nameof(publishers));
            var path = prefix + "/" + JpkiAuthorityOptions.CrlFileName(publisher.Hierarchy);
            endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], Handler(context => ServeCrlAsync(context, publisher, clock)))
                .WithDisplayName("CRL " + publisher.Hierarchy)
                .WithSummary($"The current CRL of the {publisher.Hierarchy} hierarchy (DER)")
                .WithTags(PublicTag)
                .Produces<Stream>(StatusCodes.Status200OK, CrlMediaType)
                .Produces(StatusCodes.Status304NotModified);
        }
        return endpoints;
    }

    private static async Task ServeCrlAsync(HttpContext context, CrlPublisher publisher, TimeProvider clock)
    {
        // One read, so body, ETag and dates belong to the same CRL.
        var crl = publisher.Current;
        var response = context.Response;
        var headers = response.GetTypedHeaders();
        var etag = new EntityTagHeaderValue(string.Create(
            CultureInfo.InvariantCulture, $"\"{crl.Number:x}.{crl.ThisUpdate.ToUnixTimeSeconds():x}\""));
        headers.ETag = etag;
        headers.LastModified = crl.ThisUpdate;
        headers.Expires = crl.NextUpdate;
        var maxAge = crl.NextUpdate - clock.GetUtcNow();
        headers.CacheControl = new CacheControlHeaderValue
        {
            Public = true,
            MaxAge = maxAge > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Floor(maxAge.TotalSeconds)) : TimeSpan.Zero,
        };

        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        await WriteFileAsync(context, crl.Der, CrlMediaType).ConfigureAwait(false);
    }
}
