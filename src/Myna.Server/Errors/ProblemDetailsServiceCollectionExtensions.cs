using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Myna.Registry;
using Myna.Storage.Concurrency;

namespace Myna.Server.Errors;

/// <summary>Every error as problem details (RFC 9457), none with a stack trace.</summary>
internal static class ProblemDetailsServiceCollectionExtensions
{
    public static IServiceCollection AddMynaProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionProblemHandler>();
        return services;
    }

    /// <summary>
    /// The exception handler, then problem-details bodies for bare status codes (401, 403, 404, a body that
    /// is not JSON …). Goes first in the pipeline so that it sees every exception.
    /// </summary>
    public static IApplicationBuilder UseMynaProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A broken rule, an unreadable request, a lost race with another window or a card held elsewhere (the
            // holder's reader, `myna card attach`) is the caller's to handle, not the server's fault: answered, not logged
            // as an error.
            SuppressDiagnosticsCallback = c => c.Exception is RuleViolationException or BadHttpRequestException or DbUpdateConcurrencyException
                or Myna.Card.Image.CardFileInUseException,
        });
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Turns exceptions into problem details: a broken registry rule is 409 with its rule id, a save that lost to another
/// window's change (optimistic concurrency) 409, a request the framework could not read is 400, anything else 500
/// with a generic message and the trace id, never the exception's text.
/// </summary>
/// <remarks>
/// A rule's message is written for the caller (the registry keeps My Numbers and PINs out of it); any other
/// exception's message may hold anything, so it goes to the log only.
/// </remarks>
internal sealed class ExceptionProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>A card's chip held elsewhere — the holder's reader, or another program — in the window's refusal words.</summary>
    /// <remarks>
    /// The handler runs outside the request localization (it comes first in the pipeline), so the request's language is
    /// taken from what that middleware decided for the request.
    /// </remarks>
    private static ProblemDetails CardElsewhere(HttpContext httpContext, Myna.Card.Image.CardFileInUseException inUse)
    {
        var refusal = Myna.Window.Refusal.CardElsewhere(inUse.Holder == Myna.Card.Image.CardFileHolder.HoldersReader);
        var culture = httpContext.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture
            ?? System.Globalization.CultureInfo.CurrentUICulture;
        return new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = Window.RefusalStatus.Title(refusal).In(culture),
            Detail = refusal.Text.In(culture),
        };
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RuleViolationException rule => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = Window.RefusalStatus.Title(Myna.Window.Refusal.Of(rule)).Current,
                Detail = rule.Text.Current,
                Extensions = { ["ruleId"] = rule.RuleId },
            },
            DbUpdateConcurrencyException concurrency => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = ConcurrencyProblem.Title,
                Detail = ConcurrencyProblem.Detail(RowVersions.SubjectOf(concurrency)),
            },
            // The card's file is held by another process (a `myna card attach` on the same data directory): the
            // procedure stopped before it changed anything; the path stays in the log.
            Myna.Card.Image.CardFileInUseException inUse => CardElsewhere(httpContext, inUse),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request could not be read",
                Detail = "Check the JSON body and the parameters against the API description (/openapi/v1.json).",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
                Detail = "The error was logged; quote the trace id when you report it.",
            },
        };
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is Myna.Card.Image.CardFileInUseException)
            problem.Extensions["code"] = "card-elsewhere";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}

/// <summary>The words of a 409 for a concurrent change, the same whether a window refusal or an exception brings it.</summary>
internal static class ConcurrencyProblem
{
    public const string Title = "Someone else changed this record";

    public static string Detail(string subject) => Myna.Window.Refusal.Conflict(subject switch
    {
        "resident" => Myna.Window.ConflictSubject.Resident,
        "card" => Myna.Window.ConflictSubject.Card,
        _ => Myna.Window.ConflictSubject.Record,
    }).Text.Current;
}
