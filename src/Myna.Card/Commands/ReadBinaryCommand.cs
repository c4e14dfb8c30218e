using Myna.Card.Apdu;
using Myna.Card.Files;

namespace Myna.Card.Commands;

/// <summary>READ BINARY <c>00 B0</c> (ISO/IEC 7816-4 §11.3.3; card-interface §4).</summary>
internal static class ReadBinaryCommand
{
    public const byte Ins = 0xB0;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (!command.Data.IsEmpty || command.Le is null)
            return CardContext.Status(StatusWord.WrongLength);
        int offset;
        if ((command.P1 & 0x80) != 0)
        {
            // SFI form: P1 = 100x xxxx, P2 = 8-bit offset; it makes that EF current.
            if ((command.P1 & 0x60) != 0)
                return CardContext.Status(StatusWord.WrongP1P2);
            var selected = SelectCommand.SelectBySfi(card, command.P1 & 0x1F);
            if (!selected.IsSuccess)
                return CardContext.Status(selected);
            offset = command.P2;
        }
        else
        {
            // P1 b8 = 0: P1-P2 is a 15-bit offset into the current EF.
            offset = command.P1P2;
        }
        return Read(card, offset, command.Le.Value);
    }

    private static ResponseApdu Read(CardContext card, int offset, int le)
    {
        if (card.CurrentEf is not ushort fid || card.CurrentLayout is null)
            return CardContext.Status(StatusWord.NoCurrentEf);
        var layout = card.CurrentLayout;
        // PIN and key EFs are never readable; the SW is [U] in card-interface §4, 6981 is ISO's "incompatible with
        // file structure".
        if (layout.Pins.ContainsKey(fid) || layout.Keys.ContainsKey(fid))
            return CardContext.Status(StatusWord.IncompatibleFileStructure);
        var definition = layout.FileOrDefault(fid);
        if (definition.Structure != EfStructure.Transparent)
            return CardContext.Status(StatusWord.IncompatibleFileStructure);
        if (!card.MayRead(definition))
            return CardContext.Status(StatusWord.SecurityStatusNotSatisfied);
        var content = card.FileContent(fid);
        if (content is null)
            return CardContext.Status(StatusWord.FileNotFound);
        // At or past the end: 6B00 (JICSAP 7.3.1, [V MC card.rs]).
        if (offset >= content.Length)
            return CardContext.Status(StatusWord.OffsetOutOfRange);
        var count = Math.Min(le, content.Length - offset);
        return CardContext.Ok(content.AsMemory(offset, count).ToArray());
    }
}
