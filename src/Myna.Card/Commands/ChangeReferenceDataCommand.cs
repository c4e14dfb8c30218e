using Myna.Card.Apdu;
using Myna.Card.Pins;
using Myna.Card.Files;

namespace Myna.Card.Commands;

/// <summary>
/// CHANGE REFERENCE DATA <c>00 24 01 80 Lc new</c> (ISO/IEC 7816-4 §11.5.7) for JPKI and text-AP PINs, and
/// JICSAP CHANGE KEY <c>80 32 00 80 Lc new</c> for the 住基/共通 PIN (card-interface §3). Both need the PIN verified
/// in this AP session first.
/// </summary>
internal static class ChangeReferenceDataCommand
{
    public const byte IsoIns = 0x24;
    public const byte JicsapIns = 0x32;

    public static ResponseApdu ExecuteIso(CardContext card, CommandApdu command) =>
        // P1 = 01: the data is the new reference data only (verification already done).
        command.P1 != 0x01 ? CardContext.Status(StatusWord.WrongP1P2) : Change(card, command, PinChange.Iso);

    public static ResponseApdu ExecuteJicsap(CardContext card, CommandApdu command) =>
        command.P1 != 0x00 ? CardContext.Status(StatusWord.WrongP1P2) : Change(card, command, PinChange.Jicsap);

    private static ResponseApdu Change(CardContext card, CommandApdu command, PinChange how)
    {
        var resolved = PinReference.Resolve(card, command.P2, out var fid, out var definition, out var pin);
        if (!resolved.IsSuccess)
            return CardContext.Status(resolved);
        if (definition!.Change != how)
            return CardContext.Status(StatusWord.ConditionsNotSatisfied);
        if (!card.VerifiedPins.Contains(fid))
            return CardContext.Status(StatusWord.SecurityStatusNotSatisfied);
        if (command.Data.IsEmpty)
            return CardContext.Status(StatusWord.WrongLength);
        if (!definition.Format.Accepts(command.Data.Span))
            return CardContext.Status(StatusWord.WrongData);
        pin!.Reference = command.Data.ToArray();
        pin.TriesLeft = definition.MaxTries;
        return CardContext.Status(card.TryPersist() ? StatusWord.Success : StatusWord.MemoryFailure);
    }
}
