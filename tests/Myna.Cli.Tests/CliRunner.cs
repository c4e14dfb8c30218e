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
    public static Task<CliResult> RunAsync(MynaHome home, TimeProvider clock, string? input, IReadOnlyDictionary<string, string>? environment,
        CancellationToken stop, params string[] args) => RunAsync(home, clock, input, environment, prompts: null, stop, args);

    /// <summary>Runs on a terminal (an interactive console) that answers its prompts with <paramref name="prompts"/>, in order.</summary>
    public static Task<CliResult> RunOnTerminalAsync(MynaHome home, TimeProvider clock, IReadOnlyList<string> prompts, params string[] args) =>
        RunAsync(home, clock, input: null, environment: null, prompts, CancellationToken.None, args);

    private static async Task<CliResult> RunAsync(MynaHome home, TimeProvider clock, string? input, IReadOnlyDictionary<string, string>? environment,
        IReadOnlyList<string>? prompts, CancellationToken stop, string[] args)
    {
        var console = new TestConsole { EmitAnsiSequences = false }.Width(200);
        if (prompts is not null)
        {
            console.Interactive();
            foreach (var answer in prompts)
                console.Input.PushTextWithEnter(answer);
        }
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
