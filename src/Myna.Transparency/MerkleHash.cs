using System.Security.Cryptography;

namespace Myna.Transparency;

/// <summary>
/// A 32-byte SHA-256 value in a Merkle tree: a leaf hash, an interior node's hash or a tree's root, hashed as
/// RFC 9162 §2.1.1 defines, with one-byte prefixes that keep leaves and nodes apart.
/// </summary>
/// <remarks>
/// Compared by content. <c>default</c> holds no hash (<see cref="IsDefault"/>) and is never a valid value.
/// </remarks>
public readonly struct MerkleHash : IEquatable<MerkleHash>
{
    /// <summary>The length of a hash, in bytes.</summary>
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    private readonly byte[]? _bytes;

    private MerkleHash(byte[] bytes) => _bytes = bytes;

    /// <summary>The hash of the empty tree: SHA-256 of nothing.</summary>
    public static MerkleHash EmptyTree { get; } = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    public bool IsDefault => _bytes is null;

    /// <summary>The 32 bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("A default MerkleHash holds no hash.");

    /// <summary>Takes a copy of 32 bytes.</summary>
    public static MerkleHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size
            ? new(bytes.ToArray())
            : throw new ArgumentException($"A Merkle hash has {Size} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>Reads the standard base64 of 32 bytes, canonical and without whitespace.</summary>
    public static MerkleHash FromBase64(string base64) =>
        Base64Strict.TryDecode(base64, out var bytes) && bytes.Length == Size
            ? new(bytes)
            : throw new FormatException("Not the base64 of a 32-byte hash.");

    /// <summary>Reads 64 hexadecimal digits.</summary>
    public static MerkleHash FromHex(string hex) => FromBytes(Convert.FromHexString(hex));

    /// <summary>The leaf hash of an entry: SHA-256(0x00 || data).</summary>
    public static MerkleHash OfLeaf(ReadOnlySpan<byte> data)
    {
        // Entries are short records: one-shot hashing of a stack copy is much cheaper than an incremental hash.
        if (data.Length <= 1024)
        {
            Span<byte> input = stackalloc byte[1 + data.Length];
            input[0] = LeafPrefix;
            data.CopyTo(input[1..]);
            return new(SHA256.HashData(input));
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([LeafPrefix]);
        sha.AppendData(data);
        return new(sha.GetHashAndReset());
    }

    /// <summary>An interior node's hash: SHA-256(0x01 || left || right).</summary>
    public static MerkleHash OfChildren(MerkleHash left, MerkleHash right)
    {
        Span<byte> input = stackalloc byte[1 + 2 * Size];
        input[0] = NodePrefix;
        left.Bytes.CopyTo(input[1..]);
        right.Bytes.CopyTo(input[(1 + Size)..]);
        return new(SHA256.HashData(input));
    }

    public string ToBase64() => Convert.ToBase64String(Bytes);

    public string ToHex() => Convert.ToHexStringLower(Bytes);

    /// <summary>The same hash with one bit flipped, for showing that a verifier notices.</summary>
    public MerkleHash WithBitFlipped(int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bit, Size * 8);
        var copy = Bytes.ToArray();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return new(copy);
    }

    public bool Equals(MerkleHash other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is MerkleHash other && Equals(other);

    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    public static bool operator ==(MerkleHash left, MerkleHash right) => left.Equals(right);

    public static bool operator !=(MerkleHash left, MerkleHash right) => !left.Equals(right);

    /// <summary>The hexadecimal digits.</summary>
    public override string ToString() => _bytes is null ? "(no hash)" : ToHex();
}
