using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Ocsp;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Myna.Pki.Verification;

/// <summary>How an <see cref="OcspRevocationChecker"/> asks and what it accepts.</summary>
public sealed record OcspCheckerOptions
{
    /// <summary>The responder, e.g. <c>https://jpki.example/ocsp</c>: POSTed to (RFC 6960 Appendix A.1). Required.</summary>
    public required Uri ResponderUrl { get; init; }

    /// <summary>
    /// Whether each request carries a fresh random nonce that the answer must echo (RFC 8954). Default true:
    /// it stops a replayed old "good". A responder then signs each answer, which costs it an RSA signature.
    /// </summary>
    public bool UseNonce { get; init; } = true;

    /// <summary>
    /// Whether an answer must echo the nonce that was sent. Default false: a responder of RFC 5019's lightweight profile
    /// answers a pre-signed response without the nonce, and such an answer is taken on its freshness (thisUpdate and
    /// nextUpdate, within the skew) as RFC 5019 clients take every answer. An answer that carries a different nonce is
    /// refused either way: it was made for another request.
    /// </summary>
    public bool RequireNonceEcho { get; init; }

    /// <summary>Clock difference tolerated on thisUpdate and nextUpdate. Default five minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an answer is kept at most, whatever its nextUpdate; null (the default): until its nextUpdate. A relying
    /// party that must see a revocation soon (the kiosk's issuance centre) keeps answers for less than the responder
    /// promises them.
    /// </summary>
    public TimeSpan? MaxCacheAge { get; init; }

    /// <summary>Most answers kept; the cache is emptied when full. Default 100,000.</summary>
    public int MaxCachedAnswers { get; init; } = 100_000;

    /// <summary>Largest answer read. Default 64 KiB (an answer for one certificate is about 1.5 KiB with the responder certificate).</summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024;
}

/// <summary>
/// Asks an OCSP responder (RFC 6960) over HTTP POST and believes the answer only when it is signed by the CA
/// itself or by a delegated responder whose certificate that CA issued with id-kp-OCSPSigning (§4.2.2.2), names
/// the certificate asked about, echoes the nonce, and is fresh (thisUpdate ≤ now ≤ nextUpdate, within the skew).
/// </summary>
/// <remarks>
/// <para>
/// Good and revoked answers are cached per (hierarchy, serial) until their nextUpdate, read from the
/// <see cref="TimeProvider"/>; an unavailable one is never cached. Safe for concurrent use; two concurrent
/// misses for one serial may both ask.
/// </para>
/// <para>
/// BouncyCastle builds the request and reads the response: the framework has no OCSP types, and a hand-written
/// BasicOCSPResponse reader would be a second, less-tested copy of one.
/// </para>
/// </remarks>
public sealed class OcspRevocationChecker : IRevocationChecker
{
    private const string SourceName = "ocsp";
    private const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";
    private const int MaxResponderKeys = 64;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly OcspCheckerOptions _options;
    private readonly ConcurrentDictionary<(JpkiHierarchy, string), RevocationCheck> _cache = new();
    private readonly ConcurrentDictionary<string, BcCertificate> _issuers = new(StringComparer.Ordinal);
    // A delegated responder's key, once its certificate was found signed by the CA: BouncyCastle checks an RSA public
    // key (a probable-prime test of the modulus) every time it makes one, tens of milliseconds for each answer otherwise.
    private readonly ConcurrentDictionary<(string Issuer, string Responder), AsymmetricKeyParameter> _responderKeys = new();

    /// <summary>A checker that asks <see cref="OcspCheckerOptions.ResponderUrl"/> through <paramref name="http"/>.</summary>
    public OcspRevocationChecker(HttpClient http, TimeProvider clock, OcspCheckerOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.ResponderUrl.IsAbsoluteUri)
            throw new ArgumentException("The responder URL must be absolute.", nameof(options));
        _http = http;
        _clock = clock;
        _options = options;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheck> CheckAsync(RevocationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query.Issuer);
        var key = (query.Hierarchy, query.SerialNumber.ToUpperInvariant());
        if (_cache.TryGetValue(key, out var cached) && _clock.GetUtcNow() < cached.ValidUntil)
            return cached;

        var issuer = _issuers.GetOrAdd(query.Issuer.Thumbprint, _ => new BcCertificate(query.Issuer.RawData));
        var certId = new CertificateID(CertificateID.DigestSha1, issuer, new BcBigInteger(key.Item2, 16));
        var nonce = _options.UseNonce ? RandomNumberGenerator.GetBytes(16) : null;
        byte[] answer;
        try
        {
            answer = await PostAsync(Request(certId, nonce), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RevocationHttp.IsUnreachable(e, cancellationToken))
        {
            return RevocationCheck.Unavailable(SourceName, "The OCSP responder could not be reached or answered with an HTTP error.");
        }

        var check = Read(answer, issuer, certId, nonce);
        if (check.State != RevocationState.Unavailable)
        {
            var kept = _clock.GetUtcNow() + _options.MaxCacheAge;
            if (kept < check.ValidUntil)
                check = check with { ValidUntil = kept };
            if (_cache.Count >= _options.MaxCachedAnswers)
                _cache.Clear();
            _cache[key] = check;
        }
        return check;
    }

    private static byte[] Request(CertificateID certId, byte[]? nonce)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(certId);
        if (nonce is not null)
        {
            // RFC 8954 §2.1: the extnValue holds Nonce ::= OCTET STRING (SIZE(1..32)).
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }
        return generator.Generate().GetEncoded();
    }

    private async Task<byte[]> PostAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using var response = await _http.PostAsync(_options.ResponderUrl, content, cancellationToken).ConfigureAwait(false);
        return await RevocationHttp.ReadBodyAsync(response, _options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
    }

    private RevocationCheck Read(byte[] der, BcCertificate issuer, CertificateID certId, byte[]? nonce)
    {
        BasicOcspResp basic;
        try
        {
            var response = new OcspResp(der);
            if (response.Status != OcspRespStatus.Successful)
                return RevocationCheck.Unavailable(SourceName, $"The OCSP responder answered status {response.Status}.");
            if (response.GetResponseObject() is not BasicOcspResp b)
                return RevocationCheck.Unavailable(SourceName, "The OCSP answer is not a basic response.");
            basic = b;
        }
#pragma warning disable CA1031 // Whatever BouncyCastle throws on bytes from outside means "not an answer".
        catch (Exception)
        {
            return RevocationCheck.Unavailable(SourceName, "The OCSP answer is not DER of an OCSPResponse.");
        }
#pragma warning restore CA1031

        var now = _clock.GetUtcNow();
        if (!IsSignedForIssuer(basic, issuer, now))
            return RevocationCheck.Unavailable(SourceName, "The OCSP answer is not signed by the CA or a responder it delegated.");
        if (nonce is not null)
        {
            var echoed = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
            if (echoed is null ? _options.RequireNonceEcho : !echoed.GetOctets().AsSpan().SequenceEqual(new DerOctetString(nonce).GetEncoded()))
                return RevocationCheck.Unavailable(SourceName, "The OCSP answer does not echo the request's nonce (RFC 8954).");
        }
        var single = basic.Responses.FirstOrDefault(r => r.GetCertID().Equals(certId));
        if (single is null)
            return RevocationCheck.Unavailable(SourceName, "The OCSP answer is about another certificate.");
        var thisUpdate = RevocationHttp.Utc(single.ThisUpdate);
        if (thisUpdate > now + _options.ClockSkew)
            return RevocationCheck.Unavailable(SourceName, "The OCSP answer's thisUpdate is in the future.");
        // RFC 5019 §2.2.4 requires nextUpdate; without it there is no way to know how long the answer holds.
        if (single.NextUpdate is not { } next || RevocationHttp.Utc(next) + _options.ClockSkew <= now)
            return RevocationCheck.Unavailable(SourceName, "The OCSP answer is stale (nextUpdate passed or absent).");
        var validUntil = RevocationHttp.Utc(next);

        return single.GetCertStatus() switch
        {
            null => new RevocationCheck(RevocationState.Good, SourceName, ValidUntil: validUntil),
            RevokedStatus revoked => new RevocationCheck(
                RevocationState.Revoked, SourceName, RevocationHttp.Utc(revoked.RevocationTime),
                revoked.HasRevocationReason ? (X509RevocationReason)revoked.RevocationReason : null, validUntil),
            _ => RevocationCheck.Unavailable(SourceName, "The OCSP responder does not know this certificate."),
        };
    }

    /// <summary>RFC 6960 §4.2.2.2: signed by the CA, or by a certificate the CA issued with id-kp-OCSPSigning, valid now.</summary>
    private bool IsSignedForIssuer(BasicOcspResp basic, BcCertificate issuer, DateTimeOffset now)
    {
        foreach (var responder in basic.GetCerts())
        {
            if (!responder.IssuerDN.Equivalent(issuer.SubjectDN))
                continue;
            if (!responder.IsValid(now.UtcDateTime))
                continue;
            var usages = responder.GetExtendedKeyUsage();
            if (usages is null || !usages.Any(u => u.Id == OcspSigningOid))
                continue;
            if (ResponderKey(responder, issuer) is { } key && Verifies(basic, key))
                return true;
        }
        return Verifies(basic, issuer.GetPublicKey());
    }

    /// <summary>The responder certificate's key when the CA signed the certificate; null otherwise (never kept).</summary>
    private AsymmetricKeyParameter? ResponderKey(BcCertificate responder, BcCertificate issuer)
    {
        var key = (Convert.ToHexString(SHA256.HashData(issuer.GetEncoded())), Convert.ToHexString(SHA256.HashData(responder.GetEncoded())));
        if (_responderKeys.TryGetValue(key, out var known))
            return known;
        if (!IsSignedBy(responder, issuer))
            return null;
        var publicKey = responder.GetPublicKey();
        if (_responderKeys.Count >= MaxResponderKeys)
            _responderKeys.Clear();
        _responderKeys[key] = publicKey;
        return publicKey;
    }

#pragma warning disable CA1031 // BouncyCastle reports a signature that does not verify as an exception.
    private static bool IsSignedBy(BcCertificate certificate, BcCertificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static bool Verifies(BasicOcspResp basic, AsymmetricKeyParameter key)
    {
        try
        {
            return basic.Verify(key);
        }
        catch (Exception)
        {
            return false;
        }
    }
#pragma warning restore CA1031
}
