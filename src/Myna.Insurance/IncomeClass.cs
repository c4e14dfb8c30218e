using Myna.Primitives.Text;

namespace Myna.Insurance;

/// <summary>
/// A person's income class as their insurer records it (所得区分), from the standard monthly remuneration (標準報酬月額) or
/// the taxable income: one scale for every age, read by the age rules into the copayment rate (<see cref="CopaymentRates"/>)
/// and the high-cost ceiling's category (<see cref="HighCostCeiling.CategoryFor"/>).
/// </summary>
/// <remarks>
/// The scale is the one of 70 and over; under 70 it reads as the categories ア〜オ: <see cref="WorkingAge3"/> ア,
/// <see cref="WorkingAge2"/> イ, <see cref="WorkingAge1"/> ウ, <see cref="General"/> and <see cref="FairlyHigh"/> エ,
/// <see cref="Low2"/> and <see cref="Low1"/> オ. The bounds are the national ones: ア 標準報酬月額 83万円以上 (課税所得 690万円以上),
/// イ 53万〜79万円 (380万円以上), ウ 28万〜50万円 (145万円以上), エ 26万円以下, オ 住民税非課税. A dependant is classed by
/// the insured person's income.
/// </remarks>
public enum IncomeClass
{
    /// <summary>低所得Ⅰ: exempt from the resident tax, with no income after deductions (pensions of 800,000 yen or less); under 70: オ.</summary>
    Low1,

    /// <summary>低所得Ⅱ: exempt from the resident tax (住民税非課税); under 70: オ.</summary>
    Low2,

    /// <summary>一般: neither low nor working-age income; under 70: エ.</summary>
    General,

    /// <summary>一定以上所得: in late-stage care, taxable income of 280,000 yen or more and pensions and other income over the bound (20 %); otherwise as <see cref="General"/>.</summary>
    FairlyHigh,

    /// <summary>現役並みⅠ: taxable income of 1.45 million yen or more (標準報酬月額 28万〜50万円); under 70: ウ.</summary>
    WorkingAge1,

    /// <summary>現役並みⅡ: taxable income of 3.8 million yen or more (標準報酬月額 53万〜79万円); under 70: イ.</summary>
    WorkingAge2,

    /// <summary>現役並みⅢ: taxable income of 6.9 million yen or more (標準報酬月額 83万円以上); under 70: ア.</summary>
    WorkingAge3,
}

/// <summary>The high-cost medical expense benefit's categories (高額療養費の所得区分): ア〜オ under 70, six of their own from 70.</summary>
public enum HighCostCategory
{
    /// <summary>区分ア (under 70): 252,600 yen + 1 % of the total over 842,000 yen.</summary>
    UnderSeventyA,

    /// <summary>区分イ (under 70): 167,400 yen + 1 % of the total over 558,000 yen.</summary>
    UnderSeventyI,

    /// <summary>区分ウ (under 70): 80,100 yen + 1 % of the total over 267,000 yen.</summary>
    UnderSeventyU,

    /// <summary>区分エ (under 70): 57,600 yen.</summary>
    UnderSeventyE,

    /// <summary>区分オ (under 70, 住民税非課税): 35,400 yen.</summary>
    UnderSeventyO,

    /// <summary>現役並みⅢ (70 and over): as ア.</summary>
    WorkingAge3,

    /// <summary>現役並みⅡ (70 and over): as イ.</summary>
    WorkingAge2,

    /// <summary>現役並みⅠ (70 and over): as ウ.</summary>
    WorkingAge1,

    /// <summary>一般 (70 and over): 18,000 yen outpatient, 57,600 yen with a stay.</summary>
    General,

    /// <summary>低所得Ⅱ (70 and over): 8,000 yen outpatient, 24,600 yen with a stay.</summary>
    Low2,

    /// <summary>低所得Ⅰ (70 and over): 8,000 yen outpatient, 15,000 yen with a stay.</summary>
    Low1,
}

/// <summary>The income classes and categories in words.</summary>
public static class IncomeWords
{
    public static LocalizedText Of(IncomeClass income) => income switch
    {
        IncomeClass.Low1 => new("低所得Ⅰ", "low income I"),
        IncomeClass.Low2 => new("低所得Ⅱ", "low income II"),
        IncomeClass.General => new("一般", "general"),
        IncomeClass.FairlyHigh => new("一定以上所得", "fairly high income"),
        IncomeClass.WorkingAge1 => new("現役並みⅠ", "working-age income I"),
        IncomeClass.WorkingAge2 => new("現役並みⅡ", "working-age income II"),
        IncomeClass.WorkingAge3 => new("現役並みⅢ", "working-age income III"),
        _ => throw new ArgumentOutOfRangeException(nameof(income), income, "Unknown income class."),
    };

    public static LocalizedText Of(HighCostCategory category) => category switch
    {
        HighCostCategory.UnderSeventyA => new("区分ア", "category A"),
        HighCostCategory.UnderSeventyI => new("区分イ", "category I"),
        HighCostCategory.UnderSeventyU => new("区分ウ", "category U"),
        HighCostCategory.UnderSeventyE => new("区分エ", "category E"),
        HighCostCategory.UnderSeventyO => new("区分オ", "category O"),
        HighCostCategory.WorkingAge3 => new("現役並みⅢ", "working-age income III"),
        HighCostCategory.WorkingAge2 => new("現役並みⅡ", "working-age income II"),
        HighCostCategory.WorkingAge1 => new("現役並みⅠ", "working-age income I"),
        HighCostCategory.General => new("一般", "general"),
        HighCostCategory.Low2 => new("低所得Ⅱ", "low income II"),
        HighCostCategory.Low1 => new("低所得Ⅰ", "low income I"),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown category."),
    };

    /// <summary>Whether the class is one of working-age income (現役並み, 30 % from 70).</summary>
    public static bool IsWorkingAge(IncomeClass income) =>
        income is IncomeClass.WorkingAge1 or IncomeClass.WorkingAge2 or IncomeClass.WorkingAge3;
}
