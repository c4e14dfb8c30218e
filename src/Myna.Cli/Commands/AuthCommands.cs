using System.CommandLine;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna auth sign-challenge CHALLENGE</c>: the card's side of a login with the user-authentication certificate, for
/// any relying service: the card signs SHA-256 of the challenge after the 4-digit PIN, and the command writes the JSON
/// that <c>POST /verify/login</c> of a Myna server takes (<c>challenge</c>, <c>signature</c>, <c>certificate</c>, base64).
/// </summary>
internal static class AuthCommands
{
    /// <summary>The verifier's limit on a challenge (its <c>MaxChallengeBytes</c>).</summary>
    private const int MaxChallengeBytes = 1024;

    public static Command Build(CliContext context)
    {
        var auth = new Command("auth", context.Help(
            "利用者証明用電子証明書で、それを受け付けるサービスにログインします。",
            "Log in to a relying service with the user-authentication certificate."));
        auth.Subcommands.Add(SignChallenge(context));
        return auth;
    }

    private static Command SignChallenge(CliContext context)
    {
        var challenge = new Argument<string?>("CHALLENGE") { Description = context.Help(
            "サービスのチャレンジ（base64。- なら --challenge-file から生のバイト列を読みます）。",
            "The service's challenge, base64 (or - to read the raw bytes from --challenge-file)."), Arity = ArgumentArity.ZeroOrOne };
        var challengeFile = new Option<FileInfo?>("--challenge-file") { Description = context.Help(
            "CHALLENGE の代わりに、チャレンジの生のバイト列を収めたファイル。",
            "A file holding the challenge's raw bytes, instead of CHALLENGE.") };
        var stdin = new Option<bool>(PinEntry.StdinOption) { Description = context.Help(
            $"利用者証明用電子証明書の暗証番号を標準入力から読みます（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
            $"Read the user-authentication PIN from standard input (else ${PinEntry.PinVariable}, else a prompt).") };
        var output = new Option<FileInfo?>("--out", "-o") { Description = context.Help(
            "JSONを標準出力ではなくこのファイルに書き出します。",
            "Write the JSON to this file instead of standard output.") };
        var source = new CardSource(context);
        var command = new Command("sign-challenge", context.Help(
            "利用者証明用電子証明書の暗証番号を入力し、ログインのチャレンジにカードで署名します。/verify/login が受け付けるJSONを書き出します。",
            "Have the card sign a login challenge after the user-authentication PIN; writes the JSON that /verify/login takes."))
        {
            challenge, challengeFile, stdin, output,
        };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var say = CliOutput.For(context, parse);
            byte[]? bytes = null;
            if (parse.GetValue(challengeFile) is { } file)
            {
                if (!file.Exists)
                    return say.Fail(CliWords.NoSuchFile(file.FullName));
                bytes = File.ReadAllBytes(file.FullName);
            }
            else if (parse.GetValue(challenge) is { } text)
            {
                try
                {
                    bytes = Convert.FromBase64String(text.Trim());
                }
                catch (FormatException)
                {
                    bytes = null;
                }
                if (bytes is null)
                    return say.Fail(new CliProblem(ExitCodes.BadInput, "bad-input", new("CHALLENGE は base64 で指定してください。", "CHALLENGE: base64, as the service gave it.")));
            }
            if (bytes is not { Length: > 0 and <= MaxChallengeBytes })
                return say.Fail(new CliProblem(ExitCodes.BadInput, "bad-input",
                    new($"チャレンジ（1～{MaxChallengeBytes}バイト）を CHALLENGE か --challenge-file で指定してください。", $"give the challenge (1 to {MaxChallengeBytes} bytes) as CHALLENGE or --challenge-file.")));

            var entry = new PinEntry(context, say, parse.GetValue(stdin));
            using var pin = entry.Ask(PinKind.UserAuthentication, CliWords.PinPrompt(PinKind.UserAuthentication), PinEntry.PinVariable, out var problem);
            if (pin is null)
                return say.Fail(problem!);
            using var card = source.Open(context, parse, out problem);
            if (card is null)
                return say.Fail(problem!);
            if (entry.Refusal(card.Client, PinKind.UserAuthentication, lastTryConfirmed: false) is { } refused)
                return say.Fail(refused);
            ChallengeSigning signing;
            try
            {
                signing = ChallengeSigner.Sign(card.Client, pin, bytes);
            }
            catch (CardCommandException e) when (e.StatusWord == Card.Apdu.StatusWord.FileNotFound)
            {
                return say.Fail(CliWords.PinNotSet(PinKind.UserAuthentication));
            }
            if (signing.Signed is not { } signed)
                return say.Fail(CliWords.PinRefused(signing.Pin, PinKind.UserAuthentication));
            var answer = new
            {
                challenge = Convert.ToBase64String(bytes),
                signature = Convert.ToBase64String(signed.Signature),
                certificate = Convert.ToBase64String(signed.Certificate),
            };
            if (parse.GetValue(output) is { } target)
            {
                File.WriteAllText(target.FullName, System.Text.Json.JsonSerializer.Serialize(answer) + "\n");
                if (!say.Json)
                    say.Console.Profile.Out.Writer.WriteLine(say.T($"{target.FullName} に書き出しました。", $"written to {target.FullName}."));
                else
                    say.WriteJson(answer);
            }
            else
            {
                say.WriteJson(answer); // the answer is JSON whatever the output form: it is what /verify/login takes
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
