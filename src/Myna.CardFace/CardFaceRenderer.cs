using System.Text;
using Myna.Primitives;
using SkiaSharp;

namespace Myna.CardFace;

/// <summary>
/// Draws the card-face images of the visual AP (券面事項確認AP, card-interface §2.3) in IPAex Gothic: name, address,
/// My Number and security code as 1-bit PNGs, and a greyscale portrait standing in for the photo.
/// </summary>
/// <remarks>
/// Text is drawn without anti-aliasing and thresholded, so the images are truly bilevel and the output is
/// the same bytes for the same input and font file. The image sizes are Myna's choice: card-interface §2.3 gives
/// only the My Number image's (72×12); the others are sized for the card's print areas at about 10 px/mm.
/// Characters missing from the font are refused rather than drawn as boxes; the real system substitutes
/// them (card-interface §6 substitute maps), which Myna does not do.
/// </remarks>
public sealed class CardFaceRenderer : IDisposable
{
    /// <summary>Where Debian's <c>fonts-ipaexfont-gothic</c> installs IPAex Gothic.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";

    /// <summary>Name image (DF25): one line.</summary>
    public static readonly SKSizeI NameSize = new(480, 60);
    /// <summary>Address image (DF26): three lines at full size, more and smaller for long addresses.</summary>
    public static readonly SKSizeI AddressSize = new(480, 150);
    /// <summary>My Number image (EF 0005 DF41): 72×12 (card-interface §2.3).</summary>
    public static readonly SKSizeI MyNumberSize = new(72, 12);
    /// <summary>Security-code image (DF2A): four digits.</summary>
    public static readonly SKSizeI SecurityCodeSize = new(48, 16);
    /// <summary>Photo placeholder (DF27): 3:4 portrait.</summary>
    public static readonly SKSizeI PhotoSize = new(240, 320);

    private const int AddressMaxLines = 3;
    private const float MinimumFontSize = 6;
    private const float MinimumScaleX = 0.5f;
    private readonly SKTypeface _typeface;

    /// <summary>Loads the font.</summary>
    /// <param name="fontPath">IPAex Gothic; <see cref="DefaultFontPath"/> when <c>null</c>.</param>
    /// <exception cref="CardFaceFontNotFoundException">The font file is missing or not a font.</exception>
    public CardFaceRenderer(string? fontPath = null)
    {
        fontPath ??= DefaultFontPath;
        if (!File.Exists(fontPath))
            throw CardFaceFontNotFoundException.For(fontPath);
        _typeface = SKTypeface.FromFile(fontPath) ?? throw CardFaceFontNotFoundException.For(fontPath);
    }

    /// <summary>The name (氏名) image, DF25: one line, condensed when long.</summary>
    public CardFaceImage RenderName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return DrawBilevel(NameSize, canvas => DrawFittedLine(canvas, name, NameSize, fontSize: 40));
    }

    /// <summary>The address (住所) image, DF26: wrapped at character boundaries, three lines at full size.</summary>
    public CardFaceImage RenderAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return DrawBilevel(AddressSize, canvas => DrawWrapped(canvas, address, AddressSize, fontSize: 32));
    }

    /// <summary>The My Number image, EF 0005 DF41: the twelve digits (72×12).</summary>
    public CardFaceImage RenderMyNumber(MyNumber number)
    {
        if (number.IsDefault)
            throw new ArgumentException("An empty My Number has no image.", nameof(number));
        var digits = number.Reveal();
        return DrawBilevel(MyNumberSize, canvas => DrawFittedLine(canvas, digits, MyNumberSize, fontSize: 12));
    }

    /// <summary>The security-code (セキュリティコード) image, DF2A: four digits.</summary>
    public CardFaceImage RenderSecurityCode(string securityCode)
    {
        // The message never repeats the code.
        if (securityCode is not { Length: 4 } || !securityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A security code is four digits.", nameof(securityCode));
        return DrawBilevel(SecurityCodeSize, canvas => DrawFittedLine(canvas, securityCode, SecurityCodeSize, fontSize: 15));
    }

    /// <summary>
    /// A greyscale head-and-shoulders portrait standing in for the face photo (DF27), drawn from the holder's name and
    /// date of birth (<see cref="PortraitPlaceholder"/>): one face per person, so that the reception terminal's face
    /// check can tell holders apart. The card holds a JPEG 2000 image there; there is no JPEG 2000 encoder for .NET
    /// here, so this is an 8-bit grey PNG.
    /// </summary>
    public static CardFaceImage RenderPhotoPlaceholder(BasicFourInformation person)
    {
        ArgumentNullException.ThrowIfNull(person);
        using var bitmap = PortraitPlaceholder.Draw(person, PhotoSize.Width, PhotoSize.Height);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return new CardFaceImage(data.ToArray(), PhotoSize.Width, PhotoSize.Height, BitDepth: 8);
    }

    /// <summary>All the images of one card.</summary>
    public CardFaceImages RenderAll(BasicFourInformation person, MyNumber number, string securityCode)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new CardFaceImages(
            RenderName(person.Name), RenderAddress(person.Address), RenderPhotoPlaceholder(person),
            RenderSecurityCode(securityCode), RenderMyNumber(number));
    }

    public void Dispose() => _typeface.Dispose();

    private CardFaceImage DrawBilevel(SKSizeI size, Action<SKCanvas> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            draw(canvas);
        }
        var pixels = bitmap.GetPixelSpan(); // Gray8: one byte per pixel, rows packed (RowBytes == Width)
        var ink = new bool[size.Width * size.Height];
        for (var y = 0; y < size.Height; y++)
        {
            for (var x = 0; x < size.Width; x++)
                ink[(y * size.Width) + x] = pixels[(y * bitmap.RowBytes) + x] < 128;
        }
        return new CardFaceImage(BilevelPng.Encode(size.Width, size.Height, ink), size.Width, size.Height, BitDepth: 1);
    }

    private SKFont NewFont(float size) => new(_typeface, size)
    {
        // Aliased edges: the image is 1-bit, and grey edge pixels would only be thresholded away unevenly.
        Edging = SKFontEdging.Alias,
        Hinting = SKFontHinting.Full,
        Subpixel = false,
    };

    private static SKPaint InkPaint() => new() { Color = SKColors.Black, IsAntialias = false };

    /// <summary>One line, vertically centred; condensed (down to half width) and then shrunk to fit.</summary>
    private void DrawFittedLine(SKCanvas canvas, string text, SKSizeI size, float fontSize)
    {
        RequireGlyphs(text);
        const float padding = 1;
        var available = size.Width - (2 * padding);
        using var font = NewFont(Math.Min(fontSize, size.Height));
        var width = font.MeasureText(text);
        if (width > available)
        {
            font.ScaleX = Math.Max(MinimumScaleX, available / width);
            width = font.MeasureText(text);
            if (width > available)
                font.Size *= available / width;
        }
        using var paint = InkPaint();
        canvas.DrawText(text, padding, Baseline(font, 0, size.Height), font, paint);
    }

    /// <summary>
    /// Character-wrapped lines (Japanese addresses have no spaces to break at). Up to three lines share the
    /// height in equal bands at the full size; a longer address is drawn smaller with more, tighter lines,
    /// so the 200 characters card-interface §6 allows still fit.
    /// </summary>
    private void DrawWrapped(SKCanvas canvas, string text, SKSizeI size, float fontSize)
    {
        RequireGlyphs(text);
        const float padding = 2;
        var available = size.Width - (2 * padding);
        for (var fs = fontSize; fs >= MinimumFontSize; fs -= 1)
        {
            using var font = NewFont(fs);
            var lines = Wrap(text, font, available);
            var pitch = lines.Count <= AddressMaxLines ? size.Height / (float)AddressMaxLines : fs * 1.2f;
            if (lines.Count * pitch > size.Height)
                continue;
            using var paint = InkPaint();
            for (var i = 0; i < lines.Count; i++)
                canvas.DrawText(lines[i], padding, Baseline(font, i * pitch, pitch), font, paint);
            return;
        }
        throw new ArgumentException("The address does not fit the card-face image.", nameof(text));
    }

    private static List<string> Wrap(string text, SKFont font, float available)
    {
        var lines = new List<string>();
        var start = 0;
        var elements = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        for (var i = 1; i <= elements.Length; i++)
        {
            var end = i == elements.Length ? text.Length : elements[i];
            if (font.MeasureText(text.AsSpan(elements[start], end - elements[start])) > available && i - 1 > start)
            {
                lines.Add(text[elements[start]..elements[i - 1]]);
                start = i - 1;
            }
        }
        lines.Add(text[elements[start]..]);
        return lines;
    }

    private static float Baseline(SKFont font, float top, float height)
    {
        var m = font.Metrics;
        // Centre the ascent-to-descent box; Ascent is negative in Skia.
        return top + ((height - (m.Descent - m.Ascent)) / 2) - m.Ascent;
    }

    /// <summary>The characters of <paramref name="text"/> (other than spaces) that the font has no glyph for, each once, in order.</summary>
    public IReadOnlyList<Rune> CharactersWithoutGlyph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var missing = new List<Rune>();
        foreach (var rune in text.EnumerateRunes())
        {
            if ((!Rune.IsWhiteSpace(rune) || rune.Value == 0x3000) && _typeface.GetGlyph(rune.Value) == 0 && !missing.Contains(rune))
                missing.Add(rune);
        }
        return missing;
    }

    private void RequireGlyphs(string text)
    {
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) || rune.Value == 0x3000)
            {
                if (_typeface.GetGlyph(rune.Value) == 0)
                {
                    throw new ArgumentException(
                        $"Character {index + 1} (U+{rune.Value:X4}) is not in the card-face font; the real system would substitute it (card-interface §6).",
                        nameof(text));
                }
            }
            index++;
        }
    }
}
