using Myna.Card.Apdu;
using Myna.Card.Pins;
using Myna.Card.Files;
using Myna.Card.Image;

namespace Myna.Card.Commands;

/// <summary>
/// Resolves the PIN a VERIFY or CHANGE names by P2 (card-interface §3): <c>80</c> = the current EF,
/// <c>80|SFI</c> = that PIN without a prior SELECT.
/// </summary>
internal static class PinReference
{
    public static StatusWord Resolve(CardContext card, byte p2, out ushort fid, out PinDefinition? definition, out PinState? pin)
    {
        fid = 0;
        definition = null;
        pin = null;
        if ((p2 & 0xE0) != 0x80)
            return StatusWord.WrongP1P2;
        var sfi = p2 & 0x1F;
        if (sfi == 0x1F)
            return StatusWord.WrongP1P2;
        if (card.CurrentAp is null || card.CurrentLayout is null)
            return sfi == 0 ? StatusWord.NoCurrentEf : StatusWord.FileNotFound;
        if (sfi == 0)
        {
            if (card.CurrentEf is not ushort current)
                return StatusWord.NoCurrentEf;
            fid = current;
            if (!card.CurrentLayout.Pins.ContainsKey(fid))
                return StatusWord.IncompatibleFileStructure;
        }
        else
        {
            fid = (ushort)sfi;
        }
        if (!card.CurrentLayout.Pins.TryGetValue(fid, out definition) ||
            !card.CurrentAp.Pins.TryGetValue(fid, out pin) || pin.Reference is null)
        {
            // An unset PIN answers as absent (docs/card.md §1).
            return StatusWord.FileNotFound;
        }
        return StatusWord.Success;
    }
}
