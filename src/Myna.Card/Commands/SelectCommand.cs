using Myna.Card.Apdu;

namespace Myna.Card.Commands;

/// <summary>SELECT <c>00 A4</c> (ISO/IEC 7816-4 §11.2.2; card-interface §1).</summary>
internal static class SelectCommand
{
    public const byte Ins = 0xA4;
    private const ushort MasterFile = 0x3F00;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        var data = command.Data.Span;
        switch (command.P1)
        {
            case 0x04:
                return SelectByDfName(card, command);
            case 0x02:
                if (command.P2 is not (0x0C or 0x00 or 0x04))
                    return CardContext.Status(StatusWord.WrongP1P2);
                if (data.Length != 2)
                    return CardContext.Status(StatusWord.WrongLength);
                return SelectEf(card, (ushort)((data[0] << 8) | data[1]));
            case 0x00:
                if (data.Length == 0)
                {
                    // 00 A4 00 00 (select MF): there is no usable MF. After a reset it fails with 6A86; with an
                    // AP current it answers 9000 and changes nothing [V MC card.rs, mf.rs] (card-interface §1).
                    return CardContext.Status(card.CurrentAp is null ? StatusWord.WrongP1P2 : StatusWord.Success);
                }
                if (data.Length != 2)
                    return CardContext.Status(StatusWord.WrongLength);
                return SelectEf(card, (ushort)((data[0] << 8) | data[1]));
            case 0x08 or 0x09:
                // Path selection from the MF: there is no MF to start from (card-interface §1).
                return CardContext.Status(StatusWord.FileNotFound);
            default:
                return CardContext.Status(StatusWord.WrongP1P2);
        }
    }

    private static ResponseApdu SelectByDfName(CardContext card, CommandApdu command)
    {
        var aid = command.Data.Span;
        if (command.P2 is not (0x0C or 0x00 or 0x04))
            return CardContext.Status(StatusWord.WrongP1P2);
        if (aid.Length is 0 or > 16)
            return CardContext.Status(StatusWord.FileNotFound);
        foreach (var application in card.State.Applications)
        {
            var id = CardApplicationIds.Of(application.Application);
            if (!aid.SequenceEqual(id))
                continue;
            card.SelectApplication(application);
            if (command.P2 == 0x00 && command.Le is not null)
            {
                // FCI on request (card-interface §1, content [U]): 6F 0C 84 0A <AID>.
                var fci = new byte[2 + 2 + id.Length];
                fci[0] = 0x6F;
                fci[1] = (byte)(2 + id.Length);
                fci[2] = 0x84;
                fci[3] = (byte)id.Length;
                id.CopyTo(fci.AsSpan(4));
                return CardContext.Ok(fci);
            }
            return CardContext.Status(StatusWord.Success);
        }
        // Foreign AIDs: OpenSC probes many before the JPKI driver, each must fail (card-interface §5).
        return CardContext.Status(StatusWord.FileNotFound);
    }

    private static ResponseApdu SelectEf(CardContext card, ushort fid)
    {
        if (fid == MasterFile || card.CurrentAp is null || !card.Exists(fid))
            return CardContext.Status(StatusWord.FileNotFound);
        card.CurrentEf = fid;
        return CardContext.Status(StatusWord.Success);
    }

    /// <summary>Makes the EF of a short file id current (READ BINARY/RECORD SFI forms, card-interface §4).</summary>
    public static StatusWord SelectBySfi(CardContext card, int sfi)
    {
        if (sfi is 0 or > 30)
            return StatusWord.WrongP1P2;
        var fid = (ushort)sfi;
        if (card.CurrentAp is null || !card.Exists(fid))
            return StatusWord.FileNotFound;
        card.CurrentEf = fid;
        return StatusWord.Success;
    }
}
