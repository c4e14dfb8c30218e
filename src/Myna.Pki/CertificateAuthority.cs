using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Keys;
using Myna.Primitives;

namespace Myna.Pki;

/// <summary>
/// One JPKI authority: a self-signed one-tier root (card-interface §6 "CA certificates") that issues the end-entity
/// certificate of its <see cref="Hierarchy"/> onto cards.
/// </summary>
public sealed partial class CertificateAuthority : IDisposable
{
    private const int SerialNumberBytes = 16;
    private const int MinimumKeySizeInBits = 2048;
    private readonly ICaSigner _signer;
    private readonly JpkiAuthorityOptions _options;
    private readonly IIssuedCertificateLog _log;
    private readonly TimeProvider _clock;
    // One issuance at a time: .NET does not promise that an RSA object signs safely from several threads,
    // and the serial check-then-record must not interleave.
    private readonly Lock _issuing = new();

    private CertificateAuthority(
        JpkiHierarchy hierarchy, JpkiAuthorityOptions options, ICaSigner signer, X509Certificate2 certificate,
        IIssuedCertificateLog log, TimeProvider clock)
    {
        Hierarchy = hierarchy;
        _options = options;
        _signer = signer;
        Certificate = certificate;
        _log = log;
        _clock = clock;
    }

    /// <summary>Which hierarchy this authority serves.</summary>
    public JpkiHierarchy Hierarchy { get; }

    /// <summary>The CA certificate (public only); the card holds it in EF 0002 / 000B.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA and issuer DN.</summary>
    public X500DistinguishedName Name => Certificate.SubjectName;

    /// <summary>The CA certificate's DER bytes (a fresh copy).</summary>
    public byte[] ExportCertificateDer() => Certificate.RawData;

    /// <summary>The CA certificate as PEM (<c>-----BEGIN CERTIFICATE-----</c>).</summary>
    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>The key-store label under which a hierarchy's key and CA certificate are kept.</summary>
    public static string KeyLabel(JpkiHierarchy hierarchy) => hierarchy switch
    {
        JpkiHierarchy.Signature => "jpki-signature-ca",
        JpkiHierarchy.UserAuthentication => "jpki-authentication-ca",
        _ => throw new ArgumentOutOfRangeException(nameof(hierarchy)),
    };

    /// <summary>
    /// Opens the authority stored in <paramref name="keyStore"/>, or creates its key and self-signed
    /// certificate when the store has neither.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The store holds a key without a certificate (or the reverse), the certificate does not match the key,
    /// or its DN does not match <paramref name="options"/>. Nothing is regenerated silently: a new root would
    /// orphan every certificate already issued.
    /// </exception>
    public static CertificateAuthority LoadOrCreate(
        ICaKeyStore keyStore, JpkiHierarchy hierarchy, JpkiAuthorityOptions options, TimeProvider clock,
        IIssuedCertificateLog log)
    {
        ArgumentNullException.ThrowIfNull(keyStore);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        var label = KeyLabel(hierarchy);
        var expectedName = JpkiNames.Authority(options, hierarchy);
        var der = keyStore.ReadCertificate(label);
        var signer = keyStore.Open(label);

        if (signer is null && der is null)
        {
            signer = keyStore.Generate(label, options.CaKeySizeInBits);
            var created = CreateRootCertificate(signer, expectedName, options, clock, log, hierarchy);
            keyStore.WriteCertificate(label, created.RawData);
            return new CertificateAuthority(hierarchy, options, signer, created, log, clock);
        }
        if (signer is null || der is null)
        {
            signer?.Dispose();
            throw new InvalidOperationException(
                $"The key store holds only half of the CA '{label}' (key without certificate or the reverse).");
        }

        var certificate = X509CertificateLoader.LoadCertificate(der);
        if (!certificate.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(signer.PublicKey.EncodedKeyValue.RawData))
        {
            signer.Dispose();
            throw new InvalidOperationException($"The stored CA certificate '{label}' does not match its key.");
        }
        if (!certificate.SubjectName.RawData.AsSpan().SequenceEqual(expectedName.RawData))
        {
            signer.Dispose();
            throw new InvalidOperationException(
                $"The stored CA certificate '{label}' is named '{certificate.Subject}', but the options name '{expectedName.Name}'.");
        }
        // A fresh (in-memory) log has not seen the root yet; a persistent one has.
        if (!log.Contains(hierarchy, certificate.SerialNumber))
        {
            log.Record(new IssuedCertificateRecord(
                certificate.SerialNumber, hierarchy, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime())));
        }
        return new CertificateAuthority(hierarchy, options, signer, certificate, log, clock);
    }

    private static X509Certificate2 CreateRootCertificate(
        ICaSigner signer, X500DistinguishedName name, JpkiAuthorityOptions options, TimeProvider clock,
        IIssuedCertificateLog log, JpkiHierarchy hierarchy)
    {
        var request = new CertificateRequest(name, signer.PublicKey, HashAlgorithmName.SHA256);
        // card-interface §6 "CA certificates": BC critical CA:TRUE; KU critical keyCertSign+cRLSign; SAN DirName
        // C=JP, O=公的個人認証サービス; CRL DP DirName = its own DN; SKI.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(
            JpkiExtensions.DirectoryNameAltName(JpkiOids.SubjectAltName, JpkiNames.Service(options)));
        request.CertificateExtensions.Add(JpkiExtensions.CrlDistributionPoints(name, crlUrl: null));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(
            signer.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false));

        DateTimeOffset notBefore, notAfter;
        if (options.FixedAuthorityValidity is { } fixedValidity)
        {
            // A sandbox's CA, valid on every date its clock can show, whenever it was created.
            notBefore = TruncateToSecond(fixedValidity.NotBefore);
            notAfter = TruncateToSecond(fixedValidity.NotAfter);
        }
        else
        {
            notBefore = TruncateToSecond(clock.GetUtcNow());
            notAfter = JpkiValidity.AuthorityNotAfter(JapanClock.DateOf(notBefore));
        }
        var serial = NewSerialNumber(log, hierarchy);
        var certificate = request.Create(name, signer.SignatureGenerator, notBefore, notAfter, serial);
        log.Record(new IssuedCertificateRecord(certificate.SerialNumber, hierarchy, notBefore, notAfter));
        return certificate;
    }

    public void Dispose()
    {
        _signer.Dispose();
        Certificate.Dispose();
    }

    // X.509 times have whole seconds (RFC 5280 §4.1.2.5.1); truncating first makes the logged times equal the encoded ones.
    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    /// <summary>
    /// A positive serial of <see cref="SerialNumberBytes"/> bytes, ≤ 20 octets (RFC 5280 §4.1.2.2), from a
    /// CSPRNG, unique in the hierarchy's log. The top bit is cleared (positive INTEGER) and the next set, so
    /// the DER INTEGER always has exactly 16 content octets.
    /// </summary>
    private static byte[] NewSerialNumber(IIssuedCertificateLog log, JpkiHierarchy hierarchy)
    {
        while (true)
        {
            var serial = RandomNumberGenerator.GetBytes(SerialNumberBytes);
            serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
            if (!log.Contains(hierarchy, Convert.ToHexString(serial)))
                return serial;
        }
    }

    /// <summary>
    /// An opaque subject CN: 23 characters of 0–9 and A–Z, the length of the real CNs (card-interface §6 cites
    /// <c>997794E9AGCIEG13221003A</c>). Random, so it carries no My Number or other personal detail.
    /// </summary>
    private static string NewOpaqueId()
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return RandomNumberGenerator.GetString(alphabet, 23);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
