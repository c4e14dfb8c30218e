using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Server.Staff;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>What the date decides (V5, V7) on demand, and the expiry notices due (V1).</summary>
internal static class AdminWindowEndpoints
{
    public static IEndpointRouteBuilder MapWindowAdministration(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/admin/sweep", SweepAsync).WithTags("Administration").RequireAuthorization(StaffPolicies.Administrator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).WithName("Sweep")
            .WithSummary("Applies today's lapses (V5) and expiries (V7) now (the server also does it when the date changes).");
        endpoints.MapGet("/api/municipalities", MunicipalitiesAsync).WithTags("Municipalities").RequireAuthorization(StaffPolicies.AnyStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).WithName("Municipalities")
            .WithSummary("The municipalities of the registry and their local government codes (a move-in names one).");
        endpoints.MapGet("/api/expiry-notices", NoticesAsync).WithTags("Cards").RequireAuthorization(StaffPolicies.WindowStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).WithName("ExpiryNotices")
            .WithSummary("V1: the expiry notices whose notice date lies in [from, until], for cards and certificates.");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<MunicipalityView>>> MunicipalitiesAsync(MunicipalWindow window, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<MunicipalityView>>([.. (await window.MunicipalitiesAsync(cancellationToken)).Select(MunicipalityView.Of)]);

    private static async Task<Ok<SweepReport>> SweepAsync(MunicipalWindow window, CancellationToken cancellationToken) =>
        TypedResults.Ok(await window.SweepAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<ExpiryNotice>>, ProblemHttpResult>> NoticesAsync(
        DateOnly from, DateOnly until, MunicipalWindow window, CancellationToken cancellationToken)
    {
        if (MunicipalWindow.NoticeRangeProblem(from, until) is { } problem)
            return WindowProblems.Of(problem);
        return TypedResults.Ok(await window.ExpiryNoticesAsync(from, until, cancellationToken));
    }
}
