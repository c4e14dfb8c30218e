using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Revocation;

/// <summary>
/// Every certificate both authorities issued and every revocation: the issued-certificate log the
/// authorities write to, and the status source the CRL publisher and the OCSP responder read. Safe for
/// concurrent use.
/// </summary>
/// <remarks>
/// Kept in memory; an <see cref="ICertificateRegistryStore"/> given to the constructor is loaded once and
/// written through, so a database can keep it across restarts. Serial numbers are upper-case hex as
/// <c>X509Certificate2.SerialNumber</c> shows them; lower-case input is accepted.
/// </remarks>
public sealed class CertificateRegistry : IIssuedCertificateLog, ICertificateStatusSource
{
    private readonly ICertificateRegistryStore _store;
    private readonly Lock _gate = new();
    private readonly Dictionary<(JpkiHierarchy, string), IssuedCertificateRecord> _issued = [];
    private readonly List<IssuedCertificateRecord> _issuedInOrder = [];
    private readonly Dictionary<(JpkiHierarchy, string), RevokedCertificate> _revoked = [];
    private readonly Dictionary<JpkiHierarchy, List<RevokedCertificate>> _revokedInOrder = [];
    private long _revision;

    /// <summary>An empty registry kept in memory only.</summary>
    public CertificateRegistry()
        : this(TransientCertificateRegistryStore.Instance)
    {
    }

    /// <summary>A registry loaded from, and writing through to, <paramref name="store"/>.</summary>
    /// <exception cref="InvalidOperationException">The store holds a duplicate serial or a revocation of a serial it never issued.</exception>
    public CertificateRegistry(ICertificateRegistryStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        // Revocations first: the certificate a revocation names was stored before it, so the certificates read after them
        // hold it even while other processes on the store issue and revoke between the two reads.
        var revocations = store.LoadRevoked();
        foreach (var record in store.LoadIssued())
            AddIssuedInMemory(Normalise(record));
        foreach (var revocation in revocations)
        {
            var r = revocation with { SerialNumber = NormaliseSerial(revocation.SerialNumber) };
            if (!_issued.ContainsKey((r.Hierarchy, r.SerialNumber)) || !_revoked.TryAdd((r.Hierarchy, r.SerialNumber), r))
                throw new InvalidOperationException("The store holds a revocation of an unknown or already revoked serial.");
            RevokedList(r.Hierarchy).Add(r);
        }
        // Revision counts revocations, so a reloaded registry does not look older to a cache than it was.
        _revision = _revoked.Count;
    }

    /// <inheritdoc />
    public event EventHandler<RevokedCertificate>? CertificateRevoked;

    /// <summary>
    /// Raised after this process stored a change (an issued certificate or a revocation, through <see cref="Record"/>,
    /// <see cref="Revoke"/> or <see cref="Publish"/>), so that other processes on the same database can be told; not
    /// raised for what <see cref="Absorb"/> takes in, which another process stored and announced.
    /// </summary>
    public event EventHandler? StoredHere;

    /// <inheritdoc />
    public long Revision => Interlocked.Read(ref _revision);

    /// <inheritdoc />
    public IReadOnlyList<IssuedCertificateRecord> All
    {
        get
        {
            lock (_gate)
                return [.. _issuedInOrder];
        }
    }

    /// <inheritdoc />
    public bool Contains(JpkiHierarchy hierarchy, string serialNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        lock (_gate)
            return _issued.ContainsKey((hierarchy, NormaliseSerial(serialNumber)));
    }

    /// <inheritdoc />
    public void Record(IssuedCertificateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record = Normalise(record);
        lock (_gate)
        {
            if (_issued.ContainsKey((record.Hierarchy, record.SerialNumber)))
                throw new InvalidOperationException("A certificate with this serial number was already issued in this hierarchy.");
            _store.AddIssued(record);
            AddIssuedInMemory(record);
        }
        StoredHere?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>The issue record of a serial, or null when the hierarchy never issued it.</summary>
    public IssuedCertificateRecord? Find(JpkiHierarchy hierarchy, string serialNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        lock (_gate)
            return _issued.GetValueOrDefault((hierarchy, NormaliseSerial(serialNumber)));
    }

    /// <inheritdoc />
    public CertificateStatus GetStatus(JpkiHierarchy hierarchy, string serialNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        var key = (hierarchy, NormaliseSerial(serialNumber));
        lock (_gate)
        {
            if (_revoked.TryGetValue(key, out var r))
                return CertificateStatus.Revoked(r.RevokedAt, r.Reason);
            return _issued.ContainsKey(key) ? CertificateStatus.Good : CertificateStatus.Unknown;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<RevokedCertificate> RevokedIn(JpkiHierarchy hierarchy)
    {
        lock (_gate)
            return _revokedInOrder.TryGetValue(hierarchy, out var list) ? [.. list] : [];
    }

    /// <summary>
    /// Revokes a certificate, for good. Use <see cref="RevocationReasons"/> for the reason of a domain event
    /// (L1, M1, V5, V7).
    /// </summary>
    /// <param name="hierarchy">The issuing authority.</param>
    /// <param name="serialNumber">The serial as hex (as <c>X509Certificate2.SerialNumber</c>).</param>
    /// <param name="reason">The RFC 5280 §5.3.1 reason.</param>
    /// <param name="at">
    /// When the certificate counts as revoked (revocationDate, RFC 5280 §5.1.2.6); kept in UTC, truncated to
    /// the second as the CRL encodes it.
    /// </param>
    /// <returns>
    /// <see cref="RevocationOutcome.Revoked"/>; <see cref="RevocationOutcome.AlreadyRevoked"/> with the
    /// earlier revocation, unchanged; or <see cref="RevocationOutcome.UnknownSerial"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The reason is <c>removeFromCRL</c> or <c>certificateHold</c> (a revocation here is final), or the
    /// hierarchy is not defined.
    /// </exception>
    public RevocationResult Revoke(JpkiHierarchy hierarchy, string serialNumber, X509RevocationReason reason, DateTimeOffset at)
    {
        var key = RevocationKey(hierarchy, serialNumber, reason);
        RevokedCertificate revocation;
        lock (_gate)
        {
            if (_revoked.TryGetValue(key, out var earlier))
                return new RevocationResult(RevocationOutcome.AlreadyRevoked, earlier);
            if (!_issued.ContainsKey(key))
                return new RevocationResult(RevocationOutcome.UnknownSerial, null);
            revocation = new RevokedCertificate(hierarchy, key.Item2, TruncateToSecond(at.ToUniversalTime()), reason);
            _store.AddRevoked(revocation);
            _revoked.Add(key, revocation);
            RevokedList(hierarchy).Add(revocation);
            Interlocked.Increment(ref _revision);
        }
        // Raised outside the lock: a handler (the CRL publisher) reads the registry back.
        CertificateRevoked?.Invoke(this, revocation);
        StoredHere?.Invoke(this, EventArgs.Empty);
        return new RevocationResult(RevocationOutcome.Revoked, revocation);
    }

    /// <summary>
    /// Takes in revocations that the caller stored itself, in the same database transaction as the change that caused
    /// them (a window procedure), after that transaction committed: the registry's view, the CRL and OCSP follow at once.
    /// A revocation the registry has already (a restart loaded it) is skipped.
    /// </summary>
    /// <remarks>Nothing is written to the store: the caller did that, all or nothing with its change.</remarks>
    /// <exception cref="InvalidOperationException">A revocation names a serial this registry never issued.</exception>
    public void Publish(IEnumerable<RevokedCertificate> stored)
    {
        if (TakeIn([], stored) > 0)
            StoredHere?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Takes in certificates and revocations that another process on the same database stored (a registry of one
    /// process learns of the others' work this way): what the registry has already is skipped, new revocations raise
    /// <see cref="CertificateRevoked"/> (the CRL and the OCSP answers follow), and <see cref="StoredHere"/> is not raised.
    /// </summary>
    /// <returns>How many certificates and revocations were new.</returns>
    /// <exception cref="InvalidOperationException">A revocation names a serial neither the registry nor <paramref name="issued"/> has.</exception>
    public int Absorb(IEnumerable<IssuedCertificateRecord> issued, IEnumerable<RevokedCertificate> revoked) => TakeIn(issued, revoked);

    private int TakeIn(IEnumerable<IssuedCertificateRecord> issued, IEnumerable<RevokedCertificate> stored)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(stored);
        var published = new List<RevokedCertificate>();
        var added = 0;
        lock (_gate)
        {
            foreach (var record in issued.Select(Normalise))
            {
                if (_issued.ContainsKey((record.Hierarchy, record.SerialNumber)))
                    continue;
                AddIssuedInMemory(record);
                // An answer "unknown" cached for this serial is stale now.
                Interlocked.Increment(ref _revision);
                added++;
            }
            foreach (var revocation in stored)
            {
                var r = revocation with { SerialNumber = NormaliseSerial(revocation.SerialNumber) };
                var key = (r.Hierarchy, r.SerialNumber);
                if (!_issued.ContainsKey(key))
                    throw new InvalidOperationException("A stored revocation names a serial that was never issued.");
                if (!_revoked.TryAdd(key, r))
                    continue;
                RevokedList(r.Hierarchy).Add(r);
                Interlocked.Increment(ref _revision);
                published.Add(r);
            }
        }
        // Raised outside the lock, as by Revoke.
        foreach (var revocation in published)
            CertificateRevoked?.Invoke(this, revocation);
        return added + published.Count;
    }

    /// <summary>
    /// A revocation as <see cref="Revoke"/> would make it (time truncated to the second, serial normalised), for a caller
    /// that stores it in its own transaction and then <see cref="Publish"/>es it; null when the serial is already revoked.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Revoke"/>.</exception>
    /// <exception cref="InvalidOperationException">The serial was never issued.</exception>
    public RevokedCertificate? Prepare(JpkiHierarchy hierarchy, string serialNumber, X509RevocationReason reason, DateTimeOffset at)
    {
        var key = RevocationKey(hierarchy, serialNumber, reason);
        lock (_gate)
        {
            if (!_issued.ContainsKey(key))
                throw new InvalidOperationException("The serial was never issued.");
            if (_revoked.ContainsKey(key))
                return null;
        }
        return new RevokedCertificate(hierarchy, key.Item2, TruncateToSecond(at.ToUniversalTime()), reason);
    }

    /// <summary>The checked arguments of a revocation, as the registry's key.</summary>
    private static (JpkiHierarchy, string) RevocationKey(JpkiHierarchy hierarchy, string serialNumber, X509RevocationReason reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        if (!Enum.IsDefined(hierarchy))
            throw new ArgumentOutOfRangeException(nameof(hierarchy));
        // removeFromCRL only exists in delta CRLs and certificateHold is not final (RFC 5280 §5.3.1).
        if (!Enum.IsDefined(reason) || reason is X509RevocationReason.RemoveFromCrl or X509RevocationReason.CertificateHold)
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A revocation here is final: no hold, no removal.");
        return (hierarchy, NormaliseSerial(serialNumber));
    }

    private void AddIssuedInMemory(IssuedCertificateRecord record)
    {
        if (!_issued.TryAdd((record.Hierarchy, record.SerialNumber), record))
            throw new InvalidOperationException("A certificate with this serial number was already issued in this hierarchy.");
        _issuedInOrder.Add(record);
    }

    private List<RevokedCertificate> RevokedList(JpkiHierarchy hierarchy)
    {
        if (!_revokedInOrder.TryGetValue(hierarchy, out var list))
            _revokedInOrder[hierarchy] = list = [];
        return list;
    }

    private static IssuedCertificateRecord Normalise(IssuedCertificateRecord record) =>
        record with { SerialNumber = NormaliseSerial(record.SerialNumber) };

    private static string NormaliseSerial(string serialNumber) => serialNumber.ToUpperInvariant();

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
