using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Myna.Storage.Audit;

namespace Myna.Server.Staff;

/// <summary>
/// <c>/api/session</c>: staff sign in (<c>POST</c>, a cookie), sign out (<c>DELETE</c>) and who am I (<c>GET</c>).
/// Every attempt to sign in goes to the audit trail, with the user name and the caller's address, never the password.
/// </summary>
internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapStaffSession(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/session").WithTags("Staff session");
        group.MapPost("", SignInAsync)
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("SignIn")
            .WithSummary("Signs a staff member in: 204 with a session cookie, 401 for a wrong user name or password or a disabled account, " +
                "429 (with Retry-After) after 5 failures in a minute for one user name from one address, or 20 from one address.");
        group.MapDelete("", SignOutAsync)
            .AllowAnonymous()
            .WithName("SignOut")
            .WithSummary("Signs out and ends the session on the server (the cookie stops working): 204, whether or not anyone was signed in.");
        group.MapGet("", WhoAmI)
            .RequireAuthorization(StaffPolicies.AnyStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetSession")
            .WithSummary("The signed-in staff member.");
        return endpoints;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(
        SignInRequest request, StaffSignIn signIn, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await signIn.SignInAsync(context, request.UserName, request.Password, cancellationToken);
        if (outcome.RetryAfter is not null)
        {
            var seconds = outcome.RetryAfterSeconds;
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed sign-ins",
                detail: $"Too many failed sign-ins from this address or for this user name; try again in {seconds} seconds.");
        }
        return outcome.Account is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "The user name or the password is wrong.")
            : TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutAsync(StaffSignIn signIn, HttpContext context, CancellationToken cancellationToken)
    {
        await signIn.SignOutAsync(context, cancellationToken);
        return TypedResults.NoContent();
    }

    private static Ok<SessionInfo> WhoAmI(ClaimsPrincipal user) =>
        TypedResults.Ok(new SessionInfo(
            user.Identity!.Name!,
            user.FindFirstValue(StaffClaims.DisplayName) ?? "",
            user.FindFirstValue(ClaimTypes.Role) ?? ""));
}

/// <summary>A sign-in: user name and password.</summary>
public sealed record SignInRequest(
    [property: Required, StringLength(64)] string UserName,
    [property: Required, StringLength(256)] string Password);

/// <summary>The signed-in staff member.</summary>
/// <param name="UserName">The sign-in name.</param>
/// <param name="DisplayName">The name shown.</param>
/// <param name="Role"><c>WindowStaff</c>, <c>CallCentre</c> or <c>Administrator</c>.</param>
public sealed record SessionInfo(string UserName, string DisplayName, string Role);
