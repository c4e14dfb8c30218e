using System.CommandLine;
using Myna.Cli.Commands;

namespace Myna.Cli;

/// <summary>The <c>myna</c> command tree. Commands parse, call the libraries, print (STYLE §7).</summary>
public static class MynaCommandLine
{
    public static RootCommand Build(CliContext context)
    {
        var card = new Command("card", "Virtual My Number Cards: create, show, attach to PC/SC.");
        card.Subcommands.Add(CardCreateCommand.Build(context));
        card.Subcommands.Add(CardShowCommand.Build(context));
        card.Subcommands.Add(CardAttachCommand.Build(context));

        var root = new RootCommand("Myna: a runnable My Number Card system (chip, JPKI, window, services).");
        root.Subcommands.Add(card);
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parse = Build(context).Parse(args);
        return parse.InvokeAsync(new InvocationConfiguration
        {
            Output = context.Console.Profile.Out.Writer,
            Error = context.Error,
        }, cancellationToken);
    }
}

/// <summary>Exit codes of <c>myna</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad input: the message says which and why.</summary>
    public const int BadInput = 2;
    /// <summary>The card or reader refused or failed.</summary>
    public const int CardError = 3;
}
