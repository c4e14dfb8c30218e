using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Cli.Verification;
using Myna.Pki;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Reader;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna card show [FILE]</c>: what a card holds, read through its APDU interface as any client reads it: the
/// certificates with their validity, the tries left of every PIN, and, after the input-assist PIN, the My Number and
/// the four details (基本4情報).
/// </summary>
internal static class CardShowCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<FileInfo?>("FILE") { Description = context.Help(
            "この環境で作成したカードのファイル（--card FILE と同じ）。",
            "A card file of this installation (same as --card FILE)."), Arity = ArgumentArity.ZeroOrOne };
        var source = new CardSource(context);
        var details = new Option<bool>("--details") { Description = context.Help(
            "マイナンバーと基本4情報を読み取ります: 券面事項入力補助用の暗証番号を求めます（誤ると残り回数が減ります）。",
            "Read the My Number and the four details: asks the input-assist PIN (a wrong one counts a try).") };
        var signature = new Option<bool>("--signature") { Description = context.Help(
            "署名用電子証明書を読み取ります: 署名用電子証明書の暗証番号を求めます（誤ると残り回数が減ります）。",
            "Read the signature certificate: asks the signature certificate's password (a wrong one counts a try).") };
        var stdin = new Option<bool>(PinEntry.StdinOption)
        {
            Description = context.Help(
                $"暗証番号を標準入力から1行に1つずつ読みます: 券面事項入力補助用、次に署名用電子証明書の暗証番号（なければ ${PinEntry.PinVariable}、それもなければ入力を求めます）。",
                $"Read the PINs from standard input, one a line: the input-assist PIN, then the signature password (else ${PinEntry.PinVariable}, else prompts)."),
        };
        var reveal = new Option<bool>("--reveal") { Description = context.Help(
            "マイナンバーを下4桁だけでなく全桁表示します。",
            "Show the My Number in full instead of its last four digits.") };

        var status = new StatusSources(context);
        var command = new Command("show", context.Help(
            "カードの内容を表示します: 電子証明書（--server、--ocsp、--crl で失効の確認も）、暗証番号の残り回数、券面事項入力補助用の暗証番号を入れれば券面事項。",
            "Show what a card holds: certificates (their status with --server, --ocsp or --crl), PIN tries, and with the input-assist PIN the card-face data."))
        {
            file, details, signature, stdin, reveal,
        };
        source.AddTo(command);
        status.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(context, parse);
            var path = parse.GetValue(file);
            if (path is not null && parse.GetValue(source.File) is not null)
                return output.Fail(new CliProblem(ExitCodes.BadInput, "bad-input", new("カードのファイルは FILE か --card のどちらかで指定してください。", "give the card file either as FILE or as --card, not both.")));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var checker = status.Checker(parse, http, context.Clock, out var problem);
            if (problem is not null)
                return output.Fail(problem);
            using var card = source.Open(context, parse, out problem, path);
            if (card is null)
                return output.Fail(problem!);
            var entry = new PinEntry(context, output, parse.GetValue(stdin));
            var report = Read(context, card, entry, parse.GetValue(details), parse.GetValue(signature), parse.GetValue(reveal));
            if (checker is not null)
                report = report with { Certificates = await WithStatusAsync(card.Client, report.Certificates, checker, cancellationToken) };
            (checker as IDisposable)?.Dispose();
            var exit = ExitCodes.Ok;
            foreach (var found in report.Problems)
                exit = exit == ExitCodes.Ok ? output.Complain(found) : exit;
            if (output.Json)
                output.WriteJson(report.View(output));
            else
                Render(output, report);
            return exit;
        });
        return command;
    }

    /// <summary>What the card answered, PINs entered first so that the tries shown are those after the entries.</summary>
    private static CardReport Read(CliContext context, OpenedCard card, PinEntry entry, bool details, bool signature, bool reveal)
    {
        var client = card.Client;
        var problems = new List<CliProblem>();
        DetailsView? person = null;
        if (details && Enter(client, entry, PinKind.TextInputAssist, problems))
        {
            var number = client.ReadMyNumber();
            var four = client.ReadBasicFourInformation();
            person = new DetailsView(reveal ? number.Reveal() : number.Masked(), four.Name, four.Address, four.BirthDate,
                JapaneseEras.ToJapaneseLongDate(four.BirthDate), four.Sex.ToString().ToLowerInvariant(), four.Sex.ToJapanese());
        }
        var today = JapanClock.Today(context.Clock);
        var certificates = new List<CertificateView>();
        Certificate(certificates, "auth", today, client.ReadAuthenticationCertificate);
        Certificate(certificates, "auth-ca", today, client.ReadAuthenticationCaCertificate);
        if (signature && Enter(client, entry, PinKind.Signature, problems))
            Certificate(certificates, "sign", today, client.ReadSignatureCertificate);
        Certificate(certificates, "sign-ca", today, client.ReadSignatureCaCertificate);

        var pins = new[] { PinKind.Signature, PinKind.UserAuthentication, PinKind.TextInputAssist, PinKind.ResidentRegistry }
            .Select(kind => (kind, client.GetPinStatus(kind))).ToList();
        CommonApRecord? common = null;
        try
        {
            common = client.ReadCommonRecord();
        }
        catch (Exception e) when (e is CardCommandException or CardDataFormatException)
        {
            // A card without the common AP's record (not personalised): nothing to show.
        }
        return new CardReport(card.Location, Convert.ToHexString(card.Atr.Span), card.Serial, certificates, pins, person, common,
            SignatureAsked: signature, problems);
    }

    /// <summary>
    /// The revocation status of the card's own certificates, asked of <paramref name="checker"/> against the CA certificates
    /// the card holds. An unreachable responder is a status ("could not be checked"), not a failure of the command.
    /// </summary>
    private static async Task<IReadOnlyList<CertificateView>> WithStatusAsync(
        MynaCardClient client, IReadOnlyList<CertificateView> certificates, IRevocationChecker checker, CancellationToken cancellationToken)
    {
        var checkedViews = new List<CertificateView>();
        foreach (var view in certificates)
        {
            if (view.Slot is not ("auth" or "sign") || view.SerialNumber is null)
            {
                checkedViews.Add(view);
                continue;
            }
            var hierarchy = view.Slot == "auth" ? JpkiHierarchy.UserAuthentication : JpkiHierarchy.Signature;
            using var issuer = hierarchy == JpkiHierarchy.UserAuthentication ? client.ReadAuthenticationCaCertificate() : client.ReadSignatureCaCertificate();
            var check = await checker.CheckAsync(new RevocationQuery(hierarchy, issuer, view.SerialNumber), cancellationToken);
            checkedViews.Add(view with { Revocation = check });
        }
        return checkedViews;
    }

    /// <summary>Asks and enters a PIN; false (with the problem added) when it was not entered or not right.</summary>
    private static bool Enter(MynaCardClient client, PinEntry entry, PinKind kind, List<CliProblem> problems)
    {
        if (entry.Refusal(client, kind, lastTryConfirmed: false) is { } refused)
        {
            problems.Add(refused);
            return false;
        }
        using var pin = entry.Ask(kind, CliWords.PinPrompt(kind), PinEntry.PinVariable, out var problem);
        if (pin is null)
        {
            problems.Add(problem!);
            return false;
        }
        var result = client.VerifyPin(pin);
        if (result.IsVerified)
            return true;
        problems.Add(result.Outcome == PinVerificationOutcome.Blocked ? CliWords.PinBlocked(kind) : CliWords.WrongPin(kind, result.TriesLeft));
        return false;
    }

    private static void Certificate(List<CertificateView> into, string slot, DateOnly today, Func<X509Certificate2> read)
    {
        try
        {
            using var certificate = read();
            into.Add(CertificateView.Of(slot, certificate, today));
        }
        catch (CardCommandException e) when (e.StatusWord == Card.Apdu.StatusWord.FileNotFound)
        {
            into.Add(new CertificateView(slot, null, null, null, null, null, null, null, null));
        }
    }

    private static void Render(CliOutput output, CardReport report)
    {
        var console = output.Console;
        console.WriteLine(output.T($"カード: {report.Location}", $"card: {report.Location}"));
        var card = new Table().Title(output.T("カード", "Card")).AddColumns(output.T("項目", "item"), output.T("内容", "value"));
        card.AddRow(output.T("シリアル番号", "card serial"), report.Serial ?? output.T("不明", "unknown"));
        if (report.Common is { } common)
        {
            card.AddRow(output.T("市区町村コード", "municipality code"), common.MunicipalityCode);
            card.AddRow(output.T("カードの有効期限", "card expiry"), common.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        card.AddRow("ATR", report.Atr);
        console.Write(card);

        var certificates = new Table().Title(output.T("電子証明書（公的個人認証）", "Certificates (JPKI)"))
            .AddColumns(output.T("証明書", "certificate"), output.T("内容", "details"));
        foreach (var c in report.Certificates)
            certificates.AddRow(Markup.Escape(output.T(CertificateView.Label(c.Slot))), Markup.Escape(Describe(output, c)));
        if (!report.SignatureAsked)
            certificates.AddRow(Markup.Escape(output.T(CertificateView.Label("sign"))),
                Markup.Escape(output.T("暗証番号で保護されています（--signature で読み取ります）", "protected by its password: --signature reads it")));
        console.Write(certificates);

        var pins = new Table().Title(output.T("暗証番号", "PINs")).AddColumns(output.T("暗証番号", "PIN"), output.T("状態", "state"));
        foreach (var (kind, status) in report.Pins)
            pins.AddRow(Markup.Escape(output.T(CliWords.PinName(kind))), Markup.Escape(output.T(CliWords.Tries(status, kind))));
        console.Write(pins);

        var face = new Table().Title(output.T("券面事項入力補助", "Card-face input assist")).AddColumns(output.T("項目", "item"), output.T("内容", "value"));
        if (report.Details is { } d)
        {
            face.AddRow(output.T("個人番号", "My Number"), d.MyNumber);
            face.AddRow(output.T("氏名", "name"), Markup.Escape(d.Name));
            face.AddRow(output.T("住所", "address"), Markup.Escape(d.Address));
            face.AddRow(output.T("生年月日", "birth date"), $"{d.BirthDate:yyyy-MM-dd} ({Markup.Escape(d.BirthDateJapanese)})");
            face.AddRow(output.T("性別", "sex"), output.T(d.SexJapanese, d.Sex));
        }
        else
        {
            face.AddRow(output.T("個人番号と基本4情報", "My Number and the four details"),
                output.T("暗証番号で保護されています（--details で読み取ります）", "protected by the input-assist PIN: --details reads them"));
        }
        console.Write(face);
    }

    private static string Describe(CliOutput output, CertificateView c)
    {
        if (c.Subject is null)
            return output.T("カードにありません", "none on the card");
        var validity = c.Expired == true
            ? output.T("（有効期限切れ）", " (expired)")
            : output.T($"（あと{c.DaysLeft}日）", $" ({c.DaysLeft} days left)");
        var status = c.Slot is "auth" or "sign" ? output.T("\n失効の確認 ", "\nstatus ") + output.T(StatusWords.Of(c.Revocation)) : "";
        return output.T($"{c.Subject}\n発行者 {c.Issuer}\nシリアル番号 {c.SerialNumber}\n有効期間 {c.NotBefore:yyyy-MM-dd} から {c.NotAfter:yyyy-MM-dd} まで（日本時間）{validity}",
            $"{c.Subject}\nissuer {c.Issuer}\nserial {c.SerialNumber}\nvalid {c.NotBefore:yyyy-MM-dd} to {c.NotAfter:yyyy-MM-dd} (JST){validity}") + status;
    }
}

/// <summary>What <c>card show</c> read.</summary>
internal sealed record CardReport(
    string Location, string Atr, string? Serial, IReadOnlyList<CertificateView> Certificates, IReadOnlyList<(PinKind Kind, PinStatus Status)> Pins,
    DetailsView? Details, CommonApRecord? Common, bool SignatureAsked, IReadOnlyList<CliProblem> Problems)
{
    /// <summary>The report as <c>--json</c> writes it.</summary>
    public object View(CliOutput output) => new
    {
        card = new
        {
            location = Location,
            atr = Atr,
            serial = Serial,
            municipalityCode = Common?.MunicipalityCode,
            expiry = Common?.Expiry,
        },
        certificates = Certificates,
        pins = Pins.Select(p => PinView.Of(output, PinCommands.NameOf(p.Kind), p.Kind, p.Status)),
        details = Details,
        problems = Problems.Count == 0 ? null : Problems.Select(p => new { code = p.Code, message = output.T(p.Cause) }),
    };
}

/// <summary>The My Number (masked unless revealed) and the four details, as the text AP holds them.</summary>
internal sealed record DetailsView(string MyNumber, string Name, string Address, DateOnly BirthDate, string BirthDateJapanese, string Sex, string SexJapanese);

/// <summary>A certificate of the card: which slot, its names, serial and validity in Japan's dates. All null when the slot is empty.</summary>
internal sealed record CertificateView(
    string Slot, string? Subject, string? Issuer, string? SerialNumber, DateOnly? NotBefore, DateOnly? NotAfter, bool? Expired, int? DaysLeft,
    [property: System.Text.Json.Serialization.JsonIgnore] RevocationCheck? Revocation)
{
    /// <summary>The status as <c>--json</c> writes it; none for the CA certificates (the card's own trust anchors).</summary>
    public object? Status => Slot is "auth" or "sign" && Subject is not null ? StatusWords.View(Revocation) : null;

    public static CertificateView Of(string slot, X509Certificate2 certificate, DateOnly today)
    {
        var notAfter = JapanClock.DateOf(certificate.NotAfter);
        return new CertificateView(slot, certificate.Subject, certificate.Issuer, certificate.SerialNumber,
            JapanClock.DateOf(certificate.NotBefore), notAfter, notAfter < today, Math.Max(0, notAfter.DayNumber - today.DayNumber), null);
    }

    public static Primitives.Text.LocalizedText Label(string slot) => slot switch
    {
        "auth" => new("利用者証明用電子証明書", "user-authentication certificate"),
        "auth-ca" => new("利用者証明用認証局の証明書", "user-authentication CA"),
        "sign" => new("署名用電子証明書", "signature certificate"),
        _ => new("署名用認証局の証明書", "signature CA"),
    };
}
