using System.Text;
using Myna.Primitives.Text;

namespace Myna.Primitives.Tests;

/// <summary>Text as the resident record keeps it (full-width), and the certificate's character set with its substitutes.</summary>
public sealed class RecordTextTests
{
    [Theory]
    [InlineData("福島県郡山市朝日一丁目23番7号", "福島県郡山市朝日一丁目２３番７号")]
    [InlineData("番号[旧姓]", "番号［旧姓］")]
    [InlineData("グエン　ティ ラン", "グエン　ティ　ラン")]
    [InlineData("ｶﾞｸｾｲ ﾀﾛｳ", "ガクセイ　タロウ")]
    [InlineData("ﾊﾟﾝ", "パン")]
    [InlineData("  千代田1-1　", "千代田１－１")]
    [InlineData("SMITH John", "ＳＭＩＴＨ　Ｊｏｈｎ")]
    [InlineData("番号　花子", "番号　花子")]
    public void Normalize_HalfWidthBecomesFullWidth_AndSpacesAreTrimmed(string typed, string kept)
    {
        Assert.Equal(kept, RecordText.Normalize(typed));
        Assert.True(RecordText.IsNormalized(kept));
        Assert.Equal(kept, RecordText.Normalize(kept));
    }

    [Theory]
    [InlineData('高', true)]
    [InlineData('崎', true)]
    [InlineData('Ａ', true)]
    [InlineData('２', true)]
    [InlineData('ー', true)]
    [InlineData('〓', true)]
    [InlineData('－', true)] // the full-width hyphen-minus, JIS's minus sign as Windows maps it
    [InlineData('丂', true)] // a supplementary kanji of JIS X 0212
    [InlineData('髙', false)] // a vendor extension, not JIS
    [InlineData('﨑', false)]
    [InlineData('①', false)]
    [InlineData('A', false)] // half-width: the record never holds it
    [InlineData('ｱ', false)]
    public void Contains_JisX0208AndTheSupplementaryKanji_Interface6(char c, bool inSet) =>
        Assert.Equal(inSet, JisText.Contains(new Rune(c)));

    [Fact]
    public void Contains_CharactersBeyondTheBasicPlane_AreOutside_Interface6() =>
        Assert.False(JisText.Contains(Rune.GetRuneAt("𠮷", 0)));

    [Theory]
    [InlineData("髙橋　一郎", "高橋　一郎", "10000")]
    [InlineData("𠮷田　花子", "吉田　花子", "10000")]
    [InlineData("山﨑　①", "山崎　〓", "0101")]
    [InlineData("Ｏ＇ＢＲＩＥＮ", "Ｏ’ＢＲＩＥＮ", "0100000")]
    [InlineData("福島県郡山市朝日一丁目２３番７号", "福島県郡山市朝日一丁目２３番７号", "0000000000000000")]
    public void Substitute_ReplacesWhatIsOutside_AndMapsWhere_Interface6(string text, string written, string map)
    {
        var substituted = JisText.Substitute(text);
        Assert.Equal(written, substituted.Text);
        Assert.Equal(map, substituted.Map);
        Assert.Equal(map.Contains('1', StringComparison.Ordinal), substituted.HasSubstitutes);
        Assert.Equal(substituted.Text.EnumerateRunes().Count(), substituted.Map.Length);
    }
}
