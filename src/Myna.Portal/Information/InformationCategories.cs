using Myna.Primitives.Text;
using Myna.Storage.Staff;

namespace Myna.Portal.Information;

/// <summary>A category of わたしの情報: its name, the staff role of the body that publishes it (null: reserved, nobody yet).</summary>
/// <param name="Code">What the API and the table call it.</param>
/// <param name="Name">Its heading on the page.</param>
/// <param name="Publisher">The role that may publish it; administrators may too. Null for a category no body publishes yet.</param>
public sealed record InformationCategory(string Code, LocalizedText Name, StaffRole? Publisher)
{
    /// <summary>Whether no body publishes it yet (the page shows where it will appear).</summary>
    public bool IsReserved => Publisher is null;
}

/// <summary>The categories of わたしの情報 (U3.4) and who publishes each (U1.4, U1.5 for the reserved ones).</summary>
public static class InformationCategories
{
    public const string ResidentRecord = "resident-record";
    public const string Tax = "tax";
    public const string Pension = "pension";
    public const string Vaccination = "vaccination";
    public const string Medication = "medication";
    public const string HealthCheck = "health-check";
    public const string MedicalExpenses = "medical-expenses";

    /// <summary>The published categories in the page's order, the reserved last.</summary>
    public static IReadOnlyList<InformationCategory> All { get; } =
    [
        new(Tax, new("税・所得", "Tax and income"), StaffRole.TaxOffice),
        new(Pension, new("年金", "Pension"), StaffRole.PensionService),
        new(Vaccination, new("予防接種", "Vaccinations"), StaffRole.HealthCentre),
        new(Medication, new("薬剤情報", "Medication"), null),
        new(HealthCheck, new("特定健診情報", "Specific health checks"), null),
        new(MedicalExpenses, new("医療費通知情報", "Medical expenses"), null),
    ];

    /// <summary>The category named <paramref name="code"/>, or null.</summary>
    public static InformationCategory? Find(string? code) => All.FirstOrDefault(c => c.Code == code);

    /// <summary>Whether a staff member of <paramref name="role"/> may publish <paramref name="category"/>.</summary>
    public static bool MayPublish(StaffRole role, InformationCategory category) =>
        !category.IsReserved && (role == StaffRole.Administrator || role == category.Publisher);
}
