using Myna.Card.Apdu;

namespace Myna.Card.Commands;

/// <summary>
/// INTERNAL AUTHENTICATE <c>00 88 00 99 Lc challenge 00</c> (ISO/IEC 7816-4 §11.5.2): the common AP's key
/// 0019 signs the challenge, PKCS#1 v1.5 type 1, without a PIN (card-interface §2.4, [V MC common.rs]).
/// </summary>
internal static class InternalAuthenticateCommand
{
    public const byte Ins = 0x88;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1 != 0x00)
            return CardContext.Status(StatusWord.WrongP1P2);
        var resolved = ComputeDigitalSignatureCommand.ResolveKey(card, command.P2, out var definition, out var key);
        if (!resolved.IsSuccess)
            return CardContext.Status(resolved);
        // A JPKI key never answers without its PIN, whatever the command.
        if (definition!.Pin is ushort pin && !card.VerifiedPins.Contains(pin))
            return CardContext.Status(StatusWord.SecurityStatusNotSatisfied);
        var challenge = command.Data.Span;
        if (challenge.IsEmpty || challenge.Length > key!.MaxPkcs1Data)
            return CardContext.Status(StatusWord.WrongLength);
        return CardContext.Ok(key.SignPkcs1Type1(challenge));
    }
}
