namespace Myna.Insurance.Tests;

/// <summary>The elderly recipient's class (高齢受給者), derived so that its certificate need not be brought (U1.3).</summary>
public class ElderlyRecipientTests
{
    private static readonly DateOnly Birth = new(1956, 5, 15);

    [Fact]
    public void FromTheMonthAfterReachingSeventy_ToTheDayBeforeTheSeventyFifthBirthday_U1_3()
    {
        var nhi = InsuranceScheme.NationalHealthInsurance;
        Assert.Null(ElderlyRecipient.ClassOn(Birth, new DateOnly(2026, 5, 31), nhi, IncomeClass.General));
        Assert.Equal(ElderlyRecipientClass.TwentyPercent, ElderlyRecipient.ClassOn(Birth, new DateOnly(2026, 6, 1), nhi, IncomeClass.General));
        Assert.Equal(ElderlyRecipientClass.TwentyPercent, ElderlyRecipient.ClassOn(Birth, new DateOnly(2031, 5, 14), nhi, IncomeClass.General));
        Assert.Null(ElderlyRecipient.ClassOn(Birth, new DateOnly(2031, 5, 15), nhi, IncomeClass.General));
    }

    [Fact]
    public void WorkingAgeIncome_IsThirtyPercent_U1_3()
    {
        Assert.Equal(ElderlyRecipientClass.ThirtyPercent,
            ElderlyRecipient.ClassOn(Birth, new DateOnly(2026, 6, 1), InsuranceScheme.HealthInsuranceSociety, IncomeClass.WorkingAge2));
        Assert.Equal(ElderlyRecipientClass.TwentyPercent,
            ElderlyRecipient.ClassOn(Birth, new DateOnly(2026, 6, 1), InsuranceScheme.HealthInsuranceSociety, IncomeClass.Low1));
    }

    [Fact]
    public void InLateStageCare_ThereIsNoElderlyRecipientClass_U1_3() =>
        Assert.Null(ElderlyRecipient.ClassOn(Birth, new DateOnly(2027, 1, 1), InsuranceScheme.LateStageElderly, IncomeClass.General));
}
