using System.Net;
using System.Threading.RateLimiting;

namespace Myna.Server.Staff;

/// <summary>
/// Limits guessing at the sign-in: at most <see cref="FailuresPerWindow"/> failed attempts per
/// <see cref="Window"/> for one user name from one remote address; after that every attempt for that pair, with the
/// right password too, is answered 429 until the window ends.
/// </summary>
/// <remarks>
/// <para>Built on the framework's rate limiters (<see cref="PartitionedRateLimiter"/> of fixed windows, the ones
/// ASP.NET Core's rate-limiting middleware partitions), called from the sign-in endpoint rather than through the
/// middleware: the middleware takes its permit before the body is read, so it can neither partition by the user
/// name the body holds nor count failures only; counting every request would throttle a staff member who signs
/// in at several windows.</para>
/// <para>The limiters run on real time (they take no <see cref="TimeProvider"/>), which is right here: an
/// administrator moving the sandbox date must not open or close the window.</para>
/// </remarks>
public sealed class SignInThrottle : IDisposable
{
    /// <summary>Failed attempts allowed per window for one user name from one address.</summary>
    public const int FailuresPerWindow = 5;

    /// <summary>The length of a window (fixed, starting with the first failure).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>The partition of a sign-in: the caller's address and the user name as normalised (or a placeholder for a malformed one).</summary>
    public static string Partition(IPAddress? remoteAddress, string? userName) =>
        $"{remoteAddress?.ToString() ?? "unknown"}|{StaffUserName.Normalize(userName) ?? "(not a user name)"}";

    /// <summary>Null when the pair may try; else how long it must wait.</summary>
    public TimeSpan? RetryAfter(string partition)
    {
        // A lease of 0 permits asks whether any are left, taking none.
        using var lease = _failures.AttemptAcquire(partition, 0);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    /// <summary>Counts a failed attempt.</summary>
    public void RecordFailure(string partition)
    {
        using var _ = _failures.AttemptAcquire(partition, 1);
    }

    public void Dispose() => _failures.Dispose();
}
