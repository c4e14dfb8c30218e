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
            .WithSummary("Signs a staff member in: 204 with a session cookie, 401 for a wrong user name or password, " +
                "429 (with Retry-After) after 5 failures in a minute for one user name from one address.");
        group.MapDelete("", SignOutAsync)
            .AllowAnonymous()
            .WithName("SignOut")
            .WithSummary("Signs out: 204, whether or not anyone was signed in.");
        group.MapGet("", WhoAmI)
            .RequireAuthorization(StaffPolicies.AnyStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetSession")
            .WithSummary("The signed-in staff member.");
        return endpoints;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(
        SignInRequest request, StaffDirectory staff, AuditTrail audit, SignInThrottle throttle, HttpContext context,
        CancellationToken cancellationToken)
    {
        var from = "from " + (context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address");
        var partition = SignInThrottle.Partition(context.Connection.RemoteIpAddress, request.UserName);
        // Checked before the password, so that a throttled guesser learns nothing, not even from the right one.
        if (throttle.RetryAfter(partition) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed sign-ins",
                detail: $"Too many failed sign-ins for this user name from this address; try again in {seconds} seconds.");
        }
        var account = await staff.CheckPasswordAsync(request.UserName, request.Password, cancellationToken);
        if (account is null)
        {
            throttle.RecordFailure(partition);
            // Nobody is proven yet, so the system records the attempt; the subject is the claimed name when it is one.
            var claimed = StaffUserName.Normalize(request.UserName);
            await audit.RecordAsync(AuditActor.System, "staff.sign-in-failed",
                new AuditSubject("staff", claimed ?? "(not a user name)"),
                (claimed is null ? "malformed user name " : "unknown user name or wrong password ") + from, cancellationToken);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed",
                detail: "The user name or the password is wrong.");
        }
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            StaffClaims.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        await audit.RecordAsync(AuditActor.Staff(account.UserName), "staff.signed-in", new AuditSubject("staff", account.UserName),
            $"as {account.Role} {from}", cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutAsync(AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await audit.RecordAsync(AuditActor.Staff(name), "staff.signed-out", new AuditSubject("staff", name), "", cancellationToken);
        }
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
