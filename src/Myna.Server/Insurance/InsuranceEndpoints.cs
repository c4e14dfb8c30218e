using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Insurance;
using Myna.Server.Staff;
using Myna.Server.Window;
using Myna.Window;
using Myna.Window.Procedures;
using Myna.Window.Procedures.Insurance;

namespace Myna.Server.Insurance;

/// <summary>
/// The insurers' records of the card's health-insurance use (U1.1), kept by insurer staff and administrators: insurers
/// (保険者) and their enrolments (資格). Every change is one audited procedure; a resident's enrolments shown are audited
/// under the resident.
/// </summary>
internal static class InsuranceEndpoints
{
    public static IServiceCollection AddMynaInsurance(this IServiceCollection services) =>
        services.AddSingleton(sp => new InsuranceOffice(new WindowServices(
            sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Myna.Storage.MynaDbContext>>(),
            sp.GetRequiredService<Myna.Issuance.IssuingSystem>(), sp.GetRequiredService<Myna.Pki.Revocation.CertificateRegistry>(),
            sp.GetRequiredService<TimeProvider>(), CrashPoints.None, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Myna.Insurance"))
        {
            CardImages = sp.GetRequiredService<Myna.Window.Chips.CardImages>(),
            Leases = sp.GetRequiredService<Myna.Storage.Coordination.WorkLeases>(),
        }));

    public static IEndpointRouteBuilder MapMynaInsurance(this IEndpointRouteBuilder endpoints)
    {
        var insurers = Group(endpoints, "/api/insurers");
        insurers.MapGet("", InsurersAsync).WithName("GetInsurers").WithSummary("Every insurer (保険者), by insurer number.");
        insurers.MapPost("", AddInsurerAsync).WithName("AddInsurer")
            .WithSummary("Adds an insurer: its number (8 digits, 6 for national health insurance, with the check digit), name, scheme and, for NHI, municipality.");
        insurers.MapGet("/{id:guid}", InsurerAsync).WithName("GetInsurer").WithSummary("One insurer with its enrolments, newest first.");
        insurers.MapPost("/{id:guid}/enrolments", EnrolAsync).WithName("Enrol")
            .WithSummary("U1.1: enrols a person (資格取得) by their registry id; a card registered for insurance use serves for it from then on.");

        Group(endpoints, "/api/enrolments").MapPost("/{id:guid}/end", EndAsync).WithName("EndEnrolment")
            .WithSummary("Records the loss of an enrolment (資格喪失) on its day of loss, the first day no longer covered.");
        Group(endpoints, "/api/residents/{id:guid}").MapGet("/enrolments", EnrolmentsOfAsync).WithName("GetEnrolmentsOfResident")
            .WithSummary("A resident's enrolments with their insurers, newest first, ended ones included.");
        return endpoints;
    }

    /// <summary>A group of the insurance routes: insurer staff and administrators.</summary>
    private static RouteGroupBuilder Group(IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGroup(prefix).WithTags("Insurance").RequireAuthorization(StaffPolicies.Insurer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Ok<IReadOnlyList<InsurerView>>> InsurersAsync(InsuranceOffice office, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<InsurerView>>([.. (await office.InsurersAsync(cancellationToken)).Select(i => InsurerView.Of(i))]);

    private static async Task<Results<Created<InsurerView>, ProblemHttpResult>> AddInsurerAsync(
        InsurerForm request, InsuranceOffice office, HttpContext context, CancellationToken cancellationToken)
    {
        if (WindowProblems.UnlessDefined(request.Scheme, "scheme") is { } unknown)
            return unknown;
        var outcome = await office.AddInsurerAsync(request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/insurers/{outcome.Value.Id}", InsurerView.Of(outcome.Value))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<InsurerView>, NotFound>> InsurerAsync(Guid id, InsuranceOffice office, CancellationToken cancellationToken)
    {
        if (await office.InsurerAsync(id, cancellationToken) is not { } insurer)
            return TypedResults.NotFound();
        var today = office.Today;
        return TypedResults.Ok(InsurerView.Of(insurer, [.. (await office.EnrolmentsWithAsync(id, cancellationToken)).Select(e => EnrolmentView.Of(e, today))]));
    }

    private static async Task<Results<Created<EnrolmentView>, ProblemHttpResult>> EnrolAsync(
        Guid id, EnrolmentForm request, InsuranceOffice office, HttpContext context, CancellationToken cancellationToken)
    {
        if (WindowProblems.UnlessDefined(request.Role, "role") is { } role)
            return role;
        if (WindowProblems.UnlessDefined(request.IncomeClass, "incomeClass") is { } income)
            return income;
        var outcome = await office.EnrolAsync(id, request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/residents/{outcome.Value.HolderReference}/enrolments", EnrolmentView.Of(outcome.Value, office.Today))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> EndAsync(
        Guid id, EnrolmentEndRequest request, InsuranceOffice office, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await office.EndEnrolmentAsync(id, request.LossDay, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(EnrolmentView.Of(outcome.Value, office.Today)) : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<IReadOnlyList<ResidentEnrolmentView>>, NotFound>> EnrolmentsOfAsync(
        Guid id, InsuranceOffice office, HttpContext context, CancellationToken cancellationToken)
    {
        if (await office.EnrolmentsOfAsync(id, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        await office.AuditEnrolmentsViewedAsync(id, StaffClaims.Actor(context.User), cancellationToken);
        var today = office.Today;
        return TypedResults.Ok<IReadOnlyList<ResidentEnrolmentView>>(
            [.. found.Select(f => new ResidentEnrolmentView(InsurerView.Of(f.Insurer), EnrolmentView.Of(f.Enrolment, today)))]);
    }
}

/// <summary>The day of loss (資格喪失日): the first day the person is no longer covered.</summary>
public sealed record EnrolmentEndRequest(DateOnly LossDay);

/// <summary>An insurer as the API shows it; with its enrolments on <c>GET /api/insurers/{id}</c>.</summary>
public sealed record InsurerView(Guid Id, string Number, string Name, InsuranceScheme Scheme, string SchemeName, string? Municipality,
    IReadOnlyList<EnrolmentView>? Enrolments)
{
    public static InsurerView Of(Insurer insurer, IReadOnlyList<EnrolmentView>? enrolments = null)
    {
        ArgumentNullException.ThrowIfNull(insurer);
        return new(insurer.Id, insurer.Number.Value, insurer.Name, insurer.Scheme, InsuranceSchemes.NameOf(insurer.Scheme).Current,
            insurer.Municipality?.Value, enrolments);
    }
}

/// <summary>An enrolment as the API shows it; <c>until</c> is the day of loss (not covered), <c>coversToday</c> by the server's day.</summary>
public sealed record EnrolmentView(
    Guid Id, Guid InsurerId, Guid HolderReference, string Symbol, string Number, string Branch, EnrolmentRole Role, Guid? InsuredReference,
    DateOnly From, DateOnly? Until, IncomeClass IncomeClass, string IncomeClassName, bool CoversToday)
{
    public static EnrolmentView Of(Enrolment enrolment, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        return new(enrolment.Id, enrolment.InsurerId, enrolment.HolderReference, enrolment.Symbol, enrolment.Number, enrolment.Branch, enrolment.Role,
            enrolment.InsuredReference, enrolment.From, enrolment.Until, enrolment.IncomeClass, IncomeWords.Of(enrolment.IncomeClass).Current,
            enrolment.Covers(today));
    }
}

/// <summary>One of a resident's enrolments with its insurer.</summary>
public sealed record ResidentEnrolmentView(InsurerView Insurer, EnrolmentView Enrolment);
