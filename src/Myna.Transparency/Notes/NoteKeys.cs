using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Myna.Transparency.Notes;

/// <summary>What the signer and verifier keys share: names, key IDs and the key strings' fields.</summary>
internal static class NoteKeys
{
    /// <summary>The signature type byte of Ed25519 in key IDs and key strings.</summary>
    public const byte Ed25519Type = 0x01;

    public const int Ed25519KeySize = 32;

    /// <summary>A key name: not empty, no Unicode space, no '+' (it separates a key string's fields).</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Contains('+') && !name.Any(char.IsWhiteSpace) && NoteText.IsWellFormed(name);

    /// <summary>The key ID: the first four bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key).</summary>
    public static uint KeyIdOf(string name, ReadOnlySpan<byte> publicKey)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(name));
        sha.AppendData([(byte)'\n', Ed25519Type]);
        sha.AppendData(publicKey);
        return BinaryPrimitives.ReadUInt32BigEndian(sha.GetHashAndReset());
    }

    public static string FormatKeyId(uint keyId) => keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"name+hexid+base64(0x01 || key)", the form both key strings end in.</summary>
    public static string Format(string name, uint keyId, ReadOnlySpan<byte> key) =>
        $"{name}+{FormatKeyId(keyId)}+{Convert.ToBase64String([Ed25519Type, .. key])}";

    /// <summary>
    /// Splits "name+hexid+base64(0x01 || key)" and checks each field's form; the caller checks the ID against the
    /// public key. The reason says which field is wrong, never the key.
    /// </summary>
    public static bool TryParse(string text, out string name, out uint keyId, out byte[] key, out string reason)
    {
        (name, keyId, key, reason) = ("", 0, [], "");
        var firstPlus = text.IndexOf('+', StringComparison.Ordinal);
        // Eight hex digits and a '+' follow the name.
        if (firstPlus < 0 || text.Length < firstPlus + 10 || text[firstPlus + 9] != '+')
            return Fail("it is not name+keyid+key", out reason);
        name = text[..firstPlus];
        if (!IsValidName(name))
            return Fail("the key name is empty or has a space or '+'", out reason);
        var hex = text.AsSpan(firstPlus + 1, 8);
        if (!hex.ToString().All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            return Fail("the key ID is not eight lower-case hex digits", out reason);
        keyId = uint.Parse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        if (!Base64Strict.TryDecode(text[(firstPlus + 10)..], out var typed))
            return Fail("the key is not base64", out reason);
        if (typed.Length == 0 || typed[0] != Ed25519Type)
            return Fail("the key is not of type 0x01 (Ed25519)", out reason);
        if (typed.Length != 1 + Ed25519KeySize)
            return Fail("an Ed25519 key has 32 bytes", out reason);
        key = typed[1..];
        return true;
    }

    private static bool Fail(string why, out string reason)
    {
        reason = why;
        return false;
    }
}
