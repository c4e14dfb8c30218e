using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Cli.Verification;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Reader;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna sign FILE</c> and <c>myna verify SIGNATURE</c>: a document signed with the card's signature key as CMS
/// SignedData (RFC 5652; what e-Tax and other relying services take), and its check — the signature, the chain to the
/// signature CA, validity at the signing time and, online, the status by OCSP or the CRL — naming the signer's four
/// details from the certificate (E1).
/// </summary>
internal static class SignCommands
{
    public static Command Sign(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = context.Help("署名する文書。", "The document to sign.") };
        var output = new Option<FileInfo?>("--out", "-o") { Description = context.Help(
            "署名の書き出し先（既定: FILE.p7s、DER形式）。",
            "Where to write the signature (default: FILE.p7s; DER).") };
        var attached = new Option<bool>("--attached") { Description = context.Help(
            "文書を署名の中に含めます（既定: 分離署名。署名だけを書き出します）。",
            "Put the document inside the signature (default: detached, the signature alone).") };
        var pem = new Option<bool>("--pem") { Description = context.Help(
            "DERではなくPEM（-----BEGIN CMS-----）で書き出します。",
            "Write PEM (-----BEGIN CMS-----) instead of DER.") };
        var force = new Option<bool>("--force") { Description = context.Help("既にある署名のファイルを置き換えます。", "Replace an existing signature file.") };
        var stdin = new Option<bool>(PinEntry.StdinOption) { Description = context.Help(
            $"署名用電子証明書の暗証番号を標準入力から読みます（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
            $"Read the signature password from standard input (else ${PinEntry.PinVariable}, else a prompt).") };
        var source = new CardSource(context);
        var command = new Command("sign", context.Help(
            "カードの署名用の鍵でファイルに署名します（CMS、SHA-256）: 署名用電子証明書の暗証番号を求めます。",
            "Sign a file with the card's signature key (CMS, SHA-256): asks the signature certificate's password."))
        {
            file, output, attached, pem, force, stdin,
        };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var say = CliOutput.For(context, parse);
            var document = parse.GetValue(file)!;
            var target = parse.GetValue(output) ?? new FileInfo(document.FullName + ".p7s");
            if (!document.Exists)
                return say.Fail(CliWords.NoSuchFile(document.FullName));
            if (target.Exists && !parse.GetValue(force))
                return say.Fail(new CliProblem(ExitCodes.BadInput, "bad-input",
                    new($"{target.FullName} は既にあります（置き換えるには --force）。", $"{target.FullName} exists already (use --force to replace it).")));
            var entry = new PinEntry(context, say, parse.GetValue(stdin));
            using var pin = entry.Ask(PinKind.Signature, CliWords.PinPrompt(PinKind.Signature), PinEntry.PinVariable, out var problem);
            if (pin is null)
                return say.Fail(problem!);
            using var card = source.Open(context, parse, out problem);
            if (card is null)
                return say.Fail(problem!);
            if (entry.Refusal(card.Client, PinKind.Signature, lastTryConfirmed: false) is { } refused)
                return say.Fail(refused);
            var content = File.ReadAllBytes(document.FullName);
            DocumentSigning signing;
            try
            {
                signing = DocumentSigner.Sign(card.Client, pin, content, context.Clock.GetUtcNow(), detached: !parse.GetValue(attached));
            }
            catch (CardCommandException e) when (e.StatusWord == Card.Apdu.StatusWord.FileNotFound)
            {
                return say.Fail(CliWords.PinNotSet(PinKind.Signature));
            }
            if (signing.SignedData is not { } signedData)
                return say.Fail(CliWords.PinRefused(signing.Pin, PinKind.Signature));
            if (parse.GetValue(pem))
                File.WriteAllText(target.FullName, PemEncoding.WriteString("CMS", signedData) + "\n");
            else
                File.WriteAllBytes(target.FullName, signedData);
            if (say.Json)
                say.WriteJson(new { signature = target.FullName, document = document.FullName, detached = !parse.GetValue(attached), bytes = signedData.Length });
            else
                say.Console.Profile.Out.Writer.WriteLine(say.T($"署名を {target.FullName} に書き出しました。", $"signature written to {target.FullName}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Verify(CliContext context)
    {
        var signature = new Argument<FileInfo>("SIGNATURE") { Description = context.Help(
            "CMSの署名（DERまたはPEM）。`myna sign` や `openssl cms -sign` が書き出したもの。",
            "The CMS signature (DER or PEM), as `myna sign` or `openssl cms -sign` writes it.") };
        var content = new Option<FileInfo?>("--content") { Description = context.Help(
            "分離署名の場合の署名された文書（既定: SIGNATURE から .p7s を除いた名前のファイルがあればそれ）。",
            "The signed document, for a detached signature (default: SIGNATURE without .p7s, if it exists).") };
        var signCa = new Option<FileInfo?>("--sign-ca") { Description = context.Help(
            "信頼する署名用の認証局の証明書（PEMまたはDER）。例えば `myna card export sign-ca` で書き出したもの。",
            "The signature CA's certificate to trust (PEM or DER), e.g. from `myna card export sign-ca`.") };
        var authCa = new Option<FileInfo?>("--auth-ca") { Description = context.Help(
            "利用者証明用の認証局の証明書（PEMまたはDER）。--sign-ca と併せて指定します。",
            "The user-authentication CA's certificate (PEM or DER), with --sign-ca.") };
        var status = new StatusSources(context);
        var command = new Command("verify", context.Help(
            "署名された文書を検証します: 署名、証明書の連鎖、署名時点の有効性、オンラインでの失効の確認。署名者を表示します。",
            "Check a signed document: the signature, the chain, validity at the signing time, and the status online; names the signer."))
        {
            signature, content, signCa, authCa,
        };
        status.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var say = CliOutput.For(context, parse);
            var signatureFile = parse.GetValue(signature)!;
            if (!signatureFile.Exists)
                return say.Fail(CliWords.NoSuchFile(signatureFile.FullName));
            var signedData = ReadCms(signatureFile);
            var contentFile = parse.GetValue(content);
            if (contentFile is null && signatureFile.Name.EndsWith(".p7s", StringComparison.OrdinalIgnoreCase)
                && new FileInfo(signatureFile.FullName[..^4]) is { Exists: true } beside && !IsAttached(signedData))
                contentFile = beside;
            if (contentFile is { Exists: false })
                return say.Fail(CliWords.NoSuchFile(contentFile.FullName));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var server = status.ServerUrl(parse, out var problem);
            if (problem is not null)
                return say.Fail(problem);
            var checker = status.Checker(parse, http, context.Clock, out problem);
            if (problem is not null)
                return say.Fail(problem);
            X509Certificate2 signatureAuthority, authenticationAuthority;
            if (parse.GetValue(signCa) is { } signFile && parse.GetValue(authCa) is { } authFile)
            {
                if (StatusSources.LoadCertificate(signFile, "--sign-ca", out problem) is not { } s)
                    return say.Fail(problem!);
                if (StatusSources.LoadCertificate(authFile, "--auth-ca", out problem) is not { } a)
                    return say.Fail(problem!);
                (signatureAuthority, authenticationAuthority) = (s, a);
            }
            else if (server is not null)
            {
                try
                {
                    (signatureAuthority, authenticationAuthority) = await StatusSources.FetchAuthoritiesAsync(http, server, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or CryptographicException)
                {
                    return say.Fail(StatusSources.Unreachable(server, e.Message));
                }
            }
            else
            {
                return say.Fail(new CliProblem(ExitCodes.BadInput, "no-trust",
                    new("信頼する認証局の証明書がありません。", "no CA certificate to trust was given."),
                    new("--sign-ca と --auth-ca（`myna card export sign-ca` などで書き出せます）か、--server URL を指定してください。",
                        "give --sign-ca and --auth-ca (`myna card export sign-ca` writes them), or --server URL.")));
            }

            using (signatureAuthority)
            using (authenticationAuthority)
            {
                var offline = checker is null;
                var verifier = new JpkiVerifier(signatureAuthority, authenticationAuthority, checker ?? new NotChecked(), context.Clock);
                var result = contentFile is null
                    ? await verifier.VerifyDocumentAsync(signedData, cancellationToken)
                    : await verifier.VerifyDetachedDocumentAsync(signedData, File.ReadAllBytes(contentFile.FullName), cancellationToken);
                (checker as IDisposable)?.Dispose();
                return Report(say, result, offline);
            }
        });
        return command;
    }

    /// <summary>
    /// Writes what the check found. Offline, the verifier's last step (the status) is "not checked" and everything
    /// before it passed: the signature is reported valid, with the status not checked.
    /// </summary>
    private static int Report(CliOutput say, VerificationResult result, bool offline)
    {
        var notChecked = offline && result.Failure?.Code == VerificationFailureCode.RevocationUnavailable;
        var valid = result.IsValid || notChecked;
        var revocation = notChecked ? null : result.Revocation;
        if (say.Json)
        {
            say.WriteJson(new
            {
                valid,
                failure = valid ? null : new { code = result.Failure!.Code.ToString(), message = result.Failure.Message },
                signer = result.Signer is { } s ? new { name = s.Name, address = s.Address, birthDate = s.BirthDate, sex = s.Sex.ToString().ToLowerInvariant() } : null,
                signingTime = result.SigningTime,
                certificate = result.Certificate is { } c ? new { serialNumber = c.SerialNumber, notBefore = c.NotBefore, notAfter = c.NotAfter } : null,
                status = StatusWords.View(revocation),
                revokedAfterSigning = result.RevokedAfterTimeOfUse,
            });
        }
        else
        {
            var table = new Table().AddColumns(say.T("項目", "item"), say.T("内容", "value"));
            table.AddRow(say.T("結果", "result"), valid
                ? say.T("[green]署名は有効です[/]", "[green]the signature is valid[/]")
                : say.T("[red]署名は無効です[/]", "[red]the signature is not valid[/]"));
            if (result.Signer is { } signer)
            {
                table.AddRow(say.T("署名者の氏名", "signer's name"), Markup.Escape(signer.Name));
                table.AddRow(say.T("生年月日", "birth date"), $"{signer.BirthDate:yyyy-MM-dd} ({Markup.Escape(JapaneseEras.ToJapaneseLongDate(signer.BirthDate))})");
                table.AddRow(say.T("性別", "sex"), say.T(signer.Sex.ToJapanese(), signer.Sex.ToString()));
                table.AddRow(say.T("住所", "address"), Markup.Escape(signer.Address));
            }
            if (result.SigningTime is { } at)
                table.AddRow(say.T("署名日時", "signing time"), at.ToOffset(JapanClock.Offset).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + say.T("（日本時間）", " JST"));
            if (result.Certificate is { } certificate)
                table.AddRow(say.T("証明書のシリアル番号", "certificate serial"), certificate.SerialNumber);
            table.AddRow(say.T("失効の確認", "revocation status"), Markup.Escape(say.T(StatusWords.Of(revocation))));
            if (result.RevokedAfterTimeOfUse)
                table.AddRow("", say.T("署名の後に失効しました（署名は署名日時の時点で有効です）", "revoked after the signing time (the signature stands as of that time)"));
            say.Console.Write(table);
        }
        if (valid)
            return ExitCodes.Ok;
        return say.Complain(new CliProblem(ExitCodes.VerificationFailed, "not-valid",
            new($"署名を検証できませんでした（{result.Failure!.Code}）: {result.Failure.Message}", $"the signature does not verify ({result.Failure!.Code}): {result.Failure.Message}")));
    }

    private static byte[] ReadCms(FileInfo file)
    {
        var bytes = File.ReadAllBytes(file.FullName);
        if (!bytes.AsSpan().StartsWith("-----BEGIN"u8))
            return bytes;
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    /// <summary>Whether the SignedData holds its content (a detached one has none); false for what is not CMS (the verifier says why).</summary>
    private static bool IsAttached(byte[] signedData)
    {
        try
        {
            var cms = new System.Security.Cryptography.Pkcs.SignedCms();
            cms.Decode(signedData);
            return cms.ContentInfo.Content.Length > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The offline "checker": no status source was given, so the status is not asked for.</summary>
    private sealed class NotChecked : IRevocationChecker
    {
        public ValueTask<RevocationCheck> CheckAsync(RevocationQuery query, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new RevocationCheck(RevocationState.Unavailable, "none", Detail: "not checked (offline)"));
    }
}
