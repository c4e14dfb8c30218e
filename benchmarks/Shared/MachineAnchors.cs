using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Myna.Benchmarking;

/// <summary>
/// What the machine can do, measured in the same run as a benchmark so that its figures stand beside their anchors:
/// OpenSSL's RSA-2048 rate, the disk's durable writes, the load average. Shared by the load benchmarks (each project
/// compiles this file in).
/// </summary>
internal static class MachineAnchors
{
    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary><c>openssl speed -seconds 5 rsa2048</c>, on one process (and on two with <paramref name="alsoTwoProcesses"/>).</summary>
    public static string OpenSslSpeed(bool alsoTwoProcesses = false)
    {
        var lines = new List<string>();
        foreach (var multi in alsoTwoProcesses ? new[] { "", "-multi 2 " } : [""])
        {
            var command = $"openssl speed -seconds 5 {multi}rsa2048";
            using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command + " 2>/dev/null"]) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var result = output.Split('\n').LastOrDefault(l => Regex.IsMatch(l, @"^rsa\s+2048 bits")) ?? "(no result)";
            lines.Add($"`{command}`: {Regex.Replace(result.Trim(), @"\s+", " ")}  (sign s, verify s, sign/s, verify/s)");
            Console.WriteLine("  " + lines[^1]);
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// 4 KiB writes each made durable (<c>dd oflag=dsync</c>) on the disk of <paramref name="directory"/>: what a SQLite
    /// commit and a card file's durable write wait for.
    /// </summary>
    public static string SyncedWrites(string directory)
    {
        const int count = 500;
        var target = Path.Combine(directory, "dd.tmp");
        var command = $"dd if=/dev/zero of={target} bs=4k count={count} oflag=dsync";
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardError = true })!;
        var output = process.StandardError.ReadToEnd();
        process.WaitForExit();
        File.Delete(target);
        var seconds = Regex.Match(output, @"copied, ([0-9.]+) s") is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        var line = string.Create(CultureInfo.InvariantCulture, $"`{command}`: {count / seconds:N0} durable writes/s ({1000 * seconds / count:F2} ms each)");
        Console.WriteLine("  " + line);
        return line;
    }
}
