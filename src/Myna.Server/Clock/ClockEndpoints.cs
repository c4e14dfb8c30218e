using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Server.Staff;
using Myna.Storage.Audit;

namespace Myna.Server.Clock;

/// <summary>
/// <c>GET</c> and <c>PUT /api/admin/clock</c>: read and move the sandbox date. Mapped in sandbox mode only;
/// in production the path does not exist (404).
/// </summary>
internal static class ClockEndpoints
{
    public static IEndpointRouteBuilder MapSandboxClock(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin/clock").WithTags("Sandbox clock");
        // Any staff member may read the date the sandbox is on; only administrators move it.
        group.MapGet("", Get)
            .RequireAuthorization(StaffPolicies.AnyStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetClock")
            .WithSummary("The sandbox clock: now and today in Japan, and the offset from real time.");
        group.MapPut("", PutAsync)
            .RequireAuthorization(StaffPolicies.Administrator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("SetClock")
            .WithSummary("Sets the Japan date (keeping the time of day) or moves it by a number of days; recorded in the audit trail.");
        return endpoints;
    }

    private static Ok<ClockState> Get(SandboxClock clock) => TypedResults.Ok(ClockState.Of(clock));

    private static async Task<Results<Ok<ClockState>, ValidationProblem>> PutAsync(
        ClockChangeRequest request, SandboxClock clock, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        ClockMove move;
        try
        {
            move = request.Date is { } date
                ? await clock.MoveToAsync(date, cancellationToken)
                : await clock.AdvanceAsync(request.AdvanceDays!.Value, cancellationToken);
        }
        catch (ArgumentOutOfRangeException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                // The same keys as the framework's validation errors of this request (its property names).
                [request.Date is null ? nameof(ClockChangeRequest.AdvanceDays) : nameof(ClockChangeRequest.Date)] =
                    [$"The sandbox date must lie between {SandboxClock.Earliest:yyyy-MM-dd} and {SandboxClock.Latest:yyyy-MM-dd}."],
            });
        }
        await audit.RecordClockMoveAsync(StaffClaims.Actor(context.User), move, cancellationToken);
        return TypedResults.Ok(ClockState.Of(clock));
    }

    /// <summary>The audit entry of a moved sandbox day, the same from the API and the administrator's page.</summary>
    public static Task RecordClockMoveAsync(this AuditTrail audit, AuditActor actor, ClockMove move, CancellationToken cancellationToken)
    {
        var details = new LocalizedText(
            string.Create(CultureInfo.InvariantCulture,
                $"日本の日付を{move.From.Year}年{move.From.Month}月{move.From.Day}日から{move.To.Year}年{move.To.Month}月{move.To.Day}日に変更しました（{move.Days:+0;-0;0}日{(move.Days < 0 ? "、過去へ戻しました" : "")}）。"),
            string.Create(CultureInfo.InvariantCulture,
                $"Japan date {move.From:yyyy-MM-dd} -> {move.To:yyyy-MM-dd} ({move.Days:+0;-0;0} days){(move.Days < 0 ? ", backwards" : "")}"));
        return audit.RecordAsync(actor, "clock.set", new AuditSubject("sandbox-clock", "offset"), details, cancellationToken);
    }
}

/// <summary>The sandbox clock as the API shows it.</summary>
/// <param name="Now">The current instant in Japan time (+09:00).</param>
/// <param name="Today">Today's date in Japan.</param>
/// <param name="OffsetDays">How many days the sandbox is ahead of the real date (negative: behind).</param>
public sealed record ClockState(DateTimeOffset Now, DateOnly Today, int OffsetDays)
{
    internal static ClockState Of(SandboxClock clock) =>
        new(JapanClock.Now(clock), JapanClock.Today(clock), (int)Math.Round(clock.Offset.TotalDays));
}

/// <summary>A change of the sandbox date: exactly one of <see cref="Date"/> and <see cref="AdvanceDays"/>.</summary>
/// <param name="Date">The Japan date to move to (<c>2031-05-01</c>), the time of day kept; any date from 2000 to 2099, earlier ones too.</param>
/// <param name="AdvanceDays">Days to move on (negative: back).</param>
public sealed record ClockChangeRequest(DateOnly? Date, [property: Range(-36500, 36500)] int? AdvanceDays) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Date is null == AdvanceDays is null)
            yield return new ValidationResult("Give exactly one of date and advanceDays.", [nameof(Date), nameof(AdvanceDays)]);
        if (Date is { } date && !SandboxClock.IsInRange(date))
            yield return new ValidationResult(
                $"The sandbox date must lie between {SandboxClock.Earliest:yyyy-MM-dd} and {SandboxClock.Latest:yyyy-MM-dd}.", [nameof(Date)]);
    }
}
