using System.Net;

namespace Myna.Server.Staff;

/// <summary>
/// Limits guessing at the sign-in: at most <see cref="FailuresPerWindow"/> failed attempts per <see cref="Window"/>
/// for one user name from one remote address, and <see cref="AddressFailuresPerWindow"/> across user names from
/// one address; after that every attempt of that pair (or address), with the right password too, is answered 429
/// until the window ends.
/// </summary>
/// <remarks>
/// <para>An attempt takes a place in both windows <em>before</em> its password is checked (<see cref="TryBegin"/>)
/// and settles it after (<see cref="SignInAttempt.Succeeded"/> gives it back, <see cref="SignInAttempt.Failed"/>
/// keeps it as a failure). Checking and counting are one step under a lock, so concurrent wrong passwords get
/// exactly the allowed number checked, not more.</para>
/// <para>Windows run on real time (the keyed <c>MynaClocks.Real</c>): an administrator moving the sandbox date must
/// not open or close them. State is per host; several hosts behind a balancer each allow their own share.</para>
/// </remarks>
public sealed class SignInThrottle(TimeProvider realClock)
{
    /// <summary>Failed attempts allowed per window for one user name from one address.</summary>
    public const int FailuresPerWindow = 5;

    /// <summary>Failed attempts allowed per window from one address, whatever the user names.</summary>
    public const int AddressFailuresPerWindow = 20;

    /// <summary>The length of a window (fixed, starting with the first attempt in it).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    /// <summary>The partition of a sign-in: the caller's address and the user name as normalised (or a placeholder for a malformed one).</summary>
    public static string Partition(IPAddress? remoteAddress, string? userName) =>
        $"{AddressKey(remoteAddress)}|{StaffUserName.Normalize(userName) ?? "(not a user name)"}";

    private static string AddressKey(IPAddress? remoteAddress) => remoteAddress?.ToString() ?? "unknown";

    /// <summary>
    /// Takes a place for an attempt of <paramref name="userName"/> from <paramref name="remoteAddress"/>, or answers how
    /// long to wait when the pair or the address has used its failures (and in-flight attempts) of the window.
    /// </summary>
    public (SignInAttempt? Attempt, TimeSpan? RetryAfter) TryBegin(IPAddress? remoteAddress, string? userName)
    {
        var pair = Partition(remoteAddress, userName);
        var address = AddressKey(remoteAddress) + "|*";
        var now = realClock.GetUtcNow();
        lock (_lock)
        {
            Sweep(now);
            var pairCounter = Current(pair, now);
            var addressCounter = Current(address, now);
            TimeSpan? wait = null;
            if (pairCounter.Taken >= FailuresPerWindow)
                wait = pairCounter.Ends - now;
            if (addressCounter.Taken >= AddressFailuresPerWindow)
                wait = Max(wait, addressCounter.Ends - now);
            if (wait is { } w)
                return (null, w > TimeSpan.Zero ? w : TimeSpan.FromSeconds(1));
            pairCounter.InFlight++;
            addressCounter.InFlight++;
            return (new SignInAttempt(this, pairCounter, addressCounter), null);
        }
    }

    private static TimeSpan Max(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;

    private Counter Current(string key, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var counter) || (counter.Ends <= now && counter.InFlight == 0))
            _counters[key] = counter = new Counter { Ends = now + Window };
        else if (counter.Ends <= now)
        {
            // A new window; attempts still in flight keep their places in it.
            counter.Ends = now + Window;
            counter.Failures = 0;
        }
        return counter;
    }

    // Drops ended windows now and then, so that a scan over many addresses does not grow the table for ever.
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
            return;
        _nextSweep = now + Window;
        foreach (var (key, counter) in _counters.Where(c => c.Value.Ends <= now && c.Value.InFlight == 0).ToList())
            _counters.Remove(key);
    }

    internal void Settle(Counter pair, Counter address, bool failed)
    {
        lock (_lock)
        {
            foreach (var counter in new[] { pair, address })
            {
                counter.InFlight--;
                if (failed)
                    counter.Failures++;
            }
        }
    }

    internal sealed class Counter
    {
        public DateTimeOffset Ends { get; set; }
        public int Failures { get; set; }
        public int InFlight { get; set; }

        /// <summary>Places used: failures so far and attempts whose password is being checked.</summary>
        public int Taken => Failures + InFlight;
    }
}

/// <summary>A place taken by a sign-in attempt; settle it once, as a success or a failure.</summary>
public sealed class SignInAttempt
{
    private readonly SignInThrottle _throttle;
    private readonly SignInThrottle.Counter _pair;
    private readonly SignInThrottle.Counter _address;
    private int _settled;

    internal SignInAttempt(SignInThrottle throttle, SignInThrottle.Counter pair, SignInThrottle.Counter address)
    {
        _throttle = throttle;
        _pair = pair;
        _address = address;
    }

    /// <summary>The password was right: the place is given back (successes are never counted).</summary>
    public void Succeeded() => Settle(failed: false);

    /// <summary>The attempt failed: the place stays, as a failure of the window.</summary>
    public void Failed() => Settle(failed: true);

    private void Settle(bool failed)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
            _throttle.Settle(_pair, _address, failed);
    }
}
