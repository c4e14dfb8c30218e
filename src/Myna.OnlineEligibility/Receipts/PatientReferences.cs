using System.Security.Cryptography;
using System.Text;

namespace Myna.OnlineEligibility.Receipts;

/// <summary>
/// The patient as a receipt names them: a reference of its own for each institution (HMAC-SHA256 of the holder's
/// registry reference and the institution code under the service's secret), so that a clinic can find its own patient's
/// receipts again but two institutions cannot join theirs, and nothing in it is the My Number.
/// </summary>
public sealed class PatientReferences(byte[] secret)
{
    /// <summary>The reference of <paramref name="holder"/> at institution <paramref name="institutionCode"/>: 26 characters of base32.</summary>
    public string Of(Guid holder, string institutionCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(institutionCode);
        var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(holder.ToString("N") + "|" + institutionCode));
        return Base32(mac.AsSpan(0, 16));
    }

    // RFC 4648 base 32 without padding, written here: the framework has none, and 16 bytes do not need a library.
    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }
}
