using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Portal.Information;
using Myna.Server.Staff;

namespace Myna.Server.Portal;

/// <summary>What a publication stored: the item's id, whether it replaced an earlier one under the same key.</summary>
public sealed record PublishedView(Guid Id, string Category, string Key, DateOnly AsOf, bool Replaced);

/// <summary>
/// U3.4: where public bodies publish an item of わたしの情報 for a holder named by the holder reference (the resident's
/// registry id, never the My Number). Each body publishes only its categories: a tax office <c>tax</c>, the pension
/// service <c>pension</c>, a health centre <c>vaccination</c> (administrators any of them).
/// </summary>
internal static class BodyEndpoints
{
    public static IEndpointRouteBuilder MapMynaBodies(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/bodies/information", PublishAsync).WithTags("Public bodies")
            .RequireAuthorization(StaffPolicies.PublicBody)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PublishInformation")
            .WithSummary("U3.4: a body publishes an item of わたしの情報 for a holder; the same category and key again replaces it.");
        return endpoints;
    }

    private static async Task<Results<Created<PublishedView>, Ok<PublishedView>, ProblemHttpResult>> PublishAsync(
        InformationPublication publication, ClaimsPrincipal user, IAuthorizationService authorization, InformationPublishing publishing,
        CancellationToken cancellationToken)
    {
        // The category first: an unknown one is bad input (below), another body's or a reserved one is refused.
        if (InformationCategories.Find(publication.Category) is { } category
            && !(category.Publisher is { } publisher && (await authorization.AuthorizeAsync(user, StaffPolicies.OfPublisher(publisher))).Succeeded))
            return Forbidden(category);
        var outcome = await publishing.PublishAsync(StaffClaims.Actor(user), publication, cancellationToken);
        if (outcome.Problem is { } problem)
            return TypedResults.Problem(
                statusCode: problem.UnknownHolder ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                title: problem.UnknownHolder ? Bilingual("住民が見つかりません。", "No such resident.") : Bilingual("入力に誤りがあります。", "The input is not valid."),
                detail: problem.Text.Current,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [problem.Field] = [problem.Text.Current] } });
        var item = outcome.Item!;
        var view = new PublishedView(item.Id, item.Category, item.Key, item.AsOf, outcome.Replaced);
        return outcome.Replaced ? TypedResults.Ok(view) : TypedResults.Created((string?)null, view);
    }

    private static ProblemHttpResult Forbidden(InformationCategory category) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: Bilingual("この分類の情報は提供できません。", "You may not publish this category."),
            detail: category.Publisher is { } publisher
                ? Bilingual($"「{category.Name.Japanese}」は{StaffRoleWords.Of(publisher).Japanese}だけが提供できます。",
                    $"Only {StaffRoleWords.Of(publisher).English} may publish \"{category.Name.English}\".")
                : Bilingual($"「{category.Name.Japanese}」を提供する機関はまだありません。", $"No body publishes \"{category.Name.English}\" yet."),
            extensions: new Dictionary<string, object?> { ["ruleId"] = "U3.4" });

    private static string Bilingual(string japanese, string english) => Ui.Bilingual.T(japanese, english);
}
