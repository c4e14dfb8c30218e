using Myna.Primitives.Text;

namespace Myna.Insurance.Records;

/// <summary>
/// The kind of a medical expense as the tax agency's form for the medical-expense deduction (医療費集計フォーム) names it
/// in its column 医療費の区分 (U1.5).
/// </summary>
public enum MedicalExpenseCategory
{
    /// <summary>診療・治療: a clinic's, hospital's or dentist's treatment.</summary>
    Treatment,

    /// <summary>医薬品購入: medicines, a pharmacy's dispensing on a prescription included.</summary>
    Medicine,

    /// <summary>介護保険サービス: long-term care services (not recorded here yet).</summary>
    CareService,

    /// <summary>その他の医療費: anything else (transport to hospital …).</summary>
    Other,
}

/// <summary>The categories' words, exactly as the tax agency's form writes the Japanese.</summary>
public static class MedicalExpenseCategories
{
    public static LocalizedText NameOf(MedicalExpenseCategory category) => category switch
    {
        MedicalExpenseCategory.Treatment => new("診療・治療", "Treatment"),
        MedicalExpenseCategory.Medicine => new("医薬品購入", "Medicines"),
        MedicalExpenseCategory.CareService => new("介護保険サービス", "Long-term care services"),
        MedicalExpenseCategory.Other => new("その他の医療費", "Other medical expenses"),
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };
}
