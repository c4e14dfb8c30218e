using System.Diagnostics;
using System.Text;

namespace Myna.Interop.Tests;

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
/// Runs OpenSC tools, openssl and friends with a timeout, capturing stdout and stderr. A tool that hangs
/// (e.g. waiting for a PIN on the terminal) is killed and the test fails with what it printed.
/// </summary>
public static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The OpenSC PKCS#11 module on Debian x86-64 (card-interface §8).</summary>
    public const string OpenScPkcs11 = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null,
        string? workingDirectory = null)
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
}
