namespace Myna.Pki.Verification;

/// <summary>Why a verification failed: one code per reason a relying party must tell apart (E3).</summary>
public enum VerificationFailureCode
{
    /// <summary>The input is not what it claims to be: not DER, not a certificate, not CMS SignedData, empty.</summary>
    MalformedInput = 1,

    /// <summary>A signature does not verify: over the challenge, over the document, or on the certificate itself.</summary>
    BadSignature,

    /// <summary>The certificate does not chain to either JPKI authority trusted here (a foreign CA, a wrong chain).</summary>
    UnknownIssuer,

    /// <summary>
    /// The certificate comes from the other JPKI hierarchy: a user-authentication certificate where a signature
    /// certificate is expected, or the reverse (E1: each has its own use).
    /// </summary>
    WrongHierarchy,

    /// <summary>The certificate's keyUsage does not allow this use (card-interface §6).</summary>
    WrongKeyUsage,

    /// <summary>The time of use is before the certificate's notBefore.</summary>
    NotYetValid,

    /// <summary>The time of use is after the certificate's notAfter (E2, V7).</summary>
    Expired,

    /// <summary>The authority revoked the certificate (L1, M1, V5, V7), at or before the time of use.</summary>
    Revoked,

    /// <summary>No trustworthy revocation status could be had (responder or CRL unreachable, stale, badly signed, unknown serial).</summary>
    RevocationUnavailable,
}

/// <summary>
/// One failure: a code and a message for people. Messages name no personal detail (no My Number, no PIN, no
/// name or address): at most a certificate serial, a time or a reason code.
/// </summary>
/// <param name="Code">What went wrong.</param>
/// <param name="Message">Why, in English.</param>
public sealed record VerificationFailure(VerificationFailureCode Code, string Message)
{
    internal static VerificationFailure Malformed(string message) => new(VerificationFailureCode.MalformedInput, message);

    internal static VerificationFailure BadSignature(string message) => new(VerificationFailureCode.BadSignature, message);
}
