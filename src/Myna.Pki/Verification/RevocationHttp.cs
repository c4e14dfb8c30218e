namespace Myna.Pki.Verification;

/// <summary>The HTTP plumbing the OCSP and CRL checkers share: a bounded body read and what counts as "unreachable".</summary>
internal static class RevocationHttp
{
    /// <summary>Reads the body of a successful answer, refusing more than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="HttpRequestException">Not 2xx, or the body is too large.</exception>
    public static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        if (response.Content.Headers.ContentLength > maxBytes)
            throw new HttpRequestException("The answer is larger than allowed.");
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    throw new HttpRequestException("The answer is larger than allowed.");
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> means the server could not be reached or answered badly — a status
    /// that is unavailable, not a bug. The caller's own cancellation is not one of them.
    /// </summary>
    public static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or IOException ||
        (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested); // HttpClient timeout

    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
