namespace Myna.Insurance.Tests;

/// <summary>The copayment rates by age (U1.3), every boundary on both sides.</summary>
public class CopaymentRateTests
{
    private static int Rate(string birth, string visit, InsuranceScheme scheme = InsuranceScheme.KyokaiKenpo, IncomeClass income = IncomeClass.General) =>
        CopaymentRates.For(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(visit, System.Globalization.CultureInfo.InvariantCulture), scheme, income).Percent;

    [Theory]
    [InlineData("2020-04-02", "2027-03-31", 20)] // reaches 6 on 2026-04-01: school from April 2027
    [InlineData("2020-04-02", "2027-04-01", 30)]
    [InlineData("2020-04-01", "2026-03-31", 20)] // reaches 6 on 2026-03-31, that very day the last before school
    [InlineData("2020-04-01", "2026-04-01", 30)]
    [InlineData("2020-06-15", "2020-06-15", 20)] // on the day of birth
    public void BeforeSchool_TwentyPercent_ToTheFirstMarch31AfterReachingSix_U1_3(string birth, string visit, int percent) =>
        Assert.Equal(percent, Rate(birth, visit));

    [Theory]
    [InlineData("1956-05-15", "2026-05-31", 30)] // reaches 70 on 2026-05-14: the next month begins the 70–74 rate
    [InlineData("1956-05-15", "2026-06-01", 20)]
    [InlineData("1956-06-01", "2026-05-31", 30)] // born on the 1st: reaches 70 on 2026-05-31, so from June, the birthday's month
    [InlineData("1956-06-01", "2026-06-01", 20)]
    [InlineData("1956-06-02", "2026-06-30", 30)] // reaches 70 on 2026-06-01: from July
    [InlineData("1956-06-02", "2026-07-01", 20)]
    public void FromTheMonthAfterReachingSeventy_TwentyPercent_U1_3(string birth, string visit, int percent) =>
        Assert.Equal(percent, Rate(birth, visit));

    [Theory]
    [InlineData(IncomeClass.WorkingAge1, 30)]
    [InlineData(IncomeClass.WorkingAge2, 30)]
    [InlineData(IncomeClass.WorkingAge3, 30)]
    [InlineData(IncomeClass.General, 20)]
    [InlineData(IncomeClass.FairlyHigh, 20)]
    [InlineData(IncomeClass.Low2, 20)]
    [InlineData(IncomeClass.Low1, 20)]
    public void SeventyToSeventyFour_ThirtyPercent_WithWorkingAgeIncome_U1_3(IncomeClass income, int percent) =>
        Assert.Equal(percent, Rate("1954-10-10", "2026-12-01", InsuranceScheme.NationalHealthInsurance, income));

    [Theory]
    [InlineData(IncomeClass.Low1, 10)]
    [InlineData(IncomeClass.Low2, 10)]
    [InlineData(IncomeClass.General, 10)]
    [InlineData(IncomeClass.FairlyHigh, 20)]
    [InlineData(IncomeClass.WorkingAge1, 30)]
    [InlineData(IncomeClass.WorkingAge3, 30)]
    public void LateStage_TenTwentyOrThirtyPercent_U1_3(IncomeClass income, int percent) =>
        Assert.Equal(percent, Rate("1950-01-20", "2026-12-01", InsuranceScheme.LateStageElderly, income));

    [Fact]
    public void UnderSeventy_ThirtyPercent_WhateverTheIncome_U1_3()
    {
        Assert.Equal(30, Rate("1985-02-28", "2026-12-01", income: IncomeClass.Low1));
        Assert.Equal(30, Rate("1985-02-28", "2026-12-01", income: IncomeClass.WorkingAge3));
    }

    [Theory]
    [InlineData("1951-12-06", "2026-12-06")] // the 75th birthday
    [InlineData("1952-02-29", "2027-03-01")] // born on 29 February: 1 March in a year without it
    public void LateStageCoverage_StartsOnTheSeventyFifthBirthday_U1_3(string birth, string first)
    {
        var from = InsuranceAges.LateStageFrom(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), from);
    }

    [Fact]
    public void BornOnFebruary29_ReachesAnAgeOnFebruary28_InOtherYears_U1_3()
    {
        var leapling = new DateOnly(1956, 2, 29);
        Assert.Equal(new DateOnly(2026, 2, 28), InsuranceAges.Reaches(leapling, 70));
        Assert.Equal(new DateOnly(2026, 3, 1), InsuranceAges.SeventyRulesFrom(leapling));
        Assert.Equal(new DateOnly(2028, 2, 28), InsuranceAges.Reaches(leapling, 72));
    }

    [Theory]
    [InlineData(30, 1_230, 370)] // 369 yen rounded to the nearest 10
    [InlineData(30, 1_210, 360)] // 363 → 360
    [InlineData(10, 1_250, 130)] // 125 → 130: a half rounds up
    [InlineData(20, 0, 0)]
    public void TheCountersShare_IsRoundedToTenYen_U1_3(int percent, int total, int share)
    {
        var rate = percent switch { 10 => CopaymentRate.Ten, 20 => CopaymentRate.Twenty, _ => CopaymentRate.Thirty };
        Assert.Equal(share, rate.Of(total));
    }

    [Fact]
    public void AVisitBeforeBirth_IsAnError() =>
        Assert.Throws<ArgumentException>(() => Rate("2026-12-01", "2026-11-30"));
}
