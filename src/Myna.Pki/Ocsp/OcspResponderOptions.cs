namespace Myna.Pki.Ocsp;

/// <summary>How an <see cref="OcspResponder"/> signs and caches.</summary>
public sealed record OcspResponderOptions
{
    /// <summary>
    /// nextUpdate − thisUpdate of every SingleResponse (RFC 6960 §2.4). Default one hour. A cached response is
    /// re-signed once half of it has passed, so a client never receives one with less than half left.
    /// </summary>
    public TimeSpan ResponseValidity { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Lifetime of each delegated responder certificate. Default seven days: the certificate carries
    /// id-pkix-ocsp-nocheck, so it is never itself checked for revocation and must be short-lived
    /// (RFC 6960 §4.2.2.2.1). It is renewed, under the same in-memory key, before it runs out.
    /// </summary>
    public TimeSpan ResponderCertificateValidity { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Size of each responder's RSA key, generated in memory at start and never stored. Default 2048.</summary>
    public int ResponderKeySizeInBits { get; init; } = 2048;

    /// <summary>
    /// Most signed responses kept per hierarchy; when full the cache of that hierarchy is emptied (so a flood of
    /// random serials costs memory only up to this bound). Default 100,000.
    /// </summary>
    public int MaxCachedResponsesPerHierarchy { get; init; } = 100_000;

    /// <summary>
    /// How a request for one certificate that carries a nonce is answered. Default <see cref="OcspNonceHandling.PreSigned"/>,
    /// the lightweight profile of a large responder (RFC 5019): the same pre-signed answer as without a nonce.
    /// </summary>
    public OcspNonceHandling Nonces { get; init; } = OcspNonceHandling.PreSigned;

    /// <summary>Most CertIDs in one request; more is answered malformedRequest. Default 64.</summary>
    public int MaxRequestsPerMessage { get; init; } = 64;

    internal void Validate()
    {
        if (ResponseValidity < TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(ResponseValidity), "At least one minute.");
        if (ResponderCertificateValidity < 4 * ResponseValidity)
            throw new ArgumentOutOfRangeException(nameof(ResponderCertificateValidity), "At least four response validities.");
        if (ResponderKeySizeInBits < 2048)
            throw new ArgumentOutOfRangeException(nameof(ResponderKeySizeInBits), "RSA-2048 or larger.");
        if (MaxCachedResponsesPerHierarchy < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxCachedResponsesPerHierarchy));
        if (MaxRequestsPerMessage < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxRequestsPerMessage));
        if (!Enum.IsDefined(Nonces))
            throw new ArgumentOutOfRangeException(nameof(Nonces));
    }
}

/// <summary>What a responder does with a request's nonce (RFC 8954).</summary>
public enum OcspNonceHandling
{
    /// <summary>
    /// RFC 5019's lightweight profile: a request for one certificate is answered from the pre-signed cache whatever its
    /// nonce, and the answer carries none; no RSA signature per request, so a nonce costs nothing. Clients that sent a
    /// nonce rely on the answer's freshness (thisUpdate, nextUpdate) instead, as RFC 5019 clients do.
    /// </summary>
    PreSigned,

    /// <summary>RFC 6960 with RFC 8954: a request with a nonce is signed on the spot and the answer echoes it.</summary>
    Echo,
}
