using System.Diagnostics;

namespace Myna.Window.Procedures;

/// <summary>
/// Named points in a procedure where the crash harness can have the process killed (SIGKILL) to prove that a procedure
/// is all-or-nothing at each of them (docs/adr/0002-all-or-nothing-procedures.md). Inactive unless a point is named.
/// </summary>
/// <remarks>
/// The points, in a procedure's order: <see cref="IntentWritten"/>, <see cref="CertificatesIssued"/>,
/// <see cref="ChipStaged"/>, <see cref="Committed"/>, <see cref="Placed"/>. A procedure without chip effects passes only
/// <see cref="Committed"/>.
/// </remarks>
public sealed class CrashPoints
{
    /// <summary>The durable intent is committed; nothing else is done.</summary>
    public const string IntentWritten = "intent-written";

    /// <summary>The authority recorded the new certificates; the chip image is not staged.</summary>
    public const string CertificatesIssued = "certificates-issued";

    /// <summary>The staged chip image is durable; the procedure's transaction has not committed.</summary>
    public const string ChipStaged = "chip-staged";

    /// <summary>The transaction committed; the staged chip image is not yet in place.</summary>
    public const string Committed = "committed";

    /// <summary>The chip image is in place; the intent is not yet deleted.</summary>
    public const string Placed = "placed";

    /// <summary>Every point, in a procedure's order.</summary>
    public static readonly IReadOnlyList<string> All = [IntentWritten, CertificatesIssued, ChipStaged, Committed, Placed];

    /// <summary>A kiosk payment's documents are composed and in its unit of work; nothing is committed (then <see cref="Committed"/>).</summary>
    public const string KioskIssued = "kiosk-issued";

    /// <summary>A kiosk's report of a copy printed has marked the copy in its transaction; the session's close (after the last copy) and the commit are not done.</summary>
    public const string KioskPrinting = "kiosk-printing";

    /// <summary>The points of services other than the window's procedures, which the harness may arm too.</summary>
    public static readonly IReadOnlyList<string> Services = [KioskIssued, KioskPrinting];

    private readonly string? _armed;
    private readonly Action<string>? _fault;

    /// <summary>Kills the process at <paramref name="armed"/> (one of <see cref="All"/>); null or empty: never.</summary>
    /// <exception cref="ArgumentException">Not a known point.</exception>
    public CrashPoints(string? armed = null)
    {
        if (!string.IsNullOrEmpty(armed) && !All.Contains(armed) && !Services.Contains(armed))
            throw new ArgumentException($"Unknown crash point '{armed}': one of {string.Join(", ", All.Concat(Services))}.", nameof(armed));
        _armed = string.IsNullOrEmpty(armed) ? null : armed;
    }

    /// <summary>
    /// Calls <paramref name="fault"/> at every point instead of killing the process: for tests in one process that inject
    /// a failure (a full disk, a lost connection) by throwing from it at the point they choose.
    /// </summary>
    public CrashPoints(Action<string> fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _fault = fault;
    }

    /// <summary>None armed.</summary>
    public static CrashPoints None { get; } = new();

    /// <summary>The armed point, or null.</summary>
    public string? Armed => _armed;

    /// <summary>A procedure reached <paramref name="point"/>: if it is the armed one, the process dies here, as by a power cut.</summary>
    public void Reach(string point)
    {
        _fault?.Invoke(point);
        if (_armed is not null && point == _armed)
        {
            // SIGKILL on Unix: no finally block, no flush, no disposal runs.
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
