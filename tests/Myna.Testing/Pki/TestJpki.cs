using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Issuance;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;
using Myna.Primitives;

namespace Myna.Testing.Pki;

/// <summary>
/// The JPKI authorities for a test: both hierarchies on a clock the test controls, logging into a
/// <see cref="CertificateRegistry"/>, with the run's cached CA keys (<see cref="TestCaKeyStore"/>). The one place tests
/// get authorities, a holder's certificates, or a certificate issuer for a chip they personalise.
/// </summary>
public sealed class TestJpki : IDisposable
{
    private readonly List<X509Certificate2> _issued = [];

    /// <param name="clock">The authorities' clock; null: a <see cref="FakeTimeProvider"/> at <paramref name="now"/>.</param>
    /// <param name="now">Where a new fake clock starts; null: now.</param>
    /// <param name="options">Names and settings of the authorities; null: the defaults (<c>O=JPKI</c>).</param>
    /// <param name="keys">Where the CA keys come from; null: the run's cached test keys. A store of its own makes a CA
    /// with keys no other test shares (a stranger CA).</param>
    public TestJpki(TimeProvider? clock = null, DateTimeOffset? now = null, JpkiAuthorityOptions? options = null, ICaKeyStore? keys = null)
    {
        Clock = clock ?? new FakeTimeProvider(now ?? DateTimeOffset.UtcNow);
        Authorities = JpkiAuthorities.LoadOrCreate(keys ?? new TestCaKeyStore(), options ?? new JpkiAuthorityOptions(), Clock, Registry);
    }

    public TimeProvider Clock { get; }

    /// <summary><see cref="Clock"/> when it is the fake one this made.</summary>
    public FakeTimeProvider FakeClock => Clock as FakeTimeProvider
        ?? throw new InvalidOperationException("This TestJpki runs on a clock the test gave it.");

    public CertificateRegistry Registry { get; } = new();

    public JpkiAuthorities Authorities { get; }

    /// <summary>A signature certificate for <see cref="TestHolder.Hanako"/>'s shared test key, valid to 2035-01-02.</summary>
    public X509Certificate2 IssueSignature() => Keep(Authorities.Signature.IssueSignatureCertificate(
        TestCardKeys.Signature.ExportParameters(false), new SignatureCertificateSubject(TestHolder.Hanako, TestHolder.Koriyama),
        new DateOnly(2035, 1, 2)));

    /// <summary>A user-authentication certificate for <see cref="TestHolder.Hanako"/>'s shared test key, valid to 2035-01-02.</summary>
    public X509Certificate2 IssueAuthentication() => Keep(Authorities.Authentication.IssueAuthenticationCertificate(
        TestCardKeys.Authentication.ExportParameters(false), TestHolder.Hanako.BirthDate, TestHolder.Koriyama, new DateOnly(2035, 1, 2)));

    /// <summary>What a chip being personalised for <paramref name="holder"/> gets its certificates from: these authorities.</summary>
    public ICardCertificateIssuer CardIssuer(BasicFourInformation holder, JpkiMunicipality municipality, DateOnly cardExpiry) =>
        new AuthorityCertificateIssuer(Authorities, holder, municipality, cardExpiry, requestId: null);

    private X509Certificate2 Keep(X509Certificate2 certificate)
    {
        _issued.Add(certificate);
        return certificate;
    }

    public void Dispose()
    {
        foreach (var certificate in _issued)
            certificate.Dispose();
        Authorities.Dispose();
    }
}

/// <summary>
/// A CA key store in memory whose "generated" keys are one RSA-2048 key per label for the whole test run, so that the
/// suite does not spend its time generating CA keys. Certificates are still made per store, so each store is a new CA.
/// </summary>
public sealed class TestCaKeyStore : ICaKeyStore
{
    private static readonly ConcurrentDictionary<string, byte[]> Keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _certificates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _generated = new(StringComparer.Ordinal);

    public ICaSigner? Open(string label) => _generated.Contains(label) ? Load(label) : null;

    public ICaSigner Generate(string label, int keySizeInBits)
    {
        if (keySizeInBits != 2048)
            throw new ArgumentOutOfRangeException(nameof(keySizeInBits), "The cached test CA keys are RSA-2048.");
        if (!_generated.Add(label))
            throw new InvalidOperationException($"The key '{label}' was generated twice.");
        return Load(label);
    }

    public byte[]? ReadCertificate(string label) => _certificates.GetValueOrDefault(label);

    public void WriteCertificate(string label, byte[] der) => _certificates[label] = der;

    private static SoftwareCaSigner Load(string label)
    {
        var pkcs8 = Keys.GetOrAdd(label, _ =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportPkcs8PrivateKey();
        });
        var key = RSA.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return new SoftwareCaSigner(key);
    }
}

/// <summary>The holder the PKI tests certify, and her municipality.</summary>
public static class TestHolder
{
    public static readonly BasicFourInformation Hanako =
        new("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 1, 2), Sex.Female);

    public static readonly JpkiMunicipality Koriyama = new("Fukushima-ken", "Koriyama-shi");
}

/// <summary>A card's two keys for tests that certify keys without a chip: one pair per run, since any key will do.</summary>
public static class TestCardKeys
{
    private static readonly Lazy<RSA> SignatureKey = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> AuthenticationKey = new(() => RSA.Create(2048));

    /// <summary>The signature key (both halves, to sign as the chip would). Shared: never dispose it.</summary>
    public static RSA Signature => SignatureKey.Value;

    /// <summary>The user-authentication key, distinct from the signature key as on the chip. Shared: never dispose it.</summary>
    public static RSA Authentication => AuthenticationKey.Value;
}
