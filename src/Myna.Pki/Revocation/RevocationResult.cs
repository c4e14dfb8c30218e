namespace Myna.Pki.Revocation;

/// <summary>What a request to revoke a certificate came to.</summary>
public enum RevocationOutcome
{
    /// <summary>The certificate is now revoked.</summary>
    Revoked,

    /// <summary>
    /// It was revoked before; nothing changed. A revocation is final (RFC 5280 §3.3): the first reason and
    /// time stand.
    /// </summary>
    AlreadyRevoked,

    /// <summary>The hierarchy never issued the serial.</summary>
    UnknownSerial,
}

/// <summary>The result of <see cref="CertificateRegistry.Revoke"/>.</summary>
/// <param name="Outcome">Revoked, already revoked or unknown.</param>
/// <param name="Revocation">
/// The revocation in force: the new one, or the earlier one when <see cref="RevocationOutcome.AlreadyRevoked"/>;
/// null for <see cref="RevocationOutcome.UnknownSerial"/>.
/// </param>
public readonly record struct RevocationResult(RevocationOutcome Outcome, RevokedCertificate? Revocation)
{
    /// <summary>Whether this call revoked the certificate.</summary>
    public bool IsNewlyRevoked => Outcome == RevocationOutcome.Revoked;
}
