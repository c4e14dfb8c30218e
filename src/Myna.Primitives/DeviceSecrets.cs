using System.Security.Cryptography;
using System.Text;

namespace Myna.Primitives;

/// <summary>
/// The secrets a device authenticates with — a store's multi-copy machine, a clinic's reception terminal: drawn at
/// random, shown once when the device is registered, kept only as their SHA-256 and compared in constant time.
/// </summary>
public static class DeviceSecrets
{
    /// <summary>The longest secret taken (a longer one is refused before any hashing).</summary>
    public const int MaxLength = 128;

    /// <summary>A new secret (base64 of 24 random bytes) and the hash to keep.</summary>
    public static (string Secret, byte[] Hash) New()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        return (secret, Hash(secret));
    }

    /// <summary>The hash kept for <paramref name="secret"/>.</summary>
    public static byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Whether <paramref name="secret"/> is the one whose hash is <paramref name="hash"/>.</summary>
    public static bool Matches(string? secret, byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return secret is { Length: > 0 and <= MaxLength } && CryptographicOperations.FixedTimeEquals(Hash(secret), hash);
    }
}
