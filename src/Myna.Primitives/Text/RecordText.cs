using System.Globalization;
using System.Text;

namespace Myna.Primitives.Text;

/// <summary>
/// Text as the resident record (住民票) holds it: full-width throughout. Half-width letters, digits, brackets and other
/// ASCII signs become their full-width forms, spaces become the ideographic space, half-width katakana become
/// full-width (with their voiced marks joined). What a clerk types as <c>朝日一丁目23番7号</c> is kept as
/// <c>朝日一丁目２３番７号</c>, so the same address never exists in two spellings.
/// </summary>
public static class RecordText
{
    private const char IdeographicSpace = '\u3000';

    // ASCII '!'..'~' and the full-width forms U+FF01..U+FF5E are one block apart.
    private const int FullWidthOffset = 0xFF01 - '!';

    /// <summary>The text normalised to the record's full-width form, with spaces at either end removed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var halfWidthKana = new StringBuilder();
        foreach (var c in text.AsSpan().Trim().Trim(IdeographicSpace))
        {
            if (IsHalfWidthKatakana(c))
            {
                halfWidthKana.Append(c);
                continue;
            }
            FlushKana(builder, halfWidthKana);
            builder.Append(c switch
            {
                ' ' => IdeographicSpace,
                >= '!' and <= '~' => (char)(c + FullWidthOffset),
                _ => c,
            });
        }
        FlushKana(builder, halfWidthKana);
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="text"/> is already in the record's form.</summary>
    public static bool IsNormalized(string text) => Normalize(text) == text;

    // U+FF61..U+FF9F: half-width katakana, their punctuation and the voiced sound marks.
    private static bool IsHalfWidthKatakana(char c) => c is >= '\uFF61' and <= '\uFF9F';

    // NFKC maps half-width katakana to full-width and joins a following ﾞ or ﾟ with its kana (ｶﾞ → ガ); applied to the
    // kana alone, since on the rest of the text it would do the opposite of what the record wants (Ａ → A).
    private static void FlushKana(StringBuilder builder, StringBuilder kana)
    {
        if (kana.Length == 0)
            return;
        builder.Append(kana.ToString().Normalize(NormalizationForm.FormKC));
        kana.Clear();
    }
}
