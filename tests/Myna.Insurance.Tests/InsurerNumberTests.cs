namespace Myna.Insurance.Tests;

public class InsurerNumberTests
{
    [Theory]
    [InlineData("33120015", "33", "12")] // the ministry's worked example: a prefectural police mutual aid association
    [InlineData("01130012", "01", "13")] // 協会けんぽ, Tokyo branch
    [InlineData("06070122", "06", "07")]
    [InlineData("39072038", "39", "07")]
    public void EightDigits_WithTheRightCheckDigit_Parse(string text, string lawCode, string prefecture)
    {
        var number = InsurerNumber.Parse(text).Value;
        Assert.Equal(text, number.Value);
        Assert.Equal(lawCode, number.LawCode);
        Assert.Equal(prefecture, number.Prefecture);
        Assert.False(number.IsNationalHealthInsurance);
    }

    [Fact]
    public void SixDigits_AreNationalHealthInsurance_WithoutALawCode()
    {
        var number = InsurerNumber.Parse(" 070037 ").Value;
        Assert.True(number.IsNationalHealthInsurance);
        Assert.Null(number.LawCode);
        Assert.Equal("07", number.Prefecture);
        Assert.True(number.Fits(InsuranceScheme.NationalHealthInsurance));
        Assert.False(number.Fits(InsuranceScheme.KyokaiKenpo));
    }

    [Fact]
    public void CheckDigit_AddsTheDigitsOfTwoDigitProducts()
    {
        // 0,6,0,7,0,1,2 from the right times 2,1,2,1…: 4+1+0+7+0+6+0 = 18 → 2; and 7×2 = 14 counts as 1+4.
        Assert.Equal(2, InsurerNumber.CheckDigit("0607012"));
        Assert.Equal((10 - (1 + 4)) % 10, InsurerNumber.CheckDigit("7"));
        Assert.Equal(0, InsurerNumber.CheckDigit("0107001"));
    }

    [Theory]
    [InlineData("33120016", "check digit")]
    [InlineData("070038", "check digit")]
    [InlineData("3312001", "8 digits")]
    [InlineData("331200155", "8 digits")]
    [InlineData("3312001A", "8 digits")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    [InlineData("33480010", "prefecture")]
    [InlineData("33000010", "prefecture")]
    public void BadNumbers_AreRefused_WithAReason(string? text, string reason)
    {
        var parsed = InsurerNumber.Parse(text);
        Assert.False(parsed.Success);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01070010", InsuranceScheme.KyokaiKenpo, true)]
    [InlineData("01070010", InsuranceScheme.HealthInsuranceSociety, false)]
    [InlineData("06070122", InsuranceScheme.HealthInsuranceSociety, true)]
    [InlineData("33120015", InsuranceScheme.MutualAid, true)]
    [InlineData("39072038", InsuranceScheme.LateStageElderly, true)]
    [InlineData("39072038", InsuranceScheme.NationalHealthInsurance, false)]
    public void Fits_TheSchemesLawCodes(string text, InsuranceScheme scheme, bool fits) =>
        Assert.Equal(fits, InsurerNumber.Parse(text).Value.Fits(scheme));

    [Fact]
    public void AnInsurer_WhoseNumberDoesNotFitItsScheme_IsRefused_InBothLanguages()
    {
        var refused = Assert.Throws<Myna.Registry.RuleViolationException>(() =>
            new Insurer(Guid.NewGuid(), InsurerNumber.Parse("01070010").Value, "何か", InsuranceScheme.LateStageElderly));
        Assert.Contains("保険者番号", refused.Text.Japanese, StringComparison.Ordinal);
        Assert.Contains("insurer number", refused.Text.English, StringComparison.Ordinal);
        // A national health insurer names its municipality; no other does.
        Assert.Throws<Myna.Registry.RuleViolationException>(() =>
            new Insurer(Guid.NewGuid(), InsurerNumber.Parse("070037").Value, "郡山市国民健康保険", InsuranceScheme.NationalHealthInsurance));
        Assert.Throws<Myna.Registry.RuleViolationException>(() =>
            new Insurer(Guid.NewGuid(), InsurerNumber.Parse("01070010").Value, "協会", InsuranceScheme.KyokaiKenpo,
                Myna.Registry.Municipalities.LocalGovernmentCode.Parse("07203").Value));
    }
}
