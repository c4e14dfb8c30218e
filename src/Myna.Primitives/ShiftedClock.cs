namespace Myna.Primitives;

/// <summary>
/// A clock that shows another time than the real one (the sandbox clock, which an administrator moves to try a rule on
/// another day): it can still tell the real instant, which the audit trail records beside the shown one.
/// </summary>
public interface IShiftedClock
{
    /// <summary>The real instant now, UTC, whatever time the clock shows.</summary>
    DateTimeOffset GetRealUtcNow();
}
