namespace Myna.PortalLoad;

/// <summary>
/// <c>logins</c>: card logins per second over HTTP against the real server (<see cref="PortalLogins"/>);
/// <c>history</c>: the exchange history filled to millions of entries (<see cref="HistoryScale"/>). docs/performance.md
/// has the commands and the results.
/// </summary>
internal static class Program
{
    public const string Usage = """
        usage: Myna.PortalLoad logins  [--dir DIR] [--cards 16] [--clients 1,4,16] [--seconds 20] [--port 18090]
               Myna.PortalLoad history [--dir DIR] [--size 10000000] [--anchor 10000] [--batch 10000] [--fill-minutes 40] [--seconds 5] [--reuse false]
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        if (!Arguments.TryParse(args[1..], out var arguments, out var error))
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Usage);
            return 2;
        }
        var directory = Directory.CreateDirectory(arguments.Text("dir", Path.Combine(Path.GetTempPath(), "myna-portal-load"))).FullName;
        switch (args[0])
        {
            case "logins":
                return await PortalLogins.RunAsync(new LoginOptions(directory, arguments.Number("cards", 16),
                    [.. arguments.Text("clients", "1,4,16").Split(',').Select(int.Parse)], arguments.Number("seconds", 20), arguments.Number("port", 18090)));
            case "history":
                return await HistoryScale.RunAsync(new HistoryOptions(directory, arguments.Number("size", 10_000_000), arguments.Number("anchor", 10_000),
                    (int)arguments.Number("batch", 10_000), TimeSpan.FromMinutes(arguments.Number("fill-minutes", 40)), arguments.Number("seconds", 5),
                    bool.Parse(arguments.Text("reuse", "false"))));
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }
}

internal sealed record LoginOptions(string Directory, long Cards, IReadOnlyList<int> Clients, double Seconds, long Port);

internal sealed record HistoryOptions(string Directory, long Size, long AnchorSize, int Batch, TimeSpan FillBudget, double Seconds, bool Reuse);

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
        _values.TryGetValue(name, out var text) ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
