namespace Myna.Storage.Coordination;

/// <summary>
/// Lets a recurring piece of background work run in one process of several: before each run the work asks
/// <see cref="HoldsAsync"/>, which keeps the lease it has or tries to take it. Not safe for concurrent use: one runner
/// belongs to one loop.
/// </summary>
public sealed class SingleRunner : IAsyncDisposable
{
    private readonly WorkLeases _leases;
    private readonly TimeSpan _standbyInterval;
    private WorkLease? _lease;
    private long _nextAttempt;

    /// <param name="leases">The database's leases.</param>
    /// <param name="name">The work's lease name, the same in every process (e.g. <c>daily-sweep</c>).</param>
    /// <param name="standbyInterval">
    /// How often a process without the lease tries to take it (an attempt opens a connection), for work that ticks
    /// more often than that; zero tries at every call. The bound on a takeover after the holder died.
    /// </param>
    public SingleRunner(WorkLeases leases, string name, TimeSpan standbyInterval = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(standbyInterval, TimeSpan.Zero);
        _leases = leases;
        _standbyInterval = standbyInterval;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Whether the last <see cref="HoldsAsync"/> found this process holding the lease.</summary>
    public bool Holding => _lease is not null;

    /// <summary>
    /// Whether this process may run the work now: it holds the lease, or has just taken it. A lease the database lost
    /// (its connection broke) is let go and taken again if it is free.
    /// </summary>
    public async Task<bool> HoldsAsync(CancellationToken cancellationToken)
    {
        if (_lease is not null)
        {
            if (await _lease.IsHeldAsync(cancellationToken))
                return true;
            await _lease.DisposeAsync();
            _lease = null;
        }
        if (Environment.TickCount64 < _nextAttempt)
            return false;
        _nextAttempt = Environment.TickCount64 + (long)_standbyInterval.TotalMilliseconds;
        _lease = await _leases.TryTakeAsync(Name, cancellationToken);
        return _lease is not null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_lease is not null)
            await _lease.DisposeAsync();
        _lease = null;
    }
}
