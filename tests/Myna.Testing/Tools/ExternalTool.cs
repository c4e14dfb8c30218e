using System.Diagnostics;
using System.Text;

namespace Myna.Testing.Tools;

/// <summary>The outcome of running an external program.</summary>
public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>Throws with the whole transcript unless the exit code is 0.</summary>
    public ToolResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"`{Command}` exited with {ExitCode}.\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}");
        return this;
    }

    public override string ToString() => $"`{Command}` → {ExitCode}\n{StandardOutput}{StandardError}";
}

/// <summary>
/// Runs openssl, the OpenSC tools and friends with a timeout, capturing stdout and stderr: the one way the tests run
/// an outside program. A tool that hangs (e.g. waiting for a PIN on the terminal) is killed and the test fails with
/// what it printed.
/// </summary>
public static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <param name="program">The program, found on the PATH.</param>
    /// <param name="arguments">Its arguments, each passed as it is (no shell).</param>
    /// <param name="timeout">How long it may run; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="workingDirectory">Where it runs; the current directory when null.</param>
    /// <param name="environment">Variables added to its environment (e.g. a passphrase read with <c>env:</c>).</param>
    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var args = arguments.ToList();
        // PINs given on the command line are test PINs, but they still stay out of messages.
        var shown = args.Select((a, i) => i > 0 && args[i - 1] is "--pin" or "-p" or "--new-pin"
            ? "****"
            : System.Text.RegularExpressions.Regex.Replace(a, "pin-value=[^;]*", "pin-value=****"));
        var command = program + " " + string.Join(' ', shown);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Cannot run `{program}`: {e.Message}. Is it installed (apt: opensc, openssl)?");
        }
        process.StandardInput.Close(); // never wait for a PIN prompt
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException(
                $"`{command}` did not finish within {timeout ?? DefaultTimeout}.\n{await stdout}{await stderr}");
        }
        return new ToolResult(command, process.ExitCode, await stdout, await stderr);
    }

    public static Task<ToolResult> RunAsync(string program, params string[] arguments) => RunAsync(program, arguments, null);

    /// <summary><see cref="RunAsync(string, IEnumerable{string}, TimeSpan?, string?, IReadOnlyDictionary{string, string}?)"/> for a test that is not async.</summary>
    public static ToolResult Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(program, arguments, null, workingDirectory, environment).GetAwaiter().GetResult();
}

/// <summary>openssl, run in a directory of the test's files.</summary>
public static class OpenSsl
{
    /// <summary>Runs <c>openssl</c> with <paramref name="arguments"/> in <paramref name="directory"/>.</summary>
    public static ToolResult Run(string directory, params string[] arguments) =>
        ExternalTool.Run("openssl", arguments, directory);

    /// <inheritdoc cref="Run"/>
    public static Task<ToolResult> RunAsync(string directory, params string[] arguments) =>
        ExternalTool.RunAsync("openssl", arguments, workingDirectory: directory);

    /// <summary>Runs openssl and returns its output, failing the test with the transcript unless it succeeds.</summary>
    public static string Succeeding(string directory, params string[] arguments) => Run(directory, arguments).EnsureSuccess().Output;
}
