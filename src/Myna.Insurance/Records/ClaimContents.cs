namespace Myna.Insurance.Records;

/// <summary>One line of a claim's treatment (傷病名と診療行為): the diagnosis and, when given, what was done.</summary>
/// <param name="Diagnosis">The diagnosis's name (傷病名), as the claim writes it.</param>
/// <param name="Procedure">The procedure (診療行為: a test, an injection, a consultation …); null when only the diagnosis is claimed.</param>
public sealed record TreatmentLine(string Diagnosis, string? Procedure);

/// <summary>One drug dispensed (調剤): its name and strength, how much a day and for how many days.</summary>
/// <param name="Name">The drug's name (薬品名).</param>
/// <param name="Strength">Its strength per unit (規格: 5mg, 250mg …).</param>
/// <param name="DailyQuantity">How many units a day (用量): 3 tablets, 1.5 g …</param>
/// <param name="Unit">The unit (錠, カプセル, g, mL, 枚 …).</param>
/// <param name="Days">For how many days (日数), or times for a drug taken as needed.</param>
public sealed record DispensedDrug(string Name, string Strength, double DailyQuantity, string Unit, int Days);

/// <summary>
/// The limits of what a claim (レセプト, simplified) may say, checked before anything is written: each names the field it
/// is about, as the API's 400 does.
/// </summary>
public static class ClaimLimits
{
    /// <summary>The largest total medical cost one claim may give (医療費総額, yen).</summary>
    public const int MaxTotalYen = 50_000_000;

    /// <summary>The most treatment lines or dispensed drugs one claim may hold.</summary>
    public const int MaxLines = 50;

    /// <summary>The longest name (a diagnosis, a procedure, a drug).</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest strength or unit.</summary>
    public const int MaxUnitLength = 20;

    /// <summary>The most days one dispensing covers.</summary>
    public const int MaxDays = 365;

    /// <summary>The field of the first line that is not well formed, or null (the lines are fine).</summary>
    public static string? BadLine(IReadOnlyList<TreatmentLine> treatments)
    {
        ArgumentNullException.ThrowIfNull(treatments);
        if (treatments.Count > MaxLines)
            return "treatments";
        for (var i = 0; i < treatments.Count; i++)
        {
            if (!IsName(treatments[i]?.Diagnosis))
                return $"treatments[{i}].diagnosis";
            if (treatments[i].Procedure is { } procedure && !IsName(procedure))
                return $"treatments[{i}].procedure";
        }
        return null;
    }

    /// <inheritdoc cref="BadLine(IReadOnlyList{TreatmentLine})"/>
    public static string? BadLine(IReadOnlyList<DispensedDrug> drugs)
    {
        ArgumentNullException.ThrowIfNull(drugs);
        if (drugs.Count > MaxLines)
            return "drugs";
        for (var i = 0; i < drugs.Count; i++)
        {
            var drug = drugs[i];
            if (drug is null || !IsName(drug.Name))
                return $"drugs[{i}].name";
            if (!IsShort(drug.Strength))
                return $"drugs[{i}].strength";
            if (!double.IsFinite(drug.DailyQuantity) || drug.DailyQuantity <= 0 || drug.DailyQuantity > 1000)
                return $"drugs[{i}].dailyQuantity";
            if (!IsShort(drug.Unit))
                return $"drugs[{i}].unit";
            if (drug.Days is < 1 or > MaxDays)
                return $"drugs[{i}].days";
        }
        return null;
    }

    private static bool IsName(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= MaxNameLength && !text.Any(char.IsControl);

    private static bool IsShort(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= MaxUnitLength && !text.Any(char.IsControl);
}
