namespace Myna.Insurance;

/// <summary>The patient's share of the medical cost (一部負担金の割合), as a percentage: 10, 20 or 30.</summary>
public readonly record struct CopaymentRate
{
    public static readonly CopaymentRate Ten = new(10);
    public static readonly CopaymentRate Twenty = new(20);
    public static readonly CopaymentRate Thirty = new(30);

    private CopaymentRate(int percent) => Percent = percent;

    /// <summary>10, 20 or 30.</summary>
    public int Percent { get; }

    /// <summary>
    /// The patient's share of <paramref name="totalMedicalCostYen"/> at the counter: the rate's part, rounded to the
    /// nearest 10 yen (a half rounded up), as the counter charges it (一部負担金の10円未満の端数は四捨五入).
    /// </summary>
    public int Of(int totalMedicalCostYen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalMedicalCostYen);
        var share = (long)totalMedicalCostYen * Percent;
        return checked((int)((share + 500) / 1000 * 10));
    }

    public override string ToString() => $"{Percent} %";
}

/// <summary>
/// The national copayment rates (U1.3), by the patient's age on the day of the visit, their scheme and income class.
/// </summary>
/// <remarks>
/// Before school (to the first 31 March after reaching 6) 20 %; then to 69, 30 %; from the month after reaching 70
/// (高齢受給者) 20 %, 30 % with working-age income; in late-stage elderly care (from the 75th birthday, or from 65 with a
/// recognised disability) 10 %, 20 % with fairly high income (一定以上所得), 30 % with working-age income.
/// </remarks>
public static class CopaymentRates
{
    /// <summary>The rate of a patient born on <paramref name="birthDate"/> at a visit on <paramref name="visitDay"/>.</summary>
    /// <exception cref="ArgumentException">The visit is before the birth, or an unknown scheme or class.</exception>
    public static CopaymentRate For(DateOnly birthDate, DateOnly visitDay, InsuranceScheme scheme, IncomeClass income)
    {
        if (visitDay < birthDate)
            throw new ArgumentException("A visit is not before the patient's birth.", nameof(visitDay));
        if (!Enum.IsDefined(scheme))
            throw new ArgumentException("Unknown scheme.", nameof(scheme));
        if (!Enum.IsDefined(income))
            throw new ArgumentException("Unknown income class.", nameof(income));
        if (visitDay <= InsuranceAges.LastPreschoolDay(birthDate))
            return CopaymentRate.Twenty;
        if (scheme == InsuranceScheme.LateStageElderly)
        {
            return IncomeWords.IsWorkingAge(income) ? CopaymentRate.Thirty
                : income == IncomeClass.FairlyHigh ? CopaymentRate.Twenty
                : CopaymentRate.Ten;
        }
        if (visitDay >= InsuranceAges.SeventyRulesFrom(birthDate))
            return IncomeWords.IsWorkingAge(income) ? CopaymentRate.Thirty : CopaymentRate.Twenty;
        return CopaymentRate.Thirty;
    }
}
