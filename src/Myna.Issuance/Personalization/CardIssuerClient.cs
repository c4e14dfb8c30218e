using System.Security.Cryptography;
using System.Text;
using Myna.Card;
using Myna.Card.Apdu;
using Myna.Card.Issuer;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Issuance.Personalization;

/// <summary>
/// The issuing system's side of the proprietary issuer protocol (docs/card.md §2), over any
/// <see cref="ICardTransport"/>. Every method throws <see cref="CardCommandException"/> when the card does
/// not answer <c>9000</c>.
/// </summary>
public sealed class CardIssuerClient
{
    private readonly ICardTransport _transport;

    public CardIssuerClient(ICardTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    /// <summary>
    /// Reads the card serial with MF-level GET DATA <c>00 CA 00 45</c>; only before any AP is selected
    /// (after power-on or reset).
    /// </summary>
    public string ReadSerial() =>
        Encoding.ASCII.GetString(Send("GET DATA (card id)", new CommandApdu(0x00, 0xCA, 0x00, 0x45, le: 256)));

    /// <summary>GET CHALLENGE, then EXTERNAL AUTHENTICATE with the issuer's ECDSA P-256 key (docs/card.md §2).</summary>
    public void Authenticate(ECDsa issuerKey, string serial)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        ArgumentNullException.ThrowIfNull(serial);
        var challenge = Send("GET CHALLENGE", new CommandApdu(0x00, 0x84, 0x00, 0x00, le: IssuerAuthentication.ChallengeLength));
        var signature = IssuerAuthentication.Sign(issuerKey, serial, challenge);
        Send("EXTERNAL AUTHENTICATE", new CommandApdu(0x00, 0x82, 0x00, 0x01, signature));
    }

    /// <summary>SELECT the application by DF name (<c>00 A4 04 0C 0A AID</c>).</summary>
    public void Select(CardApplication application) =>
        Send("SELECT " + application, new CommandApdu(0x00, 0xA4, 0x04, 0x0C, CardApplicationIds.Of(application).ToArray()));

    /// <summary>Generates an RSA-2048 key pair on the chip in the current AP; returns its public part.</summary>
    public RSAParameters GenerateKeyPair(ushort keyFid)
    {
        var der = Send("GENERATE KEY PAIR", new CommandApdu(0x80, 0x46, 0x00, 0x00, Fid(keyFid), le: 65536));
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(der, out var read);
        if (read != der.Length)
            throw new CardCommandException("GENERATE KEY PAIR answered trailing bytes after the RSAPublicKey.");
        return rsa.ExportParameters(includePrivateParameters: false);
    }

    /// <summary>Writes an EF of the current AP (whole content; created if absent).</summary>
    public void PutFile(ushort fid, ReadOnlySpan<byte> content) =>
        Send("PUT FILE", new CommandApdu(0x80, 0xD6, (byte)(fid >> 8), unchecked(unchecked((byte)fid)), content.ToArray()));

    /// <summary>Removes an EF, key or PIN of the current AP.</summary>
    public void DeleteFile(ushort fid) =>
        Send("DELETE FILE", new CommandApdu(0x80, 0xE4, (byte)(fid >> 8), unchecked((byte)fid)));

    /// <summary>Sets a PIN's reference data and resets its counter (initial PINs; the window's reset, P3).</summary>
    public void SetPin(ushort pinFid, Pin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        SetPinBytes(pinFid, pin.AsciiBytes);
    }

    /// <summary>Sets a PIN object from ASCII digits (照合番号A/B and the birth-date key are not <see cref="Pin"/>s).</summary>
    public void SetPinBytes(ushort pinFid, ReadOnlySpan<byte> ascii)
    {
        var data = ascii.ToArray();
        try
        {
            Send("SET PIN", new CommandApdu(0x80, 0x2C, (byte)(pinFid >> 8), unchecked((byte)pinFid), data));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>Terminates the card for good: afterwards it answers <c>6A81</c> to everything.</summary>
    public void Terminate() => Send("TERMINATE CARD", new CommandApdu(0x80, 0xFE, 0x00, 0x00));

    private static byte[] Fid(ushort fid) => [(byte)(fid >> 8), unchecked((byte)fid)];

    private byte[] Send(string operation, CommandApdu command)
    {
        var response = ResponseApdu.Parse(_transport.Transmit(command.ToBytes()));
        if (!response.StatusWord.IsSuccess)
            throw new CardCommandException(operation, response.StatusWord);
        return response.Data.ToArray();
    }
}
