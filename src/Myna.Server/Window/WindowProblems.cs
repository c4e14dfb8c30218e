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
    /// <remarks>
    /// The title and detail are in the request's language (Accept-Language, Japanese by default). Bad input in one field
    /// also names it under <c>errors</c>, as the framework's validation problems do: <c>{"errors": {"address": ["…"]}}</c>.
    /// </remarks>
    public static ProblemHttpResult Of(Refusal refusal)
    {
        var extensions = new Dictionary<string, object?>();
        if (refusal.Rule is not null)
            extensions["ruleId"] = refusal.Rule;
        if (refusal.Kind == RefusalKind.CardElsewhere)
            extensions["code"] = "card-elsewhere";
        if (refusal.Field is { } field)
            extensions["errors"] = new Dictionary<string, string[]> { [field.Json] = [refusal.Text.Current] };
        return TypedResults.Problem(
            statusCode: RefusalStatus.Of(refusal.Kind),
            title: RefusalStatus.Title(refusal).Current,
            detail: refusal.Text.Current,
            extensions: extensions.Count == 0 ? null : extensions);
    }

    /// <summary>
    /// 400 for a value outside its enum, or null. JSON binds enums by name but also by number, so <c>"kind": 9</c>
    /// reaches the endpoint; without this it would reach the window (a 500, or an application for no known occasion).
    /// </summary>
    public static ProblemHttpResult? UnlessDefined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value)
            ? null
            : Of(Refusal.Invalid(new(
                $"{field} の値が正しくありません。次のいずれかを指定してください：{string.Join(", ", Enum.GetNames<TEnum>())}。",
                $"Unknown {field}: one of {string.Join(", ", Enum.GetNames<TEnum>())}.")));
}
