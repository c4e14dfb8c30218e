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

    /// <summary>
    /// The language chosen for this run (<c>--lang</c>, read before the command tree is built), or null: the locale's.
    /// The help texts are written in it.
    /// </summary>
    internal Output.CliLanguage? LanguageChoice { get; init; }

    /// <summary>The language of the help texts: the one chosen for this run, else the locale's.</summary>
    internal Output.CliLanguage HelpLanguage => LanguageChoice ?? Output.CliOutput.LanguageOfLocale(Environment);

    /// <summary>A help text in <see cref="HelpLanguage"/>.</summary>
    internal string Help(string japanese, string english) => HelpLanguage == Output.CliLanguage.Japanese ? japanese : english;

    public static CliContext FromEnvironment() =>
        new(AnsiConsole.Console, System.Console.Error, TimeProvider.System, MynaHome.FromEnvironment())
        {
            Input = System.Console.In,
            Environment = System.Environment.GetEnvironmentVariable,
        };
}
