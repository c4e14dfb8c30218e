namespace Myna.Primitives;

/// <summary>
/// Civil time in Japan (Asia/Tokyo), read from an injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is exact for every date
/// this system handles and does not depend on the host's time-zone database being installed.
/// </remarks>
public static class JapanClock
{
    /// <summary>UTC+09:00, Japan Standard Time (日本標準時).</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The current instant, shown in Japan time.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    /// <summary>Today's date in Japan.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    /// <summary>The instant at which a Japanese civil date starts (00:00 JST).</summary>
    public static DateTimeOffset StartOf(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The real instant now: a <see cref="IShiftedClock"/>'s real time, any other clock's own.</summary>
    public static DateTimeOffset RealUtcNow(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock is IShiftedClock shifted ? shifted.GetRealUtcNow() : clock.GetUtcNow();
    }

    /// <summary>The Japanese civil date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The Japanese civil date and time of day of <paramref name="instant"/>.</summary>
    public static (DateOnly Date, TimeOnly Time) InJapan(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Offset);
        return (DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime));
    }
}
