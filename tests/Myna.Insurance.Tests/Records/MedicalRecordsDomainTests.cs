using System.Text;
using Myna.Insurance.Records;

namespace Myna.Insurance.Tests.Records;

/// <summary>The records' domain: a claim's lines and their limits, a health check's BMI and ranges, the deduction's form (U1.4, U1.5).</summary>
public class MedicalRecordsDomainTests
{
    private static readonly HealthCheckResult Check = new(new DateOnly(2025, 6, 10), 158.2, 56.4, 74, 132, 84, 5.6, 142);

    [Theory]
    [InlineData(158.2, 56.4, 22.5)] // 22.535…
    [InlineData(170.0, 72.25, 25.0)] // exactly 25
    [InlineData(160.0, 64.12, 25.0)] // 25.046…, down
    [InlineData(180.0, 81.18, 25.1)] // 25.055…, up
    public void TheBmi_IsWeightOverHeightSquared_ToOneDecimal_U1_4(double height, double weight, double bmi) =>
        Assert.Equal(bmi, (Check with { HeightCm = height, WeightKg = weight }).Bmi);

    [Fact]
    public void AMeasurementOutOfRange_NamesItsField_U1_4()
    {
        Assert.Null(Check.BadField());
        Assert.Null((Check with { WaistCm = null, HbA1cPercent = null, LdlMgPerDl = null }).BadField());
        Assert.Equal("heightCm", (Check with { HeightCm = 1582 }).BadField());
        Assert.Equal("weightKg", (Check with { WeightKg = double.NaN }).BadField());
        Assert.Equal("waistCm", (Check with { WaistCm = 7.4 }).BadField());
        Assert.Equal("systolicMmHg", (Check with { SystolicMmHg = 1320 }).BadField());
        Assert.Equal("diastolicMmHg", (Check with { DiastolicMmHg = 132 }).BadField()); // not below the systolic
        Assert.Equal("hbA1cPercent", (Check with { HbA1cPercent = 56 }).BadField());
        Assert.Equal("ldlMgPerDl", (Check with { LdlMgPerDl = 0 }).BadField());
    }

    [Fact]
    public void AClaimsLines_AreCheckedEachNamingTheFirstBadField()
    {
        var drug = new DispensedDrug("アムロジピン錠", "5mg", 1, "錠", 30);
        Assert.Null(ClaimLimits.BadLine([drug, drug with { DailyQuantity = 1.5, Unit = "g" }]));
        Assert.Equal("drugs[1].strength", ClaimLimits.BadLine([drug, drug with { Strength = new string('5', 21) }]));
        Assert.Equal("drugs[0].days", ClaimLimits.BadLine([drug with { Days = ClaimLimits.MaxDays + 1 }]));
        Assert.Equal("drugs[0].name", ClaimLimits.BadLine([drug with { Name = "アムロジピン\n錠" }]));
        Assert.Equal("drugs", ClaimLimits.BadLine([.. Enumerable.Repeat(drug, ClaimLimits.MaxLines + 1)]));
        Assert.Null(ClaimLimits.BadLine([new TreatmentLine("高血圧症", null)]));
        Assert.Equal("treatments[0].procedure", ClaimLimits.BadLine([new TreatmentLine("高血圧症", "")]));
    }

    [Fact]
    public void TheDeductionsForm_TakesTheYearsPaymentsInOrder_AndAddsThemUp_U1_5()
    {
        MedicalExpense[] all =
        [
            new("番号　花子", "さくら薬局", MedicalExpenseCategory.Medicine, 710, 0, new DateOnly(2026, 12, 14)),
            new("番号　花子", "あさひ内科クリニック", MedicalExpenseCategory.Treatment, 1_340, 0, new DateOnly(2026, 3, 2)),
            new("番号　花子", "あさひ内科クリニック", MedicalExpenseCategory.Treatment, 3_000, 0, new DateOnly(2027, 1, 4)),
            new("番号　花子", "あさひ内科クリニック", MedicalExpenseCategory.Treatment, 990, 0, new DateOnly(2025, 12, 31)),
        ];
        var year = MedicalExpenseForm.OfYear(all, 2026);
        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 12, 14)], year.Select(e => e.PaidOn));
        Assert.Equal((2_050, 0), MedicalExpenseForm.Sum(year));

        var csv = MedicalExpenseForm.Csv(year);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Equal(
            "医療を受けた人,病院・薬局などの支払先の名称,医療費の区分,支払った医療費の額,左のうち生命保険や社会保険などで補填される金額,支払年月日\r\n"
            + "番号　花子,あさひ内科クリニック,診療・治療,1340,0,2026/03/02\r\n番号　花子,さくら薬局,医薬品購入,710,0,2026/12/14\r\n",
            Encoding.UTF8.GetString(csv[3..]));
    }
}
