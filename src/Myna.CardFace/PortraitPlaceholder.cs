using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Myna.Primitives;
using SkiaSharp;

namespace Myna.CardFace;

/// <summary>
/// The stand-in for the holder's face photo (DF27): a greyscale head-and-shoulders portrait whose shapes and shades
/// follow from the holder's name and date of birth, so that every person has a face of their own and the reception
/// terminal's face check (<see cref="FaceComparison"/>) can tell two holders apart, while one holder's card always
/// shows the same face.
/// </summary>
/// <remarks>
/// Nothing secret goes into it: the name and the date of birth are printed on the card's face anyway (never the My
/// Number, which the drawing would otherwise betray to anyone trying numbers). A new name gives a new portrait — an
/// honest limit of a placeholder, since a real photo stays with the person.
/// </remarks>
public static class PortraitPlaceholder
{
    /// <summary>Draws the portrait of <paramref name="person"/> at <paramref name="width"/> × <paramref name="height"/> (8-bit grey).</summary>
    public static SKBitmap Draw(BasicFourInformation person, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(person);
        var traits = new Traits(person);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        float w = width, h = height;
        canvas.Clear(Grey(traits.Shade(0xC8, 0xF0)));

        // The background's soft band (a studio wall), light or dark to the side of one's choosing.
        using (var band = Fill(traits.Shade(0xB0, 0xE8)))
            canvas.DrawRect(traits.Flag() ? new SKRect(0, 0, w * traits.Between(0.15f, 0.45f), h) : new SKRect(w * traits.Between(0.55f, 0.85f), 0, w, h), band);

        var headX = w * traits.Between(0.44f, 0.56f);
        var headY = h * traits.Between(0.36f, 0.44f);
        var headRx = w * traits.Between(0.17f, 0.25f);
        var headRy = w * traits.Between(0.23f, 0.31f);

        // Shoulders and clothes, then the neck.
        var shoulderWidth = w * traits.Between(0.34f, 0.50f);
        using (var clothes = Fill(traits.Shade(0x30, 0xA0)))
            canvas.DrawOval(new SKRect(headX - shoulderWidth, h * traits.Between(0.66f, 0.74f), headX + shoulderWidth, h * 1.25f), clothes);
        var skin = traits.Shade(0x98, 0xD0);
        using (var neck = Fill(skin - 0x10))
            canvas.DrawRect(new SKRect(headX - (headRx * 0.45f), headY + (headRy * 0.6f), headX + (headRx * 0.45f), h * 0.74f), neck);

        // Hair behind the head (long or short), the ears, the face.
        var hair = traits.Shade(0x18, 0x68);
        using (var hairPaint = Fill(hair))
        {
            var length = headRy * traits.Between(0.1f, 1.3f);
            canvas.DrawOval(new SKRect(headX - (headRx * 1.12f), headY - (headRy * 1.15f), headX + (headRx * 1.12f), headY + length), hairPaint);
        }
        using (var skinPaint = Fill(skin))
        {
            var earY = headY + (headRy * traits.Between(-0.05f, 0.15f));
            var earR = headRx * traits.Between(0.14f, 0.24f);
            canvas.DrawOval(new SKRect(headX - headRx - earR, earY - (earR * 1.4f), headX - headRx + earR, earY + (earR * 1.4f)), skinPaint);
            canvas.DrawOval(new SKRect(headX + headRx - earR, earY - (earR * 1.4f), headX + headRx + earR, earY + (earR * 1.4f)), skinPaint);
            canvas.DrawOval(new SKRect(headX - headRx, headY - headRy, headX + headRx, headY + headRy), skinPaint);
        }

        // The fringe: a cap of hair down to a line across the forehead, straight or parted.
        using (var fringe = Fill(hair))
        {
            var line = headY - (headRy * traits.Between(0.25f, 0.65f));
            canvas.Save();
            canvas.ClipRect(new SKRect(0, 0, w, line));
            canvas.DrawOval(new SKRect(headX - (headRx * 1.05f), headY - (headRy * 1.1f), headX + (headRx * 1.05f), headY + headRy), fringe);
            canvas.Restore();
            if (traits.Flag())
            {
                var part = headX + (headRx * traits.Between(-0.5f, 0.5f));
                canvas.DrawOval(new SKRect(part - (headRx * 0.5f), line - (headRy * 0.1f), part + (headRx * 0.5f), line + (headRy * 0.18f)), fringe);
            }
        }

        // Brows, eyes, nose and mouth, placed and sized per person.
        var eyeY = headY - (headRy * traits.Between(-0.05f, 0.2f));
        var eyeGap = headRx * traits.Between(0.36f, 0.55f);
        var eyeRx = headRx * traits.Between(0.10f, 0.18f);
        var eyeRy = eyeRx * traits.Between(0.45f, 0.8f);
        using (var dark = Fill(traits.Shade(0x10, 0x40)))
        {
            foreach (var side in new[] { -1f, 1f })
            {
                var x = headX + (side * eyeGap);
                canvas.DrawOval(new SKRect(x - eyeRx, eyeY - eyeRy, x + eyeRx, eyeY + eyeRy), dark);
                var browY = eyeY - (headRy * traits.Between(0.14f, 0.26f));
                var browH = headRy * traits.Between(0.03f, 0.07f);
                canvas.DrawRect(new SKRect(x - (eyeRx * 1.3f), browY - browH, x + (eyeRx * 1.3f), browY + browH), dark);
            }
        }
        using (var shadow = Fill(skin - 0x30))
        {
            var noseY = headY + (headRy * traits.Between(0.15f, 0.35f));
            var noseW = headRx * traits.Between(0.10f, 0.22f);
            canvas.DrawOval(new SKRect(headX - noseW, noseY - (headRy * 0.06f), headX + noseW, noseY + (headRy * 0.06f)), shadow);
        }
        using (var lips = Fill(traits.Shade(0x40, 0x80)))
        {
            var mouthY = headY + (headRy * traits.Between(0.50f, 0.68f));
            var mouthW = headRx * traits.Between(0.28f, 0.55f);
            canvas.DrawOval(new SKRect(headX - mouthW, mouthY - (headRy * 0.05f), headX + mouthW, mouthY + (headRy * 0.07f)), lips);
        }
        if (traits.Flag())
        {
            // Glasses: two rims and a bridge.
            using var rim = new SKPaint { Color = Grey(traits.Shade(0x10, 0x50)), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = w * 0.012f };
            var r = eyeRx * 1.9f;
            canvas.DrawCircle(headX - eyeGap, eyeY, r, rim);
            canvas.DrawCircle(headX + eyeGap, eyeY, r, rim);
            canvas.DrawLine(headX - eyeGap + r, eyeY, headX + eyeGap - r, eyeY, rim);
        }
        return bitmap;
    }

    private static SKPaint Fill(int shade) => new() { Color = Grey(shade), IsAntialias = true };

    private static SKColor Grey(int shade)
    {
        var v = (byte)Math.Clamp(shade, 0, 255);
        return new SKColor(v, v, v);
    }

    /// <summary>The person's traits: successive bytes of SHA-256 over the name and the date of birth (stretched when used up).</summary>
    private sealed class Traits(BasicFourInformation person)
    {
        private readonly string _seed = person.Name + "\n" + person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        private byte[] _bytes = [];
        private int _next;
        private int _round;

        private byte NextByte()
        {
            if (_next == _bytes.Length)
            {
                _bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"myna portrait {_round++}\n{_seed}"));
                _next = 0;
            }
            return _bytes[_next++];
        }

        public float Between(float low, float high) => low + ((high - low) * NextByte() / 255f);

        public int Shade(int low, int high) => low + ((high - low) * NextByte() / 255);

        public bool Flag() => NextByte() >= 128;
    }
}
