using System.Globalization;
using Myna.Primitives;
using SkiaSharp;

namespace Myna.CardFace.Tests;

/// <summary>
/// The reception terminal's face check: the chip's photo against a camera image. The chip's own portrait, as a camera
/// would give it back (re-encoded, scaled, zoomed a little, brighter or darker), is the same person; another holder's
/// portrait is not — on many holders, so that the threshold has room on both sides.
/// </summary>
public sealed class FaceComparisonTests
{
    private static readonly BasicFourInformation Hanako =
        new("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 1, 2), Sex.Female);

    private static BasicFourInformation Holder(int i) => new(
        $"試験　{(char)('一' + i)}子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1950, 1, 1).AddDays(i * 397), i % 2 == 0 ? Sex.Female : Sex.Male);

    private static byte[] Photo(BasicFourInformation person) => CardFaceRenderer.RenderPhotoPlaceholder(person).Png;

    /// <summary>The ways a camera gives the chip's photo back that must still be the same person.</summary>
    public static TheoryData<string> CameraVariants => new() { "png", "jpeg", "scaled-up", "scaled-down", "zoomed", "brighter", "darker", "wider-frame" };

    [Theory]
    [MemberData(nameof(CameraVariants))]
    public void TheChipsOwnPhoto_AsTheCameraGivesItBack_IsTheSamePerson(string variant)
    {
        foreach (var person in Enumerable.Range(0, 12).Select(Holder).Prepend(Hanako))
        {
            var photo = Photo(person);
            var match = FaceComparison.Compare(photo, Camera(photo, variant));
            Assert.True(match.IsSamePerson, $"{variant}, {person.Name}: {match}");
            Assert.True(match.Similarity >= FaceComparison.SamePersonThreshold + 0.08, $"{variant}, {person.Name}: {match} leaves little room above the threshold");
        }
    }

    [Fact]
    public void AnotherHoldersPhoto_IsADifferentPerson_EvenReEncoded()
    {
        var people = Enumerable.Range(0, 24).Select(Holder).Prepend(Hanako).ToList();
        var photos = people.Select(Photo).ToList();
        var highest = -1d;
        for (var i = 0; i < photos.Count; i++)
        {
            for (var j = i + 1; j < photos.Count; j++)
            {
                var match = FaceComparison.Compare(photos[i], Camera(photos[j], "jpeg"));
                Assert.False(match.IsSamePerson, $"{people[i].Name} and {people[j].Name}: {match}");
                highest = Math.Max(highest, match.Similarity);
            }
        }
        Assert.True(highest < FaceComparison.SamePersonThreshold - 0.08, string.Create(CultureInfo.InvariantCulture, $"two holders came as close as {highest:0.000}"));
    }

    [Fact]
    public void ThePortrait_IsTheSameForOneHolder_AndDiffersBetweenHolders()
    {
        Assert.Equal(Photo(Hanako), Photo(Hanako with { Address = "東京都清瀬市" }));
        Assert.NotEqual(Photo(Hanako), Photo(Hanako with { BirthDate = new DateOnly(1990, 1, 3) }));
        Assert.NotEqual(Photo(Hanako), Photo(Hanako with { Name = "番号　花美" }));
    }

    [Fact]
    public void AFlatImage_MatchesNothing()
    {
        var match = FaceComparison.Compare(Photo(Hanako), Encode(Blank(240, 320, 0x80), SKEncodedImageFormat.Png));
        Assert.False(match.IsSamePerson, match.ToString());
        Assert.Equal(0, match.Similarity);
    }

    [Fact]
    public void AnImageThatIsNotOne_IsRefused_NamingWhich()
    {
        var e = Assert.Throws<FaceImageException>(() => FaceComparison.Compare(Photo(Hanako), "not an image"u8));
        Assert.Equal(FaceImageSource.CameraImage, e.Image);
        Assert.Contains("camera", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<FaceImageException>(() => FaceComparison.Compare([], Photo(Hanako)));
        Assert.Equal(FaceImageSource.ChipPhoto, e.Image);
        Assert.Contains("chip", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The photo as a camera might give it back.</summary>
    internal static byte[] Camera(byte[] photo, string variant)
    {
        using var bitmap = SKBitmap.Decode(photo);
        return variant switch
        {
            "png" => Encode(bitmap, SKEncodedImageFormat.Png),
            "jpeg" => Encode(bitmap, SKEncodedImageFormat.Jpeg, 75),
            "scaled-up" => Encode(Resized(bitmap, 331, 441), SKEncodedImageFormat.Jpeg, 85),
            "scaled-down" => Encode(Resized(bitmap, 150, 200), SKEncodedImageFormat.Png),
            // A camera a little closer: the middle 94 % of the picture, enlarged to the full size.
            "zoomed" => Encode(Transformed(bitmap, (c, b) => c.DrawBitmap(b, new SKRect(b.Width * 0.03f, b.Height * 0.03f, b.Width * 0.97f, b.Height * 0.97f),
                new SKRect(0, 0, b.Width, b.Height))), SKEncodedImageFormat.Jpeg, 85),
            "brighter" => Encode(Shifted(bitmap, +40), SKEncodedImageFormat.Jpeg, 85),
            "darker" => Encode(Shifted(bitmap, -40), SKEncodedImageFormat.Png),
            // A landscape camera frame with the portrait in its middle and a wall of the photo's background on both sides.
            "wider-frame" => Encode(WiderFrame(bitmap), SKEncodedImageFormat.Jpeg, 85),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
    }

    private static SKBitmap Resized(SKBitmap source, int width, int height)
    {
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var image = SKImage.FromBitmap(source);
        using var canvas = new SKCanvas(target);
        canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        return target;
    }

    private static SKBitmap Transformed(SKBitmap source, Action<SKCanvas, SKBitmap> draw)
    {
        var target = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(target);
        draw(canvas, source);
        return target;
    }

    private static SKBitmap Shifted(SKBitmap source, int delta)
    {
        var target = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                var v = (byte)Math.Clamp(source.GetPixel(x, y).Red + delta, 0, 255);
                target.SetPixel(x, y, new SKColor(v, v, v));
            }
        }
        return target;
    }

    private static SKBitmap WiderFrame(SKBitmap source)
    {
        var wall = source.GetPixel(2, 2);
        var target = new SKBitmap(new SKImageInfo(source.Width * 2, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(target);
        canvas.Clear(wall);
        canvas.DrawBitmap(source, source.Width / 2f, 0);
        return target;
    }

    private static SKBitmap Blank(int width, int height, byte shade)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(shade, shade, shade));
        return bitmap;
    }

    internal static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 100)
    {
        using (bitmap)
        using (var data = bitmap.Encode(format, quality))
            return data.ToArray();
    }
}
