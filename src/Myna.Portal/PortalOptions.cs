namespace Myna.Portal;

/// <summary>The portal's settings (configuration section <c>Myna:Portal</c>).</summary>
public sealed class PortalOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Myna:Portal";

    /// <summary>How long a login challenge can be answered: long enough to fetch the card and type the PIN.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A session unused this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after the login however busy it is.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(3);

    /// <summary>True when every duration is positive and the idle timeout is within the absolute lifetime.</summary>
    public bool IsValid =>
        ChallengeLifetime > TimeSpan.Zero && IdleTimeout > TimeSpan.Zero && AbsoluteLifetime >= IdleTimeout;

    /// <summary>What <see cref="IsValid"/> requires, for the start's error.</summary>
    public const string InvalidMessage =
        "Myna:Portal: ChallengeLifetime, IdleTimeout and AbsoluteLifetime must be positive, and IdleTimeout at most AbsoluteLifetime.";
}
