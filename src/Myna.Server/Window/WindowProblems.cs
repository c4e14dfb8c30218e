using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Server.Errors;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>
/// A window refusal as problem details: a rule is 409 with its id (like a <c>RuleViolationException</c>), a concurrent
/// change 409 without one (reload and try again), a missing record 404, bad input 400.
/// </summary>
internal static class WindowProblems
{
    public static ProblemHttpResult Of(Refusal refusal) => TypedResults.Problem(
        statusCode: refusal.Kind switch
        {
            RefusalKind.Rule or RefusalKind.Conflict => StatusCodes.Status409Conflict,
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        },
        title: refusal.Kind switch
        {
            RefusalKind.Rule => "A registry rule forbids this",
            RefusalKind.Conflict => ConcurrencyProblem.Title,
            RefusalKind.NotFound => "Not found",
            _ => "The request is not valid",
        },
        detail: refusal.Message,
        extensions: refusal.Rule is null ? null : new Dictionary<string, object?> { ["ruleId"] = refusal.Rule });

    /// <summary>
    /// 400 for a value outside its enum, or null. JSON binds enums by name but also by number, so <c>"kind": 9</c>
    /// reaches the endpoint; without this it would reach the window (a 500, or an application for no known occasion).
    /// </summary>
    public static ProblemHttpResult? UnlessDefined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value)
            ? null
            : Of(Refusal.Invalid($"Unknown {field}: one of {string.Join(", ", Enum.GetNames<TEnum>())}."));
}
