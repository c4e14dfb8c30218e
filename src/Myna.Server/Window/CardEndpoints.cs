using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Primitives;
using Myna.Server.Staff;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary><c>/api/applications</c> and <c>/api/cards</c>: applying, delivering, and every procedure on a card.</summary>
internal static class CardEndpoints
{
    public static IEndpointRouteBuilder MapCards(this IEndpointRouteBuilder endpoints)
    {
        var applications = endpoints.MapGroup("/api/applications").WithTags("Applications").RequireAuthorization(StaffPolicies.WindowStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        applications.MapPost("", ApplyAsync).WithName("ApplyForCard")
            .WithSummary("An application for a card: first issue, renewal (V1) or reissue (L3, V6, M2, V4); Q6, P4, Q7 checked.");
        applications.MapPost("/{id:guid}/delivery", DeliverAsync).WithName("DeliverCard")
            .WithSummary("Delivers the card: the applicant's four PINs set on a newly personalised chip; fee taken; notification card back (D4).");

        var cards = endpoints.MapGroup("/api/cards").WithTags("Cards").RequireAuthorization(StaffPolicies.WindowStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        cards.MapGet("/{id:guid}/image", DownloadImage).WithName("DownloadCardImage")
            .WithSummary("The card file (sealed chip image) for `myna card attach`, which plugs it into the PC/SC virtual reader.");
        cards.MapPost("/{id:guid}/suspension/lift", LiftAsync).WithName("LiftSuspension")
            .WithSummary("L2: lifts a suspension; new certificates for the PINs given.");
        cards.MapPost("/{id:guid}/certificates", LoadCertificatesAsync).WithName("LoadCertificates")
            .WithSummary("E5: loads certificates not wanted at application.");
        cards.MapPost("/{id:guid}/pin-reset", ResetPinAsync).WithName("ResetPin")
            .WithSummary("P3: a new PIN for a blocked or forgotten one, at the municipality of residence.");
        cards.MapPost("/{id:guid}/return", ReturnAsync).WithName("ReturnCard")
            .WithSummary("The card is handed back (返納); its certificates are revoked.");

        endpoints.MapGet("/api/cards/{id:guid}", GetAsync).WithTags("Cards", "Call centre").RequireAuthorization(StaffPolicies.Identification)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("GetCard").WithSummary("A card record, its state as of today.");

        // L1: the call centre (and the window) suspend at any hour.
        endpoints.MapPost("/api/cards/{id:guid}/suspension", SuspendAsync).WithTags("Cards", "Call centre")
            .RequireAuthorization(StaffPolicies.Identification)
            .ProducesProblem(StatusCodes.Status401Unauthorized).WithName("SuspendCard")
            .WithSummary("L1: suspends a card at once, 24/365; both certificates revoked (keyCompromise).");
        return endpoints;
    }

    private static async Task<Results<Created<ApplicationView>, ProblemHttpResult>> ApplyAsync(
        CardApplicationForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if ((WindowProblems.UnlessDefined(request.Applicant, "applicant") ?? WindowProblems.UnlessDefined(request.DeliverTo, "deliverTo")
                ?? WindowProblems.UnlessDefined(request.Occasion, "occasion")) is { } unknown)
            return unknown;
        var outcome = await window.ApplyForCardAsync(request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/applications/{outcome.Value.Id}", ApplicationView.Of(outcome.Value))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Created<CardView>, ProblemHttpResult>> DeliverAsync(
        Guid id, DeliveryPins request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.DeliverCardAsync(id, request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/cards/{outcome.Value.Id}", CardView.Of(outcome.Value, window.Today))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<CardView>, NotFound>> GetAsync(Guid id, MunicipalWindow window, CancellationToken cancellationToken) =>
        await window.GetCardAsync(id, cancellationToken) is { } card ? TypedResults.Ok(CardView.Of(card, window.Today)) : TypedResults.NotFound();

    /// <remarks>Only the chip of a card the registry knows: a file without its record is never handed out.</remarks>
    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadImage(Guid id, MunicipalWindow window, CancellationToken cancellationToken) =>
        await window.GetCardAsync(id, cancellationToken) is not null
            && await window.CardImages.ReadSealedAsync(id, cancellationToken) is { } image
            ? TypedResults.File(image, "application/octet-stream", $"{id:N}.card")
            : TypedResults.NotFound();

    private static async Task<Results<Ok<CardView>, ProblemHttpResult>> SuspendAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        CardResult(await window.SuspendCardAsync(id, StaffClaims.Actor(context.User), cancellationToken), window);

    private static async Task<Results<Ok<CardView>, ProblemHttpResult>> LiftAsync(
        Guid id, CertificatePins request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        CardResult(await window.LiftSuspensionAsync(id, request, StaffClaims.Actor(context.User), cancellationToken), window);

    private static async Task<Results<Ok<CardView>, ProblemHttpResult>> LoadCertificatesAsync(
        Guid id, CertificatePins request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        CardResult(await window.LoadCertificatesAsync(id, request, StaffClaims.Actor(context.User), cancellationToken), window);

    private static async Task<Results<Ok<CardView>, ProblemHttpResult>> ResetPinAsync(
        Guid id, PinResetRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        WindowProblems.UnlessDefined(request.Kind, "PIN kind") is { } unknown
            ? unknown
            : CardResult(await window.ResetPinAsync(id, request.Kind, request.NewPin, StaffClaims.Actor(context.User), cancellationToken), window);

    private static async Task<Results<Ok<CardView>, ProblemHttpResult>> ReturnAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        CardResult(await window.ReturnCardAsync(id, StaffClaims.Actor(context.User), cancellationToken), window);

    private static Results<Ok<CardView>, ProblemHttpResult> CardResult(WindowOutcome<Registry.Cards.CardRecord> outcome, MunicipalWindow window) =>
        outcome.Succeeded ? TypedResults.Ok(CardView.Of(outcome.Value, window.Today)) : WindowProblems.Of(outcome.Refusal!);
}

/// <summary>P3: which PIN, and the new one the holder chose.</summary>
public sealed record PinResetRequest(PinKind Kind, string NewPin)
{
    public override string ToString() => $"PinResetRequest ({Kind})";
}
