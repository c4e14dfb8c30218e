using System.Text;
using Myna.Card.Apdu;

namespace Myna.Card.Commands;

/// <summary>
/// GET DATA <c>00 CA P1 P2</c> at MF level (card-interface §2.4, optional): only while no AP is selected. Every tag
/// this chip does not hold answers <c>6A88</c>, in particular OpenSC's probe <c>00 CA DF 30 05</c> (card-interface §5).
/// </summary>
internal static class GetDataCommand
{
    public const byte Ins = 0xCA;
    private const ushort CardIdTag = 0x0045;
    private const ushort AtrTag = 0x5F51;
    private const ushort MunicipalityTag = 0x00F0;
    private const ushort ExpiryTag = 0x00F2;

    public static ResponseApdu Execute(CardContext card, CommandApdu command, ReadOnlySpan<byte> atr)
    {
        if (card.CurrentAp is not null || !command.Data.IsEmpty)
            return CardContext.Status(StatusWord.DataNotFound);
        byte[]? value = command.P1P2 switch
        {
            // The contact ATR without TS [V MC mf.rs].
            AtrTag => atr[1..].ToArray(),
            // Card id: the 16-digit serial (docs/card.md §2); lets the issuing system learn whom it talks to.
            CardIdTag when card.State.Serial.Length > 0 => Encoding.ASCII.GetBytes(card.State.Serial),
            // Municipality code and card expiry, as the common AP's record holds them [V MC mf.rs].
            MunicipalityTag => CommonRecordField(card, 15, 5),
            ExpiryTag => CommonRecordField(card, 20, 8),
            _ => null,
        };
        if (value is null)
            return CardContext.Status(StatusWord.DataNotFound);
        var count = Math.Min(command.Le ?? value.Length, value.Length);
        return CardContext.Ok(value.AsMemory(0, count));
    }

    /// <summary>A field of the 28 digits after <c>01 1C</c> in common AP EF0001 (card-interface §2.4); null if not written.</summary>
    private static byte[]? CommonRecordField(CardContext card, int start, int length)
    {
        var record = card.State.Find(CardApplication.Common)?.Files.GetValueOrDefault(ResidentRegistryApFiles.CommonRecord);
        if (record is null || record.Length < 30 || record[0] != 0x01 || record[1] != 0x1C)
            return null;
        return record.AsSpan(2 + start, length).ToArray();
    }
}
