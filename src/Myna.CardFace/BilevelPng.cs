using System.Buffers.Binary;
using System.IO.Compression;

namespace Myna.CardFace;

/// <summary>
/// Writes a 1-bit greyscale PNG (IHDR bit depth 1, colour type 0; PNG spec / RFC 2083 §4.1.1), which the
/// visual AP's name and address images are (card-interface §2.3 "name PNG (1-bit)"). SkiaSharp renders the text but
/// its PNG encoder has no 1-bit mode (its smallest is 8-bit grey), so the bilevel encoding is done here:
/// a 1-bit image is an eighth of the size, which matters inside a card EF.
/// </summary>
internal static class BilevelPng
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes <paramref name="ink"/> (row-major, <c>true</c> = black) as a PNG.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<bool> ink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (ink.Length != width * height)
            throw new ArgumentException("The pixel count does not match the size.", nameof(ink));

        // Each scanline: filter type 0 (None), then the samples packed MSB first; sample 1 is white and
        // 0 black (greyscale, bit depth 1), padding bits are 0 (PNG spec §7.2).
        var stride = (width + 7) / 8;
        var raw = new byte[height * (stride + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1);
            raw[row] = 0;
            for (var x = 0; x < width; x++)
            {
                if (!ink[(y * width) + x])
                    raw[row + 1 + (x / 8)] |= (byte)(0x80 >> (x % 8));
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)height);
        header[8] = 1;  // bit depth
        header[9] = 0;  // colour type: greyscale
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        using (var compressed = new MemoryStream())
        {
            // zlib-wrapped deflate (PNG spec §10); the same input always gives the same bytes.
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
                zlib.Write(raw);
            WriteChunk(output, "IDAT"u8, compressed.ToArray());
        }
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        // CRC-32 (ISO 3309) over type and data, not the length (PNG spec §5.3).
        var crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    internal static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
