using Myna.Primitives.Hosting;
using Spectre.Console;

namespace Myna.Cli;

/// <summary>What a command runs against: the console, the clock and the data directory. Tests supply their own.</summary>
public sealed record CliContext(IAnsiConsole Console, TextWriter Error, TimeProvider Clock, MynaHome Home)
{
    /// <summary>Standard input, for <c>--password-stdin</c>.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Reads an environment variable (<c>MYNA_SERVER</c>, <c>MYNA_PASSWORD</c>); none by default.</summary>
    public Func<string, string?> Environment { get; init; } = _ => null;

    public static CliContext FromEnvironment() =>
        new(AnsiConsole.Console, System.Console.Error, TimeProvider.System, MynaHome.FromEnvironment())
        {
            Input = System.Console.In,
            Environment = System.Environment.GetEnvironmentVariable,
        };
}
