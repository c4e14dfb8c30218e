using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Myna.CardFace;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Cli.Server;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Reader;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna terminal</c>: a clinic's or pharmacy's reception terminal (顔認証付きカードリーダー) against the online eligibility
/// service (docs/insurance.md): the card confirms its holder by the PIN, by the face check or by a staff member's look,
/// the service answers with the eligibility on the visit day and a signed receipt; and the receipts' check.
/// </summary>
internal static class TerminalCommands
{
    /// <summary>The terminal's secret when not read from standard input.</summary>
    public const string SecretVariable = "MYNA_TERMINAL_SECRET";

    /// <summary>The consent names of <c>--consent</c>.</summary>
    private static readonly string[] ConsentNames = ["medication", "health-checks", "treatments", "ceiling"];

    public static Command Build(CliContext context)
    {
        var terminal = new Command("terminal", context.Help(
            "医療機関の受付の端末: カードによるオンライン資格確認（U1.2）。",
            "A medical institution's reception terminal: online eligibility checks with the card (U1.2)."));
        terminal.Subcommands.Add(Check(context));
        terminal.Subcommands.Add(VerifyReceipt(context));
        return terminal;
    }

    private static Command Check(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var terminalId = new Option<string?>("--terminal") { Description = context.Help(
            $"端末のID（端末の秘密は --terminal-secret-stdin、${SecretVariable} または入力で受け取り、引数では受け取りません）。",
            $"The terminal's id (its secret from --terminal-secret-stdin, ${SecretVariable} or a prompt; never an argument).") };
        var secretStdin = new Option<bool>("--terminal-secret-stdin") { Description = context.Help(
            "端末の秘密を標準入力の1行目から読みます。",
            "Read the terminal's secret from the first line of standard input.") };
        var terminalFile = new Option<FileInfo?>("--terminal-file")
        {
            Description = context.Help(
                "端末の資格情報のJSONファイル（[{\"Id\", \"Secret\"}…]。サンドボックスが保存する形式）: --terminal の端末、なければ最初の端末を使います。",
                "A JSON file of terminal credentials ([{\"Id\", \"Secret\"}…], as the sandbox keeps them): the one of --terminal, else the first."),
        };
        var sandboxClinic = new Option<bool>("--sandbox-clinic")
        {
            Description = context.Help(
                "サンドボックスの医療機関（あさひ内科クリニック）の端末。データディレクトリ（$MYNA_HOME。サーバーと共有）の eligibility/sandbox-terminals.json から読みます。",
                "The sandbox clinic's terminal (あさひ内科クリニック), from eligibility/sandbox-terminals.json in the data directory ($MYNA_HOME, shared with the server)."),
        };
        var source = new CardSource(context);
        var pin = new Option<bool>("--pin") { Description = context.Help(
            "患者が利用者証明用電子証明書の暗証番号を入力し、資格確認のチャレンジにカードが署名します。",
            "The patient enters the user-authentication PIN; the card signs the check's challenge.") };
        var pinStdin = new Option<bool>(PinEntry.StdinOption) { Description = context.Help(
            $"--pin のとき: 暗証番号を標準入力の次の行から読みます（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
            $"With --pin: read the PIN from the next line of standard input (else ${PinEntry.PinVariable}, else a prompt).") };
        var face = new Option<FileInfo?>("--face")
        {
            Description = context.Help(
                "顔認証: カメラの画像（PNG、JPEG …）を、--collation-b で読み取ったICチップの顔写真と照合します。",
                "The face check: the camera's image (PNG, JPEG …) compared with the chip's photo, read with --collation-b."),
        };
        var collationB = new Option<string?>("--collation-b")
        {
            Description = context.Help(
                "カメラでカードの券面から読み取った照合番号B: 生年月日（和暦のYYMMDD）、有効期限の年（YYYY）、セキュリティコードの14桁。",
                "Collation number B (照合番号B) as the camera reads it off the card's face: the date of birth as era YYMMDD, the expiry year YYYY, the security code (14 digits)."),
        };
        var staffVisual = new Option<bool>("--staff-visual") { Description = context.Help(
            "職員が患者とカードの顔写真を見比べて確認しました（目視確認）。",
            "A staff member compared the patient with the card's photo (目視確認).") };
        var consent = new Option<string?>("--consent")
        {
            Description = context.Help(
                "患者がこの受診で同意する情報（カンマ区切り）: medication（薬剤情報）、health-checks（特定健診等情報）、treatments（診療情報）、ceiling（限度額情報）または all。既定はなし。",
                "What the patient agrees to for this visit, comma-separated: medication, health-checks, treatments, ceiling (or all); default none."),
        };
        var command = new Command("check", context.Help(
            "カードで患者の健康保険の資格を確認します: 受診日の資格、または確認できない理由を、サービスの署名付きの受領証とともに表示します。",
            "Check a patient's health insurance with the card: the eligibility on the visit day, or why not, with the service's signed receipt."))
        {
            access.Server, terminalId, secretStdin, terminalFile, sandboxClinic, pin, pinStdin, face, collationB, staffVisual, consent,
        };
        source.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            var errors = new List<LocalizedText>();
            var path = parse.GetValue(source.File);
            var readerName = parse.GetValue(source.Reader);
            if (path is not null && readerName is not null)
                errors.Add(CliWords.CardOrReader.Cause);
            if (path is { Exists: false })
                errors.Add(CliWords.NoSuchFile(path.FullName).Cause);
            var image = parse.GetValue(face);
            var identities = (parse.GetValue(pin) ? 1 : 0) + (image is not null ? 1 : 0) + (parse.GetValue(staffVisual) ? 1 : 0);
            if (identities != 1)
                errors.Add(TerminalWords.OneIdentity);
            if (image is { Exists: false })
                errors.Add(TerminalWords.NoSuchFile("--face", image.FullName));
            CollationNumberB? collation = null;
            if (image is not null && parse.GetValue(collationB) is null)
                errors.Add(TerminalWords.FaceNeedsCollation);
            else if (image is null && parse.GetValue(collationB) is not null)
                errors.Add(TerminalWords.CollationGoesWithFace);
            else if (parse.GetValue(collationB) is { } given)
            {
                var parsed = CollationNumberB.Parse(given);
                if (!parsed.TryGetValue(out collation))
                    errors.Add(new($"--collation-b: 照合番号Bは14桁の数字です（生年月日の和暦YYMMDD、有効期限の西暦YYYY、セキュリティコード）。", $"--collation-b: {parsed.Error}"));
            }
            if (parse.GetValue(pinStdin) && !parse.GetValue(pin))
                errors.Add(TerminalWords.PinStdinGoesWithPin);
            var consented = ParseConsent(parse.GetValue(consent), errors);
            if (access.ParseServer(parse, output) is not { } server)
            {
                collation?.Dispose();
                return ExitCodes.BadInput;
            }
            if (errors.Count > 0)
            {
                collation?.Dispose();
                return output.FailInput(errors);
            }

            using (collation)
            {
                if (ReadTerminal(context, output, access, parse.GetValue(terminalId), parse.GetValue(secretStdin), parse.GetValue(terminalFile),
                        parse.GetValue(sandboxClinic)) is not { } credentials)
                    return ExitCodes.BadInput;
                var check = new TerminalCheck(context, output, server, credentials, path, readerName, consented!);
                if (parse.GetValue(pin))
                    return await check.WithPinAsync(parse.GetValue(pinStdin), cancellationToken);
                if (image is not null)
                    return await check.WithFaceAsync(image, collation!, cancellationToken);
                return await check.WithStaffLookAsync(cancellationToken);
            }
        });
        return command;
    }

    /// <summary>The consent of <c>--consent</c>; null after adding why not to <paramref name="errors"/>.</summary>
    internal static CheckConsent? ParseConsent(string? text, List<LocalizedText> errors)
    {
        var names = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToList();
        if (names.Remove("all"))
            names.AddRange(ConsentNames);
        if (names.Remove("none") && names.Count > 0)
        {
            errors.Add(TerminalWords.NoneAlone);
            return null;
        }
        if (names.FirstOrDefault(n => !ConsentNames.Contains(n)) is { } unknown)
        {
            errors.Add(TerminalWords.UnknownConsent(unknown, ConsentNames));
            return null;
        }
        return new CheckConsent(names.Contains("medication"), names.Contains("health-checks"), names.Contains("treatments"), names.Contains("ceiling"));
    }

    /// <summary>The terminal's id and secret from the options, a credentials file or the sandbox's; null after writing why not.</summary>
    private static TerminalCredentials? ReadTerminal(
        CliContext context, CliOutput output, ServerAccess access, string? id, bool secretStdin, FileInfo? file, bool sandboxClinic)
    {
        if (id is not null && id.Contains(':', StringComparison.Ordinal))
            return Refuse(output, TerminalWords.SecretNotInArgument);
        Guid? wanted = null;
        if (id is not null)
        {
            if (!Guid.TryParse(id, out var parsed))
                return Refuse(output, TerminalWords.TerminalIdExpected);
            wanted = parsed;
        }
        if (sandboxClinic && file is not null)
            return Refuse(output, TerminalWords.SandboxOrFile);
        if (sandboxClinic)
        {
            // The sandbox registers the clinic's terminal first and the pharmacy's second (docs/insurance.md).
            var sandbox = new FileInfo(Path.Combine(context.Home.Root, "eligibility", "sandbox-terminals.json"));
            if (!sandbox.Exists)
                return Refuse(output, TerminalWords.NoSandbox(sandbox.FullName));
            return FromFile(output, sandbox, wanted, "--sandbox-clinic");
        }
        if (file is not null)
            return file.Exists ? FromFile(output, file, wanted, "--terminal-file") : Refuse(output, TerminalWords.NoSuchFile("--terminal-file", file.FullName));
        if (wanted is not { } terminal)
            return Refuse(output, TerminalWords.WhichTerminal);
        if (access.ReadSecret(output, secretStdin, "--terminal-secret-stdin", SecretVariable, ServerWords.TerminalSecret, terminal.ToString()) is not { } secret)
            return null;
        return new TerminalCredentials(terminal, secret.Trim());
    }

    private static TerminalCredentials? FromFile(CliOutput output, FileInfo file, Guid? wanted, string option)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
            var entries = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
            foreach (var entry in entries)
            {
                if (entry.ValueKind == JsonValueKind.Object && Property(entry, "id") is { ValueKind: JsonValueKind.String } idValue && idValue.TryGetGuid(out var terminal)
                    && Property(entry, "secret") is { ValueKind: JsonValueKind.String } secretValue && secretValue.GetString() is { Length: > 0 } secret
                    && (wanted is null || wanted == terminal))
                    return new TerminalCredentials(terminal, secret);
            }
            return Refuse(output, TerminalWords.NoTerminalIn(option, file.FullName, wanted));
        }
        catch (JsonException)
        {
            return Refuse(output, TerminalWords.NotJson(option, file.FullName));
        }
    }

    private static JsonElement? Property(JsonElement entry, string name) =>
        entry.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static TerminalCredentials? Refuse(CliOutput output, LocalizedText why)
    {
        output.FailInput([why]);
        return null;
    }

    private static Command VerifyReceipt(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var file = new Argument<FileInfo>("FILE")
        {
            Description = context.Help(
                "JSONの受領証: {\"content\", \"signature\"}、またはそれを含む `myna terminal check --json` の出力。",
                "A receipt as JSON: {\"content\", \"signature\"}, or the output of `myna terminal check --json` holding one."),
        };
        var key = new Option<FileInfo?>("--key")
        {
            Description = context.Help(
                "サーバーに問い合わせず、この公開鍵（PEM。GET /api/eligibility/receipt-key が返すもの）でオフラインで検証します。",
                "Verify offline with this public key (PEM, as GET /api/eligibility/receipt-key gives it) instead of asking the server."),
        };
        var command = new Command("verify-receipt", context.Help(
            "資格確認の受領証がサービスのもので、改変されていないことを検証します: サーバーで、またはその公開鍵でオフラインで。",
            "Check that an eligibility receipt is the service's, unchanged: by the server, or offline with its public key."))
        {
            file, access.Server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return output.Fail(CliWords.NoSuchFile(path.FullName));
            if (ReadReceipt(path) is not { } receipt)
                return output.Fail(TerminalWords.NotAReceipt(path.FullName));
            bool valid;
            LocalizedText by;
            if (parse.GetValue(key) is { } keyFile)
            {
                if (!keyFile.Exists)
                    return output.FailInput([TerminalWords.NoSuchFile("--key", keyFile.FullName)]);
                if (VerifyOffline(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken), receipt.Content, receipt.Signature) is not { } verified)
                    return output.Fail(TerminalWords.NotAKey(keyFile.FullName));
                valid = verified;
                by = TerminalWords.ByKey(keyFile.Name);
            }
            else
            {
                if (access.ParseServer(parse, output) is not { } server)
                    return ExitCodes.BadInput;
                using var client = ServerAccess.ClientOf(server, output);
                var answered = await client.VerifyReceiptAsync(receipt.Content, receipt.Signature, cancellationToken);
                if (answered.Problem is { } problem)
                    return output.Fail(problem);
                valid = answered.Value;
                by = TerminalWords.ByServer(server);
            }
            if (!valid)
                return output.Fail(TerminalWords.ReceiptDoesNotVerify(by));
            if (output.Json)
            {
                output.WriteJson(new { valid = true, checkedWith = output.T(by), content = receipt.Content });
                return ExitCodes.Ok;
            }
            output.Line(TerminalWords.ReceiptValid(by));
            output.Console.Profile.Out.Writer.WriteLine(receipt.Content);
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record ReceiptFile(string Content, string Signature);

    /// <summary>The receipt in <paramref name="path"/>: its own JSON or a check's answer holding it; null when it holds none.</summary>
    private static ReceiptFile? ReadReceipt(FileInfo path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path.FullName));
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("receipt", out var inner) && inner.ValueKind == JsonValueKind.Object)
                root = inner;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                && root.TryGetProperty("signature", out var signature) && signature.ValueKind == JsonValueKind.String)
                return new ReceiptFile(content.GetString()!, signature.GetString()!);
        }
        catch (JsonException)
        {
            // Not JSON: not a receipt either.
        }
        return null;
    }

    /// <summary>Whether <paramref name="signature"/> (Base64, r‖s) is ECDSA P-256 over SHA-256 of the content's UTF-8; null when the key is not one.</summary>
    internal static bool? VerifyOffline(string publicKeyPem, string content, string signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }
        if (key.KeySize != 256)
            return null;
        var bytes = new byte[64];
        return Convert.TryFromBase64String(signature, bytes, out var written) && written == 64
               && key.VerifyData(System.Text.Encoding.UTF8.GetBytes(content), bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>One check at the reception: the card, the service, and what is printed.</summary>
    private sealed class TerminalCheck(
        CliContext context, CliOutput output, Uri server, TerminalCredentials terminal, FileInfo? cardFile, string? readerName, CheckConsent consent)
    {
        /// <summary>
        /// The PIN: the check is opened first (its challenge is what the card signs), then the patient's PIN and the card's
        /// signature go with the answer. A wrong PIN leaves the check to time out; a locked PIN, or the last try without
        /// confirmation, opens no check at all.
        /// </summary>
        public async Task<int> WithPinAsync(bool pinStdin, CancellationToken cancellationToken)
        {
            var entry = new PinEntry(context, output, pinStdin);
            using var pin = entry.Ask(PinKind.UserAuthentication, CliWords.PinPrompt(PinKind.UserAuthentication), PinEntry.PinVariable, out var problem);
            if (pin is null)
                return output.Fail(problem!);
            // Non-null when the PIN may be entered: the card answered, and it is neither locked nor at its last try.
            var mayEnter = OnCard(card =>
            {
                problem = entry.Refusal(card, PinKind.UserAuthentication, lastTryConfirmed: false);
                return problem is null ? card : null;
            }, ref problem);
            if (mayEnter is null)
                return output.Fail(CliWords.NotDone(problem!, TerminalWords.CheckNotAnswered));
            using var client = ServerAccess.ClientOf(server, output);
            var opened = await client.OpenCheckAsync(terminal, cancellationToken);
            if (opened.Problem is { } refused)
                return output.Fail(refused);
            var signed = OnCard(card =>
            {
                var signing = ChallengeSigner.Sign(card, pin, Convert.FromBase64String(opened.Value!.Challenge));
                if (signing.Signed is null)
                    problem = CliWords.NotDone(CliWords.PinRefused(signing.Pin, PinKind.UserAuthentication), TerminalWords.CheckNotAnswered);
                return signing.Signed;
            }, ref problem);
            if (signed is null)
                return output.Fail(problem!);
            return await AnswerAsync(client, opened.Value!.CheckId,
                new CheckAnswer(Convert.ToBase64String(signed.Certificate), Convert.ToBase64String(signed.Signature), "Pin", consent), null, cancellationToken);
        }

        /// <summary>
        /// The face check: 照合番号B opens the chip's photo, the comparator decides, and only a face that matches lets the
        /// terminal attest <c>Face</c> to the service with the certificate alone; any other face is refused here.
        /// </summary>
        public async Task<int> WithFaceAsync(FileInfo image, CollationNumberB collation, CancellationToken cancellationToken)
        {
            var camera = await File.ReadAllBytesAsync(image.FullName, cancellationToken);
            FaceMatch? match = null;
            CliProblem? problem = null;
            var certificate = OnCard(card =>
            {
                using var authentication = card.ReadAuthenticationCertificate();
                var reading = card.ReadCardFace(collation);
                if (reading.Face is not { } face)
                {
                    problem = TerminalWords.CollationRefused(reading.Collation);
                    return null;
                }
                if (face.Photo.Length == 0)
                {
                    problem = TerminalWords.NoPhoto;
                    return null;
                }
                try
                {
                    match = FaceComparison.Compare(face.Photo, camera);
                }
                catch (FaceImageException e)
                {
                    problem = TerminalWords.FaceImage(e.Image == FaceImageSource.CameraImage ? ExitCodes.BadInput : ExitCodes.CardError, e.Message);
                    return null;
                }
                return authentication.RawData;
            }, ref problem);
            if (certificate is null)
                return output.Fail(problem!);
            if (!match!.IsSamePerson)
            {
                var mismatch = TerminalWords.FaceMismatch(match.ToString());
                if (!output.Json)
                    return output.Fail(mismatch);
                // The comparator's numbers are the result a script wants; the error goes with them in the one document.
                WriteJson(new JsonObject
                {
                    ["sent"] = false,
                    ["faceCheck"] = FaceJson(match),
                    ["error"] = new JsonObject { ["code"] = mismatch.Code, ["message"] = output.T(mismatch.Cause), ["remedy"] = mismatch.Remedy is { } remedy ? output.T(remedy) : null },
                });
                return output.Complain(mismatch);
            }
            using var client = ServerAccess.ClientOf(server, output);
            var opened = await client.OpenCheckAsync(terminal, cancellationToken);
            if (opened.Problem is { } refused)
                return output.Fail(refused);
            return await AnswerAsync(client, opened.Value!.CheckId, new CheckAnswer(Convert.ToBase64String(certificate), null, "Face", consent), match, cancellationToken);
        }

        /// <summary>A staff member's look at the patient and the card's photo: the certificate alone, the terminal attests <c>StaffVisual</c>.</summary>
        public async Task<int> WithStaffLookAsync(CancellationToken cancellationToken)
        {
            CliProblem? problem = null;
            var certificate = OnCard(card =>
            {
                using var authentication = card.ReadAuthenticationCertificate();
                return authentication.RawData;
            }, ref problem);
            if (certificate is null)
                return output.Fail(problem!);
            using var client = ServerAccess.ClientOf(server, output);
            var opened = await client.OpenCheckAsync(terminal, cancellationToken);
            if (opened.Problem is { } refused)
                return output.Fail(refused);
            return await AnswerAsync(client, opened.Value!.CheckId, new CheckAnswer(Convert.ToBase64String(certificate), null, "StaffVisual", consent), null, cancellationToken);
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the card (file or reader); null with <paramref name="problem"/> set when the card
        /// could not be reached or failed (or as <paramref name="work"/> set it).
        /// </summary>
        private T? OnCard<T>(Func<MynaCardClient, T?> work, ref CliProblem? problem) where T : class
        {
            try
            {
                using var transport = CardSource.OpenTransport(context, cardFile, readerName, out var opening);
                if (transport is null)
                {
                    problem = opening;
                    return null;
                }
                var done = work(new MynaCardClient(transport));
                if (done is null)
                    problem ??= CliWords.CardTransport("?");
                return done;
            }
            catch (Exception e) when (e is CardTransportException or CardCommandException or CardDataFormatException)
            {
                problem = CliWords.CardTransport(e.Message);
                return null;
            }
        }

        private async Task<int> AnswerAsync(MynaServerClient client, Guid checkId, CheckAnswer answer, FaceMatch? match, CancellationToken cancellationToken)
        {
            var answered = await client.AnswerCheckAsync(terminal, checkId, answer, cancellationToken);
            if (answered.Problem is { } problem)
                return output.Fail(problem);
            var result = answered.Value;
            if (!result.TryGetProperty("eligible", out var eligibleValue) || eligibleValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return output.Fail(TerminalWords.NoEligibility(server));
            var eligible = eligibleValue.GetBoolean();
            if (output.Json)
            {
                var node = JsonNode.Parse(result.GetRawText())!.AsObject();
                node["identity"] = answer.Identity;
                if (match is not null)
                    node["faceCheck"] = FaceJson(match);
                WriteJson(node);
            }
            else
                Print(result, eligible, answer.Identity, match);
            return eligible ? ExitCodes.Ok : ExitCodes.NotEligible;
        }

        private void Print(JsonElement result, bool eligible, string identity, FaceMatch? match)
        {
            var language = output.Language == CliLanguage.Japanese ? "japanese" : "english";
            var table = new Table().HideHeaders().AddColumns("", "");
            table.AddRow(output.T(TerminalWords.Result), eligible ? $"[green]{output.T(TerminalWords.Eligible)}[/]" : $"[red]{output.T(TerminalWords.NotEligible)}[/]");
            table.AddRow(output.T(eligible ? TerminalWords.Rule : TerminalWords.Refusal), Markup.Escape($"{Text(result, "refusalCode") ?? output.T(TerminalWords.EligibleCode)} ({Text(result, "rule")})"));
            if (result.TryGetProperty("reason", out var reason) && Text(reason, language) is { } why)
                table.AddRow(output.T(TerminalWords.Reason), Markup.Escape(why));
            if (result.TryGetProperty("facts", out var facts) && facts.ValueKind == JsonValueKind.Object)
            {
                table.AddRow(output.T(TerminalWords.Insurer), Markup.Escape($"{Text(facts, "insurerName")} ({Text(facts, "insurerNumber")})"));
                var symbol = Text(facts, "symbol") is { Length: > 0 } s ? s : "—";
                table.AddRow(output.T(TerminalWords.SymbolNumberBranch), Markup.Escape($"{symbol} · {Text(facts, "number")} · {Text(facts, "branch")} ({output.T(TerminalWords.Role(Text(facts, "role")))})"));
                table.AddRow(output.T(TerminalWords.Copayment), Markup.Escape($"{Number(facts, "copaymentPercent")} %"));
                table.AddRow(output.T(TerminalWords.CeilingCategory), Markup.Escape(Text(facts, "ceilingCategory") ?? "—"));
                table.AddRow(output.T(TerminalWords.ElderlyRecipient), Markup.Escape(Number(facts, "elderlyCopaymentPercent") is { } elderly ? $"{elderly} %" : "—"));
                if (facts.TryGetProperty("subsidyNote", out var note) && Text(note, language) is { } noteText)
                    table.AddRow(output.T(TerminalWords.Note), Markup.Escape(noteText));
            }
            table.AddRow(output.T(TerminalWords.Identity), Markup.Escape(output.T(identity switch
            {
                "Face" => TerminalWords.FaceIdentity(match!.ToString()),
                "StaffVisual" => TerminalWords.StaffIdentity,
                _ => TerminalWords.PinIdentity,
            })));
            if (result.TryGetProperty("consent", out var given) && given.ValueKind == JsonValueKind.Object)
            {
                var names = new[] { "medication", "healthChecks", "treatments", "highCostCeiling" }
                    .Where(c => given.TryGetProperty(c, out var v) && v.ValueKind == JsonValueKind.True).Select(c => output.T(TerminalWords.ConsentName(c))).ToList();
                table.AddRow(output.T(TerminalWords.Consent), Markup.Escape(names.Count == 0 ? output.T(TerminalWords.NoConsent) : string.Join(output.T("、", ", "), names)));
            }
            if (result.TryGetProperty("receipt", out var receipt) && receipt.ValueKind == JsonValueKind.Object)
                table.AddRow(output.T(TerminalWords.Receipt), Markup.Escape(output.T(TerminalWords.ReceiptHint(Text(receipt, "id")))));
            output.Console.Write(table);
            if (result.TryGetProperty("receipt", out receipt) && Text(receipt, "content") is { } content)
                output.Console.Profile.Out.Writer.WriteLine(content);
        }

        private static JsonObject FaceJson(FaceMatch match) => new()
        {
            ["similarity"] = Math.Round(match.Similarity, 4),
            ["threshold"] = match.Threshold,
            ["samePerson"] = match.IsSamePerson,
        };

        private void WriteJson(JsonNode node) =>
            output.Console.Profile.Out.Writer.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string? Number(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
                ? value.GetInt32().ToString(CultureInfo.InvariantCulture) : null;
    }
}
