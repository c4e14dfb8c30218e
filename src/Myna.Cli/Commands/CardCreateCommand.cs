using System.CommandLine;
using System.Globalization;
using Myna.Cli.Output;
using Myna.Issuance;
using Myna.Primitives;
using Myna.Primitives.Text;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary><c>myna card create FILE</c>: a personalised test card image.</summary>
internal static class CardCreateCommand
{
    public const string DefaultName = "番号　花子";
    public const string DefaultAddress = "福島県郡山市朝日一丁目２３番７号";
    public const string DefaultBirthDate = "1990-01-02";
    public const string DefaultFourDigitPin = "1234";
    public const string DefaultSignaturePin = "ABC123";

    public static Command Build(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = context.Help("書き出すカードのファイル。", "The card file to write.") };
        var name = new Option<string>("--name") { Description = context.Help(
            "氏名。氏と名の間は全角スペース（U+3000）。",
            "Family and given name, separated by an ideographic space (U+3000)."), DefaultValueFactory = _ => DefaultName };
        var address = new Option<string>("--address") { Description = context.Help(
            "住所（都道府県から）。",
            "Address from the prefecture on."), DefaultValueFactory = _ => DefaultAddress };
        var birth = new Option<string>("--birth-date") { Description = context.Help(
            "生年月日（YYYY-MM-DD）。",
            "Date of birth, YYYY-MM-DD."), DefaultValueFactory = _ => DefaultBirthDate };
        var sex = new Option<string>("--sex") { Description = context.Help(
            "性別: male（男）、female（女）、unknown（不明）または na（適用不能）。",
            "male, female, unknown or na."), DefaultValueFactory = _ => "female" };
        var myNumber = new Option<string?>("--my-number") { Description = context.Help(
            "マイナンバー（個人番号）: 正しいチェックデジットの12桁（既定: 無作為に選んだ有効な番号）。",
            "12 digits with a valid check digit (default: a random valid number).") };
        var authPin = new Option<string>("--auth-pin") { Description = context.Help(
            "利用者証明用電子証明書の暗証番号（数字4桁）。",
            "User-authentication PIN, 4 digits."), DefaultValueFactory = _ => DefaultFourDigitPin };
        var signPin = new Option<string>("--sign-pin") { Description = context.Help(
            "署名用電子証明書の暗証番号（0〜9とA〜Zで6〜16文字）。",
            "Signature PIN, 6-16 of 0-9 and A-Z."), DefaultValueFactory = _ => DefaultSignaturePin };
        var textPin = new Option<string>("--text-pin") { Description = context.Help(
            "券面事項入力補助用の暗証番号（数字4桁）。",
            "Card-face input-assist PIN, 4 digits."), DefaultValueFactory = _ => DefaultFourDigitPin };
        var jukiPin = new Option<string>("--juki-pin") { Description = context.Help(
            "住民基本台帳用の暗証番号（数字4桁）。",
            "Resident-registry (住基) PIN, 4 digits."), DefaultValueFactory = _ => DefaultFourDigitPin };
        var noSignature = new Option<bool>("--no-signature-certificate") { Description = context.Help(
            "署名用電子証明書を搭載しません（15歳未満の方、成年被後見人の方: P4）。",
            "Load no signature certificate (under-15s, adult wards: P4).") };
        var force = new Option<bool>("--force") { Description = context.Help("既にあるファイルを上書きします。", "Overwrite an existing file.") };

        var command = new Command("create", context.Help(
            "試験用のカードを作成します: ICチップ内で生成した鍵、公的個人認証の電子証明書、券面事項を記録します。",
            "Make a personalised test card image: keys generated on the chip, JPKI certificates, card-face data."))
        {
            file, name, address, birth, sex, myNumber, authPin, signPin, textPin, jukiPin, noSignature, force,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(context, parse);
            var errors = new List<LocalizedText>();
            var person = ParsePerson(parse.GetValue(name)!, parse.GetValue(address)!, parse.GetValue(birth)!, parse.GetValue(sex)!, context, errors);
            var number = parse.GetValue(myNumber) is { } given ? Take(MyNumber.Parse(given), errors) : IssuingSystem.RandomMyNumber();
            var withSignature = !parse.GetValue(noSignature);
            var pins = new
            {
                Auth = TakePin(PinKind.UserAuthentication, parse.GetValue(authPin), "--auth-pin", errors),
                Sign = withSignature ? TakePin(PinKind.Signature, parse.GetValue(signPin), "--sign-pin", errors) : null,
                Text = TakePin(PinKind.TextInputAssist, parse.GetValue(textPin), "--text-pin", errors),
                Juki = TakePin(PinKind.ResidentRegistry, parse.GetValue(jukiPin), "--juki-pin", errors),
            };
            try
            {
                var target = parse.GetValue(file)!;
                if (target.Exists && !parse.GetValue(force))
                    errors.Add(CliWords.FileExists(target.FullName));
                if (errors.Count > 0 || person is null)
                    return output.FailInput(errors);

                var order = new CardOrder(number, person, CardOrder.Koriyama, CardOrder.KoriyamaCode,
                    new CardPins(pins.Sign, pins.Auth, pins.Juki!, pins.Text!));
                var issued = WithProgress(output, () =>
                {
                    using var issuing = IssuingSystem.Open(context.Home, context.Clock);
                    return issuing.IssueCard(target.FullName, order, overwrite: true);
                });
                if (output.Json)
                {
                    output.WriteJson(new
                    {
                        file = issued.Path,
                        serial = CardSerial(issued),
                        myNumber = number.Masked(),
                        issued = issued.IssueDate,
                        expiry = issued.CardExpiry,
                        signatureCertificate = issued.SignatureCertificate is not null,
                        authenticationCertificate = issued.AuthenticationCertificate is not null,
                        home = context.Home.Root,
                    });
                }
                else
                    Render(output, context, issued, number);
                if (issued.Warning is not null)
                    output.Warn(CliWords.CardFaceLeftEmpty(issued.Warning));
                return ExitCodes.Ok;
            }
            finally
            {
                pins.Auth?.Dispose();
                pins.Sign?.Dispose();
                pins.Text?.Dispose();
                pins.Juki?.Dispose();
            }
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="work"/> under a spinner on a terminal: the chip's key generation and the authorities' signing
    /// take seconds. Nothing with <c>--json</c> or when the output is not interactive (a script or a pipe reads it).
    /// </summary>
    private static T WithProgress<T>(CliOutput output, Func<T> work)
    {
        if (output.Json || !output.Console.Profile.Capabilities.Interactive)
            return work();
        return output.Console.Status().Start(output.T(CliWords.MakingCard), _ => work());
    }

    /// <summary>The new card, with the labels <c>card show</c> uses.</summary>
    private static void Render(CliOutput output, CliContext context, IssuedCard issued, MyNumber number)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow(output.T("カードのファイル", "card file"), Markup.Escape(issued.Path));
        table.AddRow(output.T("シリアル番号", "card serial"), CardSerial(issued));
        table.AddRow(output.T("個人番号", "My Number"), Markup.Escape(number.Masked()));
        table.AddRow(output.T("交付日", "issued"), issued.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow(output.T("カードの有効期限（V2）", "card expiry (V2)"), issued.CardExpiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow(Markup.Escape(output.T(CertificateView.Label("sign"))),
            issued.SignatureCertificate is null ? output.T("搭載なし", "none") : output.T("搭載", "loaded"));
        table.AddRow(Markup.Escape(output.T(CertificateView.Label("auth"))),
            issued.AuthenticationCertificate is null ? output.T("搭載なし", "none") : output.T("搭載", "loaded"));
        table.AddRow(output.T("鍵と認証局（データディレクトリ）", "keys and authorities"), Markup.Escape(context.Home.Root));
        output.Console.Write(table);
    }

    /// <summary>The card serial as the card's common AP record gives it, and so as <c>card show</c> shows it.</summary>
    private static string CardSerial(IssuedCard issued) => issued.Serial[..15];

    private static BasicFourInformation? ParsePerson(string name, string address, string birth, string sex, CliContext context, List<LocalizedText> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.Contains('\u3000', StringComparison.Ordinal))
            errors.Add(new("--name: 氏と名は全角スペース（U+3000、「　」）で区切ってください。",
                "--name: family and given name are separated by an ideographic space (U+3000, 　)."));
        if (string.IsNullOrWhiteSpace(address) || address.Length > 200)
            errors.Add(new("--address: 都道府県から始まる1～200文字の住所を指定してください。", "--address: 1 to 200 characters, from the prefecture on."));
        DateOnly birthDate = default;
        if (!DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate))
            errors.Add(new("--birth-date: 生年月日を YYYY-MM-DD の形で指定してください。", "--birth-date: a date as YYYY-MM-DD."));
        else if (birthDate > JapanClock.Today(context.Clock))
            errors.Add(new("--birth-date: 生年月日に未来の日付は指定できません。", "--birth-date: a date of birth is not in the future."));
        Sex? parsedSex = sex.ToLowerInvariant() switch
        {
            "male" or "m" or "1" => Sex.Male,
            "female" or "f" or "2" => Sex.Female,
            "unknown" or "0" => Sex.Unknown,
            "na" or "9" => Sex.NotApplicable,
            _ => null,
        };
        if (parsedSex is null)
            errors.Add(new("--sex: male、female、unknown、na のいずれかを指定してください。", "--sex: male, female, unknown or na."));
        return errors.Count == 0 ? new BasicFourInformation(name, address, birthDate, parsedSex!.Value) : null;
    }

    private static Pin? TakePin(PinKind kind, string? text, string option, List<LocalizedText> errors)
    {
        var parsed = Pin.Parse(kind, text);
        if (parsed.TryGetValue(out var pin))
            return pin;
        errors.Add(new($"{option}: {PinPolicy.For(kind).FormatRule.Japanese}", $"{option}: {parsed.Error}"));
        return null;
    }

    private static MyNumber Take(ParseResult<MyNumber> result, List<LocalizedText> errors)
    {
        if (result.TryGetValue(out var value))
            return value;
        errors.Add(new("--my-number: 検査用数字が正しい12桁の個人番号を指定してください。", $"--my-number: {result.Error}"));
        return default;
    }
}
