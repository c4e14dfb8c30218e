using System.CommandLine;
using System.Globalization;
using Myna.Issuance;
using Myna.Primitives;
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
        var file = new Argument<FileInfo>("FILE") { Description = "The card file to write." };
        var name = new Option<string>("--name") { Description = "Family and given name, separated by an ideographic space (U+3000).", DefaultValueFactory = _ => DefaultName };
        var address = new Option<string>("--address") { Description = "Address from the prefecture on.", DefaultValueFactory = _ => DefaultAddress };
        var birth = new Option<string>("--birth-date") { Description = "Date of birth, YYYY-MM-DD.", DefaultValueFactory = _ => DefaultBirthDate };
        var sex = new Option<string>("--sex") { Description = "male, female, unknown or na.", DefaultValueFactory = _ => "female" };
        var myNumber = new Option<string?>("--my-number") { Description = "12 digits with a valid check digit (default: a random valid number)." };
        var authPin = new Option<string>("--auth-pin") { Description = "User-authentication PIN, 4 digits.", DefaultValueFactory = _ => DefaultFourDigitPin };
        var signPin = new Option<string>("--sign-pin") { Description = "Signature PIN, 6-16 of 0-9 and A-Z.", DefaultValueFactory = _ => DefaultSignaturePin };
        var textPin = new Option<string>("--text-pin") { Description = "Card-face input-assist PIN, 4 digits.", DefaultValueFactory = _ => DefaultFourDigitPin };
        var jukiPin = new Option<string>("--juki-pin") { Description = "Resident-registry (住基) PIN, 4 digits.", DefaultValueFactory = _ => DefaultFourDigitPin };
        var noSignature = new Option<bool>("--no-signature-certificate") { Description = "Load no signature certificate (under-15s, adult wards: P4)." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };

        var command = new Command("create", "Make a personalised test card image: keys generated on the chip, JPKI certificates, card-face data.")
        {
            file, name, address, birth, sex, myNumber, authPin, signPin, textPin, jukiPin, noSignature, force,
        };
        command.SetAction(parse =>
        {
            var errors = new List<string>();
            var person = ParsePerson(parse.GetValue(name)!, parse.GetValue(address)!, parse.GetValue(birth)!, parse.GetValue(sex)!, context, errors);
            var number = parse.GetValue(myNumber) is { } given ? Take(MyNumber.Parse(given), "--my-number", errors) : IssuingSystem.RandomMyNumber();
            var withSignature = !parse.GetValue(noSignature);
            var pins = new
            {
                Auth = Take(Pin.Parse(PinKind.UserAuthentication, parse.GetValue(authPin)), "--auth-pin", errors),
                Sign = withSignature ? Take(Pin.Parse(PinKind.Signature, parse.GetValue(signPin)), "--sign-pin", errors) : null,
                Text = Take(Pin.Parse(PinKind.TextInputAssist, parse.GetValue(textPin)), "--text-pin", errors),
                Juki = Take(Pin.Parse(PinKind.ResidentRegistry, parse.GetValue(jukiPin)), "--juki-pin", errors),
            };
            var target = parse.GetValue(file)!;
            if (target.Exists && !parse.GetValue(force))
                errors.Add($"{target.FullName} exists already (use --force to overwrite).");
            if (errors.Count > 0 || person is null)
                return Fail(context, errors);

            var order = new CardOrder(number, person, CardOrder.Koriyama, CardOrder.KoriyamaCode,
                new CardPins(pins.Sign, pins.Auth, pins.Juki!, pins.Text!));
            try
            {
                using var issuing = IssuingSystem.Open(context.Home, context.Clock);
                var issued = issuing.IssueCard(target.FullName, order, overwrite: true);
                var table = new Table().HideHeaders().AddColumns("", "");
                table.AddRow("card file", Markup.Escape(issued.Path));
                table.AddRow("card serial", issued.Serial[..15]); // as the card's common AP record gives it, and `card show`
                table.AddRow("My Number", Markup.Escape(number.Masked()));
                table.AddRow("issued", issued.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                table.AddRow("card expiry (V2)", issued.CardExpiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                table.AddRow("signature certificate", issued.SignatureCertificate is null ? "none" : "loaded");
                table.AddRow("authentication certificate", issued.AuthenticationCertificate is null ? "none" : "loaded");
                table.AddRow("keys and authorities", Markup.Escape(context.Home.Root));
                context.Console.Write(table);
                if (issued.Warning is not null)
                    context.Error.WriteLine($"warning: {issued.Warning}");
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

    private static BasicFourInformation? ParsePerson(string name, string address, string birth, string sex, CliContext context, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.Contains('\u3000', StringComparison.Ordinal))
            errors.Add("--name: family and given name are separated by an ideographic space (U+3000, 　).");
        if (string.IsNullOrWhiteSpace(address) || address.Length > 200)
            errors.Add("--address: 1 to 200 characters, from the prefecture on.");
        DateOnly birthDate = default;
        if (!DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate))
            errors.Add("--birth-date: a date as YYYY-MM-DD.");
        else if (birthDate > JapanClock.Today(context.Clock))
            errors.Add("--birth-date: a date of birth is not in the future.");
        Sex? parsedSex = sex.ToLowerInvariant() switch
        {
            "male" or "m" or "1" => Sex.Male,
            "female" or "f" or "2" => Sex.Female,
            "unknown" or "0" => Sex.Unknown,
            "na" or "9" => Sex.NotApplicable,
            _ => null,
        };
        if (parsedSex is null)
            errors.Add("--sex: male, female, unknown or na.");
        return errors.Count == 0 ? new BasicFourInformation(name, address, birthDate, parsedSex!.Value) : null;
    }

    internal static T? Take<T>(ParseResult<T> result, string option, List<string> errors) where T : class
    {
        if (result.TryGetValue(out var value))
            return value;
        errors.Add($"{option}: {result.Error}");
        return null;
    }

    private static MyNumber Take(ParseResult<MyNumber> result, string option, List<string> errors)
    {
        if (result.TryGetValue(out var value))
            return value;
        errors.Add($"{option}: {result.Error}");
        return default;
    }

    internal static int Fail(CliContext context, IEnumerable<string> errors)
    {
        foreach (var error in errors)
            context.Error.WriteLine($"error: {error}");
        return ExitCodes.BadInput;
    }
}
