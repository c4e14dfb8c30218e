namespace Myna.Insurance;

/// <summary>The elderly recipient's class (高齢受給者の負担割合) that the 高齢受給者証 shows for 70 to 74.</summary>
public enum ElderlyRecipientClass
{
    /// <summary>2割: 20 %.</summary>
    TwentyPercent,

    /// <summary>3割: 30 %, working-age income (現役並み所得).</summary>
    ThirtyPercent,
}

/// <summary>
/// The elderly recipient's class derived from the birth date and the income class (U1.3): the card's eligibility check
/// gives it, so the 高齢受給者証 need not be brought.
/// </summary>
public static class ElderlyRecipient
{
    /// <summary>
    /// The class on <paramref name="visitDay"/>: from the first of the month after reaching 70 (the birthday's month for
    /// one born on the 1st) to the day before late-stage care begins (the 75th birthday); null outside those days, and in
    /// late-stage care.
    /// </summary>
    public static ElderlyRecipientClass? ClassOn(DateOnly birthDate, DateOnly visitDay, InsuranceScheme scheme, IncomeClass income)
    {
        if (scheme == InsuranceScheme.LateStageElderly || visitDay < InsuranceAges.SeventyRulesFrom(birthDate)
            || visitDay >= InsuranceAges.LateStageFrom(birthDate))
            return null;
        return IncomeWords.IsWorkingAge(income) ? ElderlyRecipientClass.ThirtyPercent : ElderlyRecipientClass.TwentyPercent;
    }
}
