using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary><c>myna card show [FILE | --reader NAME]</c>: what a card holds, read through its APDU interface.</summary>
internal static class CardShowCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<FileInfo?>("FILE") { Description = "A card file of this installation.", Arity = ArgumentArity.ZeroOrOne };
        var reader = new Option<string?>("--reader") { Description = "A PC/SC reader name (e.g. \"Virtual PCD 00 00\") instead of a file." };
        var textPin = new Option<string?>("--text-pin") { Description = "Input-assist PIN: reads the My Number and the four details (counts a try if wrong)." };
        var signPin = new Option<string?>("--sign-pin") { Description = "Signature PIN: reads the signature certificate (counts a try if wrong)." };
        var reveal = new Option<bool>("--reveal") { Description = "Show the My Number in full instead of its last four digits." };

        var command = new Command("show", "Show what a card holds: certificates, PIN tries, and with a PIN the card-face data.")
        {
            file, reader, textPin, signPin, reveal,
        };
        command.SetAction(parse =>
        {
            var errors = new List<string>();
            var path = parse.GetValue(file);
            var readerName = parse.GetValue(reader);
            if ((path is null) == (readerName is null))
                errors.Add("give either a card FILE or --reader NAME.");
            if (path is { Exists: false })
                errors.Add($"{path.FullName}: no such file.");
            var text = parse.GetValue(textPin) is { } t ? CardCreateCommand.Take(Pin.Parse(PinKind.TextInputAssist, t), "--text-pin", errors) : null;
            var sign = parse.GetValue(signPin) is { } s ? CardCreateCommand.Take(Pin.Parse(PinKind.Signature, s), "--sign-pin", errors) : null;
            if (errors.Count > 0)
                return CardCreateCommand.Fail(context, errors);

            try
            {
                using var transport = path is not null ? OpenFile(context, path) : PcscTransport.Connect(readerName!);
                if (transport is null)
                    return ExitCodes.CardError;
                return Show(context, transport, text, sign, parse.GetValue(reveal));
            }
            catch (Exception e) when (e is CardTransportException or CardCommandException or CardDataFormatException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.CardError;
            }
            finally
            {
                text?.Dispose();
                sign?.Dispose();
            }
        });
        return command;
    }

    /// <summary>The card file in process, held (and locked) until the transport is disposed; null after writing why not.</summary>
    internal static ICardTransport? OpenFile(CliContext context, FileInfo path)
    {
        var key = ChipSealingKey.LoadOrCreate(context.Home.ChipSealingKeyPath);
        if (CardAttachCommand.OpenCard(context, path, key) is { } card)
            return new OwningEmulatorTransport(card, key, path.Name);
        key.Dispose();
        return null;
    }

    private static int Show(CliContext context, ICardTransport transport, Pin? textPin, Pin? signPin, bool reveal)
    {
        var console = context.Console;
        var client = new MynaCardClient(transport);
        console.MarkupLine($"[bold]Card[/] in {Markup.Escape(transport.Name)}, ATR {Convert.ToHexString(transport.Atr.Span)}");
        try
        {
            client.SelectApplication(CardApplication.Jpki);
        }
        catch (CardCommandException)
        {
            context.Error.WriteLine("error: the card has no JPKI application: it is not a My Number Card, or an erased chip (S4).");
            return ExitCodes.CardError;
        }

        var status = ExitCodes.Ok;
        var jpki = new Table().Title("JPKI (公的個人認証)").AddColumns("item", "value");
        jpki.AddRow("user-authentication PIN", Tries(client.GetPinStatus(PinKind.UserAuthentication), PinKind.UserAuthentication));
        jpki.AddRow("signature PIN", Tries(client.GetPinStatus(PinKind.Signature), PinKind.Signature));
        AddCertificate(jpki, "user-authentication certificate", () => client.ReadAuthenticationCertificate());
        AddCertificate(jpki, "user-authentication CA", () => client.ReadAuthenticationCaCertificate());
        AddCertificate(jpki, "signature CA", () => client.ReadSignatureCaCertificate());
        if (signPin is null)
        {
            jpki.AddRow("signature certificate", "protected: give --sign-pin to read it");
        }
        else
        {
            var verified = client.VerifyPin(signPin);
            if (verified.IsVerified)
                AddCertificate(jpki, "signature certificate", () => client.ReadSignatureCertificate());
            else
            {
                jpki.AddRow("signature certificate", Markup.Escape(Refused(verified, PinKind.Signature)));
                status = ExitCodes.CardError;
            }
        }
        console.Write(jpki);

        var face = new Table().Title("券面事項入力補助 (card-face input assist)").AddColumns("item", "value");
        face.AddRow("input-assist PIN", Tries(client.GetPinStatus(PinKind.TextInputAssist), PinKind.TextInputAssist));
        if (textPin is null)
        {
            face.AddRow("My Number and the four details", "protected: give --text-pin to read them");
        }
        else
        {
            var verified = client.VerifyPin(textPin);
            if (verified.IsVerified)
            {
                var number = client.ReadMyNumber();
                var person = client.ReadBasicFourInformation();
                face.AddRow("My Number", reveal ? number.Reveal() : Markup.Escape(number.Masked()));
                face.AddRow("name", Markup.Escape(person.Name));
                face.AddRow("address", Markup.Escape(person.Address));
                face.AddRow("birth date", $"{person.BirthDate:yyyy-MM-dd} ({JapaneseEras.ToJapaneseLongDate(person.BirthDate)})");
                face.AddRow("sex", $"{person.Sex} {person.Sex.ToJapanese()}");
            }
            else
            {
                face.AddRow("My Number and the four details", Markup.Escape(Refused(verified, PinKind.TextInputAssist)));
                status = ExitCodes.CardError;
            }
        }
        console.Write(face);

        var other = new Table().Title("住基 and common AP").AddColumns("item", "value");
        other.AddRow("resident-registry PIN", Tries(client.GetPinStatus(PinKind.ResidentRegistry), PinKind.ResidentRegistry));
        try
        {
            var record = client.ReadCommonRecord();
            other.AddRow("card serial", record.CardSerial);
            other.AddRow("municipality code", record.MunicipalityCode);
            other.AddRow("card expiry", record.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        catch (CardCommandException e)
        {
            other.AddRow("common record", Markup.Escape(e.Message));
        }
        console.Write(other);
        return status;
    }

    private static string Tries(PinStatus status, PinKind kind) => status switch
    {
        { IsSet: false } => "not set: no certificate of this kind is loaded (P4, E5)",
        { IsBlocked: true } => "[red]blocked[/]: reset at the window of the municipality of residence (P3)",
        { TriesLeft: int n } => $"{n} of {PinPolicy.For(kind).MaxTries} tries left",
        _ => "no retry limit",
    };

    /// <summary>Why the card did not take a PIN: the tries left, or blocked and where it is reset.</summary>
    internal static string Refused(PinVerificationResult result, PinKind kind) => result.Outcome switch
    {
        PinVerificationOutcome.Blocked => $"the {PinPolicy.For(kind).Describe()} is blocked: the window of the municipality of residence resets it (P3)",
        _ => $"wrong {PinPolicy.For(kind).Describe()}: {result.TriesLeft} tries left",
    };

    private static void AddCertificate(Table table, string label, Func<X509Certificate2> read)
    {
        try
        {
            using var certificate = read();
            table.AddRow(label, Markup.Escape(
                $"{certificate.Subject}\nissuer {certificate.Issuer}\nserial {certificate.SerialNumber}\n" +
                $"valid {JapanClock.DateOf(certificate.NotBefore):yyyy-MM-dd} to {JapanClock.DateOf(certificate.NotAfter):yyyy-MM-dd} (JST)"));
        }
        catch (CardCommandException e) when (e.StatusWord == Card.Apdu.StatusWord.FileNotFound)
        {
            table.AddRow(label, "none on the card");
        }
    }

    /// <summary>The in-process transport for a card this command opened itself, closing it at the end.</summary>
    private sealed class OwningEmulatorTransport(VirtualCard card, ChipSealingKey key, string name) : ICardTransport
    {
        private readonly EmulatorTransport _inner = new(card, $"card file {name}");

        public string Name => _inner.Name;
        public ReadOnlyMemory<byte> Atr => _inner.Atr;
        public byte[] Transmit(ReadOnlySpan<byte> commandApdu) => _inner.Transmit(commandApdu);

        public void Dispose()
        {
            _inner.Dispose();
            card.Dispose();
            key.Dispose(); // after the card: its store seals every write with the key
        }
    }
}
