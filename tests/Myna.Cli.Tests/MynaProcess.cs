using System.Diagnostics;
using System.Globalization;
using Myna.Primitives.Hosting;

namespace Myna.Cli.Tests;

/// <summary>The built <c>myna</c> (beside this test assembly) in a process of its own.</summary>
public static class MynaProcess
{
    /// <summary><c>myna card attach FILE --vpcd-port PORT</c> on <paramref name="home"/>: it holds the card until killed.</summary>
    public static Process StartAttach(MynaHome home, string cardPath, int vpcdPort)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "myna.dll"), "card", "attach", cardPath,
                     "--vpcd-port", vpcdPort.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(argument);
        info.Environment["MYNA_HOME"] = home.Root;
        return Process.Start(info)!;
    }

    /// <summary>Reads the process's output until a line holds <paramref name="text"/>; fails when it ends first or after a minute.</summary>
    public static async Task WaitForLineAsync(Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                return;
        }
        Assert.Fail($"myna card attach ended before '{text}': {await process.StandardError.ReadToEndAsync(timeout.Token)}");
    }
}
