using System.Security.Cryptography;
using Myna.Card.Apdu;
using Myna.Card.Files;
using Myna.Card.Keys;

namespace Myna.Card.Commands;

/// <summary>
/// COMPUTE DIGITAL SIGNATURE <c>80 2A P1 P2 Lc data 00</c> (card-interface §4): the card pads and signs with the key
/// of the current EF (P2 = 80) or of SFI (P2 = 80|SFI); the key's PIN must be verified in this AP session.
/// </summary>
internal static class ComputeDigitalSignatureCommand
{
    public const byte Ins = 0x2A;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1 > 0x05)
            return CardContext.Status(StatusWord.WrongP1P2);
        var resolved = ResolveKey(card, command.P2, out var definition, out var key);
        if (!resolved.IsSuccess)
            return CardContext.Status(resolved);
        // A key without a PIN (common AP 0019) serves INTERNAL AUTHENTICATE only.
        if (definition!.Pin is not ushort pin || !card.VerifiedPins.Contains(pin))
            return CardContext.Status(StatusWord.SecurityStatusNotSatisfied);
        var data = command.Data.Span;
        if (data.IsEmpty)
            return CardContext.Status(StatusWord.WrongLength);
        var signature = Sign(key!, command.P1, data);
        return signature is null ? CardContext.Status(StatusWord.WrongLength) : CardContext.Ok(signature);
    }

    // P1 schemes measured on a card by MC (card-interface §4, optional extras).
    private static byte[]? Sign(CardRsaKey key, byte scheme, ReadOnlySpan<byte> data)
    {
        switch (scheme)
        {
            case 0x00: // pad the data as given: clients send a DER DigestInfo
                return data.Length <= key.MaxPkcs1Data ? key.SignPkcs1Type1(data) : null;
            case 0x01: // SHA-256(data), bare
                return key.SignPkcs1Type1(SHA256.HashData(data));
            case 0x02: // 32-byte hash, wrapped in DigestInfo
                return data.Length == 32 ? key.SignPkcs1Type1(CardRsaKey.DigestInfoSha256(data)) : null;
            case 0x03: // hash on card, wrap in DigestInfo
                return key.SignPkcs1Type1(CardRsaKey.DigestInfoSha256(SHA256.HashData(data)));
            case 0x04: // PSS over a 32-byte hash
                return data.Length == 32 ? key.Rsa.SignHash(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss) : null;
            default: // 0x05: PSS, hashed on card
                return key.Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
    }

    /// <summary>P2 = 80: the current EF must be a key; P2 = 80|SFI names the key directly.</summary>
    public static StatusWord ResolveKey(CardContext card, byte p2, out KeyDefinition? definition, out CardRsaKey? key)
    {
        definition = null;
        key = null;
        if ((p2 & 0xE0) != 0x80 || (p2 & 0x1F) == 0x1F)
            return StatusWord.WrongP1P2;
        if (card.CurrentAp is null || card.CurrentLayout is null)
            return StatusWord.NoCurrentEf;
        ushort fid;
        if ((p2 & 0x1F) == 0)
        {
            if (card.CurrentEf is not ushort current)
                return StatusWord.NoCurrentEf;
            if (!card.CurrentLayout.Keys.ContainsKey(current))
                return StatusWord.IncompatibleFileStructure;
            fid = current;
        }
        else
        {
            fid = (ushort)(p2 & 0x1F);
        }
        if (!card.CurrentLayout.Keys.TryGetValue(fid, out definition))
            return StatusWord.FileNotFound;
        key = card.Key(fid);
        return key is null ? StatusWord.FileNotFound : StatusWord.Success;
    }
}
