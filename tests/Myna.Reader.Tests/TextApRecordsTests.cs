using System.Formats.Asn1;
using Myna.Primitives;
using Myna.Reader.Tests.Fakes;

namespace Myna.Reader.Tests;

public sealed class TextApRecordsTests
{
    [Fact]
    public void ParseBasicFour_RealTestCardBytes_Interface2_2()
    {
        var info = TextApRecords.ParseBasicFourInformation(TestCard.BasicFourEf);
        Assert.Equal("黒桐　幹也", info.Name);
        Assert.Equal("黒桐", info.FamilyName);
        Assert.Equal("幹也", info.GivenName);
        Assert.Equal("東京都清瀬市観布子南１２－７－２０２", info.Address);
        Assert.Equal(new DateOnly(1980, 2, 17), info.BirthDate);
        Assert.Equal(Sex.Male, info.Sex);
    }

    [Fact]
    public void ParseBasicFour_WithFillerAfterObject_IgnoresFiller()
    {
        byte[] padded = [.. TestCard.BasicFourEf, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Equal("黒桐　幹也", TextApRecords.ParseBasicFourInformation(padded).Name);
    }

    [Fact]
    public void ParseMyNumber_RealTestCardBytes_Interface2_2()
    {
        Assert.Equal("537686677188", TextApRecords.ParseMyNumber(TestCard.MyNumberEf).Reveal());
    }

    [Fact]
    public void ObjectLength_FromSevenByteHead()
    {
        Assert.Equal(104, TextApRecords.ObjectLength(TestCard.BasicFourEf.AsSpan(0, 7)));
        Assert.Equal(15, TextApRecords.ObjectLength(TestCard.MyNumberEf.AsSpan(0, 7)));
        Assert.Equal(0x14B + 5, TextApRecords.ObjectLength(Convert.FromHexString("FF3082014BDF31")));
    }

    /// <summary>Why the hand parser: AsnReader refuses FF 10 (tag 16 in multi-byte form, X.690 §8.1.2.4).</summary>
    [Fact]
    public void AsnReader_RejectsFF10EvenUnderBer()
    {
        var reader = new AsnReader(TestCard.MyNumberEf.AsMemory(0, 15), AsnEncodingRules.BER);
        Assert.Throws<AsnContentException>(() => reader.PeekTag());
    }

    [Theory]
    [InlineData("empty", "", "ends inside its tag")]
    [InlineData("wrong outer tag", "FF1003DF2200", "not FF20")]
    [InlineData("truncated tag", "FF", "ends inside its tag")]
    [InlineData("truncated length", "FF20", "ends inside its length")]
    [InlineData("outer longer than data", "FF2010DF2200", "claims 16 bytes")]
    [InlineData("inner longer than outer", "FF2004DF220531", "claims 5 bytes")]
    [InlineData("indefinite length", "FF2080", "indefinite")]
    [InlineData("no name", "FF2012DF2300DF24083139383030323137DF250131", "no DF22")]
    [InlineData("bad UTF-8 name", "FF2016DF2201FFDF2300DF24083139383030323137DF250131", "UTF-8")]
    [InlineData("bad date", "FF2015DF2200DF2300DF24083139383031333137DF250131", "YYYYMMDD")]
    [InlineData("bad sex code", "FF2015DF2200DF2300DF24083139383030323137DF250133", "sex code")]
    public void ParseBasicFour_Malformed_ThrowsCardDataFormatException(string why, string hex, string expected)
    {
        var e = Assert.Throws<CardDataFormatException>(() => TextApRecords.ParseBasicFourInformation(Convert.FromHexString(hex)));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{why}: {e.Message}");
    }

    [Fact]
    public void ParseBasicFour_WellFormedMinimal_Parses()
    {
        // The same bytes as the "bad sex code" case with sex 1: proves the malformed cases fail for their reason.
        var info = TextApRecords.ParseBasicFourInformation(
            Convert.FromHexString("FF2015DF2200DF2300DF24083139383030323137DF250131"));
        Assert.Equal(("", "", Sex.Male), (info.Name, info.Address, info.Sex));
    }

    [Theory]
    [InlineData("wrong tag", "FF200C353337363836363737313838", "not FF10")]
    [InlineData("too short", "FF100B3533373638363637373138", "holds 11 bytes")]
    [InlineData("not digits", "FF100C35333736383636373731384A", "other than ASCII digits")]
    [InlineData("bad check digit", "FF100C353337363836363737313839", "check digit")]
    [InlineData("truncated", "FF100C35333736", "claims 12 bytes")]
    public void ParseMyNumber_Malformed_ThrowsWithoutDigitsInMessage(string why, string hex, string expected)
    {
        var e = Assert.Throws<CardDataFormatException>(() => TextApRecords.ParseMyNumber(Convert.FromHexString(hex)));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{why}: {e.Message}");
        Assert.DoesNotContain("5376", e.Message, StringComparison.Ordinal);
    }
}
