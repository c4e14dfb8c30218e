using System.CommandLine;
using System.Globalization;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Cli.Server;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Pcsc;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna portal login CODE</c>: the holder's app for the citizen portal's login (docs/portal.md) — fetch the challenge
/// a login page waits on, have the card sign it after the user-authentication PIN, post the answer.
/// </summary>
internal static class PortalCommands
{
    /// <summary>The characters of a login code (no look-alikes), as the portal draws them.</summary>
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Where the portal serves a challenge by its code; the login page's QR code holds this URL.</summary>
    private const string ChallengesPath = "/portal/api/challenges/";

    public static Command Build(CliContext context)
    {
        var portal = new Command("portal", context.Help("カードの持ち主の側から使うマイナポータル。", "The citizen portal (マイナポータル) from the holder's side."));
        portal.Subcommands.Add(Login(context));
        portal.Subcommands.Add(HistoryVerifyCommand.Build(context));
        return portal;
    }

    private static Command Login(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var target = new Argument<string>("CODE")
        {
            Description = context.Help(
                "マイナポータルのログイン画面に表示されたコード（ABCD-EFGH。大文字小文字は問わず、ハイフンは省略可）、またはその二次元コードのURL。",
                "The code the portal's login page shows (ABCD-EFGH, any case, hyphen optional), or the URL its QR code holds."),
        };
        var source = new CardSource(context);
        var pinStdin = new Option<bool>(PinEntry.StdinOption)
        {
            Description = context.Help(
                $"利用者証明用電子証明書の暗証番号を標準入力の1行目から読みます（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
                $"Read the user-authentication PIN from the first line of standard input (else ${PinEntry.PinVariable}, else a prompt)."),
        };
        var command = new Command("login", context.Help(
            "カードでマイナポータルにログインします: CODE を表示したログイン画面のチャレンジにカードが署名します。",
            "Log in to the portal with the card: the card signs the challenge of the login page showing CODE."))
        {
            target, access.Server, pinStdin,
        };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            if (ParseTarget(parse.GetValue(target)!, out var problem) is not { } parsedTarget)
                return output.Fail(problem!);
            var (url, code) = parsedTarget;
            if ((url ?? access.ParseServer(parse, output)) is not { } server)
                return ExitCodes.BadInput;
            var path = parse.GetValue(source.File);
            var readerName = parse.GetValue(source.Reader);
            if (path is not null && readerName is not null)
                return output.Fail(CliWords.CardOrReader);
            if (path is { Exists: false })
                return output.Fail(CliWords.NoSuchFile(path.FullName));

            using var client = ServerAccess.ClientOf(server, output);
            var challenge = await client.PortalChallengeAsync(code, cancellationToken);
            if (challenge.Problem is { } refused)
                return output.Fail(refused);

            var entry = new PinEntry(context, output, parse.GetValue(pinStdin));
            using var pin = entry.Ask(PinKind.UserAuthentication, CliWords.PinPrompt(PinKind.UserAuthentication), PinEntry.PinVariable, out problem);
            if (pin is null)
                return output.Fail(problem!);
            using var opened = source.Open(context, parse, out problem);
            if (opened is null)
                return output.Fail(problem!);
            if (Sign(opened.Client, entry, pin, Convert.FromBase64String(challenge.Value!.Challenge), out problem) is not { } signed)
                return output.Fail(CliWords.NotDone(problem!, ServerWords.LoginNotAnswered));
            var answered = await client.AnswerPortalChallengeAsync(code,
                new PortalAnswer(Convert.ToBase64String(signed.Certificate), Convert.ToBase64String(signed.Signature)), cancellationToken);
            if (answered.Problem is { } notTaken)
                return output.Fail(notTaken);
            if (output.Json)
                output.WriteJson(new { server = server.ToString(), code = Display(code), answered = true });
            output.Line(ServerWords.LoggedIn(Display(code), server));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The code (8 characters, upper case, no hyphen) and, for a URL as the QR code holds it, the server it names;
    /// null with the problem when <paramref name="text"/> is neither.
    /// </summary>
    internal static (Uri? Server, string Code)? ParseTarget(string text, out CliProblem? problem)
    {
        problem = null;
        Uri? server = null;
        var code = text;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            var at = Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) ? uri.AbsolutePath.LastIndexOf(ChallengesPath, StringComparison.Ordinal) : -1;
            if (at < 0 || !MynaServerClient.ParseServer(uri!.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath[..at]).TryGetValue(out server))
            {
                problem = ServerWords.NotALoginUrl(text);
                return null;
            }
            code = Uri.UnescapeDataString(uri!.AbsolutePath[(at + ChallengesPath.Length)..].TrimEnd('/'));
        }
        var value = string.Concat(code.Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        if (value.Length != 8 || !value.All(c => CodeAlphabet.Contains(c, StringComparison.Ordinal)))
        {
            problem = ServerWords.NotALoginCode(code);
            return null;
        }
        return (server, value);
    }

    private static string Display(string code) => code[..4] + "-" + code[4..];

    /// <summary>
    /// The card's signature over the challenge, or null with why the card did not sign: a PIN not entered at all (locked,
    /// or the last try without confirmation, as every command that enters a PIN), a wrong one, or the card failing.
    /// </summary>
    private static SignedChallenge? Sign(MynaCardClient card, PinEntry entry, Pin pin, byte[] challenge, out CliProblem? problem)
    {
        try
        {
            problem = entry.Refusal(card, PinKind.UserAuthentication, lastTryConfirmed: false);
            if (problem is not null)
                return null;
            var signing = ChallengeSigner.Sign(card, pin, challenge);
            problem = signing.Signed is null ? CliWords.PinRefused(signing.Pin, PinKind.UserAuthentication) : null;
            return signing.Signed;
        }
        catch (CardCommandException e) when (e.StatusWord == Card.Apdu.StatusWord.FileNotFound)
        {
            problem = CliWords.PinNotSet(PinKind.UserAuthentication);
            return null;
        }
        catch (Exception e) when (e is CardTransportException or CardCommandException or CardDataFormatException)
        {
            problem = CliWords.CardTransport(e.Message);
            return null;
        }
    }
}
