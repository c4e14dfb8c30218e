using System.CommandLine;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Primitives;
using Myna.Reader;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna pin status | verify | change</c>: what the holder's client software does with the card's PINs (P2): the
/// tries left of every PIN, checking a PIN, changing the signature, user-authentication and input-assist PINs. The
/// resident-registry PIN is the window's (P2); a locked PIN only the window resets (P3).
/// </summary>
internal static class PinCommands
{
    /// <summary>The PIN names of the KIND argument, in the order <c>pin status</c> lists them.</summary>
    private static readonly (string Name, PinKind Kind)[] Kinds =
    [
        ("sign", PinKind.Signature),
        ("auth", PinKind.UserAuthentication),
        ("text", PinKind.TextInputAssist),
        ("juki", PinKind.ResidentRegistry),
    ];

    public static Command Build(CliContext context)
    {
        var pin = new Command("pin", context.Help("カードの暗証番号: 残り回数の確認、照合、変更（P2、P3）。", "The card's PINs: tries left, check one, change one (P2, P3)."));
        pin.Subcommands.Add(Status(context));
        pin.Subcommands.Add(Verify(context));
        pin.Subcommands.Add(Change(context));
        return pin;
    }

    private static Argument<string> KindArgument(CliContext context) => new Argument<string>("KIND")
    {
        Description = context.Help(
            "sign（署名用電子証明書の暗証番号）、auth（利用者証明用電子証明書の暗証番号）、text（券面事項入力補助用の暗証番号）。",
            "sign (the signature certificate's password), auth (user authentication), text (card-face input assist)."),
    }.AcceptOnlyFromAmong([.. Kinds.Select(k => k.Name)]);

    private static PinKind KindOf(string name) => Kinds.First(k => k.Name == name).Kind;

    /// <summary>The short name of a PIN kind, as KIND and <c>--json</c> write it (<c>sign</c>, <c>auth</c>, <c>text</c>, <c>juki</c>).</summary>
    internal static string NameOf(PinKind kind) => Kinds.First(k => k.Kind == kind).Name;

    private static Command Status(CliContext context)
    {
        var source = new CardSource(context);
        var command = new Command("status", context.Help(
            "カードの4つの暗証番号それぞれの残り回数を表示します。暗証番号は入力しません。",
            "The tries left of each of the card's four PINs; enters none."));
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var output = CliOutput.For(context, parse);
            using var card = source.Open(context, parse, out var problem);
            if (card is null)
                return output.Fail(problem!);
            var rows = Kinds.Select(k => (k.Name, k.Kind, Status: card.Client.GetPinStatus(k.Kind))).ToList();
            if (output.Json)
            {
                output.WriteJson(new
                {
                    card = new { location = card.Location, serial = card.Serial },
                    pins = rows.Select(r => PinView.Of(output, r.Name, r.Kind, r.Status)),
                });
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns(output.T("暗証番号", "PIN"), output.T("状態", "state"));
            foreach (var row in rows)
                table.AddRow(Markup.Escape(output.T(CliWords.PinName(row.Kind))), Markup.Escape(output.T(CliWords.Tries(row.Status, row.Kind))));
            output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var source = new CardSource(context);
        var kind = KindArgument(context);
        var stdin = new Option<bool>(PinEntry.StdinOption) { Description = context.Help(
            $"暗証番号を標準入力の1行目から読みます（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
            $"Read the PIN from the first line of standard input (else ${PinEntry.PinVariable}, else a prompt).") };
        var lastTry = new Option<bool>("--last-try") { Description = context.Help(
            "あと1回誤るとロックされる場合でも暗証番号を入力します（端末では確認を求めます）。",
            "Enter the PIN even when one wrong entry more locks it (a terminal asks instead).") };
        var command = new Command("verify", context.Help(
            "カードで暗証番号を照合します。誤ると残り回数が減り、正しければ元に戻ります（P3）。",
            "Check a PIN on the card. A wrong PIN counts a try, a right one resets the count (P3).")) { kind, stdin, lastTry };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var output = CliOutput.For(context, parse);
            var pinKind = KindOf(parse.GetValue(kind)!);
            var entry = new PinEntry(context, output, parse.GetValue(stdin));
            using var card = source.Open(context, parse, out var problem);
            if (card is null)
                return output.Fail(problem!);
            if (entry.Refusal(card.Client, pinKind, parse.GetValue(lastTry)) is { } refused)
                return output.Fail(refused);
            using var pin = entry.Ask(pinKind, CliWords.PinPrompt(pinKind), PinEntry.PinVariable, out problem);
            if (pin is null)
                return output.Fail(problem!);
            var result = card.Client.VerifyPin(pin);
            return Report(output, pinKind, result, CliWords.Verified(pinKind), card.Client.GetPinStatus(pinKind));
        });
        return command;
    }

    private static Command Change(CliContext context)
    {
        var source = new CardSource(context);
        var kind = KindArgument(context);
        var stdin = new Option<bool>(PinEntry.StdinOption)
        {
            Description = context.Help(
                $"現在の暗証番号と新しい暗証番号を標準入力の1行目と2行目から読みます（なければ ${PinEntry.PinVariable} と ${PinEntry.NewPinVariable}、それもなければ入力を求めます）。",
                $"Read the current PIN and the new one from the first two lines of standard input (else ${PinEntry.PinVariable} and ${PinEntry.NewPinVariable}, else prompts)."),
        };
        var lastTry = new Option<bool>("--last-try") { Description = context.Help(
            "あと1回誤るとロックされる場合でも現在の暗証番号を入力します（端末では確認を求めます）。",
            "Enter the current PIN even when one wrong entry more locks it (a terminal asks instead).") };
        var command = new Command("change", context.Help(
            "暗証番号を変更します: 現在の暗証番号、次に新しい暗証番号を2回、画面に表示せずに入力します（P2）。",
            "Change a PIN: the current one, then the new one twice, without echo (P2).")) { kind, stdin, lastTry };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var output = CliOutput.For(context, parse);
            var pinKind = KindOf(parse.GetValue(kind)!);
            var entry = new PinEntry(context, output, parse.GetValue(stdin));
            if (pinKind == PinKind.ResidentRegistry)
                return output.Fail(CliWords.ResidentRegistryPinAtWindowOnly);
            // Both PINs are asked and checked for their format before the card is touched.
            using var current = entry.Ask(pinKind, CliWords.PinPrompt(pinKind), PinEntry.PinVariable, out var problem);
            if (current is null)
                return output.Fail(problem!);
            using var next = entry.AskNew(pinKind, out problem);
            if (next is null)
                return output.Fail(problem!);
            using var card = source.Open(context, parse, out problem);
            if (card is null)
                return output.Fail(problem!);
            if (entry.Refusal(card.Client, pinKind, parse.GetValue(lastTry)) is { } refused)
                return output.Fail(refused);
            var result = card.Client.ChangePin(current, next);
            return Report(output, pinKind, result, CliWords.Changed(pinKind), card.Client.GetPinStatus(pinKind));
        });
        return command;
    }

    private static int Report(CliOutput output, PinKind kind, PinVerificationResult result, Primitives.Text.LocalizedText success, PinStatus after)
    {
        switch (result.Outcome)
        {
            case PinVerificationOutcome.Verified:
                if (output.Json)
                    output.WriteJson(new { result = "ok", pin = PinView.Of(output, NameOf(kind), kind, after) });
                else
                    output.Console.WriteLine(output.T(success) + " " + output.T(CliWords.Tries(after, kind)));
                return ExitCodes.Ok;
            case PinVerificationOutcome.Blocked:
                return output.Fail(CliWords.PinBlocked(kind));
            default:
                return output.Fail(CliWords.WrongPin(kind, result.TriesLeft));
        }
    }
}

/// <summary>A PIN's state in <c>--json</c>: <c>ok</c>, <c>locked</c>, <c>not-set</c> or <c>no-limit</c>.</summary>
internal sealed record PinView(string Kind, string Name, string State, int? TriesLeft, int MaxTries)
{
    public static PinView Of(CliOutput output, string name, PinKind kind, PinStatus status) => new(
        name,
        output.T(PinPolicy.For(kind).Name),
        status switch
        {
            { IsSet: false } => "not-set",
            { IsBlocked: true } => "locked",
            { TriesLeft: null } => "no-limit",
            _ => "ok",
        },
        status.IsSet ? status.TriesLeft : null,
        PinPolicy.For(kind).MaxTries);
}
