using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Revocation;

/// <summary>
/// Issues the full CRL of one authority: v2, with a CRL number and AKI, every revocation of the
/// hierarchy with its reason code, signed by the CA. A new CRL is issued at once on every revocation of the
/// hierarchy, and by <see cref="RefreshIfDue"/> before nextUpdate.
/// </summary>
/// <remarks>
/// <para>One CRL covers the whole hierarchy, with no issuingDistributionPoint: the certificates' DirName
/// distribution point (card-interface §6) and their optional HTTP URI name the same full CRL.</para>
/// <para>CRL numbers increase by one per CRL and are never reused. With
/// <see cref="CrlPublisherOptions.NumberStore"/> each number is stored before its CRL becomes current, so a
/// restarted host continues the sequence; without one, a restarted host passes
/// <see cref="CrlPublisherOptions.FirstNumber"/> above the last number it served.</para>
/// <para>Several processes on one database each run a publisher of the hierarchy, but only one of them signs (the holder
/// of a lease, <see cref="BeginSigning"/>); the others are followers (<see cref="CrlPublisherOptions.StartAsFollower"/>)
/// that serve the CRL the signer stored with its number (<see cref="Adopt"/>). Should two sign at once all the same (a
/// holder that has not yet noticed it lost its lease), each reads the stored number before it signs and the store
/// refuses a number not above it (<see cref="CrlNumberTakenException"/>), so the numbers still increase strictly in
/// the order they are recorded.</para>
/// <para>Safe for concurrent use; <see cref="RefreshIfDue"/> is meant for a hosted timer.</para>
/// </remarks>
public sealed class CrlPublisher : IDisposable
{
    private readonly CertificateAuthority _authority;
    private readonly ICertificateStatusSource _source;
    private readonly TimeProvider _clock;
    private readonly CrlPublisherOptions _options;
    private readonly Lock _publishing = new();
    private BigInteger _nextNumber;
    private volatile PublishedCrl _current;
    private volatile bool _signing;
    private bool _disposed;

    /// <summary>
    /// Creates the publisher and issues its first CRL; a follower (<see cref="CrlPublisherOptions.StartAsFollower"/>)
    /// serves the stored one instead while it is valid.
    /// </summary>
    /// <param name="authority">The CA that signs; its hierarchy picks the revocations.</param>
    /// <param name="source">The revocations, usually the <see cref="CertificateRegistry"/>.</param>
    /// <param name="clock">thisUpdate is its current time, truncated to the second.</param>
    /// <param name="options">Validity, refresh margin, first CRL number; defaults when null.</param>
    public CrlPublisher(
        CertificateAuthority authority, ICertificateStatusSource source, TimeProvider clock, CrlPublisherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new CrlPublisherOptions();
        options.Validate();
        _authority = authority;
        _source = source;
        _clock = clock;
        _options = options;
        _nextNumber = options.FirstNumber;
        if (options.NumberStore?.LastNumber(authority.Hierarchy) is { } last)
            NumberAbove(last);
        var now = clock.GetUtcNow();
        if (options.StartAsFollower && options.NumberStore?.LastCrl(authority.Hierarchy) is { } stored
            && stored.ThisUpdate <= now && now < stored.NextUpdate)
        {
            _current = stored;
            NumberAbove(stored.Number);
        }
        else
        {
            // Nothing stored yet to serve (the first start): even a follower signs this one.
            Issue();
        }
        _signing = !options.StartAsFollower;
        _source.CertificateRevoked += OnCertificateRevoked;
    }

    /// <summary>The hierarchy whose CRL this is.</summary>
    public JpkiHierarchy Hierarchy => _authority.Hierarchy;

    /// <summary>
    /// The current CRL with its number and times, read together (an HTTP handler takes this once, so the
    /// body, ETag and Last-Modified belong to the same CRL).
    /// </summary>
    public PublishedCrl Current => _current;

    /// <summary>The current CRL, DER (a fresh copy): what <c>GET /crl/…</c> serves as <c>application/pkix-crl</c>.</summary>
    public byte[] CurrentCrl => _current.Der.ToArray();

    /// <summary>The current CRL as PEM (<c>-----BEGIN X509 CRL-----</c>).</summary>
    public string CurrentCrlPem => _current.Pem;

    /// <summary>The current CRL's number (RFC 5280 §5.2.3).</summary>
    public BigInteger CurrentNumber => _current.Number;

    /// <summary>The current CRL's thisUpdate.</summary>
    public DateTimeOffset ThisUpdate => _current.ThisUpdate;

    /// <summary>The current CRL's nextUpdate: a new CRL is issued before then.</summary>
    public DateTimeOffset NextUpdate => _current.NextUpdate;

    /// <summary>
    /// Raised after this publisher issued a new CRL (for a host that tells other processes, or caches); not for a CRL
    /// taken in by <see cref="Adopt"/>.
    /// </summary>
    public event EventHandler? Published;

    /// <summary>
    /// Whether this publisher signs on every revocation of the hierarchy and before nextUpdate: from the start, unless it
    /// started as a follower; a follower after <see cref="BeginSigning"/> until <see cref="StopSigning"/>.
    /// </summary>
    public bool IsSigning => _signing;

    /// <summary>
    /// Makes a follower the signer (it took the lease): it signs a CRL at once — the last holder may have died before
    /// signing for a revocation it took in — then on every revocation and before nextUpdate. Nothing when already signing.
    /// </summary>
    /// <returns>Whether it became the signer now.</returns>
    public bool BeginSigning()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_publishing)
        {
            if (_signing)
                return false;
            // Signing before the first signature: a revocation meanwhile waits for the lock, then signs again.
            _signing = true;
            try
            {
                Issue();
            }
            catch
            {
                _signing = false;
                throw;
            }
        }
        Published?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>Makes the signer a follower again (it lost the lease): it keeps serving its CRL and signs no more.</summary>
    public void StopSigning() => _signing = false;

    /// <summary>
    /// Serves <paramref name="crl"/> — a CRL of this hierarchy that another process signed and stored — if it is
    /// numbered above the current one; an older or equal one is ignored, so a CRL never goes back.
    /// </summary>
    /// <returns>Whether it became current.</returns>
    public bool Adopt(PublishedCrl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_publishing)
        {
            if (crl.Number <= _current.Number)
                return false;
            _current = crl;
            NumberAbove(crl.Number);
            return true;
        }
    }

    /// <summary>Issues a new CRL now, whatever the schedule.</summary>
    public void Publish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Issue();
        Published?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Issues a new CRL when now ≥ nextUpdate − <see cref="CrlPublisherOptions.RefreshMargin"/>, or when now is
    /// before the current CRL's thisUpdate (a clock moved backwards, as a sandbox's may be: relying parties refuse a
    /// CRL from the future).
    /// </summary>
    /// <returns>Whether a new CRL was issued; always false for a follower, which does not sign.</returns>
    public bool RefreshIfDue()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_publishing)
        {
            if (!_signing)
                return false;
            var now = _clock.GetUtcNow();
            if (now >= _current.ThisUpdate && now < _current.NextUpdate - _options.RefreshMargin)
                return false;
            Issue();
        }
        Published?.Invoke(this, EventArgs.Empty);
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _source.CertificateRevoked -= OnCertificateRevoked;
    }

    /// <summary>The next CRL is numbered above <paramref name="taken"/>, a number served or stored already.</summary>
    private void NumberAbove(BigInteger taken)
    {
        if (taken >= _nextNumber)
            _nextNumber = taken + BigInteger.One;
    }

    private void OnCertificateRevoked(object? sender, RevokedCertificate revocation)
    {
        // A follower leaves the revocation to the signer, whose CRL it adopts.
        if (revocation.Hierarchy == Hierarchy && !_disposed && _signing)
            Publish();
    }

    /// <summary>Signs the next CRL and makes it current.</summary>
    /// <remarks>
    /// Swapped in under the lock: were it assigned after the lock, a slower thread could put back an older
    /// CRL (a lower number, missing a revocation) over a newer one.
    /// </remarks>
    [MemberNotNull(nameof(_current))]
    private void Issue()
    {
        lock (_publishing)
        {
            // UtcTicks: a TimeProvider may answer with an offset (a fake clock set in JST does).
            var now = _clock.GetUtcNow().UtcTicks;
            // CRL times have whole seconds (RFC 5280 §5.1.2.4); truncating first makes ThisUpdate equal the encoded one.
            var thisUpdate = new DateTimeOffset(now - (now % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var nextUpdate = thisUpdate + _options.Validity;
            var builder = new CertificateRevocationListBuilder();
            foreach (var r in _source.RevokedIn(Hierarchy))
            {
                // RFC 5280 §5.3.1: "the reason code CRL entry extension SHOULD be absent instead of using the
                // unspecified (0) reasonCode value".
                X509RevocationReason? reason = r.Reason == X509RevocationReason.Unspecified ? null : r.Reason;
                builder.AddEntry(Convert.FromHexString(r.SerialNumber), r.RevokedAt, reason);
            }
            for (var attempt = 1; ; attempt++)
            {
                // Another process on the same database may have numbered CRLs since: continue above its last.
                if (_options.NumberStore?.LastNumber(Hierarchy) is { } stored)
                    NumberAbove(stored);
                var number = _nextNumber;
                var crl = PublishedCrl.Of(_authority.SignCrl(builder, number, thisUpdate, nextUpdate), number, thisUpdate, nextUpdate);
                try
                {
                    // Stored (with the CRL, for the other processes) before the CRL becomes current, so no served number
                    // is ever lost to a restart. Should the store throw, this CRL never leaves the process and its number
                    // stays free for the next attempt.
                    _options.NumberStore?.Record(Hierarchy, crl);
                }
                catch (CrlNumberTakenException) when (attempt < MaxNumberAttempts)
                {
                    // Another process recorded this number between the read and the record: sign again above it.
                    continue;
                }
                // Only after a successful signature, so a failed attempt does not burn a number; a number once
                // signed is never used again.
                _nextNumber = number + BigInteger.One;
                _current = crl;
                return;
            }
        }
    }

    /// <summary>
    /// How many numbers one issue tries when other processes keep taking them first; each try is one signature, and
    /// two processes racing settle on the second.
    /// </summary>
    private const int MaxNumberAttempts = 5;
}

/// <summary>One issued CRL.</summary>
/// <param name="Der">The DER CertificateList (RFC 5280 §5.1); read-only.</param>
/// <param name="Pem">The same as PEM (<c>-----BEGIN X509 CRL-----</c>).</param>
/// <param name="Number">Its CRL number (RFC 5280 §5.2.3).</param>
/// <param name="ThisUpdate">thisUpdate, UTC, whole seconds.</param>
/// <param name="NextUpdate">nextUpdate, UTC, whole seconds.</param>
public sealed record PublishedCrl(
    ReadOnlyMemory<byte> Der, string Pem, BigInteger Number, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate)
{
    /// <summary>A CRL from its DER and the values it encodes (as a store gives them back), with its PEM made here.</summary>
    public static PublishedCrl Of(ReadOnlyMemory<byte> der, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate) =>
        new(der, PemEncoding.WriteString("X509 CRL", der.Span) + "\n", number, thisUpdate, nextUpdate);
}
