using Myna.Cli.Output;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Reader;
using Spectre.Console;

namespace Myna.Cli.Cards;

/// <summary>
/// How a command gets a PIN, never from an argument (which any user of the machine can read in the process list): the
/// next line of standard input with <c>--pin-stdin</c>, else an environment variable, else a prompt without echo on a
/// terminal. Each PIN's format is checked here, before the card is touched: a PIN of the wrong shape costs no try.
/// </summary>
internal sealed class PinEntry(CliContext context, CliOutput output, bool fromStdin)
{
    public const string StdinOption = "--pin-stdin";

    /// <summary>The PIN a command asks for, when not on standard input.</summary>
    public const string PinVariable = "MYNA_PIN";

    /// <summary>The new PIN of <c>myna pin change</c>, when not on standard input.</summary>
    public const string NewPinVariable = "MYNA_NEW_PIN";

    /// <summary>Whether a prompt can be shown.</summary>
    public bool Interactive => context.Console.Profile.Capabilities.Interactive;

    /// <summary>A PIN of <paramref name="kind"/>, or null with the problem (none given, or not of the kind's format).</summary>
    public Pin? Ask(PinKind kind, LocalizedText prompt, string variable, out CliProblem? problem)
    {
        var text = Read(prompt, variable);
        if (text is null)
        {
            problem = CliWords.NoPin(kind, StdinOption, variable);
            return null;
        }
        return Parse(kind, text, out problem);
    }

    /// <summary>A new PIN, asked twice on a terminal (once from standard input or the environment).</summary>
    public Pin? AskNew(PinKind kind, out CliProblem? problem)
    {
        var fromTerminal = !fromStdin && context.Environment(NewPinVariable) is not { Length: > 0 };
        var first = Ask(kind, CliWords.NewPinPrompt(kind), NewPinVariable, out problem);
        if (first is null || !fromTerminal)
            return first;
        var again = Pin.Parse(kind, Read(CliWords.PinAgainPrompt, NewPinVariable));
        using var confirmation = again.TryGetValue(out var a) ? a : null;
        if (confirmation is null || !first.Matches(confirmation.AsciiBytes))
        {
            first.Dispose();
            problem = CliWords.NewPinsDiffer;
            return null;
        }
        return first;
    }

    /// <summary>
    /// Why the PIN is not entered at all: the 住基 PIN (P2), a PIN the card does not have, a locked one (P3), or the last
    /// try without confirmation. Null when it may be entered.
    /// </summary>
    public CliProblem? Refusal(MynaCardClient card, PinKind kind, bool lastTryConfirmed)
    {
        if (kind == PinKind.ResidentRegistry)
            return CliWords.ResidentRegistryPinAtWindowOnly;
        var status = card.GetPinStatus(kind);
        if (!status.IsSet)
            return CliWords.PinNotSet(kind);
        if (status.IsBlocked)
            return CliWords.PinBlocked(kind);
        if (status.TriesLeft == 1 && !lastTryConfirmed)
        {
            output.Warn(CliWords.LastTryWarning(kind));
            if (!Confirm(new("入力しますか？", "enter it?")))
                return CliWords.LastTryRefused(kind);
        }
        return null;
    }

    /// <summary>Asks a yes/no question on a terminal; false when there is none to ask on.</summary>
    public bool Confirm(LocalizedText question) =>
        Interactive && context.Console.Prompt(new ConfirmationPrompt(output.T(question)) { DefaultValue = false });

    private string? Read(LocalizedText prompt, string variable)
    {
        if (fromStdin)
            return context.Input.ReadLine() is { Length: > 0 } line ? line : null;
        if (context.Environment(variable) is { Length: > 0 } fromEnvironment)
            return fromEnvironment;
        if (!Interactive)
            return null;
        // No echo at all: not even the PIN's length is shown.
        return context.Console.Prompt(new TextPrompt<string>(Markup.Escape(output.T(prompt)) + ":").Secret(null));
    }

    private static Pin? Parse(PinKind kind, string text, out CliProblem? problem)
    {
        problem = null;
        var parsed = Pin.Parse(kind, text);
        if (parsed.TryGetValue(out var pin))
            return pin;
        problem = new CliProblem(ExitCodes.BadInput, "bad-pin-format", PinPolicy.For(kind).FormatRule,
            new("カードには何も送っていません（試行回数は減っていません）。", "nothing was sent to the card: no try was counted."));
        return null;
    }
}
