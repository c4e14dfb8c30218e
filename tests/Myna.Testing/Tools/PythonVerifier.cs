using System.Diagnostics;

namespace Myna.Testing.Tools;

/// <summary>
/// Runs the transparency log's independent verifier (tests/Myna.Transparency.Tests/Verifier/verify_log.py, Python's
/// standard library only) with python3 on a proof bundle: the check of a holder's exchange history that shares no
/// code with the server.
/// </summary>
public static class PythonVerifier
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}{Error}";
    }

    private static string Script => Path.Combine(RepositoryRoot.Path, "tests", "Myna.Transparency.Tests", "Verifier", "verify_log.py");

    public static Outcome Run(string bundleJson)
    {
        var file = Path.Combine(Path.GetTempPath(), $"myna-tlog-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, bundleJson);
        try
        {
            var start = new ProcessStartInfo(FindPython(), [Script, file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill();
                Assert.Fail("verify_log.py did not finish within a minute.");
            }
            return new Outcome(process.ExitCode, output.Result, error.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Not found is a failure, not a skip: the verifier is the point of these tests, and the test script installs python3.
    private static string FindPython()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "python3"))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null, "python3 is not on the PATH; the independent verifier needs it (apt-get install python3).");
        return found!;
    }
}
