using System.Collections.Frozen;
using System.Text;

namespace Myna.Primitives.Text;

/// <summary>
/// The character set of the signature certificate's name and address and of the chip's text records: JIS X 0208
/// (levels 1 and 2 of the kanji and the non-kanji rows) and the supplementary kanji of JIS X 0212. A character outside
/// it is replaced by a substitute, and a map records where (card-interface §6): one <c>'0'</c> or <c>'1'</c> per
/// character. The resident record keeps the original.
/// </summary>
/// <remarks>
/// The set is read from the framework's EUC-JP code page (20932), which encodes a JIS X 0208 character as two bytes
/// 0xA1–0xFE and a JIS X 0212 one as a lead byte 0xA1–0xFE with a trail byte 0x21–0x7E; rows tell the sets' parts
/// apart (JIS X 0208 rows 1–8 and 16–84, JIS X 0212 kanji rows 16–77; the rest are vendor extensions such as
/// circled digits, which are not in the set). Writing the two standards' tables by hand would repeat 12,000 entries
/// the framework already has.
/// </remarks>
public static class JisText
{
    /// <summary>What stands in for a character that has no substitute of its own: 〓 (geta mark, JIS X 0208 row 2).</summary>
    public const char Geta = '\u3013';

    private static readonly Encoding EucJp = CreateEucJp();

    // Windows' code pages map a few JIS X 0208 cells to other code points than JIS's own mapping (full-width
    // hyphen-minus for the minus sign, full-width tilde for the wave dash …): the same characters to a person.
    private static readonly FrozenDictionary<int, int> WindowsVariants = new Dictionary<int, int>
    {
        [0xFF0D] = 0x2212, // － → −
        [0xFF5E] = 0x301C, // ～ → 〜
        [0x2225] = 0x2016, // ∥ → ‖
        [0xFFE0] = 0x00A2, // ￠ → ¢
        [0xFFE1] = 0x00A3, // ￡ → £
        [0xFFE2] = 0x00AC, // ￢ → ¬
    }.ToFrozenDictionary();

    // Well-known variant kanji (異体字) outside the set and the standard form a certificate writes for them; anything
    // else outside the set becomes the geta mark.
    private static readonly FrozenDictionary<int, int> Substitutes = new Dictionary<int, int>
    {
        [0x9AD9] = 0x9AD8, // 髙 → 高
        [0xFA11] = 0x5D0E, // 﨑 → 崎
        [0x20BB7] = 0x5409, // 𠮷 → 吉
        [0x5FB7] = 0x5FB3, // 德 → 徳
        [0x6801] = 0x67F3, // 栁 → 柳
        [0x7028] = 0x702C, // 瀨 → 瀬
        [0x9ED1] = 0x9ED2, // 黑 → 黒
        [0x525D] = 0x5265, // 剝 → 剥
        [0x4FF1] = 0x5036, // 俱 → 倶
        [0x9DD7] = 0x9D0E, // 鷗 → 鴎
        [0xFF07] = 0x2019, // ＇ → ’ (O'BRIEN: the record's full-width apostrophe has no JIS cell)
        [0xFF02] = 0x201D, // ＂ → ”
    }.ToFrozenDictionary();

    /// <summary>Whether the character is in the set.</summary>
    public static bool Contains(Rune rune)
    {
        var value = WindowsVariants.GetValueOrDefault(rune.Value, rune.Value);
        Span<char> utf16 = stackalloc char[2];
        var length = new Rune(value).EncodeToUtf16(utf16);
        Span<byte> bytes = stackalloc byte[4];
        int written;
        try
        {
            written = EucJp.GetBytes(utf16[..length], bytes);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
        if (written != 2 || bytes[0] < 0xA1 || bytes[0] > 0xFE)
            return false;
        var row = bytes[0] - 0xA0;
        return bytes[1] switch
        {
            >= 0xA1 and <= 0xFE => row is (>= 1 and <= 8) or (>= 16 and <= 84),
            >= 0x21 and <= 0x7E => row is >= 16 and <= 77,
            _ => false,
        };
    }

    /// <summary>The text with every character outside the set replaced, and the map of the replaced places.</summary>
    public static SubstitutedText Substitute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        var map = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Contains(rune))
            {
                result.Append(rune.ToString());
                map.Append('0');
                continue;
            }
            var substitute = Substitutes.TryGetValue(rune.Value, out var standard) && Contains(new Rune(standard))
                ? new Rune(standard)
                : new Rune(Geta);
            result.Append(substitute.ToString());
            map.Append('1');
        }
        return new SubstitutedText(result.ToString(), map.ToString());
    }

    private static Encoding CreateEucJp()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(20932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}

/// <summary>A text as a certificate or the chip writes it, and its substitute map (<c>'1'</c> where a character was replaced).</summary>
public sealed record SubstitutedText(string Text, string Map)
{
    /// <summary>Whether any character was replaced.</summary>
    public bool HasSubstitutes => Map.Contains('1', StringComparison.Ordinal);
}
