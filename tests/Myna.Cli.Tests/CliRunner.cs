using Myna.Primitives.Hosting;
using Spectre.Console.Testing;

namespace Myna.Cli.Tests;

/// <summary>What a command printed and answered.</summary>
public sealed record CliResult(int Exit, string Output, string Error)
{
    public override string ToString() => $"exit {Exit}\n{Output}\n{Error}";
}

/// <summary>Runs <c>myna</c> in-process on a data directory, with standard input and environment of the test's choosing.</summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(MynaHome home, TimeProvider clock, string? input, IReadOnlyDictionary<string, string>? environment,
        params string[] args) => RunAsync(home, clock, input, environment, CancellationToken.None, args);

    /// <param name="stop">Ctrl+C, for a command that runs until interrupted (<c>attach</c>).</param>
    public static async Task<CliResult> RunAsync(MynaHome home, TimeProvider clock, string? input, IReadOnlyDictionary<string, string>? environment,
        CancellationToken stop, params string[] args)
    {
        var console = new TestConsole { EmitAnsiSequences = false }.Width(200);
        var error = new StringWriter();
        var context = new CliContext(console, error, clock, home)
        {
            Input = new StringReader(input ?? ""),
            Environment = name => environment?.GetValueOrDefault(name),
        };
        var exit = await MynaCommandLine.RunAsync(args, context, stop);
        return new CliResult(exit, console.Output, error.ToString());
    }
}
