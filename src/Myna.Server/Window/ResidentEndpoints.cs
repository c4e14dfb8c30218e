using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Primitives;
using Myna.Registry.Rules;
using Myna.Server.Staff;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>
/// <c>/api/residents</c>: resident records (住民票) and the changes filed at the window (M1–M3, V4, V5). A My Number
/// never travels in a URL: the exact-match search and the reveal are POSTs.
/// </summary>
internal static class ResidentEndpoints
{
    public static IEndpointRouteBuilder MapResidents(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/residents").WithTags("Residents").RequireAuthorization(StaffPolicies.WindowStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("", RegisterAsync).WithName("RegisterResident")
            .WithSummary("Registers a resident: assigns a My Number and a resident record code; sends the notice of the day (D2, D3).");
        // Identification: the window and the call centre (which must find the card it may suspend) look residents up;
        // every look-up is audited under each resident shown.
        var lookups = endpoints.MapGroup("/api/residents").WithTags("Residents", "Call centre").RequireAuthorization(StaffPolicies.Identification)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        lookups.MapGet("", FindAsync).WithName("FindResidents")
            .WithSummary("Finds residents by name or kana (part), birth date or resident record code. Lists never carry the My Number.");
        lookups.MapPost("/search-by-my-number", FindByMyNumberAsync).WithName("FindResidentByMyNumber")
            .WithSummary("Finds a resident by exact My Number (in the body, never in the URL).");
        lookups.MapGet("/{id:guid}/cards", CardsAsync).WithName("GetResidentCards")
            .WithSummary("A resident's cards, newest first, each with its state today: what the call centre needs to suspend one (L1).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetResident")
            .WithSummary("One resident with cards, applications, documents, moves and fees; the My Number masked.");
        group.MapPost("/{id:guid}/my-number/reveal", RevealAsync).WithName("RevealMyNumber")
            .WithSummary("Shows the full My Number to the signed-in staff member; recorded in the audit trail.");
        group.MapPut("/{id:guid}/address", ChangeAddressAsync).WithName("ChangeAddress")
            .WithSummary("M1: a move within the municipality; endorsement, chip rewrite, new signature certificate if a password is given.");
        group.MapPut("/{id:guid}/name", ChangeNameAsync).WithName("ChangeName")
            .WithSummary("M1, M3: a change of name, with the former surname if asked.");
        group.MapPut("/{id:guid}/residence-status", ChangeResidenceStatusAsync).WithName("ChangeResidenceStatus")
            .WithSummary("V4: a foreign resident's new status or period of stay moves the card's expiry.");
        group.MapPut("/{id:guid}/support-measure", SupportMeasureAsync).WithName("SetSupportMeasure")
            .WithSummary("Q7: a support measure (DV等支援措置) and the 居所 where cards are delivered.");
        group.MapPut("/{id:guid}/adult-ward", AdultWardAsync).WithName("SetAdultWard")
            .WithSummary("P4: an adult-ward ruling, which decides the certificates that may be loaded.");
        group.MapPost("/{id:guid}/move-out", MoveOutAsync).WithName("MoveOut")
            .WithSummary("V5: a move-out notice with the planned move date.");
        group.MapPost("/{id:guid}/move-in", MoveInAsync).WithName("MoveIn")
            .WithSummary("V5: the move-in notice at the new municipality; a late one finds the card lapsed.");
        group.MapPost("/{id:guid}/continuation", ContinueAsync).WithName("ContinueCard")
            .WithSummary("V5: the continuation procedure after a move-in without the card, within 90 days.");
        return endpoints;
    }

    private static async Task<Results<Created<ResidentView>, ProblemHttpResult>> RegisterAsync(
        ResidentRegistrationRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.ToForm() is not { } form)
            return WindowProblems.Of(Refusal.Invalid(new("在留資格には日付が必要です（永住者・高度専門職2号・特別永住者には不要です）。（V3）", "A residence status needs its date (V3), and a permanent status none.")));
        var outcome = await window.RegisterResidentAsync(form, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/residents/{outcome.Value.Id}", ResidentView.Of(outcome.Value))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<IReadOnlyList<ResidentSummary>>, ProblemHttpResult>> FindAsync(
        MunicipalWindow window, HttpContext context, string? name, string? kana, DateOnly? birthDate, string? recordCode,
        CancellationToken cancellationToken)
    {
        if (new[] { name, kana, recordCode }.Any(t => t is { Length: > 60 }))
            return WindowProblems.Of(Refusal.Invalid(new("検索の条件は60文字以内で指定してください。", "A search criterion has at most 60 characters.")));
        return TypedResults.Ok(await window.SearchResidentsAsync(
            new ResidentQuery(name, kana, birthDate, recordCode), StaffClaims.Actor(context.User), LookupChannel.Api, cancellationToken: cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<ResidentSummary>>, ProblemHttpResult>> FindByMyNumberAsync(
        MyNumberSearch? request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        // Malformed, empty or missing: a 400 that names the field and repeats nothing of what was sent.
        if (request?.MyNumber is not { } typed || !MyNumber.Parse(typed.Trim()).Success)
        {
            return WindowProblems.Of(Refusal.Invalid(new("個人番号（12桁）を正しく入力してください。",
                "A My Number has 12 digits with a valid check digit."), InputField.MyNumber));
        }
        return TypedResults.Ok(await window.FindResidentsByMyNumberAsync(typed.Trim(), StaffClaims.Actor(context.User), LookupChannel.Api, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<CardView>>, NotFound>> CardsAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        await window.ViewResidentFileAsync(id, StaffClaims.Actor(context.User), LookupChannel.Api, cancellationToken) is { } file
            ? TypedResults.Ok<IReadOnlyList<CardView>>([.. file.Cards.Select(c => CardView.Of(c, window.Today))])
            : TypedResults.NotFound();

    private static async Task<Results<Ok<ResidentFileView>, NotFound>> GetAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        await window.ViewResidentFileAsync(id, StaffClaims.Actor(context.User), LookupChannel.Api, cancellationToken) is { } file
            ? TypedResults.Ok(ResidentFileView.Of(file, window.Today))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<RevealedMyNumber>, NotFound>> RevealAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        await window.RevealMyNumberAsync(id, StaffClaims.Actor(context.User), cancellationToken) is { } number
            ? TypedResults.Ok(new RevealedMyNumber(number.Reveal()))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<DetailsChangeView>, ProblemHttpResult>> ChangeAddressAsync(
        Guid id, AddressChangeRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        DetailsChange(await window.ChangeAddressAsync(id, request.Address, request.NewSignaturePin, StaffClaims.Actor(context.User), cancellationToken), window);

    private static async Task<Results<Ok<DetailsChangeView>, ProblemHttpResult>> ChangeNameAsync(
        Guid id, NameChangeRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        DetailsChange(await window.ChangeNameAsync(id,
            new NameChange(request.FamilyName, request.GivenName, request.FamilyNameKana, request.GivenNameKana, request.FormerSurname),
            request.NewSignaturePin, StaffClaims.Actor(context.User), cancellationToken), window);

    private static async Task<Results<Ok<DetailsChangeView>, ProblemHttpResult>> ChangeResidenceStatusAsync(
        Guid id, ResidenceStatusRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (WindowProblems.UnlessDefined(request.Category, "residence category") is { } unknown)
            return unknown;
        ForeignResidence residence;
        try
        {
            residence = ForeignResidence.Of(request.Category, request.Date);
        }
        catch (ArgumentException e)
        {
            return WindowProblems.Of(Refusal.Invalid(new("在留資格と日付の組合せが正しくありません。（V3）", e.Message.Split(" (Parameter", 2)[0])));
        }
        return DetailsChange(await window.ChangeResidenceStatusAsync(id, residence, StaffClaims.Actor(context.User), cancellationToken), window);
    }

    private static async Task<Results<Ok<ResidentView>, ProblemHttpResult>> SupportMeasureAsync(
        Guid id, SupportMeasureRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.SetSupportMeasureAsync(id, request.Active, request.Residence, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(ResidentView.Of(outcome.Value)) : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<ResidentView>, ProblemHttpResult>> AdultWardAsync(
        Guid id, AdultWardRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.SetAdultWardAsync(id, request.IsAdultWard, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(ResidentView.Of(outcome.Value)) : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<MoveView>, ProblemHttpResult>> MoveOutAsync(
        Guid id, MoveOutRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.NoteMoveOutAsync(id, request.PlannedMoveDate, request.Destination, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(MoveView.Of(outcome.Value)) : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<MoveOutcomeView>, ProblemHttpResult>> MoveInAsync(
        Guid id, MoveInForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.MoveInAsync(id, request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(MoveOutcomeView.Of(outcome.Value, window.Today)) : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<MoveOutcomeView>, ProblemHttpResult>> ContinueAsync(
        Guid id, ContinuationRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.ContinueCardAsync(id, request.NewSignaturePin, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(MoveOutcomeView.Of(outcome.Value, window.Today)) : WindowProblems.Of(outcome.Refusal!);
    }

    private static Results<Ok<DetailsChangeView>, ProblemHttpResult> DetailsChange(WindowOutcome<DetailsChange> outcome, MunicipalWindow window) =>
        outcome.Succeeded ? TypedResults.Ok(DetailsChangeView.Of(outcome.Value, window.Today)) : WindowProblems.Of(outcome.Refusal!);
}

/// <summary>A new resident record. A foreign resident gives nationality, residence category and (except permanent statuses) its date (V3).</summary>
public sealed record ResidentRegistrationRequest(
    string Municipality, string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana, DateOnly BirthDate, Sex Sex,
    string Address, DateOnly? RegisteredOn = null, string? FormerSurname = null, string? Domicile = null, string? Nationality = null,
    ResidenceCategory? ResidenceCategory = null, DateOnly? ResidenceDate = null, bool IsAdultWard = false,
    string? HouseholdHead = null, string? RelationshipToHead = null)
{
    /// <summary>The window's form; null when the residence category and date do not fit together.</summary>
    internal ResidentRegistration? ToForm()
    {
        ForeignResidence? residence = null;
        if (ResidenceCategory is { } category)
        {
            try
            {
                residence = ForeignResidence.Of(category, ResidenceDate);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        return new ResidentRegistration(Municipality, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, Address,
            RegisteredOn, FormerSurname, Domicile, Nationality, residence, IsAdultWard, HouseholdHead, RelationshipToHead);
    }
}

/// <summary>An exact My Number to search for.</summary>
public sealed record MyNumberSearch(string MyNumber)
{
    public override string ToString() => "MyNumberSearch (hidden)";
}

/// <summary>The full My Number, after an audited reveal.</summary>
public sealed record RevealedMyNumber(string MyNumber)
{
    public override string ToString() => "RevealedMyNumber (hidden)";
}

/// <summary>M1: the new address, and a password for a new signature certificate (or none).</summary>
public sealed record AddressChangeRequest(string Address, string? NewSignaturePin = null)
{
    public override string ToString() => "AddressChangeRequest";
}

/// <summary>M1, M3: the new name, the former surname to show, and a password for a new signature certificate (or none).</summary>
public sealed record NameChangeRequest(
    string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana, string? FormerSurname = null, string? NewSignaturePin = null)
{
    public override string ToString() => "NameChangeRequest";
}

/// <summary>Q7: whether a support measure applies, and the 居所 (or null).</summary>
public sealed record SupportMeasureRequest(bool Active, string? Residence = null);

/// <summary>P4: whether the resident is an adult ward (成年被後見人).</summary>
public sealed record AdultWardRequest(bool IsAdultWard);

/// <summary>V4: the new residence category and its date.</summary>
public sealed record ResidenceStatusRequest(ResidenceCategory Category, DateOnly? Date);

/// <summary>V5: the planned move date and the destination of a move-out notice.</summary>
public sealed record MoveOutRequest(DateOnly PlannedMoveDate, string Destination);

/// <summary>V5: a password for a new signature certificate at continuation (the old one carried the old address), or none.</summary>
public sealed record ContinuationRequest(string? NewSignaturePin = null)
{
    public override string ToString() => "ContinuationRequest";
}
