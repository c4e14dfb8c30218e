using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Myna.Server.Health;

/// <summary><c>GET /health</c>: "Healthy" (200) or "Degraded" (200) or "Unhealthy" (503), for load balancers and monitoring.</summary>
/// <remarks>
/// A route handler over <see cref="HealthCheckService"/> rather than <c>MapHealthChecks</c>: the latter's endpoint has
/// no method metadata, so the API description (OpenAPI) could not list it.
/// </remarks>
internal static class HealthEndpoints
{
    public const string Path = "/health";

    public static RouteHandlerBuilder MapMynaHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, async (HealthCheckService health, CancellationToken cancellationToken) =>
            {
                var report = await health.CheckHealthAsync(cancellationToken);
                return Results.Text(report.Status.ToString(), "text/plain",
                    statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
            })
            .WithSummary("Whether the server and its database answer: Healthy, Degraded (200) or Unhealthy (503)")
            .WithTags("Health")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain")
            .AllowAnonymous();
}
