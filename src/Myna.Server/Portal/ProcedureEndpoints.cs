using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Portal.Procedures;
using Myna.Portal.Sandbox;
using Myna.Primitives;
using Myna.Server.Hosting;
using Myna.Server.Staff;
using Myna.Storage.Portal;

namespace Myna.Server.Portal;

/// <summary>A procedure of the catalogue in the request's language.</summary>
public sealed record ProcedureView(string Id, string Title, string Summary, string Category, IReadOnlyList<string> LifeEvents,
    IReadOnlyList<string> Municipalities, ProcedureSigning Signing, IReadOnlyList<FieldView> Fields)
{
    public static ProcedureView Of(OnlineProcedure p) => new(p.Id, p.Title.Current, p.Summary.Current, ProcedureCatalogue.Categories[p.Category].Current,
        p.LifeEvents, p.Municipalities, p.Signing,
        [.. p.Fields.Select(f => new FieldView(f.Name, f.Label.Current, f.Type, f.Required, f.MaxLength, f.Choices?.Select(c => new ChoiceView(c.Value, c.Label.Current)).ToList()))]);
}

/// <summary>A form field in the request's language.</summary>
public sealed record FieldView(string Name, string Label, FieldType Type, bool Required, int MaxLength, IReadOnlyList<ChoiceView>? Choices);

/// <summary>A choice of a field.</summary>
public sealed record ChoiceView(string Value, string Label);

/// <summary>A holder's application: its state and what was signed.</summary>
public sealed record ApplicationView(Guid Id, string ProcedureId, string Procedure, string Municipality, OnlineApplicationState State,
    DateTimeOffset CreatedAt, string Content, DateTimeOffset? SignedAt, string? DecisionNote)
{
    public static ApplicationView Of(OnlineApplication a) => new(a.Id, a.ProcedureId, ProcedureCatalogue.Find(a.ProcedureId)?.Title.Current ?? a.ProcedureId,
        a.Municipality, a.State, a.CreatedAt, a.Content, a.SignedAt, a.DecisionNote);
}

/// <summary>What the holder fills in.</summary>
public sealed record ApplicationRequest(string? ProcedureId, string? Municipality, Dictionary<string, string?>? Fields);

/// <summary>A detached CMS SignedData over the application's content, Base64 DER.</summary>
public sealed record SignatureRequest(string? SignedData);

/// <summary>The sandbox slot's input: the card and its signature password.</summary>
public sealed record SlotSignatureRequest(Guid? CardId, string? Pin);

/// <summary>The municipality's decision.</summary>
public sealed record DecisionRequest(bool? Accept, string? Note);

/// <summary>
/// ぴったりサービス (U3.2): the catalogue (anyone), the holder's applications and their signatures, and the municipality's
/// review and decision (window staff).
/// </summary>
internal static class ProcedureEndpoints
{
    public static IEndpointRouteBuilder MapOnlineProcedures(this IEndpointRouteBuilder endpoints, ServerMode mode)
    {
        var catalogue = endpoints.MapGroup("/portal/api/procedures").AllowAnonymous().WithTags("Portal");
        catalogue.MapGet("", (string? q, string? lifeEvent, string? municipality) =>
            TypedResults.Ok(ProcedureCatalogue.Search(q, lifeEvent, municipality).Select(ProcedureView.Of)));
        catalogue.MapGet("/{id}", Results<Ok<ProcedureView>, NotFound> (string id) =>
            ProcedureCatalogue.Find(id) is { } p ? TypedResults.Ok(ProcedureView.Of(p)) : TypedResults.NotFound());

        var mine = endpoints.MapGroup("/portal/api/me/applications").RequireAuthorization(PortalAuthentication.HolderPolicy).WithTags("Portal");
        mine.MapGet("", async (HttpContext context, OnlineApplications applications) =>
            TypedResults.Ok((await applications.OfAccountAsync(Account(context), context.RequestAborted)).Select(ApplicationView.Of)));
        mine.MapGet("/{id:guid}", async Task<Results<Ok<ApplicationView>, NotFound>> (Guid id, HttpContext context, OnlineApplications applications) =>
            await applications.OfAccountAsync(Account(context), id, context.RequestAborted) is { } a ? TypedResults.Ok(ApplicationView.Of(a)) : TypedResults.NotFound());
        mine.MapPost("", async Task<Results<Created<ApplicationView>, ProblemHttpResult>> (ApplicationRequest request, HttpContext context, OnlineApplications applications) =>
        {
            var outcome = await applications.CreateAsync(Account(context), PortalEndpoints.HolderReference(context),
                request.ProcedureId, request.Municipality, request.Fields ?? [], context.RequestAborted);
            return outcome.Application is { } a
                ? TypedResults.Created($"/portal/api/me/applications/{a.Id}", ApplicationView.Of(a))
                : Refused(outcome.Refusal!);
        });
        mine.MapPost("/{id:guid}/signature", async Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> (
            Guid id, SignatureRequest request, HttpContext context, OnlineApplications applications) =>
        {
            byte[] signedData;
            try
            {
                signedData = Convert.FromBase64String(request.SignedData ?? "");
            }
            catch (FormatException)
            {
                return Refused(ApplicationRefusal.Of(new Myna.Pki.Verification.VerificationFailure(Myna.Pki.Verification.VerificationFailureCode.MalformedInput, "")));
            }
            return Answer(await applications.SignAsync(Account(context), id, signedData, context.RequestAborted));
        });
        if (mode == ServerMode.Sandbox)
        {
            mine.MapPost("/{id:guid}/sandbox-signature", async Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> (
                Guid id, SlotSignatureRequest request, HttpContext context, OnlineApplications applications, SandboxCardSlot slot) =>
                Answer(await SignWithSlotAsync(context, applications, slot, id, request.CardId, request.Pin)));
        }

        var staff = endpoints.MapGroup("/api/online-applications").RequireAuthorization(StaffPolicies.WindowStaff).WithTags("Window");
        staff.MapGet("", async (string? municipality, OnlineApplications applications, CancellationToken cancellationToken) =>
            TypedResults.Ok((await applications.ForMunicipalityAsync(municipality, cancellationToken)).Select(ApplicationView.Of)));
        staff.MapGet("/{id:guid}", async Task<Results<Ok<ReviewView>, NotFound>> (Guid id, OnlineApplications applications, CancellationToken cancellationToken) =>
            await applications.ReviewAsync(id, cancellationToken) is { } review ? TypedResults.Ok(ReviewView.Of(review)) : TypedResults.NotFound());
        staff.MapPost("/{id:guid}/decision", async Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> (
            Guid id, DecisionRequest request, HttpContext context, OnlineApplications applications) =>
        {
            if (request.Accept is not { } accept || request.Note is { Length: > OnlineApplication.MaxNoteLength })
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Ui.Bilingual.T("入力が正しくありません。", "The input is not valid."),
                    detail: Ui.Bilingual.T($"accept（受理するか）を指定し、連絡事項は {OnlineApplication.MaxNoteLength} 文字以内にしてください。",
                        $"Give accept (true or false) and a note of at most {OnlineApplication.MaxNoteLength} characters."),
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [request.Accept is null ? "accept" : "note"] = ["invalid"] } });
            return Answer(await applications.DecideAsync(id, accept, request.Note, StaffClaims.Actor(context.User), context.RequestAborted));
        });
        return endpoints;
    }

    /// <summary>
    /// The sandbox's card slot signs the application's content with the chosen card, then it is submitted; neither an
    /// application nor a refusal when the holder has no such application. The API and the application's page both use it.
    /// </summary>
    internal static async Task<ApplicationOutcome> SignWithSlotAsync(
        HttpContext context, OnlineApplications applications, SandboxCardSlot slot, Guid id, Guid? cardId, string? pinText)
    {
        var account = Account(context);
        if (await applications.OfAccountAsync(account, id, context.RequestAborted) is not { } application)
            return new ApplicationOutcome(null, null);
        if (application.State != OnlineApplicationState.AwaitingSignature)
            return ApplicationRefusal.NotAwaitingSignature;
        if (Pin.Parse(PinKind.Signature, pinText ?? "") is not { Success: true } pin)
            return new ApplicationRefusal("invalid-pin", new("署名用電子証明書の暗証番号は英大文字と数字の6〜16文字です。",
                "The signature password has 6 to 16 capital letters and digits."), "pin");
        if (cardId is not { } card || await slot.SignDocumentAsync(card, pin.Value, Encoding.UTF8.GetBytes(application.Content), context.RequestAborted) is not { } signing)
            return new ApplicationRefusal("unknown-card", new("カードを選んでください。", "Choose a card."), "cardId");
        return signing.Refusal is { } refusal ? refusal : await applications.SignAsync(account, id, signing.SignedData!, context.RequestAborted);
    }

    private static Guid Account(HttpContext context) => PortalAuthentication.AccountId(context.User)!.Value;

    private static Results<Ok<ApplicationView>, NotFound, ProblemHttpResult> Answer(ApplicationOutcome outcome) =>
        outcome.Application is { } a ? TypedResults.Ok(ApplicationView.Of(a))
        : outcome.Refusal is { } refusal ? Refused(refusal)
        : TypedResults.NotFound();

    /// <summary>A refusal as problem details, with its <c>reason</c> and, for bad input, the field under <c>errors</c>.</summary>
    internal static ProblemHttpResult Refused(ApplicationRefusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = refusal.Code };
        if (refusal.Field is { } field)
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [refusal.Message.Current] };
        return TypedResults.Problem(statusCode: StatusOf(refusal.Code), title: Ui.Bilingual.T("申請を受け付けられません。", "The application was not taken."),
            detail: refusal.Message.Current, extensions: extensions);
    }

    private static int StatusOf(string code) => code switch
    {
        "unknown-procedure" or "not-offered" or "not-your-municipality" or "missing-field" or "invalid-field" or "unknown-field"
            or "malformed" or "invalid-pin" or "unknown-card" => StatusCodes.Status400BadRequest,
        "not-awaiting-signature" or "already-decided" or "already-registered" => StatusCodes.Status409Conflict,
        "status-unavailable" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status403Forbidden,
    };
}

/// <summary>An application as the municipality reviews it: the signature verified again now.</summary>
public sealed record ReviewView(ApplicationView Application, Guid ResidentId, bool? SignatureValid, string? Failure, string? SignerName,
    DateTimeOffset? SignedAt, bool RevokedSinceSigning, string? CertificateSerial)
{
    public static ReviewView Of(ApplicationReview review)
    {
        var v = review.Verification;
        return new(ApplicationView.Of(review.Application), review.Application.HolderReference, v?.IsValid, v?.Failure?.Code.ToString(),
            v?.Signer?.Name, v?.SigningTime, v?.RevokedAfterTimeOfUse ?? false, v?.Certificate?.SerialNumber);
    }
}
