using Myna.Registry.Municipalities;
using Myna.Registry.Residents;

namespace Myna.Registry.Tests.Domain;

public class CodeTests
{
    [Theory]
    [InlineData("07203", "072036")] // Koriyama
    [InlineData("01100", "011002")] // Sapporo
    [InlineData("13101", "131016")] // Chiyoda, Tokyo
    [InlineData("072036", "072036")]
    public void LocalGovernmentCode_AddsOrChecksTheCheckDigit(string input, string expected)
    {
        Assert.Equal(expected, LocalGovernmentCode.Parse(input).Value.Value);
        Assert.Equal(expected[..5], LocalGovernmentCode.Parse(input).Value.JisCode);
    }

    [Theory]
    [InlineData("072035", "check digit")]
    [InlineData("0720", "5 digits")]
    [InlineData("07A03", "5 digits")]
    [InlineData("", "required")]
    public void LocalGovernmentCode_Refuses(string input, string reason) =>
        Assert.Contains(reason, LocalGovernmentCode.Parse(input).Error);

    [Fact]
    public void ResidentRecordCode_RandomCodesParseBack_AndAWrongDigitIsRefused()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = ResidentRecordCode.NewRandom();
            Assert.True(ResidentRecordCode.Parse(code.Value).Success);
            var last = code.Value[^1] - '0';
            var wrong = code.Value[..^1] + (char)('0' + ((last + 1) % 10));
            Assert.Contains("check digit", ResidentRecordCode.Parse(wrong).Error);
        }
    }

    [Theory]
    [InlineData("1234567890")]
    [InlineData("123456789012")]
    [InlineData("1234567890X")]
    public void ResidentRecordCode_RefusesWrongShapes(string input) =>
        Assert.False(ResidentRecordCode.Parse(input).Success);
}
