using System.Diagnostics;
using System.Globalization;

namespace Myna.Testing.Tools;

/// <summary>The built <c>myna</c> command in a process of its own, on a data directory (<c>MYNA_HOME</c>).</summary>
public static class MynaProcess
{
    /// <summary>
    /// <c>myna.dll</c>: beside the test assembly when the test project references the CLI, else in the CLI's own build
    /// output of the same configuration and framework (the solution builds it with everything else).
    /// </summary>
    public static string Dll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "myna.dll");
            if (File.Exists(beside))
                return beside;
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var built = Path.Combine(RepositoryRoot.Path, "src", "Myna.Cli", "bin", output.Parent!.Name, output.Name, "myna.dll");
            Assert.True(File.Exists(built), $"{built} is missing: build the solution first.");
            return built;
        }
    }

    /// <summary><c>myna ARGS</c> with standard input, output and error redirected.</summary>
    public static Process Start(string home, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", Dll }.Concat(args))
            info.ArgumentList.Add(argument);
        info.Environment["MYNA_HOME"] = home;
        // English whatever the machine's locale: the callers wait for its lines (myna speaks the locale's language).
        info.Environment["LC_ALL"] = "C.UTF-8";
        return Process.Start(info)!;
    }

    /// <summary><c>myna card attach FILE --vpcd-port PORT</c>: it holds the card until killed.</summary>
    public static Process StartAttach(string home, string cardPath, int vpcdPort) =>
        Start(home, "card", "attach", cardPath, "--vpcd-port", vpcdPort.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads the process's output until a line holds <paramref name="text"/>; fails when it ends first or after a minute.</summary>
    public static async Task WaitForLineAsync(Process process, string text)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                return;
        }
        Assert.Fail($"myna ended before '{text}': {await process.StandardError.ReadToEndAsync(timeout.Token)}");
    }
}
