using System.Security.Cryptography;
using Myna.Card.Apdu;

namespace Myna.Card.Commands;

/// <summary>GET CHALLENGE <c>00 84 00 00 Le</c> (ISO/IEC 7816-4 §11.5.3; card-interface §4; docs/card.md §2): 1–256 random bytes.</summary>
internal static class GetChallengeCommand
{
    public const byte Ins = 0x84;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1P2 != 0)
            return CardContext.Status(StatusWord.WrongP1P2);
        if (!command.Data.IsEmpty || command.Le is not int le || le > 256)
            return CardContext.Status(StatusWord.WrongLength);
        var challenge = RandomNumberGenerator.GetBytes(le);
        // The challenge of EXTERNAL AUTHENTICATE is the last one issued (docs/card.md §2).
        card.Challenge = challenge;
        return CardContext.Ok(challenge.ToArray());
    }
}
