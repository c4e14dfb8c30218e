using System.Security.Cryptography;
using Myna.Card.Apdu;
using Myna.Card.Files;

namespace Myna.Card.Issuer;

/// <summary>EXTERNAL AUTHENTICATE <c>00 82 00 01 40 sig</c>: opens the issuer session (docs/card.md §2).</summary>
internal static class ExternalAuthenticateCommand
{
    public const byte Ins = 0x82;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1P2 != 0x0001)
            return CardContext.Status(StatusWord.WrongP1P2);
        if (card.Challenge is not byte[] challenge)
            return CardContext.Status(StatusWord.ConditionsNotSatisfied);
        // Either way the challenge is used up: one signature per challenge, no replay.
        card.Challenge = null;
        card.IssuerAuthenticated = IssuerAuthentication.Verify(card.State.IssuerPublicKey, card.State.Serial, challenge, command.Data.Span);
        return CardContext.Status(card.IssuerAuthenticated ? StatusWord.Success : StatusWord.VerificationFailed);
    }
}

/// <summary>GENERATE KEY PAIR <c>80 46 00 00 00 00 02 FID 00 00</c>: a new RSA-2048 key in the current AP (docs/card.md §2).</summary>
internal static class GenerateKeyPairCommand
{
    public const byte Ins = 0x46;
    public const int KeySize = 2048;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1P2 != 0)
            return CardContext.Status(StatusWord.WrongP1P2);
        if (command.Data.Length != 2)
            return CardContext.Status(StatusWord.WrongLength);
        var ap = card.CurrentAp!;
        var fid = (ushort)((command.Data.Span[0] << 8) | command.Data.Span[1]);
        if (!card.CurrentLayout!.Keys.ContainsKey(fid))
            return CardContext.Status(StatusWord.FileNotFound);
        // The key is made here and leaves only as the public part; the private key goes to the sealed state.
        using var rsa = RSA.Create(KeySize);
        ap.Keys[fid] = rsa.ExportRSAPrivateKey();
        card.ForgetKey(ap.Application, fid);
        if (!card.TryPersist())
            return CardContext.Status(StatusWord.MemoryFailure);
        return CardContext.Ok(rsa.ExportRSAPublicKey());
    }
}

/// <summary>PUT FILE <c>80 D6 FIDhi FIDlo Lc content</c>: replaces (or creates) an EF of the current AP.</summary>
internal static class PutFileCommand
{
    public const byte Ins = 0xD6;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        var fid = command.P1P2;
        if (fid is 0x0000 or 0x3F00 or 0xFFFF)
            return CardContext.Status(StatusWord.WrongP1P2);
        var layout = card.CurrentLayout!;
        // PINs, keys and the derived availability EF are not files one can write.
        if (layout.Pins.ContainsKey(fid) || layout.Keys.ContainsKey(fid) ||
            (layout.Application == CardApplication.Jpki && fid == ApplicationLayout.CertificateAvailabilityFid))
            return CardContext.Status(StatusWord.IncompatibleFileStructure);
        card.CurrentAp!.Files[fid] = command.Data.ToArray();
        return CardContext.Status(card.TryPersist() ? StatusWord.Success : StatusWord.MemoryFailure);
    }
}

/// <summary>DELETE FILE <c>80 E4 FIDhi FIDlo</c>: removes an EF, key or PIN reference of the current AP.</summary>
internal static class DeleteFileCommand
{
    public const byte Ins = 0xE4;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (!command.Data.IsEmpty)
            return CardContext.Status(StatusWord.WrongLength);
        var fid = command.P1P2;
        var ap = card.CurrentAp!;
        var layout = card.CurrentLayout!;
        if (layout.Pins.ContainsKey(fid))
        {
            if (!ap.Pins.TryGetValue(fid, out var pin) || pin.Reference is null)
                return CardContext.Status(StatusWord.FileNotFound);
            CryptographicOperations.ZeroMemory(pin.Reference);
            pin.Reference = null;
            pin.TriesLeft = layout.Pins[fid].MaxTries;
            card.VerifiedPins.Remove(fid);
        }
        else if (layout.Keys.ContainsKey(fid))
        {
            if (!ap.Keys.Remove(fid))
                return CardContext.Status(StatusWord.FileNotFound);
            card.ForgetKey(ap.Application, fid);
        }
        else if (!ap.Files.Remove(fid))
        {
            return CardContext.Status(StatusWord.FileNotFound);
        }
        if (card.CurrentEf == fid)
            card.CurrentEf = null;
        return CardContext.Status(card.TryPersist() ? StatusWord.Success : StatusWord.MemoryFailure);
    }
}

/// <summary>
/// SET PIN <c>80 2C FIDhi FIDlo Lc PIN</c>: sets the reference data and resets the counter to its fixed
/// maximum; the window's reset of a blocked PIN (P3).
/// </summary>
internal static class SetPinCommand
{
    public const byte Ins = 0x2C;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        var fid = command.P1P2;
        if (!card.CurrentLayout!.Pins.TryGetValue(fid, out var definition))
            return CardContext.Status(StatusWord.FileNotFound);
        if (!definition.Format.Accepts(command.Data.Span))
            return CardContext.Status(StatusWord.WrongData);
        var ap = card.CurrentAp!;
        if (!ap.Pins.TryGetValue(fid, out var pin))
            ap.Pins[fid] = pin = new();
        pin.Reference = command.Data.ToArray();
        pin.TriesLeft = definition.MaxTries;
        card.VerifiedPins.Remove(fid);
        return CardContext.Status(card.TryPersist() ? StatusWord.Success : StatusWord.MemoryFailure);
    }
}

/// <summary>TERMINATE CARD <c>80 FE 00 00</c>: erases every AP for good; afterwards everything answers 6A81.</summary>
internal static class TerminateCardCommand
{
    public const byte Ins = 0xFE;

    public static ResponseApdu Execute(CardContext card, CommandApdu command)
    {
        if (command.P1P2 != 0)
            return CardContext.Status(StatusWord.WrongP1P2);
        if (!command.Data.IsEmpty)
            return CardContext.Status(StatusWord.WrongLength);
        foreach (var ap in card.State.Applications)
        {
            foreach (var key in ap.Keys.Values)
                CryptographicOperations.ZeroMemory(key);
        }
        card.State.Applications.Clear();
        card.State.Terminated = true;
        card.ForgetAllKeys();
        card.Reset();
        return CardContext.Status(card.TryPersist() ? StatusWord.Success : StatusWord.MemoryFailure);
    }
}
