using System.Globalization;

namespace Myna.EligibilityLoad;

/// <summary>
/// Online eligibility checks per second over HTTP against the real server (<see cref="EligibilityChecks"/>).
/// docs/performance.md has the command and the results.
/// </summary>
internal static class Program
{
    public const string Usage = """
        usage: Myna.EligibilityLoad [--dir DIR] [--holders 32] [--clients 32] [--seconds 10] [--pool-rate 9000] [--port 18091]
                                    [--postgres CONNECTION-STRING] [--modes ahead,open]
          --modes: "ahead" — challenges given ahead in batches of 32, a check is one answer; "open" — open and answer, two
                   requests a check; both by default, one after the other at each concurrency
        """;

    public static async Task<int> Main(string[] args)
    {
        if (!Arguments.TryParse(args, out var arguments, out var error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage);
            return 2;
        }
        var directory = Directory.CreateDirectory(arguments.Text("dir", Path.Combine(Path.GetTempPath(), "myna-eligibility-load"))).FullName;
        var postgres = arguments.Text("postgres", "");
        return await EligibilityChecks.RunAsync(new CheckOptions(directory, (int)arguments.Number("holders", 32),
            [.. arguments.Text("clients", "32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))], arguments.Number("seconds", 10),
            (int)arguments.Number("pool-rate", 9000), (int)arguments.Number("port", 18091), postgres.Length > 0 ? postgres : null,
            [.. arguments.Text("modes", "ahead,open").Split(',').Select(m => m switch
            {
                "ahead" => CheckMode.GivenAhead,
                "open" => CheckMode.OpenAndAnswer,
                _ => throw new ArgumentException($"--modes: ahead or open, not '{m}'"),
            })]));
    }
}

/// <param name="Directory">The data directory's parent: the server's data, the card copies, its log.</param>
/// <param name="Holders">Residents with a card registered for insurance use and an enrolment.</param>
/// <param name="Clients">The concurrencies to run, each a number of reception terminals working at once.</param>
/// <param name="Seconds">How long each timed phase runs.</param>
/// <param name="PoolRate">The most checks a second the prepared answers are made for: the pool is 2.5 times the warm-up's rate, at most this, times the seconds.</param>
/// <param name="Port">Kestrel's port on 127.0.0.1.</param>
/// <param name="PostgreSql">A PostgreSQL connection string (an empty database), instead of SQLite in the data directory.</param>
/// <param name="Modes">How the terminals check, each measured in turn at each concurrency.</param>
internal sealed record CheckOptions(
    string Directory, int Holders, IReadOnlyList<int> Clients, double Seconds, int PoolRate, int Port, string? PostgreSql, IReadOnlyList<CheckMode> Modes);

/// <summary>How a terminal checks.</summary>
internal enum CheckMode
{
    /// <summary>Challenges given ahead in batches (<c>POST …/challenges</c>); a check is its answer alone.</summary>
    GivenAhead,

    /// <summary>An open (<c>POST …/checks</c>) and its answer: two requests a check.</summary>
    OpenAndAnswer,
}

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = [];

    public static bool TryParse(string[] args, out Arguments parsed, out string error)
    {
        parsed = new Arguments();
        error = "";
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"expected --name value, got '{args[i]}'";
                return false;
            }
            parsed._values[args[i][2..]] = args[i + 1];
        }
        return true;
    }

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public long Number(string name, long fallback) =>
        _values.TryGetValue(name, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
