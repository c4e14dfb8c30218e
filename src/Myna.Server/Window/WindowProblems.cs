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
}
