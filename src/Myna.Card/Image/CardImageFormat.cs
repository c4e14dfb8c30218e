using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Myna.Card.Image;

/// <summary>The clear header of a card file (docs/card.md §3), authenticated as associated data.</summary>
internal sealed record CardImageHeader(
    [property: JsonPropertyName("serial")] string Serial,
    [property: JsonPropertyName("writeCounter")] long WriteCounter,
    [property: JsonPropertyName("created")] DateTimeOffset Created);

/// <summary>
/// The card file layout (docs/card.md §3):
/// <c>"MYNACARD" | version u16 BE | header length u16 BE | header JSON | nonce 12 | AES-256-GCM ciphertext | tag 16</c>.
/// </summary>
/// <remarks>
/// The associated data is every byte before the nonce (magic, version, header length and header), so a
/// changed version or header fails the tag just as a changed ciphertext does.
/// </remarks>
internal static class CardImageFormat
{
    public const ushort Version = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static ReadOnlySpan<byte> Magic => "MYNACARD"u8;

    public static byte[] Seal(ReadOnlySpan<byte> key, CardImageHeader header, ReadOnlySpan<byte> state)
    {
        var headerJson = JsonSerializer.SerializeToUtf8Bytes(header);
        if (headerJson.Length > ushort.MaxValue)
            throw new ArgumentException("The card header is too long.", nameof(header));
        var aadLength = Magic.Length + 4 + headerJson.Length;
        var image = new byte[aadLength + NonceLength + state.Length + TagLength];
        Magic.CopyTo(image);
        BinaryPrimitives.WriteUInt16BigEndian(image.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt16BigEndian(image.AsSpan(10), (ushort)headerJson.Length);
        headerJson.CopyTo(image, 12);
        var nonce = image.AsSpan(aadLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, state, image.AsSpan(aadLength + NonceLength, state.Length), image.AsSpan(image.Length - TagLength), image.AsSpan(0, aadLength));
        return image;
    }

    /// <exception cref="CardImageException">Anything wrong with the image.</exception>
    public static (CardImageHeader Header, byte[] State) Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> image)
    {
        if (image.Length < 12 + NonceLength + TagLength || !image[..8].SequenceEqual(Magic))
            throw new CardImageException("Not a card file (bad magic).");
        var version = BinaryPrimitives.ReadUInt16BigEndian(image[8..]);
        if (version != Version)
            throw new CardImageException($"Unknown card file version {version}.");
        int headerLength = BinaryPrimitives.ReadUInt16BigEndian(image[10..]);
        var aadLength = 12 + headerLength;
        if (image.Length < aadLength + NonceLength + TagLength)
            throw new CardImageException("The card file is truncated.");
        var cipherLength = image.Length - aadLength - NonceLength - TagLength;
        var state = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(image.Slice(aadLength, NonceLength), image.Slice(aadLength + NonceLength, cipherLength), image[^TagLength..], state, image[..aadLength]);
        }
        catch (CryptographicException e)
        {
            throw new CardImageException("The card file failed its integrity check (tampered, corrupt, or sealed with another key).", e);
        }
        CardImageHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<CardImageHeader>(image.Slice(12, headerLength));
        }
        catch (JsonException e)
        {
            throw new CardImageException("The card file header is not valid.", e);
        }
        return (header ?? throw new CardImageException("The card file header is empty."), state);
    }

}
