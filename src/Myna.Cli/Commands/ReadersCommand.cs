using System.CommandLine;
using Myna.Cli.Cards;
using Myna.Cli.Output;
using Myna.Reader;
using Spectre.Console;

namespace Myna.Cli.Commands;

/// <summary><c>myna readers</c>: the PC/SC readers pcscd knows, whether a card is in each, and whether it is a My Number Card.</summary>
internal static class ReadersCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("readers", context.Help(
            "PC/SCのカードリーダーと、それぞれに置かれたカードを一覧にします（マイナンバーカードはシリアル番号を表示）。",
            "List the PC/SC card readers, with the card in each (a My Number Card shows its serial)."));
        command.SetAction(parse =>
        {
            var output = CliOutput.For(context, parse);
            using var pcsc = CardSource.EstablishOrNull(out var problem);
            if (pcsc is null)
                return output.Fail(problem!);
            IReadOnlyList<string> names;
            try
            {
                names = pcsc.ListReaders();
            }
            catch (CardTransportException e)
            {
                return output.Fail(CardSource.Describe(e, null));
            }
            var readers = names.Select(name => Look(pcsc, name)).ToList();
            if (output.Json)
            {
                output.WriteJson(new { readers });
                return ExitCodes.Ok;
            }
            if (readers.Count == 0)
                return output.Fail(CliWords.NoReader(null));
            var table = new Table().AddColumns(output.T("リーダー", "reader"), output.T("カード", "card"), "ATR");
            foreach (var reader in readers)
            {
                var card = reader switch
                {
                    { CardPresent: false } => output.T("なし", "none"),
                    { MyNumberCard: true } => output.T($"マイナンバーカード（シリアル番号 {reader.Serial ?? "不明"}）", $"My Number Card (serial {reader.Serial ?? "unknown"})"),
                    { MyNumberCard: false } => output.T("マイナンバーカードではありません", "not a My Number Card"),
                    _ => output.T("使用中（他のプログラムが占有しています）", "in use (another program holds it)"),
                };
                table.AddRow(Markup.Escape(reader.Name), Markup.Escape(card), reader.Atr ?? "");
            }
            output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ReaderView Look(Reader.Pcsc.PcscContext pcsc, string name)
    {
        try
        {
            if (!pcsc.IsCardPresent(name, out var atr))
                return new ReaderView(name, false, null, null, null);
            var atrHex = Convert.ToHexString(atr);
            try
            {
                using var transport = pcsc.Connect(name);
                using var card = OpenedCard.Start(transport, out _);
                return new ReaderView(name, true, atrHex, card is not null, card?.Serial);
            }
            catch (CardTransportException)
            {
                return new ReaderView(name, true, atrHex, null, null);
            }
        }
        catch (CardTransportException)
        {
            return new ReaderView(name, false, null, null, null);
        }
    }
}

/// <summary>A reader in <c>myna readers --json</c>; <see cref="MyNumberCard"/> is null when the card could not be asked.</summary>
internal sealed record ReaderView(string Name, bool CardPresent, string? Atr, bool? MyNumberCard, string? Serial);
