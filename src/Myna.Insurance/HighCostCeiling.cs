namespace Myna.Insurance;

/// <summary>
/// The high-cost medical expense benefit (高額療養費): the most a patient pays in one calendar month at one institution,
/// by category, as the national table in force since August 2018 gives it; and what the counter charges when the
/// patient consents to their income class being read from the card (U1.6): the copayment, but no more than the ceiling.
/// </summary>
/// <remarks>
/// The 1 % of the total over the bound is rounded to the nearest yen (a half up) and is nothing while the total is below
/// the bound. The reduced ceilings from the fourth month within a year (多数回該当) and the annual outpatient cap are not
/// modelled: the counter sees one month.
/// </remarks>
public static class HighCostCeiling
{
    /// <summary>The category of a patient's income class on <paramref name="visitDay"/>: the 70-and-over table from the month after reaching 70, and in late-stage care.</summary>
    public static HighCostCategory CategoryFor(DateOnly birthDate, DateOnly visitDay, InsuranceScheme scheme, IncomeClass income)
    {
        if (!Enum.IsDefined(income))
            throw new ArgumentException("Unknown income class.", nameof(income));
        var seventy = scheme == InsuranceScheme.LateStageElderly || visitDay >= InsuranceAges.SeventyRulesFrom(birthDate);
        return (seventy, income) switch
        {
            (true, IncomeClass.WorkingAge3) => HighCostCategory.WorkingAge3,
            (true, IncomeClass.WorkingAge2) => HighCostCategory.WorkingAge2,
            (true, IncomeClass.WorkingAge1) => HighCostCategory.WorkingAge1,
            (true, IncomeClass.General or IncomeClass.FairlyHigh) => HighCostCategory.General,
            (true, IncomeClass.Low2) => HighCostCategory.Low2,
            (true, IncomeClass.Low1) => HighCostCategory.Low1,
            (false, IncomeClass.WorkingAge3) => HighCostCategory.UnderSeventyA,
            (false, IncomeClass.WorkingAge2) => HighCostCategory.UnderSeventyI,
            (false, IncomeClass.WorkingAge1) => HighCostCategory.UnderSeventyU,
            (false, IncomeClass.General or IncomeClass.FairlyHigh) => HighCostCategory.UnderSeventyE,
            _ => HighCostCategory.UnderSeventyO,
        };
    }

    /// <summary>
    /// The month's ceiling in yen for <paramref name="category"/> at a total medical cost (総医療費, the ten-割 amount) of
    /// <paramref name="totalMedicalCostYen"/>; <paramref name="outpatientOnly"/>: a month of outpatient care only, which
    /// has the lower individual ceilings of 一般 and 低所得 from 70.
    /// </summary>
    public static int MonthlyLimit(HighCostCategory category, int totalMedicalCostYen, bool outpatientOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalMedicalCostYen);
        return category switch
        {
            HighCostCategory.UnderSeventyA or HighCostCategory.WorkingAge3 => Sliding(252_600, 842_000, totalMedicalCostYen),
            HighCostCategory.UnderSeventyI or HighCostCategory.WorkingAge2 => Sliding(167_400, 558_000, totalMedicalCostYen),
            HighCostCategory.UnderSeventyU or HighCostCategory.WorkingAge1 => Sliding(80_100, 267_000, totalMedicalCostYen),
            HighCostCategory.UnderSeventyE => 57_600,
            HighCostCategory.UnderSeventyO => 35_400,
            HighCostCategory.General => outpatientOnly ? 18_000 : 57_600,
            HighCostCategory.Low2 => outpatientOnly ? 8_000 : 24_600,
            HighCostCategory.Low1 => outpatientOnly ? 8_000 : 15_000,
            _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown category."),
        };
    }

    /// <summary>
    /// What the counter charges for the month (U1.6): with <paramref name="consented"/> (the patient agreed at the terminal
    /// that the income class be given), the copayment but no more than the ceiling; without, the whole copayment (the rest
    /// is claimed back from the insurer afterwards).
    /// </summary>
    public static int AtCounter(CopaymentRate rate, HighCostCategory category, int totalMedicalCostYen, bool outpatientOnly, bool consented)
    {
        var copayment = rate.Of(totalMedicalCostYen);
        return consented ? Math.Min(copayment, MonthlyLimit(category, totalMedicalCostYen, outpatientOnly)) : copayment;
    }

    private static int Sliding(int @base, int bound, int total) =>
        total <= bound ? @base : checked(@base + (int)(((long)(total - bound) + 50) / 100));
}
