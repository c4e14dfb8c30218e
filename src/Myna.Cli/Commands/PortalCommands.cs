using System.CommandLine;
using System.Globalization;
using Myna.Cli.Server;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Spectre.Console;

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
        var portal = new Command("portal", "The citizen portal (マイナポータル) from the holder's side.");
        portal.Subcommands.Add(Login(context));
        portal.Subcommands.Add(HistoryVerifyCommand.Build(context));
        return portal;
    }

    private static Command Login(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var target = new Argument<string>("CODE")
        {
            Description = "The code the portal's login page shows (ABCD-EFGH, any case, hyphen optional), or the URL its QR code holds.",
        };
        var reader = new Option<string?>("--reader") { Description = "The PC/SC reader with the card (default: the only reader with a card in it)." };
        var card = new Option<FileInfo?>("--card") { Description = "A card file of this installation, used in process instead of a reader." };
        var pinStdin = new Option<bool>("--pin-stdin")
        {
            Description = $"Read the user-authentication PIN from the first line of standard input (else ${ServerAccess.PinVariable}, else a prompt).",
        };
        var command = new Command("login", "Log in to the portal with the card: the card signs the challenge of the login page showing CODE.")
        {
            target, reader, card, access.Server, pinStdin,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ParseTarget(context, parse.GetValue(target)!) is not { } parsedTarget)
                return ExitCodes.BadInput;
            var (url, code) = parsedTarget;
            if ((url ?? access.ParseServer(parse)) is not { } server)
                return ExitCodes.BadInput;
            var path = parse.GetValue(card);
            var readerName = parse.GetValue(reader);
            if (path is not null && readerName is not null)
                return CardCreateCommand.Fail(context, ["give either --reader NAME or --card FILE, not both."]);
            if (path is { Exists: false })
                return CardCreateCommand.Fail(context, [$"{path.FullName}: no such file."]);

            using var client = new MynaServerClient(server);
            var challenge = await client.PortalChallengeAsync(code, cancellationToken);
            if (challenge.Problem is { } refused)
                return access.Report(refused);

            if (access.ReadSecret(parse.GetValue(pinStdin), "--pin-stdin", ServerAccess.PinVariable, "user-authentication PIN", $"login {Display(code)}")
                is not { } text)
                return ExitCodes.BadInput;
            var parsedPin = Pin.Parse(PinKind.UserAuthentication, text);
            if (!parsedPin.TryGetValue(out var pin))
                return CardCreateCommand.Fail(context, [$"PIN: {parsedPin.Error}"]);
            using (pin)
            {
                if (Sign(context, path, readerName, pin, Convert.FromBase64String(challenge.Value!.Challenge)) is not { } signed)
                    return ExitCodes.CardError;
                var answered = await client.AnswerPortalChallengeAsync(code,
                    new PortalAnswer(Convert.ToBase64String(signed.Certificate), Convert.ToBase64String(signed.Signature)), cancellationToken);
                if (answered.Problem is { } problem)
                    return access.Report(problem);
            }
            context.Console.MarkupLine($"[green]logged in[/]: the card answered login {Markup.Escape(Display(code))} at {Markup.Escape(server.ToString())}; " +
                "the browser's page completes the login by itself.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The code (8 characters, upper case, no hyphen) and, for a URL as the QR code holds it, the server it names;
    /// null after writing why <paramref name="text"/> is neither.
    /// </summary>
    internal static (Uri? Server, string Code)? ParseTarget(CliContext context, string text)
    {
        Uri? server = null;
        var code = text;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            var at = Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) ? uri.AbsolutePath.LastIndexOf(ChallengesPath, StringComparison.Ordinal) : -1;
            if (at < 0 || !MynaServerClient.ParseServer(uri!.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath[..at]).TryGetValue(out server))
            {
                context.Error.WriteLine($"error: {text}: not a login URL of the portal (…{ChallengesPath}CODE).");
                return null;
            }
            code = Uri.UnescapeDataString(uri!.AbsolutePath[(at + ChallengesPath.Length)..].TrimEnd('/'));
        }
        var value = string.Concat(code.Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        if (value.Length != 8 || !value.All(c => CodeAlphabet.Contains(c, StringComparison.Ordinal)))
        {
            context.Error.WriteLine($"error: {code}: not a login code: the portal's page shows 8 letters and digits as ABCD-EFGH.");
            return null;
        }
        return (server, value);
    }

    private static string Display(string code) => code[..4] + "-" + code[4..];

    /// <summary>The card's signature over the challenge, or null after writing why the card did not sign.</summary>
    private static SignedChallenge? Sign(CliContext context, FileInfo? path, string? readerName, Pin pin, byte[] challenge)
    {
        try
        {
            using var transport = Cards.CardSource.OpenTransport(context, path, readerName, out var problem);
            if (transport is null)
            {
                Output.CliOutput.WriteInEnglish(context.Error, problem!);
                return null;
            }
            var signing = ChallengeSigner.Sign(new MynaCardClient(transport), pin, challenge);
            if (signing.Signed is { } signed)
                return signed;
            Output.CliOutput.WriteInEnglish(context.Error, Output.CliWords.PinRefused(signing.Pin, PinKind.UserAuthentication), "the login was not answered");
            return null;
        }
        catch (Exception e) when (e is CardTransportException or CardCommandException or CardDataFormatException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

}
