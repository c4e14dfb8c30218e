using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna card export auth|sign|auth-ca|sign-ca [--chain] [--der] [--out FILE]</c>: a certificate of the card, as a
/// relying party's software needs it (PEM by default; the signature certificate after its password).
/// </summary>
internal static class CardExportCommand
{
    public static Command Build(CliContext context)
    {
        var which = new Argument<string>("CERTIFICATE")
        {
            Description = context.Help(
                "auth（利用者証明用電子証明書）、sign（署名用電子証明書: 暗証番号を求めます）、auth-ca または sign-ca（発行した認証局）。",
                "auth (user authentication), sign (signature: asks its password), auth-ca or sign-ca (the issuing CAs)."),
        }.AcceptOnlyFromAmong("auth", "sign", "auth-ca", "sign-ca");
        var chain = new Option<bool>("--chain") { Description = context.Help(
            "続けて発行した認証局の証明書も書き出します（PEMのみ）。",
            "Add the issuing CA's certificate after it (PEM only).") };
        var der = new Option<bool>("--der") { Description = context.Help("PEMではなくDERで書き出します（--out が必要）。", "DER instead of PEM (needs --out).") };
        var output = new Option<FileInfo?>("--out", "-o") { Description = context.Help(
            "標準出力ではなくこのファイルに書き出します。",
            "Write to this file instead of standard output.") };
        var force = new Option<bool>("--force") { Description = context.Help("既にあるファイルを置き換えます。", "Replace an existing file.") };
        var stdin = new Option<bool>(PinEntry.StdinOption) { Description = context.Help(
            $"署名用電子証明書の暗証番号を標準入力から読みます（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
            $"Read the signature password from standard input (else ${PinEntry.PinVariable}, else a prompt).") };
        var source = new CardSource(context);
        var command = new Command("export", context.Help(
            "カードの電子証明書（と認証局の証明書）をPEMまたはDERで書き出します。",
            "Write a certificate of the card (and its CA) as PEM or DER.")) { which, chain, der, output, force, stdin };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var say = CliOutput.For(context, parse);
            var slot = parse.GetValue(which)!;
            var target = parse.GetValue(output);
            var errors = new List<Primitives.Text.LocalizedText>();
            if (parse.GetValue(der) && parse.GetValue(chain))
                errors.Add(new("DER の出力には証明書を1つしか入れられません。--chain は PEM で使ってください。", "a DER file holds one certificate: use --chain with PEM."));
            if (parse.GetValue(der) && target is null)
                errors.Add(new("DER は --out FILE で書き出してください（端末にはバイナリを出力しません）。", "DER goes to a file: give --out FILE."));
            if (target is { Exists: true } && !parse.GetValue(force))
                errors.Add(new($"{target.FullName} は既にあります（置き換えるには --force）。", $"{target.FullName} exists already (use --force to replace it)."));
            if (errors.Count > 0)
                return say.FailInput(errors);

            using var card = source.Open(context, parse, out var problem);
            if (card is null)
                return say.Fail(problem!);
            if (slot == "sign")
            {
                var entry = new PinEntry(context, say, parse.GetValue(stdin));
                if (entry.Refusal(card.Client, PinKind.Signature, lastTryConfirmed: false) is { } refused)
                    return say.Fail(refused);
                using var pin = entry.Ask(PinKind.Signature, CliWords.PinPrompt(PinKind.Signature), PinEntry.PinVariable, out problem);
                if (pin is null)
                    return say.Fail(problem!);
                var verified = card.Client.VerifyPin(pin);
                if (!verified.IsVerified)
                    return say.Fail(verified.Outcome == PinVerificationOutcome.Blocked ? CliWords.PinBlocked(PinKind.Signature) : CliWords.WrongPin(PinKind.Signature, verified.TriesLeft));
            }
            List<X509Certificate2> certificates;
            try
            {
                certificates = [Read(card.Client, slot)];
                if (parse.GetValue(chain) && slot is "auth" or "sign")
                    certificates.Add(Read(card.Client, slot + "-ca"));
            }
            catch (CardCommandException e) when (e.StatusWord == Card.Apdu.StatusWord.FileNotFound)
            {
                return say.Fail(new CliProblem(ExitCodes.CardError, "no-certificate",
                    new($"カードに{say.T(CertificateView.Label(slot))}がありません。", $"the card holds no {CertificateView.Label(slot).English}."),
                    new("電子証明書の発行は市区町村の窓口で申請できます（E5）。", "the municipal window loads certificates on request (E5).")));
            }
            try
            {
                var pem = string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
                if (say.Json)
                    say.WriteJson(new { certificates = certificates.Select(c => new { subject = c.Subject, serialNumber = c.SerialNumber, pem = c.ExportCertificatePem() }) });
                if (target is null)
                {
                    if (!say.Json)
                        say.Console.Profile.Out.Writer.Write(pem);
                    return ExitCodes.Ok;
                }
                if (parse.GetValue(der))
                    File.WriteAllBytes(target.FullName, certificates[0].RawData);
                else
                    File.WriteAllText(target.FullName, pem);
                if (!say.Json)
                    say.Console.Profile.Out.Writer.WriteLine(say.T($"{target.FullName} に書き出しました。", $"written to {target.FullName}."));
                return ExitCodes.Ok;
            }
            finally
            {
                foreach (var certificate in certificates)
                    certificate.Dispose();
            }
        });
        return command;
    }

    private static X509Certificate2 Read(MynaCardClient card, string slot) => slot switch
    {
        "auth" => card.ReadAuthenticationCertificate(),
        "sign" => card.ReadSignatureCertificate(),
        "auth-ca" => card.ReadAuthenticationCaCertificate(),
        _ => card.ReadSignatureCaCertificate(),
    };
}
