namespace Myna.CardFace;

/// <summary>A rendered card-face image: PNG bytes and its size in pixels.</summary>
/// <param name="Png">The PNG file.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="BitDepth">1 for the bilevel text images, 8 for the greyscale photo.</param>
public sealed record CardFaceImage(byte[] Png, int Width, int Height, int BitDepth)
{
    /// <summary>Never the pixels: the images show personal details and the My Number.</summary>
    public override string ToString() => $"PNG {Width}x{Height}, {BitDepth}-bit, {Png.Length} bytes";
}

/// <summary>The images the visual AP (券面事項確認AP) holds for one card (card-interface §2.3).</summary>
/// <param name="Name">DF25, the name (1-bit).</param>
/// <param name="Address">DF26, the address (1-bit).</param>
/// <param name="Photo">DF27 placeholder. The card holds JPEG 2000 there; no JPEG 2000 encoder is available
/// to .NET here (SkiaSharp does not write JP2), so this is a greyscale PNG.</param>
/// <param name="SecurityCode">DF2A, the security code (1-bit).</param>
/// <param name="MyNumber">EF 0005 DF41, the My Number (1-bit).</param>
public sealed record CardFaceImages(
    CardFaceImage Name, CardFaceImage Address, CardFaceImage Photo, CardFaceImage SecurityCode, CardFaceImage MyNumber);
