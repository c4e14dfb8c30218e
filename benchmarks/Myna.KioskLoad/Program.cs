using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Myna.KioskLoad;

/// <summary>
/// Convenience-store issuance (docs/performance.md): in process, <see cref="KioskRuns"/> times whole transactions one
/// after another, the anchors that explain them, and many holders at many machines at once; with <c>--over http</c>,
/// <see cref="KioskOverHttp"/> does the same against the real server over HTTP.
/// </summary>
internal static class Program
{
    public const string Usage = """
        usage: Myna.KioskLoad [--dir DIR] [--transactions 500] [--warmup 50] [--copies 1] [--anchors 200]
                              [--holders 1,4,16,32] [--seconds 15] [--stores 20] [--machines 3] [--over process|http] [--port 18092]
          --over http: the real server in a child process, the machines' requests over HTTP (--copies and --anchors unused)
        """;

    public static async Task<int> Main(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await Console.Error.WriteLineAsync($"expected --name value, got '{args[i]}'{Environment.NewLine}{Usage}");
                return 2;
            }
            values[args[i][2..]] = args[i + 1];
        }
        int Number(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var directory = Path.GetFullPath(values.GetValueOrDefault("dir", Path.Combine(Path.GetTempPath(), "myna-kiosk-load")));
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);

        if (values.GetValueOrDefault("over", "process") == "http")
        {
            var result = await KioskOverHttp.RunAsync(new HttpKioskOptions(directory, Number("transactions", 500), Number("warmup", 50),
                [.. values.GetValueOrDefault("holders", "1,4,16,32").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))],
                Number("seconds", 15), Number("stores", 20), Number("machines", 3), Number("port", 18092)));
            Directory.Delete(directory, recursive: true);
            return result;
        }

        var options = new KioskOptions(Number("transactions", 500), Number("warmup", 50), Number("copies", 1), Number("anchors", 200),
            [.. values.GetValueOrDefault("holders", "1,4,16,32").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))],
            Number("seconds", 15), Number("stores", 20), Number("machines", 3));
        Console.WriteLine($"kiosk: {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, " +
            $"server GC {System.Runtime.GCSettings.IsServerGC}; data in {directory}; load average {LoadAverage()}");
        var timer = Stopwatch.StartNew();
        using var world = await KioskWorld.CreateAsync(directory, options.Holders.Max(), options.Stores, options.MachinesPerStore);
        Console.WriteLine($"kiosk: {world.Holders.Count} holders with cards, {world.Machines.Count} machines in {timer.Elapsed.TotalSeconds:F0} s");
        await new KioskRuns(world, options).RunAsync();
        Console.WriteLine($"kiosk: load average {LoadAverage()}");
        world.Dispose();
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), to tell a quiet machine from a busy one.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "(unknown)";
}

internal sealed record KioskOptions(
    int Transactions, int Warmup, int Copies, int AnchorRuns, IReadOnlyList<int> Holders, int Seconds, int Stores, int MachinesPerStore);
