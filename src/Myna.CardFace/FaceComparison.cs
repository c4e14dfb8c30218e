using System.Globalization;
using SkiaSharp;

namespace Myna.CardFace;

/// <summary>
/// What the face comparison found: the similarity of the two images (−1 … 1) and whether it reaches
/// <see cref="FaceComparison.SamePersonThreshold"/>.
/// </summary>
/// <param name="Similarity">The normalised cross-correlation of the two normalised images: 1 for the same picture,
/// about 0 for unrelated ones.</param>
public sealed record FaceMatch(double Similarity)
{
    /// <summary>The threshold this answer was decided with.</summary>
    public double Threshold => FaceComparison.SamePersonThreshold;

    /// <summary>True when the camera's image shows the face of the chip's photo.</summary>
    public bool IsSamePerson => Similarity >= Threshold;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(IsSamePerson ? "same" : "different")} (similarity {Similarity:0.000}, threshold {Threshold:0.00})");
}

/// <summary>The two images of a face check.</summary>
public enum FaceImageSource
{
    /// <summary>The photo read from the card's chip (DF27).</summary>
    ChipPhoto,
    /// <summary>The image of the terminal's camera.</summary>
    CameraImage,
}

/// <summary>An image the face comparison cannot read: not a PNG, JPEG or other format SkiaSharp decodes, or empty.</summary>
/// <param name="source">Which of the two images it is.</param>
/// <param name="message">Why, naming the image.</param>
public sealed class FaceImageException(FaceImageSource source, string message) : Exception(message)
{
    /// <summary>Which of the two images could not be read.</summary>
    public FaceImageSource Image { get; } = source;
}

/// <summary>
/// The reception terminal's face check (顔認証): the photo read from the chip (DF27 of the visual AP) against the image
/// of the camera. A small, honest comparator — no face detection or landmarks, only what two pictures of one portrait
/// have in common. Both are decoded and cut to the photo's 3:4 portrait from the centre, reduced to 48 × 64 grey pixels
/// (which smooths away re-encoding noise), and lose their Gaussian blur (σ = 2 pixels): what is left are the features
/// — eyes, brows, mouth, the hair line, the outline — without the light wall and dark shoulders every ID photo shares.
/// The two are then compared by normalised cross-correlation, which does not change when a whole image is brighter,
/// darker or of more or less contrast; the camera's image is tried nearer and farther (±10 %) and shifted by up to 3
/// pixels each way, and the best match counts.
/// </summary>
/// <remarks>
/// The threshold, 0.85, was set on Myna's portraits (<see cref="PortraitPlaceholder"/>): the chip's own photo
/// re-encoded as JPEG, scaled, zoomed by a few per cent, or made brighter or darker stays above 0.93, while the
/// portraits of two different holders stay below 0.77 (the tests check both sides on many holders). It says nothing
/// of real faces: a real terminal uses a trained face-recognition model and a live camera.
/// </remarks>
public static class FaceComparison
{
    /// <summary>The size both images are reduced to: the photo's 3:4 portrait.</summary>
    public static readonly SKSizeI NormalSize = new(48, 64);

    /// <summary>The similarity from which the two images show the same person.</summary>
    public const double SamePersonThreshold = 0.85;

    /// <summary>The blur (in pixels of <see cref="NormalSize"/>) whose removal leaves the features.</summary>
    private const double Sigma = 2;

    /// <summary>How far the camera may be nearer or farther than the photo: ±10 %, in steps of 2 %.</summary>
    private static readonly float[] Scales = [0.90f, 0.92f, 0.94f, 0.96f, 0.98f, 1f, 1.02f, 1.04f, 1.06f, 1.08f, 1.10f];

    /// <summary>How far (in pixels of <see cref="NormalSize"/>) the face may sit off the photo's place, each way.</summary>
    private const int Margin = 3;

    /// <summary>Compares the chip's photo with the camera's image (each PNG, JPEG, WebP, BMP or GIF).</summary>
    /// <exception cref="FaceImageException">An image cannot be decoded.</exception>
    public static FaceMatch Compare(ReadOnlySpan<byte> chipPhoto, ReadOnlySpan<byte> cameraImage)
    {
        using var chipImage = Decode(chipPhoto, FaceImageSource.ChipPhoto);
        using var cameraDecoded = Decode(cameraImage, FaceImageSource.CameraImage);
        var chip = Unit(Window(PaddedDetail(chipImage, 1), Margin, Margin));
        if (chip is null)
            return new FaceMatch(0);
        var best = 0d;
        foreach (var scale in Scales)
        {
            var detail = PaddedDetail(cameraDecoded, scale);
            for (var dy = 0; dy <= 2 * Margin; dy++)
            {
                for (var dx = 0; dx <= 2 * Margin; dx++)
                {
                    if (Unit(Window(detail, dx, dy)) is { } camera)
                        best = Math.Max(best, CrossCorrelation(chip, camera));
                }
            }
        }
        return new FaceMatch(best);
    }

    /// <summary>
    /// The centred portrait of the image times <paramref name="scale"/>, reduced to <see cref="NormalSize"/> with
    /// <see cref="Margin"/> more pixels on every side, as <see cref="Detail"/>.
    /// </summary>
    private static double[] PaddedDetail(SKImage image, float scale)
    {
        var (w, h) = (NormalSize.Width, NormalSize.Height);
        var portrait = CentredPortrait(image.Width, image.Height, scale);
        var pixel = portrait.Width / w;
        var padded = new SKRect(portrait.Left - (Margin * pixel), portrait.Top - (Margin * pixel), portrait.Right + (Margin * pixel), portrait.Bottom + (Margin * pixel));
        var (pw, ph) = (w + (2 * Margin), h + (2 * Margin));
        return Detail(Render(image, padded, pw, ph), pw, ph);
    }

    /// <summary>The <see cref="NormalSize"/> window of a padded image starting at (<paramref name="dx"/>, <paramref name="dy"/>).</summary>
    private static double[] Window(double[] padded, int dx, int dy)
    {
        var (w, h) = (NormalSize.Width, NormalSize.Height);
        var pw = w + (2 * Margin);
        var window = new double[w * h];
        for (var y = 0; y < h; y++)
            Array.Copy(padded, ((y + dy) * pw) + dx, window, y * w, w);
        return window;
    }

    private static SKImage Decode(ReadOnlySpan<byte> encoded, FaceImageSource source)
    {
        var what = source == FaceImageSource.ChipPhoto ? "the chip's photo" : "the camera's image";
        if (encoded.IsEmpty)
            throw new FaceImageException(source, $"{what} is empty.");
        using var data = SKData.CreateCopy(encoded);
        using var lazy = SKImage.FromEncodedData(data)
            ?? throw new FaceImageException(source, $"{what} is not an image SkiaSharp can decode (PNG, JPEG, WebP, BMP, GIF).");
        return lazy.ToRasterImage(ensurePixelData: true);
    }

    /// <summary>The <paramref name="source"/> rectangle of the image as <paramref name="w"/> × <paramref name="h"/> grey values (outside the image: white).</summary>
    private static double[] Render(SKImage image, SKRect source, int w, int h)
    {
        using var grey = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(grey))
        {
            // Beyond its edges the image goes on as its edge pixels (as the blur of Detail does), not as a white frame.
            var scale = w / source.Width;
            var toTarget = SKMatrix.CreateScale(scale, scale).PreConcat(SKMatrix.CreateTranslation(-source.Left, -source.Top));
            // Mipmaps average the many pixels behind each of the 48 × 64: the reduction is a smoothing, not a sampling.
            using var shader = image.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp,
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), toTarget);
            using var paint = new SKPaint { Shader = shader };
            canvas.DrawRect(new SKRect(0, 0, w, h), paint);
        }
        var pixels = grey.GetPixelSpan();
        var values = new double[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
                values[(y * w) + x] = pixels[(y * grey.RowBytes) + x];
        }
        return values;
    }

    /// <summary>The image less its Gaussian blur: the features, without the broad light and dark every portrait shares.</summary>
    private static double[] Detail(double[] values, int w, int h)
    {
        var radius = (int)Math.Ceiling(Sigma * 3);
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2d * Sigma * Sigma))).ToArray();
        var total = kernel.Sum();
        var across = new double[values.Length];
        var blurred = new double[values.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var sum = 0d;
                for (var k = -radius; k <= radius; k++)
                    sum += kernel[k + radius] * values[(y * w) + Math.Clamp(x + k, 0, w - 1)];
                across[(y * w) + x] = sum / total;
            }
        }
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var sum = 0d;
                for (var k = -radius; k <= radius; k++)
                    sum += kernel[k + radius] * across[(Math.Clamp(y + k, 0, h - 1) * w) + x];
                blurred[(y * w) + x] = sum / total;
            }
        }
        return values.Select((v, i) => v - blurred[i]).ToArray();
    }

    /// <summary>The values less their mean, scaled to length 1; null for a flat image, which matches nothing.</summary>
    private static double[]? Unit(double[] values)
    {
        var mean = values.Average();
        var length = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)));
        return length < 1e-6 ? null : values.Select(v => (v - mean) / length).ToArray();
    }

    /// <summary>The 3:4 rectangle in the middle of a <paramref name="width"/> × <paramref name="height"/> image, the largest one times <paramref name="scale"/>.</summary>
    private static SKRect CentredPortrait(int width, int height, float scale)
    {
        var aspect = NormalSize.Width / (float)NormalSize.Height;
        var (cw, ch) = width / (float)height > aspect ? (height * aspect, (float)height) : (width, width / aspect);
        (cw, ch) = (cw * scale, ch * scale);
        return new SKRect((width - cw) / 2, (height - ch) / 2, (width + cw) / 2, (height + ch) / 2);
    }

    private static double CrossCorrelation(double[] a, double[] b)
    {
        var sum = 0d;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return Math.Clamp(sum, -1, 1);
    }
}
