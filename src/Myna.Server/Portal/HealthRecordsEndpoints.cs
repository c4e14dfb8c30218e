using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Insurance.Records;
using Myna.OnlineEligibility.Records;
using Myna.Primitives.Text;
using Myna.Storage.History;

namespace Myna.Server.Portal;

/// <summary>
/// The holder's health records in the portal (U1.4, U1.5), behind the holder's session: the records as JSON, and a year's
/// medical expenses as the tax agency's form for the deduction (CSV). Each showing goes into the holder's exchange history.
/// </summary>
internal static class HealthRecordsEndpoints
{
    /// <summary>Where the holder downloads a year's medical expenses: <c>?year=2026</c>.</summary>
    public const string ExpenseFormPath = "/portal/api/me/medical-expenses.csv";

    public static IEndpointRouteBuilder MapHealthRecords(this IEndpointRouteBuilder endpoints)
    {
        var holder = endpoints.MapGroup("/portal/api/me").WithTags("Portal").RequireAuthorization(PortalAuthentication.HolderPolicy);
        holder.MapGet("/medical-records", async (HttpContext context, HolderRecords records) => TypedResults.Ok(await ShowAsync(context, records)))
            .WithSummary("U1.4, U1.5: the holder's medication, health checks, treatments and medical expenses by year (with the year's sum).");
        holder.MapGet("/medical-expenses.csv", ExpenseFormAsync)
            .WithSummary("U1.5: a year's medical expenses in the columns of the tax agency's medical-expense form (医療費集計フォーム), CSV in UTF-8 with BOM.");
        return endpoints;
    }

    /// <summary>The logged-in holder's records; when there are any, the showing is written to their exchange history.</summary>
    internal static async Task<HolderHealthRecords> ShowAsync(HttpContext context, HolderRecords records)
    {
        var holder = PortalEndpoints.HolderReference(context);
        var found = await records.OfAsync(holder, context.RequestAborted);
        if (!found.IsEmpty)
        {
            var shown = new List<LocalizedText>();
            if (found.Medication.Count > 0) shown.Add(new("薬剤情報", "Medication"));
            if (found.HealthChecks.Count > 0) shown.Add(new("特定健診情報", "Specific health checks"));
            if (found.Treatments.Count > 0) shown.Add(new("診療情報", "Treatments"));
            if (found.Expenses.Count > 0) shown.Add(new("医療費通知情報", "Medical expenses"));
            await RecordAsync(context, holder, shown);
        }
        return found;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExpenseFormAsync(int? year, HttpContext context, HolderRecords records)
    {
        if (year is not (>= 2000 and <= 9999))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Ui.Bilingual.T("年（西暦4桁）を指定してください。", "Give the year (four digits)."),
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["year"] = [Ui.Bilingual.T("西暦4桁で指定してください。", "Four digits.")] } });
        var holder = PortalEndpoints.HolderReference(context);
        var expenses = await records.ExpensesOfYearAsync(holder, year.Value, context.RequestAborted) ?? [];
        await RecordAsync(context, holder, [new($"医療費通知情報（{year}年分、医療費控除の集計フォーム）", $"Medical expenses ({year}, the deduction's form)")]);
        return TypedResults.File(MedicalExpenseForm.Csv(expenses), "text/csv; charset=utf-8", $"medical-expenses-{year}.csv");
    }

    // The portal showing the holder records the online eligibility service holds: one entry of their exchange history.
    private static Task RecordAsync(HttpContext context, Guid holder, IReadOnlyList<LocalizedText> shown) =>
        context.RequestServices.GetRequiredService<Myna.Portal.History.ExchangeHistory>().RecordAsync(holder, new ExchangeContent("portal-viewed",
            new("本人（マイナポータル）", "The holder (the portal)"),
            new("オンライン資格確認等システム（医療保険者・医療機関等）", "Online eligibility service (insurers, clinics and pharmacies)"),
            new(string.Join("、", shown.Select(s => s.Japanese)), string.Join("; ", shown.Select(s => s.English))),
            new("本人による自己情報の確認（わたしの情報）", "The holder viewing their own information (My information)")), context.RequestAborted);
}
