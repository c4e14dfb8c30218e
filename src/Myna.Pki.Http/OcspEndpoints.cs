using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Myna.Pki.Ocsp;

namespace Myna.Pki.Http;

public static partial class JpkiEndpointRouteBuilderExtensions
{
    /// <summary>Largest POST body read; a larger one is answered malformedRequest. An OCSPRequest for one certificate is about 80 bytes.</summary>
    public const int MaxOcspRequestBytes = 64 * 1024;

    /// <summary>The media type of an answer (RFC 6960 Appendix C.2).</summary>
    public const string OcspResponseMediaType = "application/ocsp-response";

    // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } with malformedRequest (1) / internalError (2),
    // RFC 6960 §4.2.1: what the edge sends when the responder was never reached.
    private static readonly byte[] MalformedRequest = [0x30, 0x03, 0x0A, 0x01, 0x01];
    private static readonly byte[] InternalError = [0x30, 0x03, 0x0A, 0x01, 0x02];

    /// <summary>
    /// Maps the OCSP responder registered in the container (<see cref="OcspResponder"/>) at <paramref name="prefix"/>.
    /// </summary>
    /// <inheritdoc cref="MapJpkiOcsp(IEndpointRouteBuilder, OcspResponder, string)"/>
    public static IEndpointRouteBuilder MapJpkiOcsp(this IEndpointRouteBuilder endpoints, string prefix = "/ocsp")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapJpkiOcsp(endpoints.ServiceProvider.GetRequiredService<OcspResponder>(), prefix);
    }

    /// <summary>
    /// Maps an OCSP responder over HTTP (RFC 6960 Appendix A.1): <c>POST {prefix}</c> with an
    /// <c>application/ocsp-request</c> body, and <c>GET {prefix}/{base64 of the DER, URL-encoded}</c>
    /// (base64url is accepted too).
    /// </summary>
    /// <remarks>
    /// Every answer is 200 with <c>application/ocsp-response</c>, including malformedRequest for bytes that are
    /// not a request, unreadable base64, or a body over <see cref="MaxOcspRequestBytes"/>. Nothing answers 500:
    /// a failure anywhere is caught here and answered internalError.
    /// </remarks>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="responder">The responder to answer with.</param>
    /// <param name="prefix">Path of the responder, as it appears in certificates' AIA; default <c>/ocsp</c>.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapJpkiOcsp(this IEndpointRouteBuilder endpoints, OcspResponder responder, string prefix = "/ocsp")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        prefix = "/" + prefix.Trim('/');
        endpoints.MapPost(prefix, Handler(context => PostAsync(context, responder)))
            .WithDisplayName("OCSP POST")
            .WithSummary("OCSP request in the body (RFC 6960 A.1)")
            .WithTags(PublicTag)
            .Accepts<Stream>("application/ocsp-request")
            .Produces<Stream>(StatusCodes.Status200OK, OcspResponseMediaType);
        var clock = endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        endpoints.MapGet(prefix + "/{**request}", Handler(context => GetAsync(context, responder, clock)))
            .WithDisplayName("OCSP GET")
            .WithSummary("OCSP request as URL-encoded base64 of its DER in the path (RFC 6960 A.1)")
            .WithTags(PublicTag)
            .Produces<Stream>(StatusCodes.Status200OK, OcspResponseMediaType);
        return endpoints;
    }

    private static async Task PostAsync(HttpContext context, OcspResponder responder)
    {
        ReadOnlyMemory<byte> answer;
        byte[]? buffer = null;
        try
        {
            var declared = context.Request.ContentLength;
            if (declared > MaxOcspRequestBytes)
            {
                answer = MalformedRequest;
            }
            else
            {
                var limit = declared is { } d ? (int)d : MaxOcspRequestBytes;
                buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
                var length = await ReadBodyAsync(context, buffer, limit).ConfigureAwait(false);
                answer = length is { } n ? responder.RespondShared(buffer.AsSpan(0, n)) : MalformedRequest;
            }
        }
#pragma warning disable CA1031 // The edge answers internalError, never 500.
        catch (Exception)
        {
            answer = InternalError;
        }
#pragma warning restore CA1031
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
        // answer never points into the rented buffer: the responder returns its own arrays.
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the whole body into <paramref name="buffer"/>, which is one byte longer than the most that is
    /// accepted (the declared length, or <see cref="MaxOcspRequestBytes"/> for a chunked body); null when
    /// that byte fills, i.e. the body is too long.
    /// </summary>
    private static async Task<int?> ReadBodyAsync(HttpContext context, byte[] buffer, int limit)
    {
        var body = context.Request.Body;
        var total = 0;
        while (total <= limit)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total, limit + 1 - total), context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
                return total;
            total += read;
        }
        return null;
    }

    private static async Task GetAsync(HttpContext context, OcspResponder responder, TimeProvider clock)
    {
        ReadOnlyMemory<byte> answer;
        OcspAnswerValidity? validity = null;
        try
        {
            answer = Decode(context.Request.RouteValues["request"] as string, responder, out validity);
        }
#pragma warning disable CA1031 // The edge answers internalError, never 500.
        catch (Exception)
        {
            answer = InternalError;
        }
#pragma warning restore CA1031
        if (validity is { } dates && CacheHeaders(context, answer, dates, clock))
            return;
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 5019 §6.2: a pre-signed answer to a GET (the same for every client) may be kept by HTTP caches until its
    /// nextUpdate, as the CRLs are: <c>Last-Modified</c> thisUpdate, <c>Expires</c> nextUpdate, <c>Cache-Control: max-age</c>
    /// to nextUpdate, <c>public, no-transform, must-revalidate</c>, and an <c>ETag</c> of the answer's bytes.
    /// </summary>
    /// <returns>True when the request's <c>If-None-Match</c> names this answer: 304 was sent, with no body.</returns>
    private static bool CacheHeaders(HttpContext context, ReadOnlyMemory<byte> answer, OcspAnswerValidity dates, TimeProvider clock)
    {
        var headers = context.Response.GetTypedHeaders();
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(answer.Span, hash);
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + Convert.ToHexStringLower(hash[..16]) + "\"");
        headers.ETag = etag;
        headers.LastModified = dates.ThisUpdate;
        headers.Expires = dates.NextUpdate;
        var maxAge = dates.NextUpdate - clock.GetUtcNow();
        headers.CacheControl = new Microsoft.Net.Http.Headers.CacheControlHeaderValue
        {
            Public = true,
            NoTransform = true,
            MustRevalidate = true,
            MaxAge = maxAge > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Floor(maxAge.TotalSeconds)) : TimeSpan.Zero,
        };
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (!ifNoneMatch.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
            return false;
        context.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }

    private static ReadOnlyMemory<byte> Decode(string? encoded, OcspResponder responder, out OcspAnswerValidity? validity)
    {
        validity = null;
        if (string.IsNullOrEmpty(encoded))
            return MalformedRequest;
        // RFC 6960 A.1: "{url}/{url-encoding of base-64 encoding of the DER encoding of the OCSPRequest}".
        // Routing has decoded all but %2F; base64 has no '%', so unescaping once more is safe.
        var text = encoded.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(encoded) : encoded;
        if (text.Length > 8192)
            return MalformedRequest;
        Span<char> chars = stackalloc char[text.Length + 3];
        var n = 0;
        foreach (var c in text)
        {
            // base64url (RFC 4648 §5) as some clients send it; padding may be left out.
            chars[n++] = c switch { '-' => '+', '_' => '/', _ => c };
        }
        while (n % 4 != 0)
            chars[n++] = '=';
        Span<byte> der = stackalloc byte[(n / 4) * 3];
        return Convert.TryFromBase64Chars(chars[..n], der, out var length)
            ? responder.RespondShared(der[..length], out validity)
            : MalformedRequest;
    }

    private static async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> answer)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
            return;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = OcspResponseMediaType;
        context.Response.ContentLength = answer.Length;
        try
        {
            await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away; there is no one to answer.
        }
        catch (IOException)
        {
            // Likewise.
        }
    }
}
