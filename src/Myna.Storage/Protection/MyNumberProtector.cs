using Myna.Primitives.Hosting;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Myna.Primitives;

namespace Myna.Storage.Protection;

/// <summary>
/// Encrypts a My Number for its row and computes its blind index: what the <c>residents</c> table stores instead of
/// the digits (docs/storage.md, "My Numbers at rest"). Safe for concurrent use.
/// </summary>
/// <remarks>
/// <para>Stored value (<see cref="CiphertextLength"/> bytes): key id (1) ‖ nonce (12, random) ‖ ciphertext of the 12
/// ASCII digits (12) ‖ tag (16), AES-256-GCM (NIST SP 800-38D) with the key id and the resident's id as associated
/// data, so a value copied into another row, or given another key id, fails to decrypt.</para>
/// <para>Blind index (<see cref="IndexLength"/> bytes): HMAC-SHA256 (RFC 2104) of the 12 ASCII digits under the index
/// key. Equal numbers have equal indexes, so the database can search by exact number and keep numbers unique; the
/// index key is needed to test a guess, which is why it is a key and not a plain hash (10^11 numbers are quickly
/// hashed).</para>
/// </remarks>
public sealed class MyNumberProtector
{
    /// <summary>Length of a stored value.</summary>
    public const int CiphertextLength = 1 + NonceLength + MyNumber.Length + TagLength;

    /// <summary>Length of a blind index.</summary>
    public const int IndexLength = 32;

    /// <summary>Length of each key.</summary>
    public const int KeyLength = 32;

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly byte[] KeyCheckLabel = "myna my-number key check"u8.ToArray();

    private readonly Dictionary<byte, byte[]> _keys;
    private readonly byte[] _indexKey;

    private MyNumberProtector(Dictionary<byte, byte[]> keys, byte currentKeyId, byte[] indexKey)
    {
        _keys = keys;
        CurrentKeyId = currentKeyId;
        _indexKey = indexKey;
    }

    /// <summary>The id of the key that encrypts new values.</summary>
    public byte CurrentKeyId { get; }

    /// <summary>The ids of every key that can decrypt.</summary>
    public IReadOnlyCollection<byte> KeyIds => _keys.Keys;

    /// <summary>A protector over the given keys.</summary>
    /// <exception cref="InvalidOperationException">A key is missing, not base64 of 32 bytes, or the current id has no key (the message names which, never a key).</exception>
    public static MyNumberProtector FromOptions(MyNumberKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CurrentKeyId is < 1 or > 255)
            throw new InvalidOperationException("My Number keys: CurrentKeyId must be between 1 and 255 (docs/storage.md).");
        var keys = new Dictionary<byte, byte[]>();
        foreach (var (id, key) in options.EncryptionKeys)
        {
            if (!byte.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var keyId) || keyId == 0)
                throw new InvalidOperationException("My Number keys: each encryption key's id is a number between 1 and 255.");
            keys[keyId] = DecodeKey(key, $"encryption key {keyId}");
        }
        if (!keys.ContainsKey((byte)options.CurrentKeyId))
            throw new InvalidOperationException($"My Number keys: there is no encryption key with the current id {options.CurrentKeyId}.");
        return new MyNumberProtector(keys, (byte)options.CurrentKeyId, DecodeKey(options.IndexKey, "the index key"));
    }

    /// <summary>New random keys: one encryption key (id 1) and an index key.</summary>
    public static MyNumberKeyOptions GenerateKeys() => new()
    {
        CurrentKeyId = 1,
        EncryptionKeys = { ["1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength)) },
        IndexKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength)),
    };

    /// <summary>
    /// Reads the key file at <paramref name="path"/> (JSON, the shape of <see cref="MyNumberKeyOptions"/>), or creates it
    /// with new keys when it does not exist: owner-only (0600 on Unix), in a directory created owner-only.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is not a key file (the message names the path, never a key).</exception>
    public static MyNumberProtector LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            var created = GenerateKeys();
            try
            {
                WriteNew(path, JsonSerializer.SerializeToUtf8Bytes(created, FileFormat));
                return FromOptions(created);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs, so that both write under the same keys.
            }
        }
        MyNumberKeyOptions? read;
        try
        {
            read = JsonSerializer.Deserialize<MyNumberKeyOptions>(File.ReadAllBytes(path), FileFormat);
        }
        catch (JsonException)
        {
            read = null;
        }
        if (read is null)
            throw new InvalidOperationException($"The My Number key file {path} is not a JSON key file (docs/storage.md).");
        try
        {
            return FromOptions(read);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"The My Number key file {path}: {e.Message}", e);
        }
    }

    /// <summary>The stored value of <paramref name="number"/> for the resident <paramref name="residentId"/>, under the current key.</summary>
    public byte[] Encrypt(MyNumber number, Guid residentId)
    {
        if (number.IsDefault)
            throw new ArgumentException("An empty My Number is not stored.", nameof(number));
        var stored = new byte[CiphertextLength];
        stored[0] = CurrentKeyId;
        var nonce = stored.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[MyNumber.Length];
        Encoding.ASCII.GetBytes(number.Reveal(), plain);
        try
        {
            using var aes = new AesGcm(_keys[CurrentKeyId], TagLength);
            aes.Encrypt(nonce, plain, stored.AsSpan(1 + NonceLength, MyNumber.Length), stored.AsSpan(1 + NonceLength + MyNumber.Length), AssociatedData(CurrentKeyId, residentId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
        return stored;
    }

    /// <summary>Length of a stored security code.</summary>
    public const int SecurityCodeCiphertextLength = 1 + NonceLength + SecurityCodeLength + TagLength;

    private const int SecurityCodeLength = 4;

    // Bound into a security code's associated data, so that no stored value of one kind passes for the other.
    private static readonly byte[] SecurityCodePurpose = "myna security code"u8.ToArray();

    /// <summary>
    /// Encrypts a card's 4-digit security code (セキュリティコード) for the card <paramref name="cardId"/>, under the current
    /// key: the code prints on the card and opens its text records with the birth date and expiry, so it is kept like the
    /// My Number (AES-256-GCM, the key id first).
    /// </summary>
    public byte[] EncryptSecurityCode(string code, Guid cardId)
    {
        if (code is not { Length: SecurityCodeLength } || !code.All(char.IsAsciiDigit))
            throw new ArgumentException("A security code has 4 digits.", nameof(code));
        var stored = new byte[SecurityCodeCiphertextLength];
        stored[0] = CurrentKeyId;
        var nonce = stored.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[SecurityCodeLength];
        Encoding.ASCII.GetBytes(code, plain);
        try
        {
            using var aes = new AesGcm(_keys[CurrentKeyId], TagLength);
            aes.Encrypt(nonce, plain, stored.AsSpan(1 + NonceLength, SecurityCodeLength), stored.AsSpan(1 + NonceLength + SecurityCodeLength),
                SecurityCodeAssociatedData(CurrentKeyId, cardId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
        return stored;
    }

    /// <summary>The security code in a stored value of the card <paramref name="cardId"/>.</summary>
    /// <exception cref="MyNumberProtectionException">The value was altered, belongs to another card, or its key is not configured.</exception>
    public string DecryptSecurityCode(ReadOnlySpan<byte> stored, Guid cardId)
    {
        if (stored.Length != SecurityCodeCiphertextLength)
            throw new MyNumberProtectionException($"A stored security code has {stored.Length} bytes, not {SecurityCodeCiphertextLength}.");
        var keyId = stored[0];
        if (!_keys.TryGetValue(keyId, out var key))
            throw new MyNumberProtectionException($"A stored security code was encrypted under key {keyId}, which the configured keys do not have (docs/storage.md).");
        Span<byte> plain = stackalloc byte[SecurityCodeLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(stored.Slice(1, NonceLength), stored.Slice(1 + NonceLength, SecurityCodeLength), stored[(1 + NonceLength + SecurityCodeLength)..],
                plain, SecurityCodeAssociatedData(keyId, cardId));
            return Encoding.ASCII.GetString(plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new MyNumberProtectionException("A stored security code does not decrypt: it was altered, or belongs to another card.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] SecurityCodeAssociatedData(byte keyId, Guid cardId) => [.. SecurityCodePurpose, .. AssociatedData(keyId, cardId)];

    /// <summary>The My Number in a stored value of the resident <paramref name="residentId"/>.</summary>
    /// <exception cref="MyNumberProtectionException">The value is malformed, its key is unknown or wrong, or it was altered; the message says which, never a number.</exception>
    public MyNumber Decrypt(ReadOnlySpan<byte> stored, Guid residentId)
    {
        if (stored.Length != CiphertextLength)
            throw new MyNumberProtectionException(
                $"A stored My Number has {stored.Length} bytes, not {CiphertextLength}: it was not written by this version, or was altered. " +
                "A database of an earlier version is converted by MynaDbContextFactory.MigrateAsync.");
        var keyId = stored[0];
        if (!_keys.TryGetValue(keyId, out var key))
            throw new MyNumberProtectionException($"A stored My Number was encrypted under key {keyId}, which the configured My Number keys do not have (docs/storage.md).");
        Span<byte> plain = stackalloc byte[MyNumber.Length];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(stored.Slice(1, NonceLength), stored.Slice(1 + NonceLength, MyNumber.Length), stored[(1 + NonceLength + MyNumber.Length)..],
                plain, AssociatedData(keyId, residentId));
            var parsed = MyNumber.Parse(Encoding.ASCII.GetString(plain));
            return parsed.Success
                ? parsed.Value
                : throw new MyNumberProtectionException("A stored My Number decrypted to something that is not a My Number.");
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new MyNumberProtectionException(
                $"A stored My Number could not be decrypted with key {keyId}: the key is not the one it was written with, or the row was altered (docs/storage.md).", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The key id a stored value was written under (0 for a value too short to have one).</summary>
    public static byte KeyIdOf(ReadOnlySpan<byte> stored) => stored.IsEmpty ? (byte)0 : stored[0];

    /// <summary>The blind index of <paramref name="number"/>: what the unique index and the exact search compare.</summary>
    public byte[] BlindIndex(MyNumber number)
    {
        if (number.IsDefault)
            throw new ArgumentException("An empty My Number has no index.", nameof(number));
        Span<byte> digits = stackalloc byte[MyNumber.Length];
        Encoding.ASCII.GetBytes(number.Reveal(), digits);
        try
        {
            return HMACSHA256.HashData(_indexKey, digits);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digits);
        }
    }

    /// <summary>
    /// A check value of the index key (<paramref name="keyId"/> null) or of an encryption key: an HMAC of a fixed
    /// label, stored beside the data so that a start with other keys fails at once rather than finding nothing.
    /// It reveals nothing of the 256-bit key.
    /// </summary>
    internal string KeyCheck(byte? keyId) =>
        Convert.ToBase64String(HMACSHA256.HashData(keyId is { } id ? _keys[id] : _indexKey, KeyCheckLabel));

    /// <summary>Never the keys.</summary>
    public override string ToString() => $"MyNumberProtector (current key {CurrentKeyId})";

    private static byte[] AssociatedData(byte keyId, Guid residentId)
    {
        var data = new byte[17];
        data[0] = keyId;
        residentId.TryWriteBytes(data.AsSpan(1));
        return data;
    }

    private static byte[] DecodeKey(string? base64, string name)
    {
        var bytes = new byte[KeyLength];
        if (string.IsNullOrWhiteSpace(base64) || !Convert.TryFromBase64String(base64.Trim(), bytes, out var written) || written != KeyLength)
            throw new InvalidOperationException($"My Number keys: {name} is not base64 of {KeyLength} bytes.");
        return bytes;
    }

    private static void WriteNew(string path, byte[] content)
    {
        try
        {
            MynaHome.WriteNewPrivateFile(path, content);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }
}

/// <summary>A stored My Number could not be read back: malformed, an unknown or wrong key, or an altered row. The message never holds a number.</summary>
public sealed class MyNumberProtectionException : CryptographicException
{
    public MyNumberProtectionException(string message)
        : base(message)
    {
    }

    public MyNumberProtectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
