using Myna.Issuance;
using Spectre.Console;

namespace Myna.Cli;

/// <summary>What a command runs against: the console, the clock and the data directory. Tests supply their own.</summary>
public sealed record CliContext(IAnsiConsole Console, TextWriter Error, TimeProvider Clock, MynaHome Home)
{
    public static CliContext FromEnvironment() =>
        new(AnsiConsole.Console, System.Console.Error, TimeProvider.System, MynaHome.FromEnvironment());
}
