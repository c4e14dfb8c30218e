using Myna.Card.Apdu;
using Myna.Card.Files;

namespace Myna.Card.Commands;

/// <summary>
/// READ RECORD <c>00 B2</c> (ISO/IEC 7816-4 §11.3.5) for the record EFs of the 住基 and common APs (card-interface §2.4):
/// <c>00 B2 01 04 00</c> reads record 1 of the current EF, <c>00 B2 01 0C</c> record 1 of SFI 1.
/// </summary>
internal static class ReadRecordCommand
{
    public const byte Ins = 0xB2;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (!command.Data.IsEmpty)
            return CardContext.Status(StatusWord.WrongLength);
        // P2 b3..b1 = 100: "read record number P1"; b8..b4 = SFI, 0 for the current EF.
        if ((command.P2 & 0x07) != 0x04 || command.P1 == 0)
            return CardContext.Status(StatusWord.WrongP1P2);
        var sfi = command.P2 >> 3;
        if (sfi != 0)
        {
            var selected = SelectCommand.SelectBySfi(card, sfi);
            if (!selected.IsSuccess)
                return CardContext.Status(selected);
        }
        if (card.CurrentEf is not ushort fid || card.CurrentLayout is null)
            return CardContext.Status(StatusWord.NoCurrentEf);
        var layout = card.CurrentLayout;
        if (layout.Pins.ContainsKey(fid) || layout.Keys.ContainsKey(fid))
            return CardContext.Status(StatusWord.IncompatibleFileStructure);
        var definition = layout.FileOrDefault(fid);
        if (definition.Structure != EfStructure.Record)
            return CardContext.Status(StatusWord.IncompatibleFileStructure);
        if (!card.MayRead(definition))
            return CardContext.Status(StatusWord.SecurityStatusNotSatisfied);
        var content = card.FileContent(fid);
        // Each record EF holds exactly one record (card-interface §2.4).
        if (content is null || command.P1 != 1)
            return CardContext.Status(StatusWord.RecordNotFound);
        var count = Math.Min(command.Le ?? content.Length, content.Length);
        return CardContext.Ok(content.AsMemory(0, count).ToArray());
    }
}
