using Myna.Pki.Revocation;

namespace Myna.Pki.Verification;

/// <summary>
/// Reads revocation straight from an <see cref="ICertificateStatusSource"/> (the <see cref="CertificateRegistry"/>):
/// what a relying party in the same process as the authorities — our own server — uses. Nothing is cached,
/// because the source is already an in-memory index and a revocation must show at once.
/// </summary>
public sealed class InProcessRevocationChecker : IRevocationChecker
{
    private const string SourceName = "in-process";
    private static readonly RevocationCheck GoodAnswer = new(RevocationState.Good, SourceName);
    private static readonly RevocationCheck UnknownAnswer =
        RevocationCheck.Unavailable(SourceName, "The authority has no record of this certificate serial.");

    private readonly ICertificateStatusSource _source;

    /// <summary>Reads <paramref name="source"/>.</summary>
    public InProcessRevocationChecker(ICertificateStatusSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <inheritdoc />
    public ValueTask<RevocationCheck> CheckAsync(RevocationQuery query, CancellationToken cancellationToken = default)
    {
        var status = _source.GetStatus(query.Hierarchy, query.SerialNumber);
        return ValueTask.FromResult(status.Kind switch
        {
            CertificateStatusKind.Good => GoodAnswer,
            CertificateStatusKind.Revoked => new RevocationCheck(RevocationState.Revoked, SourceName, status.RevokedAt, status.Reason),
            _ => UnknownAnswer,
        });
    }
}
