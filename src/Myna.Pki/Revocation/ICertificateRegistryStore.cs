namespace Myna.Pki.Revocation;

/// <summary>
/// Where a <see cref="CertificateRegistry"/> keeps what it learns, so it survives a restart: the seam for a
/// database (EF Core). The registry keeps its own in-memory index and writes through.
/// </summary>
/// <remarks>
/// Calls come one at a time (the registry serialises them), an issued record before any revocation of it.
/// A write that throws leaves the registry unchanged and the exception reaches the caller.
/// </remarks>
public interface ICertificateRegistryStore
{
    /// <summary>Everything issued so far, in issue order (read once, when the registry is created).</summary>
    IReadOnlyList<IssuedCertificateRecord> LoadIssued();

    /// <summary>Every revocation so far, oldest first (read once, when the registry is created).</summary>
    IReadOnlyList<RevokedCertificate> LoadRevoked();

    /// <summary>Stores a newly issued certificate.</summary>
    void AddIssued(IssuedCertificateRecord record);

    /// <summary>Stores a revocation.</summary>
    void AddRevoked(RevokedCertificate revocation);
}

/// <summary>A store that keeps nothing: the registry lives in memory only.</summary>
public sealed class TransientCertificateRegistryStore : ICertificateRegistryStore
{
    /// <summary>The one instance.</summary>
    public static TransientCertificateRegistryStore Instance { get; } = new();

    private TransientCertificateRegistryStore()
    {
    }

    public IReadOnlyList<IssuedCertificateRecord> LoadIssued() => [];

    public IReadOnlyList<RevokedCertificate> LoadRevoked() => [];

    public void AddIssued(IssuedCertificateRecord record)
    {
    }

    public void AddRevoked(RevokedCertificate revocation)
    {
    }
}
