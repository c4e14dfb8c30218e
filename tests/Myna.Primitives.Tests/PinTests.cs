using Myna.Primitives;

namespace Myna.Primitives.Tests;

public class PinTests
{
    [Theory]
    [InlineData(PinKind.Signature, "ABC123", true)]
    [InlineData(PinKind.Signature, "abc123", true)] // clients upper-case the input
    [InlineData(PinKind.Signature, "A1B2C3D4E5F6G7H8", true)]
    [InlineData(PinKind.Signature, "ABC12", false)] // 5 characters
    [InlineData(PinKind.Signature, "A1B2C3D4E5F6G7H8I", false)] // 17 characters
    [InlineData(PinKind.Signature, "ABC-123", false)]
    [InlineData(PinKind.UserAuthentication, "1234", true)]
    [InlineData(PinKind.UserAuthentication, "123", false)]
    [InlineData(PinKind.UserAuthentication, "12345", false)]
    [InlineData(PinKind.UserAuthentication, "12a4", false)]
    [InlineData(PinKind.ResidentRegistry, "0000", true)]
    [InlineData(PinKind.TextInputAssist, "9999", true)]
    [InlineData(PinKind.TextInputAssist, "ABCD", false)]
    public void Parse_FormatsOfTheFourKinds_P(PinKind kind, string text, bool valid)
    {
        var result = Pin.Parse(kind, text);
        Assert.Equal(valid, result.Success);
        if (!valid)
            Assert.DoesNotContain(text, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PinKind.Signature, 5)]
    [InlineData(PinKind.UserAuthentication, 3)]
    [InlineData(PinKind.ResidentRegistry, 3)]
    [InlineData(PinKind.TextInputAssist, 3)]
    public void Policy_TriesBeforeLock_P(PinKind kind, int tries) =>
        Assert.Equal(tries, PinPolicy.For(kind).MaxTries);

    [Fact]
    public void Pin_ToStringHidesValue_AndMatchesInFixedTime_P()
    {
        using var pin = Pin.Parse(PinKind.Signature, "abc123").Value;
        Assert.DoesNotContain("ABC123", pin.ToString(), StringComparison.Ordinal);
        Assert.True(pin.Matches("ABC123"u8));
        Assert.False(pin.Matches("ABC124"u8));
        Assert.False(pin.Matches("ABC1234"u8));
    }

    [Fact]
    public void Pin_Disposed_IsCleared()
    {
        var pin = Pin.Parse(PinKind.UserAuthentication, "1234").Value;
        pin.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pin.AsciiBytes.ToArray());
    }

    [Fact]
    public void Pins_OfTheSameValue_MayBeUsedForThreeKinds_P1()
    {
        foreach (var kind in new[] { PinKind.UserAuthentication, PinKind.ResidentRegistry, PinKind.TextInputAssist })
            Assert.True(Pin.Parse(kind, "1234").Success);
    }
}
