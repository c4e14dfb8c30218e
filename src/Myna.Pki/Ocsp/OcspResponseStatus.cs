namespace Myna.Pki.Ocsp;

/// <summary>OCSPResponseStatus (RFC 6960 §4.2.1); value 4 is not used.</summary>
public enum OcspResponseStatus
{
    /// <summary>Response has valid confirmations.</summary>
    Successful = 0,
    /// <summary>Illegal confirmation request: the bytes are not an OCSPRequest this responder accepts.</summary>
    MalformedRequest = 1,
    /// <summary>Internal error in issuer.</summary>
    InternalError = 2,
    /// <summary>Try again later.</summary>
    TryLater = 3,
    /// <summary>Must sign the request.</summary>
    SigRequired = 5,
    /// <summary>Request unauthorized: the certificate's issuer is not one this responder answers for.</summary>
    Unauthorized = 6,
}
