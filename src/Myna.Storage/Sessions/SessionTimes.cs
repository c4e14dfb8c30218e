namespace Myna.Storage.Sessions;

/// <summary>
/// The time rules the staff's and the holders' server-side sessions share: an absolute end, an idle end, and a
/// last-seen time written at most once a minute (so a busy page does not write on every request), which the idle
/// check allows for.
/// </summary>
public static class SessionTimes
{
    /// <summary>A session ended by its absolute lifetime.</summary>
    public const string Expired = "expired";

    /// <summary>A session ended by going unused.</summary>
    public const string Idle = "idle";

    /// <summary>How often at most a session's last-seen time is written.</summary>
    public static readonly TimeSpan LastSeenInterval = TimeSpan.FromMinutes(1);

    /// <summary>Why a session seen last at <paramref name="lastSeenAt"/> has ended by <paramref name="now"/>; null while it is open.</summary>
    public static string? EndReason(DateTimeOffset now, DateTimeOffset expiresAt, DateTimeOffset lastSeenAt, TimeSpan idleTimeout) =>
        now >= expiresAt ? Expired
        : now - lastSeenAt > idleTimeout + LastSeenInterval ? Idle
        : null;

    /// <summary>Whether the last-seen time is old enough to be written again.</summary>
    public static bool LastSeenIsDue(DateTimeOffset now, DateTimeOffset lastSeenAt) => now - lastSeenAt >= LastSeenInterval;
}
