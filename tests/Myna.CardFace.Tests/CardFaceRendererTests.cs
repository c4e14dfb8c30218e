using System.Buffers.Binary;
using Myna.Primitives;
using SkiaSharp;

namespace Myna.CardFace.Tests;

/// <summary>The visual AP's images (card-interface §2.3), decoded by SkiaSharp's PNG decoder (libpng/Wuffs).</summary>
public sealed class CardFaceRendererTests : IDisposable
{
    private static readonly BasicFourInformation Hanako =
        new("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 1, 2), Sex.Female);
    private static readonly MyNumber Number = MyNumber.Parse("123456789018").Value;
    private readonly CardFaceRenderer _renderer = new();

    public void Dispose() => _renderer.Dispose();

    private sealed record Decoded(int Width, int Height, byte[] Grey)
    {
        public int Ink(int top = 0, int bottom = int.MaxValue)
        {
            var count = 0;
            for (var y = top; y < Math.Min(bottom, Height); y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    if (Grey[(y * Width) + x] < 128)
                        count++;
                }
            }
            return count;
        }
    }

    private static Decoded Decode(CardFaceImage image)
    {
        using var bitmap = SKBitmap.Decode(image.Png);
        Assert.NotNull(bitmap);
        using var grey = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        Assert.True(bitmap.CopyTo(grey, SKColorType.Gray8));
        var pixels = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
            grey.GetPixelSpan().Slice(y * grey.RowBytes, bitmap.Width).CopyTo(pixels.AsSpan(y * bitmap.Width));
        return new Decoded(bitmap.Width, bitmap.Height, pixels);
    }

    /// <summary>IHDR fields straight from the file: width, height, bit depth, colour type.</summary>
    private static (int Width, int Height, int BitDepth, int ColourType) Header(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)), png[24], png[25]);
    }

    [Fact]
    public void NameImage_Rendered_IsOneBitGreyPngOfTheNameSizeWithInk_Interface2_3()
    {
        var image = _renderer.RenderName(Hanako.Name);
        Assert.Equal((480, 60, 1, 0), Header(image.Png));
        var decoded = Decode(image);
        Assert.Equal((480, 60), (decoded.Width, decoded.Height));
        Assert.All(decoded.Grey, g => Assert.True(g is 0 or 255, $"grey level {g} in a 1-bit image"));
        var ink = decoded.Ink();
        Assert.InRange(ink, 500, 480 * 60 / 2); // four kanji at 40 px, not a filled block
    }

    [Fact]
    public void AddressImage_LongAddress_WrapsOntoASecondLine_Interface2_3()
    {
        var image = _renderer.RenderAddress(Hanako.Address);
        Assert.Equal((480, 150, 1, 0), Header(image.Png));
        var decoded = Decode(image);
        Assert.True(decoded.Ink(0, 50) > 500, "first line has text");
        Assert.True(decoded.Ink(50, 100) > 100, "16 characters at 32 px need a second line");
        Assert.Equal(0, decoded.Ink(100, 150));
    }

    [Fact]
    public void AddressImage_ShortAddress_StaysOnOneLine_Interface2_3()
    {
        var decoded = Decode(_renderer.RenderAddress("東京都清瀬市"));
        Assert.True(decoded.Ink(0, 50) > 300);
        Assert.Equal(0, decoded.Ink(50, 150));
    }

    [Fact]
    public void AddressImage_200Characters_FitsOnSmallerLinesDownToTheBottom_Interface6()
    {
        // card-interface §6 allows addresses up to 200 characters; they must still render, not throw or clip.
        var address = string.Concat(Enumerable.Repeat("福島県郡山市朝日一丁目２３番７号", 13))[..200];
        var decoded = Decode(_renderer.RenderAddress(address));
        Assert.True(decoded.Ink(0, 30) > 300);
        Assert.True(decoded.Ink(100, 150) > 300, "long address uses the lower part too");
    }

    [Fact]
    public void MyNumberImage_Rendered_Is72By12WithDigits_Interface2_3()
    {
        var image = _renderer.RenderMyNumber(Number);
        Assert.Equal((72, 12, 1, 0), Header(image.Png));
        var decoded = Decode(image);
        Assert.InRange(decoded.Ink(), 60, 72 * 12 / 2);
        // Ink spreads over the whole width: twelve digits, not one.
        Assert.Contains(Enumerable.Range(60, 12), x => Enumerable.Range(0, 12).Any(y => decoded.Grey[(y * 72) + x] < 128));
        Assert.DoesNotContain("1234", image.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecurityCodeImage_Rendered_IsBilevelWithInk_Interface2_3()
    {
        var image = _renderer.RenderSecurityCode("4821");
        Assert.Equal((48, 16, 1, 0), Header(image.Png));
        Assert.True(Decode(image).Ink() > 30);
    }

    [Theory]
    [InlineData("482")]
    [InlineData("48a1")]
    [InlineData("48210")]
    public void SecurityCodeImage_NotFourDigits_IsRefusedWithoutEchoingIt_Interface2_3(string code)
    {
        var e = Assert.Throws<ArgumentException>(() => _renderer.RenderSecurityCode(code));
        Assert.DoesNotContain(code, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PhotoPlaceholder_Rendered_IsEightBitGreyPngOfAHeadAndShoulders_Interface2_3()
    {
        var image = CardFaceRenderer.RenderPhotoPlaceholder(Hanako);
        Assert.Equal((240, 320, 8, 0), Header(image.Png));
        var decoded = Decode(image);
        var corner = decoded.Grey[0];
        Assert.InRange(corner, (byte)0xB0, (byte)0xF0);                          // a light wall behind
        Assert.InRange(decoded.Grey[(150 * 240) + 120], (byte)0x60, (byte)0xD0); // the face, darker than the wall
        Assert.True(decoded.Grey[(300 * 240) + 120] < corner);                   // the shoulders
        Assert.True(decoded.Grey.Distinct().Count() > 8, "a portrait has more than a few shades");
        // The whole card face (EF 0002) is read with 15-bit READ BINARY offsets (card-interface §4): the photo stays small.
        Assert.InRange(image.Png.Length, 1000, 12 * 1024);
    }

    [Fact]
    public void Rendering_SameInputTwiceAndInANewRenderer_GivesIdenticalBytes_Determinism()
    {
        using var other = new CardFaceRenderer();
        var a = _renderer.RenderAll(Hanako, Number, "4821");
        var b = _renderer.RenderAll(Hanako, Number, "4821");
        var c = other.RenderAll(Hanako, Number, "4821");
        foreach (var (x, y) in new[] { (a, b), (a, c) })
        {
            Assert.Equal(x.Name.Png, y.Name.Png);
            Assert.Equal(x.Address.Png, y.Address.Png);
            Assert.Equal(x.Photo.Png, y.Photo.Png);
            Assert.Equal(x.SecurityCode.Png, y.SecurityCode.Png);
            Assert.Equal(x.MyNumber.Png, y.MyNumber.Png);
        }
    }

    [Fact]
    public void Rendering_DifferentNames_GiveDifferentImages_Interface2_3()
    {
        Assert.NotEqual(_renderer.RenderName("番号　花子").Png, _renderer.RenderName("番号　太郎").Png);
    }

    [Fact]
    public void NameImage_VeryLongName_IsCondensedToFitNotClipped_Interface2_3()
    {
        var decoded = Decode(_renderer.RenderName("寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末"));
        // Ink reaches the right quarter but the last column stays clear (fitted inside the padding).
        Assert.True(decoded.Ink() > 1000);
        Assert.All(Enumerable.Range(0, 60), y => Assert.Equal(255, decoded.Grey[(y * 480) + 479]));
        Assert.Contains(Enumerable.Range(0, 60), y => Enumerable.Range(400, 70).Any(x => decoded.Grey[(y * 480) + x] < 128));
    }

    [Fact]
    public void NameImage_CharacterMissingFromFont_IsRefused_Interface6()
    {
        Assert.Throws<ArgumentException>(() => _renderer.RenderName("番号　\U0001F600"));
    }

    [Fact]
    public void Renderer_FontFileMissing_SaysToInstallFontsIpaexfont()
    {
        var e = Assert.Throws<CardFaceFontNotFoundException>(() => new CardFaceRenderer("/nonexistent/ipaexg.ttf"));
        Assert.Contains("install fonts-ipaexfont", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renderer_FileIsNotAFont_SaysToInstallFontsIpaexfont()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a font");
            var e = Assert.Throws<CardFaceFontNotFoundException>(() => new CardFaceRenderer(path));
            Assert.Contains("install fonts-ipaexfont", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BilevelPng_IendChunk_HasTheStandardCrc_PngSpec5_3()
    {
        // Every PNG ends with 00000000 "IEND" AE426082.
        var png = BilevelPng.Encode(1, 1, [true]);
        Assert.Equal(Convert.FromHexString("0000000049454E44AE426082"), png[^12..]);
    }

    [Fact]
    public void BilevelPng_TenPixelRow_PacksInkAsZeroBitsAndDecodesBack_PngSpec7_2()
    {
        bool[] ink = [true, false, true, false, false, false, false, false, false, true];
        var decoded = Decode(new CardFaceImage(BilevelPng.Encode(10, 1, ink), 10, 1, 1));
        Assert.Equal(ink.Select(i => i ? (byte)0 : (byte)255).ToArray(), decoded.Grey);
    }
}
