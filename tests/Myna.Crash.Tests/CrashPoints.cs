namespace Myna.Crash.Tests;

/// <summary>
/// The named crash points of a window procedure, in its order (docs/adr/0002). A server started with
/// <c>--Myna:CrashAt=&lt;point&gt;</c> kills itself with SIGKILL when a procedure reaches the point.
/// </summary>
public static class CrashPoints
{
    /// <summary>The durable intent is committed; nothing else is done.</summary>
    public const string IntentWritten = "intent-written";

    /// <summary>The authority recorded the new certificates; the chip is not staged.</summary>
    public const string CertificatesIssued = "certificates-issued";

    /// <summary>The staged chip image is durable; the transaction has not committed.</summary>
    public const string ChipStaged = "chip-staged";

    /// <summary>The transaction committed; the staged image is not yet in place.</summary>
    public const string Committed = "committed";

    /// <summary>The image is in place; the intent is not yet deleted.</summary>
    public const string Placed = "placed";

    /// <summary>A kiosk payment's documents are in its unit of work; nothing is committed.</summary>
    public const string KioskIssued = "kiosk-issued";

    /// <summary>A kiosk's print report has marked its copy printed; the session's close and the commit are not done.</summary>
    public const string KioskPrinting = "kiosk-printing";

    /// <summary>Every point of a procedure that issues certificates and rewrites the chip.</summary>
    public static readonly IReadOnlyList<string> All = [IntentWritten, CertificatesIssued, ChipStaged, Committed, Placed];

    /// <summary>The points of a procedure that rewrites the chip but issues no certificate (P3).</summary>
    public static readonly IReadOnlyList<string> WithoutCertificates = [IntentWritten, ChipStaged, Committed, Placed];

    /// <summary>The one point of a procedure without chip effects (suspension, return).</summary>
    public static readonly IReadOnlyList<string> CommitOnly = [Committed];

    /// <summary>Whether a kill at <paramref name="point"/> comes before the commit, so that recovery must undo the procedure.</summary>
    public static bool IsBeforeCommit(string point) => point is IntentWritten or CertificatesIssued or ChipStaged;
}
