using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Myna.CardFace;
using Myna.Cli.Server;
using Myna.Primitives;
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
        var terminal = new Command("terminal", "A medical institution's reception terminal: online eligibility checks with the card (U1.2).");
        terminal.Subcommands.Add(Check(context));
        terminal.Subcommands.Add(VerifyReceipt(context));
        return terminal;
    }

    private static Command Check(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var terminalId = new Option<string?>("--terminal") { Description = $"The terminal's id (its secret from --terminal-secret-stdin, ${SecretVariable} or a prompt; never an argument)." };
        var secretStdin = new Option<bool>("--terminal-secret-stdin") { Description = "Read the terminal's secret from the first line of standard input." };
        var terminalFile = new Option<FileInfo?>("--terminal-file")
        {
            Description = "A JSON file of terminal credentials ([{\"Id\", \"Secret\"}…], as the sandbox keeps them): the one of --terminal, else the first.",
        };
        var sandboxClinic = new Option<bool>("--sandbox-clinic")
        {
            Description = "The sandbox clinic's terminal (あさひ内科クリニック), from eligibility/sandbox-terminals.json in the data directory ($MYNA_HOME, shared with the server).",
        };
        var reader = new Option<string?>("--reader") { Description = "The PC/SC reader with the card (default: the only reader with a card in it)." };
        var card = new Option<FileInfo?>("--card") { Description = "A card file of this installation, used in process instead of a reader." };
        var pin = new Option<bool>("--pin") { Description = "The patient enters the user-authentication PIN; the card signs the check's challenge." };
        var pinStdin = new Option<bool>("--pin-stdin") { Description = $"With --pin: read the PIN from the next line of standard input (else ${ServerAccess.PinVariable}, else a prompt)." };
        var face = new Option<FileInfo?>("--face")
        {
            Description = "The face check: the camera's image (PNG, JPEG …) compared with the chip's photo, read with --collation-b.",
        };
        var collationB = new Option<string?>("--collation-b")
        {
            Description = "照合番号B as the camera reads it off the card's face: the date of birth as era YYMMDD, the expiry year YYYY, the security code (14 digits).",
        };
        var staffVisual = new Option<bool>("--staff-visual") { Description = "A staff member compared the patient with the card's photo (目視確認)." };
        var consent = new Option<string?>("--consent")
        {
            Description = "What the patient agrees to for this visit, comma-separated: medication, health-checks, treatments, ceiling (or all); default none.",
        };
        var command = new Command("check", "Check a patient's health insurance with the card: the eligibility on the visit day, or why not, with the service's signed receipt.")
        {
            access.Server, terminalId, secretStdin, terminalFile, sandboxClinic, reader, card, pin, pinStdin, face, collationB, staffVisual, consent,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var path = parse.GetValue(card);
            var readerName = parse.GetValue(reader);
            if (path is not null && readerName is not null)
                errors.Add("give either --reader NAME or --card FILE, not both.");
            if (path is { Exists: false })
                errors.Add($"{path.FullName}: no such file.");
            var image = parse.GetValue(face);
            var identities = (parse.GetValue(pin) ? 1 : 0) + (image is not null ? 1 : 0) + (parse.GetValue(staffVisual) ? 1 : 0);
            if (identities != 1)
                errors.Add("confirm the patient one way: --pin, --face IMAGE --collation-b DIGITS, or --staff-visual.");
            if (image is { Exists: false })
                errors.Add($"--face: {image.FullName}: no such file.");
            CollationNumberB? collation = null;
            if (image is not null && parse.GetValue(collationB) is not { } digits)
                errors.Add("--face needs --collation-b: the 14 digits that open the chip's photo.");
            else if (image is null && parse.GetValue(collationB) is not null)
                errors.Add("--collation-b goes with --face.");
            else if (parse.GetValue(collationB) is { } given)
                collation = CardCreateCommand.Take(CollationNumberB.Parse(given), "--collation-b", errors);
            if (parse.GetValue(pinStdin) && !parse.GetValue(pin))
                errors.Add("--pin-stdin goes with --pin.");
            var consented = ParseConsent(parse.GetValue(consent), errors);
            if (access.ParseServer(parse) is not { } server)
                return ExitCodes.BadInput;
            if (errors.Count > 0)
            {
                collation?.Dispose();
                return CardCreateCommand.Fail(context, errors);
            }

            using (collation)
            {
                if (ReadTerminal(context, access, parse.GetValue(terminalId), parse.GetValue(secretStdin), parse.GetValue(terminalFile),
                        parse.GetValue(sandboxClinic)) is not { } credentials)
                    return ExitCodes.BadInput;
                var check = new TerminalCheck(context, access, server, credentials, path, readerName, consented!, parse.GetValue(Output.GlobalOptions.Json));
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
    internal static CheckConsent? ParseConsent(string? text, List<string> errors)
    {
        var names = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToList();
        if (names.Remove("all"))
            names.AddRange(ConsentNames);
        if (names.Remove("none") && names.Count > 0)
        {
            errors.Add("--consent: none goes alone.");
            return null;
        }
        if (names.FirstOrDefault(n => !ConsentNames.Contains(n)) is { } unknown)
        {
            errors.Add($"--consent: {unknown} is none of {string.Join(", ", ConsentNames)} (or all, none).");
            return null;
        }
        return new CheckConsent(names.Contains("medication"), names.Contains("health-checks"), names.Contains("treatments"), names.Contains("ceiling"));
    }

    /// <summary>The terminal's id and secret from the options, a credentials file or the sandbox's; null after writing why not.</summary>
    private static TerminalCredentials? ReadTerminal(CliContext context, ServerAccess access, string? id, bool secretStdin, FileInfo? file, bool sandboxClinic)
    {
        if (id is not null && id.Contains(':', StringComparison.Ordinal))
            return Refuse(context, $"--terminal: the id alone; the secret goes by --terminal-secret-stdin, ${SecretVariable} or a prompt, never as an argument.");
        Guid? wanted = null;
        if (id is not null)
        {
            if (!Guid.TryParse(id, out var parsed))
                return Refuse(context, "--terminal: a terminal id (a GUID, as the service answered when the terminal was registered).");
            wanted = parsed;
        }
        if (sandboxClinic && file is not null)
            return Refuse(context, "give either --sandbox-clinic or --terminal-file FILE, not both.");
        if (sandboxClinic)
        {
            // The sandbox registers the clinic's terminal first and the pharmacy's second (docs/insurance.md).
            var sandbox = new FileInfo(Path.Combine(context.Home.Root, "eligibility", "sandbox-terminals.json"));
            if (!sandbox.Exists)
                return Refuse(context, $"--sandbox-clinic: {sandbox.FullName}: no such file: start the server in sandbox mode on this data directory ($MYNA_HOME) first.");
            return FromFile(context, sandbox, wanted, "--sandbox-clinic");
        }
        if (file is not null)
            return file.Exists ? FromFile(context, file, wanted, "--terminal-file") : Refuse(context, $"--terminal-file: {file.FullName}: no such file.");
        if (wanted is not { } terminal)
            return Refuse(context, "which terminal? give --terminal ID (and its secret), --terminal-file FILE or --sandbox-clinic.");
        if (access.ReadSecret(secretStdin, "--terminal-secret-stdin", SecretVariable, "terminal secret", $"terminal {terminal}") is not { } secret)
            return null;
        return new TerminalCredentials(terminal, secret.Trim());
    }

    private static TerminalCredentials? FromFile(CliContext context, FileInfo file, Guid? wanted, string option)
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
            return Refuse(context, wanted is null ? $"{option}: {file.FullName} holds no terminal (Id and Secret)." : $"{option}: {file.FullName} holds no terminal {wanted}.");
        }
        catch (JsonException)
        {
            return Refuse(context, $"{option}: {file.FullName} is not JSON.");
        }
    }

    private static JsonElement? Property(JsonElement entry, string name) =>
        entry.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static TerminalCredentials? Refuse(CliContext context, string message)
    {
        context.Error.WriteLine($"error: {message}");
        return null;
    }

    private static Command VerifyReceipt(CliContext context)
    {
        var access = new ServerAccess(context, userRequired: false);
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "A receipt as JSON: {\"content\", \"signature\"}, or the output of `myna terminal check --json` holding one.",
        };
        var key = new Option<FileInfo?>("--key")
        {
            Description = "Verify offline with this public key (PEM, as GET /api/eligibility/receipt-key gives it) instead of asking the server.",
        };
        var command = new Command("verify-receipt", "Check that an eligibility receipt is the service's, unchanged: by the server, or offline with its public key.")
        {
            file, access.Server, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return CardCreateCommand.Fail(context, [$"{path.FullName}: no such file."]);
            if (ReadReceipt(context, path) is not { } receipt)
                return ExitCodes.BadInput;
            bool valid;
            string by;
            if (parse.GetValue(key) is { } keyFile)
            {
                if (!keyFile.Exists)
                    return CardCreateCommand.Fail(context, [$"--key: {keyFile.FullName}: no such file."]);
                if (VerifyOffline(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken), receipt.Content, receipt.Signature) is not { } verified)
                    return CardCreateCommand.Fail(context, [$"--key: {keyFile.FullName} is not an ECDSA P-256 public key in PEM."]);
                valid = verified;
                by = $"the key in {keyFile.Name}";
            }
            else
            {
                if (access.ParseServer(parse) is not { } server)
                    return ExitCodes.BadInput;
                using var client = new MynaServerClient(server);
                var answered = await client.VerifyReceiptAsync(receipt.Content, receipt.Signature, cancellationToken);
                if (answered.Problem is { } problem)
                    return access.Report(problem);
                valid = answered.Value;
                by = server.ToString();
            }
            if (!valid)
            {
                context.Error.WriteLine($"error: the receipt does not verify with {by}: it is not the eligibility service's, or it was changed.");
                return ExitCodes.VerificationFailed;
            }
            context.Console.MarkupLine($"[green]valid[/]: the eligibility service signed this receipt, unchanged (checked with {Markup.Escape(by)}).");
            context.Console.Profile.Out.Writer.WriteLine(receipt.Content);
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record ReceiptFile(string Content, string Signature);

    /// <summary>The receipt in <paramref name="path"/>: its own JSON or a check's answer holding it; null after writing why not.</summary>
    private static ReceiptFile? ReadReceipt(CliContext context, FileInfo path)
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
            // Said below.
        }
        context.Error.WriteLine($"error: {path.FullName}: not a receipt: JSON with \"content\" and \"signature\" (or a check's answer holding \"receipt\").");
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
        CliContext context, ServerAccess access, Uri server, TerminalCredentials terminal, FileInfo? cardFile, string? readerName, CheckConsent consent, bool json)
    {
        /// <summary>
        /// The PIN: the check is opened first (its challenge is what the card signs), then the patient's PIN and the card's
        /// signature go with the answer. A wrong PIN leaves the check to time out.
        /// </summary>
        public async Task<int> WithPinAsync(bool pinStdin, CancellationToken cancellationToken)
        {
            if (access.ReadSecret(pinStdin, "--pin-stdin", ServerAccess.PinVariable, "user-authentication PIN", "the eligibility check") is not { } text)
                return ExitCodes.BadInput;
            var parsedPin = Pin.Parse(PinKind.UserAuthentication, text);
            if (!parsedPin.TryGetValue(out var pin))
                return CardCreateCommand.Fail(context, [$"PIN: {parsedPin.Error}"]);
            using (pin)
            {
                using var client = new MynaServerClient(server);
                var opened = await client.OpenCheckAsync(terminal, cancellationToken);
                if (opened.Problem is { } refused)
                    return access.Report(refused);
                var signed = OnCard(card =>
                {
                    var signing = ChallengeSigner.Sign(card, pin, Convert.FromBase64String(opened.Value!.Challenge));
                    if (signing.Signed is null)
                        Output.CliOutput.WriteInEnglish(context.Error, Output.CliWords.PinRefused(signing.Pin, PinKind.UserAuthentication), "the check was not answered");
                    return signing.Signed;
                });
                if (signed is null)
                    return ExitCodes.CardError;
                return await AnswerAsync(client, opened.Value!.CheckId,
                    new CheckAnswer(Convert.ToBase64String(signed.Certificate), Convert.ToBase64String(signed.Signature), "Pin", consent), null, cancellationToken);
            }
        }

        /// <summary>
        /// The face check: 照合番号B opens the chip's photo, the comparator decides, and only a face that matches lets the
        /// terminal attest <c>Face</c> to the service with the certificate alone; any other face is refused here.
        /// </summary>
        public async Task<int> WithFaceAsync(FileInfo image, CollationNumberB collation, CancellationToken cancellationToken)
        {
            var camera = await File.ReadAllBytesAsync(image.FullName, cancellationToken);
            FaceMatch? match = null;
            var faceProblem = ExitCodes.Ok;
            var certificate = OnCard(card =>
            {
                using var authentication = card.ReadAuthenticationCertificate();
                var reading = card.ReadCardFace(collation);
                if (reading.Face is not { } face)
                {
                    context.Error.WriteLine($"error: {CollationRefused(reading.Collation)}; nothing was sent.");
                    faceProblem = ExitCodes.CardError;
                    return null;
                }
                if (face.Photo.Length == 0)
                {
                    context.Error.WriteLine("error: the card's chip holds no photo (issued without card-face images): confirm the patient with --pin or --staff-visual.");
                    faceProblem = ExitCodes.CardError;
                    return null;
                }
                try
                {
                    match = FaceComparison.Compare(face.Photo, camera);
                }
                catch (FaceImageException e)
                {
                    context.Error.WriteLine($"error: --face: {e.Message}");
                    faceProblem = e.Image == FaceImageSource.CameraImage ? ExitCodes.BadInput : ExitCodes.CardError;
                    return null;
                }
                return authentication.RawData;
            });
            if (certificate is null)
                return faceProblem == ExitCodes.Ok ? ExitCodes.CardError : faceProblem;
            if (!match!.IsSamePerson)
            {
                if (json)
                    WriteJson(new JsonObject { ["sent"] = false, ["faceCheck"] = FaceJson(match) });
                context.Error.WriteLine($"error: the face check failed: the camera's image is not the face on the card ({match}). " +
                    "Nothing was sent: check again, or confirm the patient with --pin or --staff-visual.");
                return ExitCodes.FaceMismatch;
            }
            using var client = new MynaServerClient(server);
            var opened = await client.OpenCheckAsync(terminal, cancellationToken);
            if (opened.Problem is { } refused)
                return access.Report(refused);
            return await AnswerAsync(client, opened.Value!.CheckId, new CheckAnswer(Convert.ToBase64String(certificate), null, "Face", consent), match, cancellationToken);
        }

        /// <summary>A staff member's look at the patient and the card's photo: the certificate alone, the terminal attests <c>StaffVisual</c>.</summary>
        public async Task<int> WithStaffLookAsync(CancellationToken cancellationToken)
        {
            var certificate = OnCard(card =>
            {
                using var authentication = card.ReadAuthenticationCertificate();
                return authentication.RawData;
            });
            if (certificate is null)
                return ExitCodes.CardError;
            using var client = new MynaServerClient(server);
            var opened = await client.OpenCheckAsync(terminal, cancellationToken);
            if (opened.Problem is { } refused)
                return access.Report(refused);
            return await AnswerAsync(client, opened.Value!.CheckId, new CheckAnswer(Convert.ToBase64String(certificate), null, "StaffVisual", consent), null, cancellationToken);
        }

        private static string CollationRefused(PinVerificationResult result) => result.Outcome == PinVerificationOutcome.Blocked
            ? "照合番号B is blocked on the card: the window of the municipality of residence resets it; confirm the patient with --pin or --staff-visual"
            : $"wrong 照合番号B (the card's photo stays closed): {result.TriesLeft} tries left";

        /// <summary>Runs <paramref name="work"/> on the card (file or reader); null after writing why the card failed.</summary>
        private T? OnCard<T>(Func<MynaCardClient, T?> work) where T : class
        {
            try
            {
                using var transport = Cards.CardSource.OpenTransport(context, cardFile, readerName, out var problem);
                if (transport is null)
                {
                    Output.CliOutput.WriteInEnglish(context.Error, problem!);
                    return null;
                }
                return work(new MynaCardClient(transport));
            }
            catch (Exception e) when (e is CardTransportException or CardCommandException or CardDataFormatException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return null;
            }
        }

        private async Task<int> AnswerAsync(MynaServerClient client, Guid checkId, CheckAnswer answer, FaceMatch? match, CancellationToken cancellationToken)
        {
            var answered = await client.AnswerCheckAsync(terminal, checkId, answer, cancellationToken);
            if (answered.Problem is { } problem)
                return access.Report(problem);
            var result = answered.Value;
            if (!result.TryGetProperty("eligible", out var eligibleValue) || eligibleValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                context.Error.WriteLine($"error: {server} answered the check without an eligibility, not as a Myna server does: check --server.");
                return ExitCodes.ServerError;
            }
            var eligible = eligibleValue.GetBoolean();
            if (json)
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
            var table = new Table().HideHeaders().AddColumns("", "");
            table.AddRow("result", eligible ? "[green]eligible[/]" : "[red]not eligible[/]");
            table.AddRow(eligible ? "rule" : "refusal", Markup.Escape($"{Text(result, "refusalCode") ?? "eligible"} ({Text(result, "rule")})"));
            if (result.TryGetProperty("reason", out var reason) && Text(reason, "english") is { } why)
                table.AddRow("reason", Markup.Escape(why));
            if (result.TryGetProperty("facts", out var facts) && facts.ValueKind == JsonValueKind.Object)
            {
                table.AddRow("insurer", Markup.Escape($"{Text(facts, "insurerName")} ({Text(facts, "insurerNumber")})"));
                var symbol = Text(facts, "symbol") is { Length: > 0 } s ? s : "—";
                table.AddRow("symbol · number · branch", Markup.Escape($"{symbol} · {Text(facts, "number")} · {Text(facts, "branch")} ({Text(facts, "role")})"));
                table.AddRow("copayment", Markup.Escape($"{Number(facts, "copaymentPercent")} %"));
                table.AddRow("ceiling category", Markup.Escape(Text(facts, "ceilingCategory") ?? "—"));
                table.AddRow("elderly recipient", Markup.Escape(Number(facts, "elderlyCopaymentPercent") is { } elderly ? $"{elderly} % (高齢受給者)" : "—"));
                if (facts.TryGetProperty("subsidyNote", out var note) && Text(note, "english") is { } noteText)
                    table.AddRow("note (U1.3)", Markup.Escape(noteText));
            }
            table.AddRow("identity", Markup.Escape(identity switch
            {
                "Face" => $"face check: {match}",
                "StaffVisual" => "a staff member compared the patient with the card's photo",
                _ => "the user-authentication PIN; the card signed the challenge",
            }));
            if (result.TryGetProperty("consent", out var given) && given.ValueKind == JsonValueKind.Object)
            {
                var names = new[] { ("medication", "medication"), ("healthChecks", "health checks"), ("treatments", "treatments"), ("highCostCeiling", "high-cost ceiling") }
                    .Where(c => given.TryGetProperty(c.Item1, out var v) && v.ValueKind == JsonValueKind.True).Select(c => c.Item2).ToList();
                table.AddRow("consent", Markup.Escape(names.Count == 0 ? "none" : string.Join(", ", names)));
            }
            if (result.TryGetProperty("receipt", out var receipt) && receipt.ValueKind == JsonValueKind.Object)
                table.AddRow("receipt", Markup.Escape($"{Text(receipt, "id")}: check it with `myna terminal verify-receipt FILE` (FILE: this answer with --json)"));
            context.Console.Write(table);
            if (result.TryGetProperty("receipt", out receipt) && Text(receipt, "content") is { } content)
                context.Console.Profile.Out.Writer.WriteLine(content);
        }

        private static JsonObject FaceJson(FaceMatch match) => new()
        {
            ["similarity"] = Math.Round(match.Similarity, 4),
            ["threshold"] = match.Threshold,
            ["samePerson"] = match.IsSamePerson,
        };

        private void WriteJson(JsonNode node) =>
            context.Console.Profile.Out.Writer.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static string? Number(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
                ? value.GetInt32().ToString(CultureInfo.InvariantCulture) : null;
    }
}
