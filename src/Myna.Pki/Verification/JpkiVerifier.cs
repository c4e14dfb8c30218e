using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Verification;

/// <summary>
/// Verifies what a platform operator (relying party, E3) receives from a card holder: a login (a challenge
/// signed with the user-authentication key) or a signed document (CMS SignedData made with the signature key),
/// against the two JPKI authorities it trusts and a revocation source.
/// </summary>
/// <remarks>
/// <para>
/// What is cached, and what is not: the chain — "this exact certificate (its DER, keyed by SHA-256 and
/// compared byte for byte) is signed by this JPKI CA" — together with the fields read from it (serial, validity,
/// keyUsage, and the public key already imported into RSA objects) is kept per certificate, since none of it can
/// change. Checked on every call: the
/// time of use against notBefore/notAfter (certificate and CA), the signature over the challenge or document,
/// and revocation (which the <see cref="IRevocationChecker"/> may cache until its answer's nextUpdate).
/// </para>
/// <para>Safe for concurrent use. Bad input is a result (<see cref="VerificationFailureCode.MalformedInput"/>), never an exception.</para>
/// </remarks>
public sealed partial class JpkiVerifier
{
    private readonly X509Certificate2 _signatureAuthority;
    private readonly X509Certificate2 _authenticationAuthority;
    private readonly IRevocationChecker _revocation;
    private readonly TimeProvider _clock;
    private readonly JpkiVerifierOptions _options;
    private readonly ConcurrentDictionary<Sha256Key, CertificateFacts> _certificates = new();

    /// <summary>A verifier that trusts the two given CA certificates (card EF 0002 and EF 000B, or the J-LIS roots).</summary>
    /// <param name="signatureAuthority">The signature CA (署名用).</param>
    /// <param name="authenticationAuthority">The user-authentication CA (利用者証明用).</param>
    /// <param name="revocation">Where revocation status comes from.</param>
    /// <param name="clock">Now, for logins and for documents without signingTime.</param>
    /// <param name="options">Limits; defaults when null.</param>
    public JpkiVerifier(
        X509Certificate2 signatureAuthority, X509Certificate2 authenticationAuthority, IRevocationChecker revocation,
        TimeProvider clock, JpkiVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signatureAuthority);
        ArgumentNullException.ThrowIfNull(authenticationAuthority);
        ArgumentNullException.ThrowIfNull(revocation);
        ArgumentNullException.ThrowIfNull(clock);
        if (signatureAuthority.RawData.AsSpan().SequenceEqual(authenticationAuthority.RawData))
            throw new ArgumentException("The two hierarchies need different CA certificates.", nameof(authenticationAuthority));
        _options = options ?? new JpkiVerifierOptions();
        _options.Validate();
        _signatureAuthority = signatureAuthority;
        _authenticationAuthority = authenticationAuthority;
        _revocation = revocation;
        _clock = clock;
    }

    /// <summary>A verifier trusting the CA certificates of <paramref name="authorities"/> (our own server's case).</summary>
    public static JpkiVerifier For(
        JpkiAuthorities authorities, IRevocationChecker revocation, TimeProvider clock, JpkiVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        return new JpkiVerifier(
            authorities.Signature.Certificate, authorities.Authentication.Certificate, revocation, clock, options);
    }

    /// <summary>
    /// A verifier for a relying party in the authorities' own process (the kiosk's issuance centre, the online eligibility
    /// service): the status by OCSP to <paramref name="responder"/> through <see cref="Ocsp.InProcessOcspHandler"/> (the
    /// protocol's bytes, no network), without a nonce (the responder's pre-signed answers, RFC 5019), each answer kept at
    /// most <paramref name="keepAnswersFor"/> so that a revocation shows within it.
    /// </summary>
    public static JpkiVerifier OverOcspInProcess(
        X509Certificate2 signatureAuthority, X509Certificate2 authenticationAuthority, Ocsp.OcspResponder responder, TimeProvider clock,
        TimeSpan keepAnswersFor) =>
        new(signatureAuthority, authenticationAuthority, new OcspRevocationChecker(
            new HttpClient(new Ocsp.InProcessOcspHandler(responder)), clock,
            new OcspCheckerOptions { ResponderUrl = new Uri("http://jpki.invalid/ocsp"), UseNonce = false, MaxCacheAge = keepAnswersFor }), clock);

    private X509Certificate2 Authority(JpkiHierarchy hierarchy) =>
        hierarchy == JpkiHierarchy.Signature ? _signatureAuthority : _authenticationAuthority;

    /// <summary>
    /// The checks shared by logins and documents, up to (not including) the signature over the payload: the
    /// chain to the <paramref name="expected"/> authority, keyUsage and validity at <paramref name="timeOfUse"/>.
    /// </summary>
    private VerificationFailure? CheckCertificate(
        CertificateFacts facts, JpkiHierarchy expected, X509KeyUsageFlags requiredUsage, DateTimeOffset timeOfUse)
    {
        if (facts.IssuedBy is not { } issuer)
            return facts.ChainFailure;
        if (issuer != expected)
        {
            return new VerificationFailure(VerificationFailureCode.WrongHierarchy, expected == JpkiHierarchy.UserAuthentication
                ? "A signature certificate was presented where the user-authentication certificate is needed (E1)."
                : "A user-authentication certificate was presented where the signature certificate is needed (E1).");
        }
        if (facts.KeyUsage is not { } usage || (usage & requiredUsage) != requiredUsage)
            return new VerificationFailure(VerificationFailureCode.WrongKeyUsage, Invariant($"The certificate's keyUsage does not include {requiredUsage}."));
        if (timeOfUse < facts.NotBefore)
            return new VerificationFailure(VerificationFailureCode.NotYetValid, Invariant($"The certificate is not valid before {facts.NotBefore:yyyy-MM-dd HH:mm:ss}Z."));
        if (timeOfUse > facts.NotAfter)
            return new VerificationFailure(VerificationFailureCode.Expired, Invariant($"The certificate expired at {facts.NotAfter:yyyy-MM-dd HH:mm:ss}Z."));
        return null;
    }

    /// <summary>
    /// Asks for the revocation status and judges it at <paramref name="timeOfUse"/>: revoked at or before it is a
    /// failure, revoked after it is not (the caller's result then says <see cref="VerificationResult.RevokedAfterTimeOfUse"/>).
    /// </summary>
    private async ValueTask<(RevocationCheck Check, VerificationFailure? Failure)> CheckRevocationAsync(
        CertificateFacts facts, JpkiHierarchy hierarchy, DateTimeOffset timeOfUse, CancellationToken cancellationToken)
    {
        var check = await _revocation.CheckAsync(
            new RevocationQuery(hierarchy, Authority(hierarchy), facts.Summary.SerialNumber), cancellationToken).ConfigureAwait(false);
        return check.State switch
        {
            RevocationState.Good => (check, null),
            RevocationState.Revoked when check.RevokedAt is { } at && at > timeOfUse => (check, null),
            RevocationState.Revoked => (check, new VerificationFailure(VerificationFailureCode.Revoked, Invariant(
                $"The certificate was revoked at {check.RevokedAt:yyyy-MM-dd HH:mm:ss}Z, reason {check.Reason?.ToString() ?? "unspecified"} ({check.Source})."))),
            _ => (check, new VerificationFailure(VerificationFailureCode.RevocationUnavailable,
                "No revocation status could be had: " + (check.Detail ?? "no answer") + Invariant($" ({check.Source})."))),
        };
    }

    /// <summary>The cached facts of a certificate, or null when the bytes are not an X.509 certificate.</summary>
    private CertificateFacts? Facts(ReadOnlySpan<byte> der)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(der, hash);
        var key = MemoryMarshal.Read<Sha256Key>(hash);
        // Compared byte for byte as well: the cache never answers for bytes it has not seen.
        if (_certificates.TryGetValue(key, out var known) && der.SequenceEqual(known.Der))
            return known;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
        using (certificate)
        {
            CertificateFacts facts;
            try
            {
                facts = Examine(certificate);
            }
            catch (CryptographicException)
            {
                // A certificate whose key or extensions OpenSSL cannot read (found by fuzzing): not a certificate here.
                return null;
            }
            if (_certificates.Count >= _options.MaxCachedCertificates)
                _certificates.Clear();
            _certificates[key] = facts;
            return facts;
        }
    }

    private CertificateFacts Examine(X509Certificate2 certificate)
    {
        var keyUsage = certificate.Extensions[JpkiOids.KeyUsage] is X509KeyUsageExtension ku ? ku.KeyUsages : (X509KeyUsageFlags?)null;
        var (ownNotBefore, ownNotAfter) = (Utc(certificate.NotBefore), Utc(certificate.NotAfter));
        var (notBefore, notAfter) = (ownNotBefore, ownNotAfter);
        JpkiHierarchy? issuedBy = null;
        var badSignature = false;
        foreach (var hierarchy in (ReadOnlySpan<JpkiHierarchy>)[JpkiHierarchy.UserAuthentication, JpkiHierarchy.Signature])
        {
            var authority = Authority(hierarchy);
            var (chains, signatureInvalid) = ChainsTo(certificate, authority);
            badSignature |= signatureInvalid;
            if (!chains)
                continue;
            issuedBy = hierarchy;
            // RFC 5280 §6.1.3 (a)(2): the CA must be valid at the time of use too.
            if (Utc(authority.NotBefore) > notBefore)
                notBefore = Utc(authority.NotBefore);
            if (Utc(authority.NotAfter) < notAfter)
                notAfter = Utc(authority.NotAfter);
            break;
        }
        VerificationFailure? chainFailure = issuedBy is not null ? null
            : badSignature ? VerificationFailure.BadSignature("The certificate's own signature does not verify under the JPKI authority it names.")
            : new VerificationFailure(VerificationFailureCode.UnknownIssuer, "The certificate does not chain to a JPKI authority trusted here.");
        var keys = certificate.GetRSAPublicKey() is { } rsa ? new PublicKeyPool(ExportAndDispose(rsa)) : null;
        return new CertificateFacts(
            certificate.RawData, issuedBy, chainFailure, keyUsage, notBefore, notAfter, keys,
            new VerifiedCertificate(certificate.SerialNumber, issuedBy, ownNotBefore, ownNotAfter));
    }

    private static byte[] ExportAndDispose(RSA rsa)
    {
        using (rsa)
            return rsa.ExportSubjectPublicKeyInfo();
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> is issued directly by <paramref name="authority"/>, as X509Chain
    /// (the platform's path validation) judges it with that CA as the only trust anchor. Time is ignored here and
    /// checked per call against the time of use; revocation is the <see cref="IRevocationChecker"/>'s.
    /// </summary>
    private static (bool Chains, bool SignatureInvalid) ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(authority);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        try
        {
            var built = chain.Build(certificate);
            // JPKI is a one-tier root (card-interface §6): the end entity and its CA, and the CA is not the end entity.
            var chains = built && chain.ChainElements.Count == 2 &&
                chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(authority.RawData);
            var signatureInvalid = chain.ChainStatus.Any(s => (s.Status & X509ChainStatusFlags.NotSignatureValid) != 0);
            return (chains, signatureInvalid);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
                element.Certificate.Dispose();
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(time.ToUniversalTime(), TimeSpan.Zero);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A SHA-256 as a value, to key the certificate cache without allocating.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Sha256Key(ulong A, ulong B, ulong C, ulong D);

    /// <summary>What never changes about one certificate, read and chain-checked once.</summary>
    private sealed record CertificateFacts(
        byte[] Der, JpkiHierarchy? IssuedBy, VerificationFailure? ChainFailure, X509KeyUsageFlags? KeyUsage,
        DateTimeOffset NotBefore, DateTimeOffset NotAfter, PublicKeyPool? PublicKeys, VerifiedCertificate Summary);

    /// <summary>
    /// Imported copies of one certificate's RSA public key, one per concurrent caller: importing a key costs
    /// OpenSSL 3 more than the verification itself (docs/performance.md), and .NET does not promise that one
    /// RSA object verifies safely from several threads. Copies left when the cache drops the entry go to the GC.
    /// </summary>
    private sealed class PublicKeyPool(byte[] subjectPublicKeyInfo)
    {
        private readonly ConcurrentBag<RSA> _idle = [];

        public RSA Rent()
        {
            if (_idle.TryTake(out var rsa))
                return rsa;
            rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return rsa;
        }

        public void Return(RSA rsa) => _idle.Add(rsa);
    }
}
