namespace Myna.Storage.Protection;

/// <summary>
/// The keys that protect My Numbers at rest, as the key file holds them or the configuration gives them
/// (<c>Storage:MyNumberKeys</c>). Every key is base64 of 32 random bytes.
/// </summary>
/// <remarks>
/// <para>Two jobs, two keys (docs/storage.md): <see cref="EncryptionKeys"/> encrypt the number (AES-256-GCM), the
/// <see cref="IndexKey"/> makes its blind index (HMAC-SHA256), on which the unique index and the exact-match
/// search work.</para>
/// <para>Rotation: add a key under a new id and make it <see cref="CurrentKeyId"/>; rows written under an older id
/// still decrypt with it, and are encrypted anew under the current key when they are next saved. The index key is
/// not rotated this way: a new one would need every row's index recomputed.</para>
/// <para>Default: no keys (<see cref="CurrentKeyId"/> 0), which <see cref="MyNumberProtector.FromOptions"/> refuses.</para>
/// </remarks>
public sealed class MyNumberKeyOptions
{
    /// <summary>The id (1–255) of the key that encrypts new values; it is stored as the first byte of each value.</summary>
    public int CurrentKeyId { get; set; }

    /// <summary>The encryption keys by id (the id as decimal text, so that configuration can bind it).</summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = [];

    /// <summary>The key of the blind index.</summary>
    public string? IndexKey { get; set; }

    /// <summary>Never the keys.</summary>
    public override string ToString() => $"MyNumberKeyOptions (current key {CurrentKeyId}, keys hidden)";
}
