using System.Net;
using System.Net.Http.Headers;

namespace Myna.Pki.Ocsp;

/// <summary>
/// Carries OCSP requests to a responder in the same process, byte for byte as over HTTP (RFC 6960 Appendix A.1): a
/// relying party in the authorities' own process — the kiosk's issuance centre on the server — speaks the real protocol
/// to them without a network round trip. Only POST with an OCSP request body is answered.
/// </summary>
public sealed class InProcessOcspHandler(OcspResponder responder) : HttpMessageHandler
{
    /// <summary>The largest request read (as the HTTP endpoint reads).</summary>
    public const int MaxRequestBytes = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Post || request.Content is null)
            return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed) { RequestMessage = request };
        var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > MaxRequestBytes)
            return new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge) { RequestMessage = request };
        var answer = new ByteArrayContent(responder.Respond(body));
        answer.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-response");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = answer, RequestMessage = request };
    }
}
