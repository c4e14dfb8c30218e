using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Documents;
using Myna.Issuance;
using Myna.Primitives.Hosting;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>
/// The document-sealing keys of the municipalities this server issues for, and the authority that certifies them (the
/// sandbox's stand-in for the local-government PKI). Kept in the data directory: the keys as owner-only files, the
/// certificates beside them, created on first use. Anyone verifies a printed certificate against <see cref="Root"/> and
/// the municipalities' certificates (<see cref="SealingCertificates"/>), offline.
/// </summary>
public sealed class SealKeyring : IDisposable
{
    /// <summary>The authority's and the sealing certificates' validity: wide enough for any day the sandbox clock stands on.</summary>
    private static readonly DateTimeOffset NotBefore = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2045, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The authority's name in its certificate.</summary>
    public const string AuthorityName = "Myna Local Government Seal Authority (sandbox)";

    private readonly Dictionary<string, (X509Certificate2 Certificate, DocumentSealer Sealer)> _sealers;

    private SealKeyring(X509Certificate2 root, Dictionary<string, (X509Certificate2, DocumentSealer)> sealers)
    {
        Root = root;
        _sealers = sealers;
    }

    /// <summary>The authority's certificate: the trust anchor of every seal.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The municipalities' sealing certificates (public part).</summary>
    public IEnumerable<X509Certificate2> SealingCertificates => _sealers.Values.Select(s => s.Certificate);

    /// <summary>The sealer of municipality <paramref name="code"/> (6 digits).</summary>
    /// <exception cref="KeyNotFoundException">No sealing key for it.</exception>
    public DocumentSealer SealerOf(string code) => _sealers[code].Sealer;

    /// <summary>A verifier that trusts this keyring's authority and municipalities.</summary>
    public SealVerifier Verifier() => new(Root, SealingCertificates);

    /// <summary>Loads the keyring from <paramref name="home"/>, creating what is missing (the authority, a municipality's key).</summary>
    public static SealKeyring LoadOrCreate(MynaHome home, IEnumerable<IssuingMunicipality> municipalities)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(municipalities);
        var directory = Path.Combine(home.Root, "seals");
        MynaHome.EnsurePrivateDirectory(home.KeysDirectory);
        Directory.CreateDirectory(directory);
        var rootKeyPath = Path.Combine(home.KeysDirectory, "seal-authority.p8");
        var rootPath = Path.Combine(directory, "authority.cer");
        if (File.Exists(rootKeyPath) && !File.Exists(rootPath))
            throw new InvalidOperationException($"The seal authority's key is in {rootKeyPath} but its certificate {rootPath} is missing: restore it from the backup.");
        if (!File.Exists(rootKeyPath))
        {
            // First start: a new authority, its key kept owner-only and its certificate beside it.
            using var created = SealAuthority.Create(AuthorityName, NotBefore, NotAfter);
            using var withKey = created.RootWithPrivateKey();
            using var createdKey = withKey.GetECDsaPrivateKey()!;
            var pkcs8 = createdKey.ExportPkcs8PrivateKey();
            try
            {
                // The certificate first: a key without its certificate could never be opened again.
                File.WriteAllBytes(rootPath, created.Root.RawData);
                MynaHome.WriteNewPrivateFile(rootKeyPath, pkcs8);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        using var rootKey = KeyFiles.LoadOrCreateEcdsa(rootKeyPath);
        var root = X509CertificateLoader.LoadCertificateFromFile(rootPath);
        using var authority = SealAuthority.Open(root.CopyWithPrivateKey(rootKey));
        var sealers = new Dictionary<string, (X509Certificate2, DocumentSealer)>();
        foreach (var municipality in municipalities)
        {
            using var key = KeyFiles.LoadOrCreateEcdsa(Path.Combine(home.KeysDirectory, $"seal-{municipality.Code}.p8"));
            var path = Path.Combine(directory, $"{municipality.Code}.cer");
            if (!File.Exists(path))
            {
                using var publicKey = ECDsa.Create(key.ExportParameters(false));
                using var issued = authority.IssueSealingCertificate(municipality, publicKey, NotBefore, NotAfter);
                WriteOnce(path, issued.RawData);
            }
            var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            sealers[municipality.Code] = (certificate, new DocumentSealer(certificate.CopyWithPrivateKey(key)));
        }
        return new SealKeyring(root, sealers);
    }

    /// <summary>A keyring in memory only (tests, benchmarks).</summary>
    public static SealKeyring InMemory(IEnumerable<IssuingMunicipality> municipalities)
    {
        ArgumentNullException.ThrowIfNull(municipalities);
        using var authority = SealAuthority.Create(AuthorityName, NotBefore, NotAfter);
        var sealers = new Dictionary<string, (X509Certificate2, DocumentSealer)>();
        foreach (var municipality in municipalities)
        {
            var withKey = authority.IssueSealingCertificate(municipality, NotBefore, NotAfter);
            sealers[municipality.Code] = (X509CertificateLoader.LoadCertificate(withKey.RawData), new DocumentSealer(withKey));
        }
        return new SealKeyring(X509CertificateLoader.LoadCertificate(authority.Root.RawData), sealers);
    }

    // Two processes starting together: the first certificate written wins, the other reads it.
    private static void WriteOnce(string path, byte[] der)
    {
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            file.Write(der);
            file.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }

    public void Dispose()
    {
        Root.Dispose();
        foreach (var (certificate, _) in _sealers.Values)
            certificate.Dispose();
    }
}
