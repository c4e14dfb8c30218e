using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Myna.Pki.Verification;

/// <summary>What a <see cref="CrlRevocationChecker"/> accepts.</summary>
public sealed record CrlCheckerOptions
{
    /// <summary>Clock difference tolerated on thisUpdate and nextUpdate. Default five minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest CRL read over HTTP. Default 16 MiB.</summary>
    public int MaxCrlBytes { get; init; } = 16 * 1024 * 1024;
}

/// <summary>
/// Checks revocation against each hierarchy's full CRL (RFC 5280 §5), fetched over HTTP (<c>GET /crl/…</c>) or
/// handed over as bytes. A CRL is believed only when its issuer is the CA, its signature verifies under the
/// CA's key, it carries no critical extension this reader does not know (no delta CRLs, no partitioned scope),
/// and thisUpdate ≤ now &lt; nextUpdate within the skew.
/// </summary>
/// <remarks>
/// One CRL per hierarchy is kept, parsed into a serial index, until its nextUpdate (read from the
/// <see cref="TimeProvider"/>); then it is fetched again. A fetch that fails is not cached. Concurrent misses
/// of one hierarchy wait for one fetch. BouncyCastle reads the CRL: the framework's
/// <c>CertificateRevocationListBuilder.Load</c> neither verifies the signature nor exposes the entries or nextUpdate.
/// </remarks>
public sealed class CrlRevocationChecker : IRevocationChecker, IDisposable
{
    private const string SourceName = "crl";
    private const string ReasonCodeOid = "2.5.29.21";
    private readonly Func<JpkiHierarchy, CancellationToken, ValueTask<byte[]>> _fetch;
    private readonly TimeProvider _clock;
    private readonly CrlCheckerOptions _options;
    private readonly ConcurrentDictionary<JpkiHierarchy, ParsedCrl> _cache = new();
    private readonly ConcurrentDictionary<JpkiHierarchy, SemaphoreSlim> _fetching = new();

    /// <summary>A checker that downloads each hierarchy's CRL from <paramref name="urls"/> (e.g. <c>…/crl/signature.crl</c>).</summary>
    public CrlRevocationChecker(
        IReadOnlyDictionary<JpkiHierarchy, Uri> urls, HttpClient http, TimeProvider clock, CrlCheckerOptions? options = null)
        : this(FromHttp(urls, http, (options ??= new CrlCheckerOptions()).MaxCrlBytes), clock, options)
    {
    }

    /// <summary>
    /// A checker whose CRL bytes come from <paramref name="fetch"/> (a file, a cache, a test). It is called on
    /// a miss and when the kept CRL has passed its nextUpdate; an exception from it means "unavailable".
    /// </summary>
    public CrlRevocationChecker(
        Func<JpkiHierarchy, CancellationToken, ValueTask<byte[]>> fetch, TimeProvider clock, CrlCheckerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(clock);
        _fetch = fetch;
        _clock = clock;
        _options = options ?? new CrlCheckerOptions();
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheck> CheckAsync(RevocationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query.Issuer);
        var (crl, problem) = await CurrentAsync(query, cancellationToken).ConfigureAwait(false);
        if (crl is null)
            return RevocationCheck.Unavailable(SourceName, problem!);
        return crl.Revoked.TryGetValue(query.SerialNumber.ToUpperInvariant(), out var entry)
            ? new RevocationCheck(RevocationState.Revoked, SourceName, entry.At, entry.Reason, crl.NextUpdate)
            : new RevocationCheck(RevocationState.Good, SourceName, ValidUntil: crl.NextUpdate);
    }

    public void Dispose()
    {
        foreach (var gate in _fetching.Values)
            gate.Dispose();
    }

    private bool IsCurrent(ParsedCrl crl, X509Certificate2 issuer) =>
        _clock.GetUtcNow() < crl.NextUpdate && crl.IssuerThumbprint == issuer.Thumbprint;

    private async ValueTask<(ParsedCrl? Crl, string? Problem)> CurrentAsync(RevocationQuery query, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(query.Hierarchy, out var kept) && IsCurrent(kept, query.Issuer))
            return (kept, null);
        var gate = _fetching.GetOrAdd(query.Hierarchy, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched it while this one waited.
            if (_cache.TryGetValue(query.Hierarchy, out kept) && IsCurrent(kept, query.Issuer))
                return (kept, null);
            byte[] der;
            try
            {
                der = await _fetch(query.Hierarchy, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any failure to get the CRL means the status is unavailable; cancellation still propagates.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (null, "The CRL could not be fetched.");
            }
#pragma warning restore CA1031
            var (crl, problem) = Parse(der, query.Issuer);
            if (crl is not null)
                _cache[query.Hierarchy] = crl;
            return (crl, problem);
        }
        finally
        {
            gate.Release();
        }
    }

    private (ParsedCrl? Crl, string? Problem) Parse(byte[] der, X509Certificate2 issuerCertificate)
    {
        X509Crl crl;
        var issuer = new BcCertificate(issuerCertificate.RawData);
        try
        {
            crl = new X509CrlParser().ReadCrl(der) ?? throw new FormatException();
            if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
                return (null, "The CRL is not issued by the certificate's CA.");
            crl.Verify(issuer.GetPublicKey());
        }
#pragma warning disable CA1031 // BouncyCastle reports unreadable bytes and bad signatures as exceptions.
        catch (Exception)
        {
            return (null, "The CRL is unreadable or its signature does not verify under the CA's key.");
        }
#pragma warning restore CA1031
        if (crl.GetCriticalExtensionOids() is { Count: > 0 })
            return (null, "The CRL has a critical extension this reader does not handle (delta or partitioned CRL).");
        var now = _clock.GetUtcNow();
        var thisUpdate = RevocationHttp.Utc(crl.ThisUpdate);
        if (thisUpdate > now + _options.ClockSkew)
            return (null, "The CRL's thisUpdate is in the future.");
        if (crl.NextUpdate is not { } next || RevocationHttp.Utc(next) + _options.ClockSkew <= now)
            return (null, "The CRL is stale (nextUpdate passed or absent).");

        var revoked = new Dictionary<string, (DateTimeOffset At, X509RevocationReason? Reason)>(StringComparer.Ordinal);
        foreach (var entry in crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
        {
            X509RevocationReason? reason = null;
            if (entry.GetExtensionValue(new DerObjectIdentifier(ReasonCodeOid)) is { } value)
                reason = (X509RevocationReason)DerEnumerated.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact;
            // Two's-complement bytes, as X509Certificate2.SerialNumber shows the DER INTEGER.
            revoked[Convert.ToHexString(entry.SerialNumber.ToByteArray())] = (RevocationHttp.Utc(entry.RevocationDate), reason);
        }
        return (new ParsedCrl(issuerCertificate.Thumbprint, RevocationHttp.Utc(next), revoked), null);
    }

    private static Func<JpkiHierarchy, CancellationToken, ValueTask<byte[]>> FromHttp(
        IReadOnlyDictionary<JpkiHierarchy, Uri> urls, HttpClient http, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(http);
        return async (hierarchy, cancellationToken) =>
        {
            if (!urls.TryGetValue(hierarchy, out var url))
                throw new InvalidOperationException("No CRL URL is configured for this hierarchy.");
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return await RevocationHttp.ReadBodyAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        };
    }

    private sealed record ParsedCrl(
        string IssuerThumbprint, DateTimeOffset NextUpdate,
        Dictionary<string, (DateTimeOffset At, X509RevocationReason? Reason)> Revoked);
}
