using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Myna.Pki;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.Primitives;

namespace Myna.Benchmarks;

/// <summary>
/// Login verification in process (docs/performance.md): a challenge signed by the card's user-authentication key, checked
/// against its certificate with revocation read from the <see cref="CertificateRegistry"/>. After the first call
/// the certificate's chain result is cached (keyed by SHA-256 of its DER, compared byte for byte); each call still
/// hashes the certificate, checks validity against the clock, verifies the RSA-2048 signature over the challenge,
/// and reads the registry. "2 threads" runs the same call on both cores at once.
/// </summary>
[MemoryDiagnoser]
public class LoginVerificationBenchmarks
{
    private const int Batch = 2_000;
    private readonly byte[] _challenge = RandomNumberGenerator.GetBytes(32);
    private JpkiAuthorities _authorities = null!;
    private CertificateRegistry _registry = null!;
    private JpkiVerifier _verifier = null!;
    private byte[] _signature = [];
    private byte[] _certificate = [];
    private RSA _rsa = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = new CertificateRegistry();
        _authorities = JpkiAuthorities.LoadOrCreate(new InMemoryCaKeyStore(), new JpkiAuthorityOptions(), TimeProvider.System, _registry);
        using var cardKey = RSA.Create(2048);
        using var signKey = RSA.Create(2048);
        // A thousand other holders, so the registry look-up is not into an almost empty table.
        for (var i = 0; i < 1_000; i++)
        {
            _authorities.Authentication.IssueAuthenticationCertificate(
                signKey.ExportParameters(false), new DateOnly(1980, 1, 1), new JpkiMunicipality("Tokyo-to", "Kiyose-shi"),
                JapanClock.Today(TimeProvider.System).AddYears(5)).Dispose();
        }
        using var certificate = _authorities.Authentication.IssueAuthenticationCertificate(
            cardKey.ExportParameters(false), new DateOnly(1990, 1, 2), new JpkiMunicipality("Fukushima-ken", "Koriyama-shi"),
            JapanClock.Today(TimeProvider.System).AddYears(5));
        _certificate = certificate.RawData;
        _rsa = certificate.GetRSAPublicKey()!;
        _signature = cardKey.SignData(_challenge, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _verifier = JpkiVerifier.For(_authorities, new InProcessRevocationChecker(_registry), TimeProvider.System);
        if (!Verify())
            throw new InvalidOperationException("Benchmark setup: the login does not verify.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rsa.Dispose();
        _authorities.Dispose();
    }

    [Benchmark(Description = "Login verification, 1 thread")]
    public bool Verify() => _verifier.VerifyLoginAsync(_challenge, _signature, _certificate).GetAwaiter().GetResult().IsValid;

    [Benchmark(Description = "Login verification, 2 threads (per verification)", OperationsPerInvoke = Batch)]
    public void VerifyOnTwoThreads() =>
        Parallel.For(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ =>
        {
            if (!Verify())
                throw new InvalidOperationException("A login failed to verify.");
        });

    [Benchmark(Description = "RSA-2048 PKCS#1 v1.5 verify alone, key imported once (the floor)")]
    public bool RsaVerifyOnly() =>
        _rsa.VerifyData(_challenge, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "RSA verify alone, 2 threads, one key object per thread (per verification)", OperationsPerInvoke = Batch)]
    public void RsaVerifyOnTwoThreads() =>
        Parallel.For(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = 2 }, () => CopyOfKey(), (_, _, rsa) =>
        {
            if (!rsa.VerifyData(_challenge, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                throw new InvalidOperationException("The signature failed to verify.");
            return rsa;
        }, rsa => rsa.Dispose());

    private RSA CopyOfKey()
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_rsa.ExportSubjectPublicKeyInfo(), out _);
        return rsa;
    }

    [Benchmark(Description = "RSA key import + verify (what caching the imported key saves)")]
    public bool RsaImportAndVerify()
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_rsa.ExportSubjectPublicKeyInfo(), out _);
        return rsa.VerifyData(_challenge, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
