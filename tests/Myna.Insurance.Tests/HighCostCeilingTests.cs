namespace Myna.Insurance.Tests;

/// <summary>The high-cost ceilings (高額療養費) and what the counter charges with consent (U1.6).</summary>
public class HighCostCeilingTests
{
    [Theory]
    [InlineData(HighCostCategory.UnderSeventyA, 1_000_000, 254_180)] // 252,600 + 158,000 × 1 %
    [InlineData(HighCostCategory.UnderSeventyA, 842_000, 252_600)]
    [InlineData(HighCostCategory.UnderSeventyI, 1_000_000, 171_820)] // 167,400 + 442,000 × 1 %
    [InlineData(HighCostCategory.UnderSeventyU, 1_000_000, 87_430)] // 80,100 + 733,000 × 1 %
    [InlineData(HighCostCategory.UnderSeventyU, 267_000, 80_100)]
    [InlineData(HighCostCategory.UnderSeventyU, 100_000, 80_100)] // below the bound: nothing added, nothing taken
    [InlineData(HighCostCategory.UnderSeventyU, 267_050, 80_101)] // 0.5 yen rounds up
    [InlineData(HighCostCategory.UnderSeventyE, 1_000_000, 57_600)]
    [InlineData(HighCostCategory.UnderSeventyO, 1_000_000, 35_400)]
    [InlineData(HighCostCategory.WorkingAge3, 1_000_000, 254_180)]
    [InlineData(HighCostCategory.WorkingAge2, 1_000_000, 171_820)]
    [InlineData(HighCostCategory.WorkingAge1, 1_000_000, 87_430)]
    public void MonthlyLimits_AsTheNationalTable_U1_6(HighCostCategory category, int total, int limit)
    {
        Assert.Equal(limit, HighCostCeiling.MonthlyLimit(category, total, outpatientOnly: false));
        Assert.Equal(limit, HighCostCeiling.MonthlyLimit(category, total, outpatientOnly: true));
    }

    [Theory]
    [InlineData(HighCostCategory.General, 18_000, 57_600)]
    [InlineData(HighCostCategory.Low2, 8_000, 24_600)]
    [InlineData(HighCostCategory.Low1, 8_000, 15_000)]
    public void FromSeventy_GeneralAndLowIncome_HaveALowerOutpatientCeiling_U1_6(HighCostCategory category, int outpatient, int withStay)
    {
        Assert.Equal(outpatient, HighCostCeiling.MonthlyLimit(category, 500_000, outpatientOnly: true));
        Assert.Equal(withStay, HighCostCeiling.MonthlyLimit(category, 500_000, outpatientOnly: false));
    }

    [Theory]
    [InlineData(IncomeClass.WorkingAge3, HighCostCategory.UnderSeventyA, HighCostCategory.WorkingAge3)]
    [InlineData(IncomeClass.WorkingAge2, HighCostCategory.UnderSeventyI, HighCostCategory.WorkingAge2)]
    [InlineData(IncomeClass.WorkingAge1, HighCostCategory.UnderSeventyU, HighCostCategory.WorkingAge1)]
    [InlineData(IncomeClass.General, HighCostCategory.UnderSeventyE, HighCostCategory.General)]
    [InlineData(IncomeClass.FairlyHigh, HighCostCategory.UnderSeventyE, HighCostCategory.General)]
    [InlineData(IncomeClass.Low2, HighCostCategory.UnderSeventyO, HighCostCategory.Low2)]
    [InlineData(IncomeClass.Low1, HighCostCategory.UnderSeventyO, HighCostCategory.Low1)]
    public void TheCategory_TurnsToTheSeventyTable_TheMonthAfterReachingSeventy_U1_6(IncomeClass income, HighCostCategory under, HighCostCategory over)
    {
        var birth = new DateOnly(1956, 5, 15);
        Assert.Equal(under, HighCostCeiling.CategoryFor(birth, new DateOnly(2026, 5, 31), InsuranceScheme.NationalHealthInsurance, income));
        Assert.Equal(over, HighCostCeiling.CategoryFor(birth, new DateOnly(2026, 6, 1), InsuranceScheme.NationalHealthInsurance, income));
        // Late-stage care reads the 70-and-over table at any age (from 65 with a recognised disability).
        Assert.Equal(over, HighCostCeiling.CategoryFor(new DateOnly(1960, 1, 1), new DateOnly(2026, 5, 31), InsuranceScheme.LateStageElderly, income));
    }

    [Fact]
    public void WithConsent_TheCounterChargesNoMoreThanTheCeiling_U1_6()
    {
        // A month's stay of 1,000,000 yen at 30 %, category ウ: 300,000 yen copayment, 87,430 yen at the counter.
        Assert.Equal(87_430, HighCostCeiling.AtCounter(CopaymentRate.Thirty, HighCostCategory.UnderSeventyU, 1_000_000, false, consented: true));
        Assert.Equal(300_000, HighCostCeiling.AtCounter(CopaymentRate.Thirty, HighCostCategory.UnderSeventyU, 1_000_000, false, consented: false));
        // Under the ceiling the copayment stands.
        Assert.Equal(3_000, HighCostCeiling.AtCounter(CopaymentRate.Thirty, HighCostCategory.UnderSeventyO, 10_000, true, consented: true));
        // 75 and over, general, outpatient: 10 % of 300,000 is 30,000, the ceiling 18,000.
        Assert.Equal(18_000, HighCostCeiling.AtCounter(CopaymentRate.Ten, HighCostCategory.General, 300_000, true, consented: true));
    }
}
