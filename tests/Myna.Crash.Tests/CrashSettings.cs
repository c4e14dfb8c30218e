using System.Globalization;

namespace Myna.Crash.Tests;

/// <summary>
/// How much the harness does: the quick version of the normal suite, or the long one asked for by
/// <c>MYNA_CRASH_ROUNDS</c> (docs/crash-safety.md).
/// </summary>
public static class CrashSettings
{
    /// <summary>Random-kill rounds per procedure in the long version; 0 (unset): the quick version.</summary>
    public static int LongRounds { get; } = ReadInt("MYNA_CRASH_ROUNDS") ?? 0;

    /// <summary>Whether the long version runs: every procedure at every named point, and <see cref="LongRounds"/> random kills each.</summary>
    public static bool IsLong => LongRounds > 0;

    /// <summary>Random-kill rounds of the quick version (delivery only).</summary>
    public const int QuickRandomRounds = 2;

    /// <summary>The seed of the random delays: <c>MYNA_CRASH_SEED</c>, else a fresh one (printed, to replay a run).</summary>
    public static int Seed { get; } = ReadInt("MYNA_CRASH_SEED") ?? Random.Shared.Next(1, int.MaxValue);

    /// <summary>
    /// Keeps every data directory and server log after the run (<c>MYNA_CRASH_KEEP=1</c>); without it only a failed
    /// test's are kept.
    /// </summary>
    public static bool KeepDirectories { get; } = Environment.GetEnvironmentVariable("MYNA_CRASH_KEEP") is "1" or "true";

    private static int? ReadInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : null;
}

/// <summary>
/// The long version's tests (every procedure at every point, <c>MYNA_CRASH_ROUNDS</c> random kills each): a category of
/// their own, which the suite's test command leaves out (<c>--filter Category!=CrashLong</c>) and the documented long
/// command selects (docs/crash-safety.md).
/// </summary>
public static class CrashCategories
{
    public const string Long = "CrashLong";

    /// <summary>Fails a long test started without <c>MYNA_CRASH_ROUNDS</c>: it would have nothing to run.</summary>
    public static void RequireLongVersion() =>
        Assert.True(CrashSettings.IsLong, "This is the long version of the crash harness: set MYNA_CRASH_ROUNDS (docs/crash-safety.md).");
}
