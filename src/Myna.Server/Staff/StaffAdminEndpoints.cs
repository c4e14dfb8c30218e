using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>
/// <c>/api/admin/staff</c>: the administrators' management of staff accounts, and <c>PUT /api/session/password</c>, a staff
/// member's change of their own password. The same <see cref="StaffAdministration"/> as the pages and <c>myna staff</c>.
/// </summary>
internal static class StaffAdminEndpoints
{
    public static IEndpointRouteBuilder MapStaffAdministration(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin/staff").WithTags("Staff accounts")
            .RequireAuthorization(StaffPolicies.Administrator)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("", ListAsync).WithName("ListStaff").WithSummary("Every staff account, by user name, with its open sessions.");
        group.MapPost("", CreateAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateStaff").WithSummary("Creates an account with an initial password (at least 12 characters, not the user name, not a common one); 409 when the user name is taken.");
        group.MapGet("/{userName}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetStaff").WithSummary("One account.");
        group.MapPost("/{userName}/disable", (string userName, StaffAdministration staff, HttpContext context, CancellationToken ct) =>
                SetEnabledAsync(userName, false, staff, context, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DisableStaff").WithSummary("Disables an account and ends its sessions; 409 for the last enabled administrator.");
        group.MapPost("/{userName}/enable", (string userName, StaffAdministration staff, HttpContext context, CancellationToken ct) =>
                SetEnabledAsync(userName, true, staff, context, ct))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("EnableStaff").WithSummary("Enables a disabled account.");
        group.MapPut("/{userName}/password", SetPasswordAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SetStaffPassword").WithSummary("Sets (resets) an account's password and ends its sessions.");
        group.MapPut("/{userName}/role", SetRoleAsync).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetStaffRole").WithSummary("Changes an account's role; 409 when it would leave no enabled administrator.");
        group.MapDelete("/{userName}/sessions", EndSessionsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("EndStaffSessions").WithSummary("Ends every session of an account at once.");

        endpoints.MapPut("/api/session/password", ChangeOwnPasswordAsync).WithTags("Staff session")
            .RequireAuthorization(StaffPolicies.AnyStaff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("ChangeOwnPassword")
            .WithSummary("The signed-in staff member changes their own password (the current one required; wrong ones count " +
                "against the sign-in's limit, then 429 with Retry-After); their other sessions end.");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<StaffAccountView>>> ListAsync(StaffAdministration staff, CancellationToken cancellationToken) =>
        TypedResults.Ok(await staff.ListAsync(cancellationToken));

    private static async Task<Results<Ok<StaffAccountView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string userName, StaffAdministration staff, CancellationToken cancellationToken) =>
        Answer(await staff.GetAsync(userName, cancellationToken));

    private static async Task<Results<Created<StaffAccountView>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        NewStaffAccountRequest request, StaffAdministration staff, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await staff.CreateAsync(StaffClaims.Actor(context.User), request.UserName, request.DisplayName, request.Role, request.Password, cancellationToken);
        if (outcome.Refusal is { } refusal)
            return Problem<Created<StaffAccountView>>(refusal);
        return TypedResults.Created($"/api/admin/staff/{outcome.Value!.UserName}", outcome.Value);
    }

    private static async Task<Results<Ok<StaffAccountView>, ProblemHttpResult, ValidationProblem>> SetEnabledAsync(
        string userName, bool enabled, StaffAdministration staff, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await staff.SetEnabledAsync(StaffClaims.Actor(context.User), userName, enabled, cancellationToken));

    private static async Task<Results<Ok<StaffAccountView>, ProblemHttpResult, ValidationProblem>> SetPasswordAsync(
        string userName, StaffPasswordRequest request, StaffAdministration staff, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await staff.SetPasswordAsync(StaffClaims.Actor(context.User), userName, request.Password, cancellationToken));

    private static async Task<Results<Ok<StaffAccountView>, ProblemHttpResult, ValidationProblem>> SetRoleAsync(
        string userName, StaffRoleRequest request, StaffAdministration staff, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await staff.SetRoleAsync(StaffClaims.Actor(context.User), userName, request.Role, cancellationToken));

    private static async Task<Results<Ok<EndedSessions>, ProblemHttpResult, ValidationProblem>> EndSessionsAsync(
        string userName, StaffAdministration staff, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await staff.EndSessionsAsync(StaffClaims.Actor(context.User), userName, cancellationToken);
        return outcome.Refusal is { } refusal ? Problem<Ok<EndedSessions>>(refusal) : TypedResults.Ok(new EndedSessions(userName.Trim().ToLowerInvariant(), outcome.Value));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ChangeOwnPasswordAsync(
        OwnPasswordRequest request, StaffAdministration staff, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await staff.ChangeOwnPasswordAsync(context.User.Identity!.Name!, StaffClaims.SessionId(context.User),
            context.Connection.RemoteIpAddress, request.CurrentPassword, request.NewPassword, cancellationToken);
        if (outcome.Refusal is not { } refusal)
            return TypedResults.NoContent();
        if (refusal.RetryAfter is not null)
            context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem<NoContent>(refusal);
    }

    private static Results<Ok<StaffAccountView>, ProblemHttpResult, ValidationProblem> Answer(StaffOutcome<StaffAccountView> outcome) =>
        outcome.Refusal is { } refusal ? Problem<Ok<StaffAccountView>>(refusal) : TypedResults.Ok(outcome.Value);

    /// <summary>Bad input is a validation problem naming the field; a missing account 404; a conflict 409; too many wrong passwords 429.</summary>
    private static Results<TOk, ProblemHttpResult, ValidationProblem> Problem<TOk>(StaffRefusal refusal)
        where TOk : IResult => refusal.Kind switch
    {
        StaffRefusalKind.Invalid => TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [refusal.Field ?? ""] = [refusal.Text.Current] },
            detail: refusal.Text.Current, title: refusal.Title.Current),
        _ => TypedResults.Problem(statusCode: refusal.Status, title: refusal.Title.Current, detail: refusal.Text.Current),
    };
}

/// <summary>A new staff account.</summary>
/// <param name="UserName">A letter, then letters, digits, <c>.</c>, <c>_</c> or <c>-</c>; 64 at most; kept lower-case.</param>
/// <param name="DisplayName">The name shown, 100 characters at most.</param>
/// <param name="Role"><c>WindowStaff</c>, <c>CallCentre</c> or <c>Administrator</c>.</param>
/// <param name="Password">The initial password: at least 12 characters, not the user name, not a common one.</param>
public sealed record NewStaffAccountRequest(
    [property: Required, StringLength(64)] string UserName,
    [property: Required, StringLength(StaffAccount.MaxDisplayNameLength)] string DisplayName,
    [property: Required] StaffRole? Role,
    [property: Required, StringLength(256)] string Password);

/// <summary>A password set by an administrator.</summary>
public sealed record StaffPasswordRequest([property: Required, StringLength(256)] string Password);

/// <summary>A new role.</summary>
public sealed record StaffRoleRequest([property: Required] StaffRole? Role);

/// <summary>A staff member's own change of password.</summary>
public sealed record OwnPasswordRequest(
    [property: Required, StringLength(256)] string CurrentPassword,
    [property: Required, StringLength(256)] string NewPassword);

/// <summary>How many sessions of an account were ended.</summary>
public sealed record EndedSessions(string UserName, int Ended);
