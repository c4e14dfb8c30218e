using System.Security.Cryptography;
using Myna.Card.Apdu;

namespace Myna.Card.Commands;

/// <summary>
/// VERIFY <c>00 20 00 P2 [Lc PIN]</c> (ISO/IEC 7816-4 §11.5.6; card-interface §3). Without data it is the retry query.
/// </summary>
internal static class VerifyCommand
{
    public const byte Ins = 0x20;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1 != 0x00)
            return CardContext.Status(StatusWord.WrongP1P2);
        var resolved = PinReference.Resolve(card, command.P2, out var fid, out var definition, out var pin);
        if (!resolved.IsSuccess)
            return CardContext.Status(resolved);

        if (command.Data.IsEmpty)
        {
            // Retry query (case 1): 63Cx even when verified, 63C0 when blocked, no decrement. OpenSC's
            // GET_INFO needs SW1 = 63 (card-interface §3, [V OSC jpki_pin_cmd]).
            return CardContext.Status(StatusWord.TriesLeft(pin!.TriesLeft));
        }
        // Every attempt after the one that exhausted the counter: 6984 [V MC README] (card-interface §3).
        if (pin!.TriesLeft <= 0)
            return CardContext.Status(StatusWord.ReferenceDataNotUsable);

        // Anti-tearing (docs/card.md §1, P3): count the try durably BEFORE comparing, so that cutting the
        // power after a wrong PIN cannot undo the count.
        pin.TriesLeft--;
        card.VerifiedPins.Remove(fid);
        if (!card.TryPersist())
            return CardContext.Status(StatusWord.MemoryFailure);

        // A wrong length or character set is a wrong PIN (card-interface §3 [U]: counted, 63Cx).
        var candidate = command.Data.Span;
        var matches = definition!.Format.Accepts(candidate) &
            CryptographicOperations.FixedTimeEquals(pin.Reference, candidate);
        if (!matches)
            return CardContext.Status(StatusWord.TriesLeft(pin.TriesLeft));

        // P3: a right entry before the lock resets the count.
        pin.TriesLeft = definition.MaxTries;
        if (!card.TryPersist())
            return CardContext.Status(StatusWord.MemoryFailure);
        card.VerifiedPins.Add(fid);
        return CardContext.Status(StatusWord.Success);
    }
}
