using CsCheck;
using Myna.Primitives;

namespace Myna.Primitives.Tests;

public class MyNumberTests
{
    // card-interface §7's table, Σ and r worked by hand from the weights.
    [Theory]
    [InlineData("12345678901", 8)]
    [InlineData("62149832025", 7)]
    [InlineData("53768667718", 8)]
    [InlineData("00000000006", 0)]
    [InlineData("00000000031", 0)]
    public void CheckDigit_Interface7Table_C2(string eleven, int expected) =>
        Assert.Equal(expected, MyNumber.ComputeCheckDigit(eleven));

    [Theory]
    [InlineData("123456789018")]
    [InlineData("621498320257")]
    [InlineData("537686677188")]
    public void Parse_ValidNumber_Succeeds_C2(string text)
    {
        var result = MyNumber.Parse(text);
        Assert.True(result.Success, result.Error);
        Assert.Equal(text, result.Value.Reveal());
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("12345678901", "12 digits")]
    [InlineData("1234567890189", "12 digits")]
    [InlineData("12345678901a", "digits only")]
    [InlineData("123456789019", "check digit")]
    public void Parse_BadInput_FailsWithReasonWithoutDigits_C2(string text, string reasonPart)
    {
        var result = MyNumber.Parse(text);
        Assert.False(result.Success);
        Assert.Contains(reasonPart, result.Error, StringComparison.Ordinal);
        if (text.Length > 4)
            Assert.DoesNotContain(text[..5], result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsDigits()
    {
        var n = MyNumber.Parse("123456789018").Value;
        Assert.DoesNotContain("1234", n.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1234", $"{n}", StringComparison.Ordinal);
        Assert.DoesNotContain("9018", new { Number = n }.ToString(), StringComparison.Ordinal);
        Assert.Equal("********9018", n.Masked());
    }

    [Fact]
    public void FromFirstElevenDigits_AlwaysParses_PropertyC2() =>
        Gen.Long[0, 99_999_999_999L].Sample(v =>
        {
            var eleven = v.ToString("00000000000", System.Globalization.CultureInfo.InvariantCulture);
            var n = MyNumber.FromFirstElevenDigits(eleven);
            return MyNumber.Parse(n.Reveal()).Success;
        });

    [Fact]
    public void Parse_AnySingleDigitChange_IsDetected_PropertyC2() =>
        // A single substituted digit always changes Σ mod 11 (the weights are 2..7, coprime with 11),
        // unless both sums map to the same check digit through the r ≤ 1 → 0 fold: then parse may succeed,
        // but must agree with ComputeCheckDigit.
        Gen.Select(Gen.Long[0, 99_999_999_999L], Gen.Int[0, 10], Gen.Int[0, 9]).Sample((v, pos, digit) =>
        {
            var eleven = v.ToString("00000000000", System.Globalization.CultureInfo.InvariantCulture).ToCharArray();
            var valid = MyNumber.FromFirstElevenDigits(new string(eleven)).Reveal();
            eleven[pos] = (char)('0' + digit);
            var mutated = new string(eleven) + valid[11];
            var expected = MyNumber.ComputeCheckDigit(new string(eleven)) == valid[11] - '0';
            return MyNumber.Parse(mutated).Success == expected;
        });

    [Fact]
    public void Default_IsEmpty()
    {
        MyNumber n = default;
        Assert.True(n.IsDefault);
        Assert.Throws<InvalidOperationException>(() => n.Reveal());
    }
}
