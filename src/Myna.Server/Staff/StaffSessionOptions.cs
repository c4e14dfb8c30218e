namespace Myna.Server.Staff;

/// <summary>
/// How long a staff session lasts (configuration section <c>Myna:Sessions</c>, e.g. <c>Myna__Sessions__AbsoluteLifetime=10:00:00</c>).
/// Both count by real time, never by the sandbox clock.
/// </summary>
public sealed class StaffSessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Myna:Sessions";

    /// <summary>A session unused this long ends (sliding: every request starts it again). Default 8 hours.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after the sign-in however busy it is. Default 12 hours.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a host trusts its own check of a session before asking the database again. A session ended on this
    /// host is refused at once; one ended on another host (PostgreSQL scale-out) within this time. Default 15 seconds.
    /// </summary>
    public TimeSpan CheckCacheDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What is wrong with settings that <see cref="IsValid"/> refuses.</summary>
    public const string InvalidMessage = "Myna:Sessions: IdleTimeout and AbsoluteLifetime must be positive, CheckCacheDuration not negative.";

    /// <summary>Whether these settings can be used (the start fails otherwise, with <see cref="InvalidMessage"/>).</summary>
    public bool IsValid => IdleTimeout > TimeSpan.Zero && AbsoluteLifetime > TimeSpan.Zero && CheckCacheDuration >= TimeSpan.Zero;
}
