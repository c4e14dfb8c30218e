using System.Text;
using Myna.Primitives;

namespace Myna.Pki.Verification;

/// <summary>The certificate a verification looked at, as far as it could be read.</summary>
/// <param name="SerialNumber">Upper-case hex, as <c>X509Certificate2.SerialNumber</c>.</param>
/// <param name="Hierarchy">The JPKI hierarchy whose CA issued it; null when neither did.</param>
/// <param name="NotBefore">notBefore, UTC.</param>
/// <param name="NotAfter">notAfter, UTC.</param>
public sealed record VerifiedCertificate(string SerialNumber, JpkiHierarchy? Hierarchy, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

/// <summary>
/// The outcome of verifying a login or a signed document: valid, or the one reason it is not (the first check
/// that failed, in the order input, chain and hierarchy, key usage, validity, signature, revocation).
/// </summary>
/// <remarks>
/// <see cref="ToString"/> leaves out <see cref="Signer"/>, so the holder's details do not reach a log by accident.
/// </remarks>
public sealed record VerificationResult
{
    /// <summary>Why it failed; null when valid.</summary>
    public VerificationFailure? Failure { get; init; }

    /// <summary>Whether every check passed.</summary>
    public bool IsValid => Failure is null;

    /// <summary>The certificate that was checked; null when it could not be read.</summary>
    public VerifiedCertificate? Certificate { get; init; }

    /// <summary>The revocation answer, when revocation was reached.</summary>
    public RevocationCheck? Revocation { get; init; }

    /// <summary>The instant validity and revocation were judged at: now for a login, the signing time for a document.</summary>
    public DateTimeOffset TimeOfUse { get; init; }

    /// <summary>The document's signingTime attribute (CMS only; null when absent, and then <see cref="TimeOfUse"/> is now).</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>The signer's four basic details from the signature certificate (CMS only, E1).</summary>
    public BasicFourInformation? Signer { get; init; }

    /// <summary>
    /// Valid, but the certificate was revoked after <see cref="TimeOfUse"/>: a document signed before the
    /// revocation stays valid, and this says so.
    /// </summary>
    public bool RevokedAfterTimeOfUse => IsValid && Revocation?.State == RevocationState.Revoked;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("IsValid = ").Append(IsValid)
            .Append(", Failure = ").Append(Failure)
            .Append(", Certificate = ").Append(Certificate)
            .Append(", Revocation = ").Append(Revocation)
            .Append(", TimeOfUse = ").Append(TimeOfUse)
            .Append(", SigningTime = ").Append(SigningTime);
        return true;
    }
}
