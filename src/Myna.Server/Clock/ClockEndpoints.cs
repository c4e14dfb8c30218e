using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Primitives;
using Myna.Server.Staff;

namespace Myna.Server.Clock;

/// <summary>
/// <c>GET</c> and <c>PUT /api/admin/clock</c>: read and move the sandbox clock. Mapped in sandbox mode only;
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
            .WithSummary("The sandbox clock: now (to the minute) and today in Japan, the real time, and the offset in days.");
        group.MapPut("", PutAsync)
            .RequireAuthorization(StaffPolicies.Administrator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("SetClock")
            .WithSummary("Sets the Japan date (keeping the time of day), moves it by a number of days, or sets the Japan date and time to the minute; recorded in the audit trail.");
        return endpoints;
    }

    private static Ok<ClockState> Get(SandboxClock clock) => TypedResults.Ok(ClockState.Of(clock));

    private static async Task<Results<Ok<ClockState>, ValidationProblem>> PutAsync(
        ClockChangeRequest request, SandboxClock clock, HttpContext context, CancellationToken cancellationToken)
    {
        var actor = StaffClaims.Actor(context.User);
        try
        {
            // The move and its clock.set audit entry are saved together by the clock.
            if (request.Date is { } date)
                await clock.MoveToAsync(date, actor, cancellationToken);
            else if (request.AdvanceDays is { } days)
                await clock.AdvanceAsync(days, actor, cancellationToken);
            else if (request.Reset is true)
                await clock.ResetAsync(actor, cancellationToken);
            else
                await clock.SetAsync(ClockChangeRequest.ParseAt(request.At!)!.Value, actor, cancellationToken);
        }
        catch (ArgumentOutOfRangeException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                // The same keys as the framework's validation errors of this request (its property names).
                [request.Date is not null ? nameof(ClockChangeRequest.Date)
                    : request.AdvanceDays is not null ? nameof(ClockChangeRequest.AdvanceDays)
                    : nameof(ClockChangeRequest.At)] = [ClockChangeRequest.RangeMessage],
            });
        }
        return TypedResults.Ok(ClockState.Of(clock));
    }
}

/// <summary>The sandbox clock as the API shows it.</summary>
/// <param name="Now">The current sandbox instant in Japan time (+09:00).</param>
/// <param name="At">The same to the minute, as <c>PUT</c> takes it: <c>2026-12-06T03:00</c> (Japan time).</param>
/// <param name="Today">Today's date in Japan.</param>
/// <param name="OffsetDays">How many days the sandbox's Japan date is ahead of the real one (negative: behind).</param>
/// <param name="RealNow">The real instant now, in Japan time.</param>
public sealed record ClockState(DateTimeOffset Now, string At, DateOnly Today, int OffsetDays, DateTimeOffset RealNow)
{
    internal static ClockState Of(SandboxClock clock)
    {
        // One reading of real time, so the two clocks shown agree.
        var real = clock.GetRealUtcNow().ToOffset(JapanClock.Offset);
        var now = (real + clock.Offset).ToOffset(JapanClock.Offset);
        var today = JapanClock.DateOf(now);
        return new ClockState(
            now, now.ToString(ClockChangeRequest.AtFormat, CultureInfo.InvariantCulture), today,
            today.DayNumber - JapanClock.DateOf(real).DayNumber, real);
    }
}

/// <summary>
/// A change of the sandbox clock: exactly one of <see cref="Date"/>, <see cref="AdvanceDays"/>, <see cref="At"/> and
/// <see cref="Reset"/>.
/// Anywhere from 2000-01-01 00:00 to 2099-12-31 23:59 Japan time, forward or back.
/// </summary>
/// <param name="Date">The Japan date to move to (<c>2031-05-01</c>), the time of day kept.</param>
/// <param name="AdvanceDays">Days to move on (negative: back), the time of day kept.</param>
/// <param name="At">
/// The Japan date and time to set, to the minute: <c>2026-12-06T03:00</c>, a civil date-time in Japan, optionally
/// with seconds (dropped: the clock is set to the start of the minute) and optionally followed by <c>+09:00</c>.
/// Any other offset, <c>Z</c> or a date without a time is refused, so that nobody sets UTC thinking it Japan time.
/// </param>
/// <param name="Reset"><c>true</c>: back to the real time, exactly (the offset removed).</param>
public sealed record ClockChangeRequest(
    DateOnly? Date, [property: Range(-36500, 36500)] int? AdvanceDays, string? At, bool? Reset = null) : IValidatableObject
{
    /// <summary>The format of a Japan date-time to the minute, as <see cref="At"/> takes and <see cref="ClockState.At"/> shows it.</summary>
    public const string AtFormat = "yyyy'-'MM'-'dd'T'HH':'mm";

    private const string JapanOffsetSuffix = "+09:00";

    internal static readonly string RangeMessage = string.Create(CultureInfo.InvariantCulture,
        $"The sandbox clock must lie between {SandboxClock.Earliest:yyyy-MM-dd} 00:00 and {SandboxClock.Latest:yyyy-MM-dd} 23:59 Japan time.");

    private static readonly string[] AtFormats = [AtFormat, AtFormat + "':'ss"];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Date is null ? 0 : 1) + (AdvanceDays is null ? 0 : 1) + (At is null ? 0 : 1) + (Reset is true ? 1 : 0) != 1)
        {
            yield return new ValidationResult(
                "Give exactly one of date, advanceDays, at and reset (true).", [nameof(Date), nameof(AdvanceDays), nameof(At), nameof(Reset)]);
        }
        if (Date is { } date && !SandboxClock.IsInRange(date))
            yield return new ValidationResult(RangeMessage, [nameof(Date)]);
        if (At is not null)
        {
            if (ParseAt(At) is not { } at)
            {
                yield return new ValidationResult(
                    "at is a Japan date and time to the minute, yyyy-MM-ddTHH:mm (e.g. 2026-12-06T03:00), optionally followed by +09:00.",
                    [nameof(At)]);
            }
            else if (!SandboxClock.IsJapanTimeInRange(at))
            {
                yield return new ValidationResult(RangeMessage, [nameof(At)]);
            }
        }
    }

    /// <summary>The Japan civil date-time of an <see cref="At"/> text; null when it is not one.</summary>
    internal static DateTime? ParseAt(string text)
    {
        var local = text.EndsWith(JapanOffsetSuffix, StringComparison.Ordinal) ? text[..^JapanOffsetSuffix.Length] : text;
        return DateTime.TryParseExact(local, AtFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : null;
    }
}
