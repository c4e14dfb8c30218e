namespace Myna.Insurance.Records;

/// <summary>
/// The results of a specific health check (特定健康診査, for the insured from 40 to 74) as the insurer keeps and
/// publishes them (U1.4): the measurements, and the BMI worked out from height and weight.
/// </summary>
/// <param name="Day">The day of the check.</param>
/// <param name="HeightCm">Height (身長), cm.</param>
/// <param name="WeightKg">Weight (体重), kg.</param>
/// <param name="WaistCm">Waist (腹囲), cm; null when not measured.</param>
/// <param name="SystolicMmHg">Blood pressure, systolic (収縮期血圧), mmHg.</param>
/// <param name="DiastolicMmHg">… diastolic (拡張期血圧), mmHg.</param>
/// <param name="HbA1cPercent">HbA1c (NGSP), %; null when not measured.</param>
/// <param name="LdlMgPerDl">LDL cholesterol, mg/dL; null when not measured.</param>
public sealed record HealthCheckResult(
    DateOnly Day, double HeightCm, double WeightKg, double? WaistCm, int SystolicMmHg, int DiastolicMmHg, double? HbA1cPercent, int? LdlMgPerDl)
{
    /// <summary>Body mass index: weight (kg) over the square of height (m), to one decimal (四捨五入).</summary>
    public double Bmi => Math.Round(WeightKg / Math.Pow(HeightCm / 100, 2), 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The field of the first measurement outside what a person can have (a typing error, not a diagnosis), or null.
    /// The names are the API's.
    /// </summary>
    public string? BadField()
    {
        if (!Within(HeightCm, 50, 250))
            return "heightCm";
        if (!Within(WeightKg, 10, 300))
            return "weightKg";
        if (WaistCm is { } waist && !Within(waist, 40, 250))
            return "waistCm";
        if (SystolicMmHg is < 60 or > 300)
            return "systolicMmHg";
        if (DiastolicMmHg is < 30 or > 200 || DiastolicMmHg >= SystolicMmHg)
            return "diastolicMmHg";
        if (HbA1cPercent is { } hba1c && !Within(hba1c, 3, 20))
            return "hbA1cPercent";
        if (LdlMgPerDl is < 10 or > 1000)
            return "ldlMgPerDl";
        return null;
    }

    private static bool Within(double value, double low, double high) => double.IsFinite(value) && value >= low && value <= high;
}
