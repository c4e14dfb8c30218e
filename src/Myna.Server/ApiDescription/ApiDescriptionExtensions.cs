using Scalar.AspNetCore;

namespace Myna.Server.ApiDescription;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and the browsable API page (<c>/scalar</c>).</summary>
/// <remarks>
/// Scalar.AspNetCore serves its page's script from its own assembly; with the default fonts (loaded from
/// Scalar's font CDN) and telemetry off, the page needs nothing from the internet.
/// </remarks>
internal static class ApiDescriptionExtensions
{
    /// <summary>The path of the API page.</summary>
    public const string PagePath = "/scalar";

    public static IServiceCollection AddMynaApiDescription(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Myna";
            document.Info.Description =
                "The My Number Card system's server: staff session, sandbox clock, and (public) the JPKI authorities' " +
                "OCSP responder and CRLs. Sign in with POST /api/session; the session is a cookie.";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapMynaApiDescription(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference(PagePath, options => options
                .WithTitle("Myna API")
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return endpoints;
    }
}
