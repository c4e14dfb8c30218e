using QRCoder;

namespace Myna.Documents;

/// <summary>The seal payload as a QR code image (ISO/IEC 18004), byte mode.</summary>
/// <remarks>
/// Error correction M (15 % of the symbol may be lost) whenever the payload fits a version-40 symbol at M (2,331
/// characters), otherwise L (7 %) up to <see cref="SealPayload.MaxLength"/>: a longer certificate gets a denser, less
/// robust symbol rather than none. The realistic resident record of docs/documents.md §6 is far below both.
/// </remarks>
internal static class SealQrCode
{
    /// <summary>The longest payload printed at level M: version 40-M in byte mode (ISO/IEC 18004 Table 7).</summary>
    public const int MaxLengthAtM = 2331;

    private static readonly byte[] Black = [0, 0, 0];
    private static readonly byte[] White = [255, 255, 255];

    /// <summary>The symbol as a black-on-white PNG, one module <paramref name="pixelsPerModule"/> pixels wide, with the
    /// four-module quiet zone; and its width in modules, quiet zone included.</summary>
    public static (byte[] Png, int Modules) Render(string payload, int pixelsPerModule = 4)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length > SealPayload.MaxLength)
            throw new SealCapacityExceededException(payload.Length);
        var level = payload.Length <= MaxLengthAtM ? QRCodeGenerator.ECCLevel.M : QRCodeGenerator.ECCLevel.L;
        // QRCodeGenerator holds no shared state: one per call keeps parallel renders apart.
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, level);
        // Given as colours, the PNG is a two-entry palette image (colour type 3); PDFsharp's PNG importer does not read
        // the 1-bit greyscale image (colour type 0) that the overload without colours writes.
        var png = new PngByteQRCode(data).GetGraphic(pixelsPerModule, Black, White, drawQuietZones: true);
        return (png, data.ModuleMatrix.Count);
    }
}
