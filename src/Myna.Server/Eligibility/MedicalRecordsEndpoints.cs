using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance.Records;
using Myna.OnlineEligibility;
using Myna.OnlineEligibility.Records;
using Myna.OnlineEligibility.Terminals;
using Myna.Server.Security;
using Myna.Server.Staff;
using Myna.Storage;

namespace Myna.Server.Eligibility;

/// <summary>A treatment line as the terminal sends it.</summary>
public sealed record TreatmentBody(string? Diagnosis, string? Procedure);

/// <summary>A drug dispensed as the terminal sends it.</summary>
public sealed record DrugBody(string? Name, string? Strength, double? DailyQuantity, string? Unit, int? Days);

/// <summary>A claim for the visit of a check: the day (yyyy-MM-dd), the total, the copayment (optional), the lines.</summary>
public sealed record ClaimBody(string? Day, int? TotalYen, int? CopaymentYen, IReadOnlyList<TreatmentBody>? Treatments, IReadOnlyList<DrugBody>? Drugs);

/// <summary>A health check's results as the insurer sends them (cm, kg, mmHg, %, mg/dL).</summary>
public sealed record HealthCheckBody(
    Guid? HolderReference, string? Day, double? HeightCm, double? WeightKg, double? WaistCm, int? SystolicMmHg, int? DiastolicMmHg,
    double? HbA1cPercent, int? LdlMgPerDl);

/// <summary>
/// The medical records over HTTP (U1.4, U1.5): a terminal submits the claim of its check's visit and, during the visit, sees
/// the records the patient consented to; an insurer records its members' health checks. The portal's side is
/// <see cref="Portal.HealthRecordsEndpoints"/>.
/// </summary>
internal static class MedicalRecordsEndpoints
{
    public static IServiceCollection AddMynaMedicalRecords(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MedicalClaims(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<Institutions>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new VisitRecords(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<Institutions>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HealthCheckRecords(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HolderRecords(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>()));
        return services;
    }

    /// <summary>In sandbox mode, after the clinics and the insurers: 番号 花子's medical history, once.</summary>
    public static async Task InitializeMedicalRecordsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ServerOptions>>().Value.Mode != Hosting.ServerMode.Sandbox)
            return;
        if (await SandboxRecords.SeedAsync(services.GetRequiredService<MedicalClaims>(), services.GetRequiredService<HealthCheckRecords>(),
                services.GetRequiredService<IDbContextFactory<MynaDbContext>>(), services.GetRequiredService<TimeProvider>(), cancellationToken))
            services.GetRequiredService<ILoggerFactory>().CreateLogger(Hosting.StartupSummary.Category)
                .LogInformation("Created the sandbox's medical history: claims and a health check (sandbox; docs/insurance.md)");
    }

    public static IEndpointRouteBuilder MapMynaMedicalRecords(this IEndpointRouteBuilder endpoints)
    {
        var terminal = endpoints.MapGroup("/api/eligibility/terminal/checks/{id:guid}").WithTags("Online eligibility").RequireDeviceCredentialsOnly();
        terminal.MapPost("/claim", SubmitAsync)
            .WithSummary("U1.5: the claim (レセプト) of the visit of this eligible check: day, total, copayment, diagnoses and procedures, drugs dispensed; once per check.");
        terminal.MapGet("/records", RecordsAsync)
            .WithSummary("U1.4: the patient's records the patient consented to at this check (medication, health checks, treatments), on the visit day only; written to the holder's exchange history.");
        endpoints.MapGroup("/api/insurers/{id:guid}/health-checks").WithTags("Insurance").RequireAuthorization(StaffPolicies.Insurer)
            .MapPost("", RecordHealthCheckAsync)
            .WithSummary("U1.4: records a member's specific health check (特定健診): height, weight, waist, blood pressure, HbA1c, LDL.");
        return endpoints;
    }

    private static TerminalCredentials? Credentials(HttpRequest request) =>
        Security.DeviceAuthorization.Parse(request, "Terminal") is { } device ? new TerminalCredentials(device.Id, device.Secret) : null;

    private static async Task<IResult> SubmitAsync(Guid id, ClaimBody body, HttpRequest request, MedicalClaims claims, CancellationToken cancellationToken)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(RecordsProblems.UnknownTerminal);
        if (Day(body.Day) is not { } day)
            return Problem(RecordsProblems.Bad("day", new("診療日・調剤日を yyyy-MM-dd で入力してください。", "Give the day as yyyy-MM-dd.")));
        if (body.TotalYen is not { } total)
            return Problem(RecordsProblems.BadTotal);
        var treatments = new List<TreatmentLine>();
        foreach (var (t, i) in (body.Treatments ?? []).Select((t, i) => (t, i)))
        {
            if (t?.Diagnosis is not { } diagnosis)
                return Problem(RecordsProblems.BadLine($"treatments[{i}].diagnosis"));
            treatments.Add(new TreatmentLine(diagnosis, string.IsNullOrWhiteSpace(t.Procedure) ? null : t.Procedure));
        }
        var drugs = new List<DispensedDrug>();
        foreach (var (d, i) in (body.Drugs ?? []).Select((d, i) => (d, i)))
        {
            if (d is not { Name: { } name, Strength: { } strength, DailyQuantity: { } quantity, Unit: { } unit, Days: { } days })
                return Problem(RecordsProblems.BadLine(MissingDrugField(d, i)));
            drugs.Add(new DispensedDrug(name, strength, quantity, unit, days));
        }
        var submitted = await claims.SubmitAsync(credentials, new ClaimSubmission(id, day, total, body.CopaymentYen, treatments, drugs), cancellationToken);
        return submitted.Problem is { } problem ? Problem(problem) : TypedResults.Created((string?)null, submitted.Value);
    }

    private static string MissingDrugField(DrugBody? drug, int index) =>
        $"drugs[{index}]." + (drug?.Name is null ? "name" : drug.Strength is null ? "strength" : drug.DailyQuantity is null ? "dailyQuantity"
            : drug.Unit is null ? "unit" : "days");

    private static async Task<IResult> RecordsAsync(Guid id, HttpRequest request, VisitRecords records, CancellationToken cancellationToken)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(RecordsProblems.UnknownTerminal);
        var shown = await records.ForTerminalAsync(credentials, id, cancellationToken);
        return shown.Problem is { } problem ? Problem(problem) : TypedResults.Ok(shown.Value);
    }

    private static async Task<IResult> RecordHealthCheckAsync(
        Guid id, HealthCheckBody body, HealthCheckRecords healthChecks, HttpContext context, CancellationToken cancellationToken)
    {
        // Each required measurement named when missing; the ranges are the domain's.
        (object? Value, string Field)[] required =
        [
            (body.HolderReference, "holderReference"), (Day(body.Day), "day"), (body.HeightCm, "heightCm"), (body.WeightKg, "weightKg"),
            (body.SystolicMmHg, "systolicMmHg"), (body.DiastolicMmHg, "diastolicMmHg"),
        ];
        if (required.FirstOrDefault(r => r.Value is null) is { Field: { } missing })
            return Problem(RecordsProblems.Bad(missing, new("必須の項目が入力されていないか、形式が正しくありません。", "A required value is missing or not well formed.")));
        var result = new HealthCheckResult(Day(body.Day)!.Value, body.HeightCm!.Value, body.WeightKg!.Value, body.WaistCm, body.SystolicMmHg!.Value,
            body.DiastolicMmHg!.Value, body.HbA1cPercent, body.LdlMgPerDl);
        var recorded = await healthChecks.RecordAsync(id, body.HolderReference!.Value, result, StaffClaims.Actor(context.User), cancellationToken);
        return recorded.Problem is { } problem ? Problem(problem) : TypedResults.Created((string?)null, recorded.Value);
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>A refusal as problem details: 400 names the field under <c>errors</c>, a rule goes with its id.</summary>
    internal static IResult Problem(RecordsProblem problem)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = problem.Code, ["ruleId"] = problem.Rule };
        if (problem.Field is { } field)
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Text.Current] };
        return TypedResults.Problem(
            statusCode: problem.Code switch
            {
                "terminal-unknown" => StatusCodes.Status401Unauthorized,
                "check-unknown" or "insurer-unknown" or "holder-unknown" => StatusCodes.Status404NotFound,
                RecordsProblems.Invalid => StatusCodes.Status400BadRequest,
                "no-consent" or "visit-over" => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status409Conflict,
            },
            title: problem.Text.Current,
            extensions: extensions);
    }
}
