using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Rules;
using Myna.Registry.Seals;
using Myna.Server.Staff;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>
/// What the window's and the kiosk's certificates show (U2.3), kept by window staff: the household and previous address
/// on the resident record, seal registrations (印鑑登録) and the seal certificate at the window (U2.10), tax assessments
/// by fiscal year (所得・課税), family registers (戸籍) with their members and attachment (附票). Every change is one
/// audited procedure of the window; every read of these records is audited under its resident or register.
/// </summary>
internal static class RecordEndpoints
{
    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder endpoints)
    {
        var residents = Group(endpoints, "/api/residents/{id:guid}");
        residents.MapPut("/household", HouseholdAsync).WithName("SetHousehold")
            .WithSummary("The household (世帯): its head (世帯主) and the relationship to them (続柄); empty values clear them.");
        residents.MapPut("/previous-address", PreviousAddressAsync).WithName("SetPreviousAddress")
            .WithSummary("The previous address (前住所) and the day the current address began (住所を定めた日), as the papers show them.");
        residents.MapGet("/seal-registrations", SealsOfAsync).WithName("GetSealRegistrations")
            .WithSummary("The resident's seal registrations (印鑑登録), newest first: the one in force and those abolished.");
        residents.MapPost("/seal-registrations", RegisterSealAsync).WithName("RegisterSeal")
            .WithSummary("Registers a seal: the card number handed over and the impression in words; 15 or over, no adult ward, one in force at a time.");
        residents.MapPost("/seal-certificate", SealCertificateAsync).WithName("IssueSealCertificate")
            .WithSummary("U2.10: a seal registration certificate at the window, on the seal registration card; the My Number card does not serve.");
        residents.MapGet("/tax-assessments", TaxesOfAsync).WithName("GetTaxAssessments")
            .WithSummary("The resident's income and tax assessments (所得・課税), newest fiscal year first.");
        residents.MapGet("/tax-assessments/{fiscalYear:int}", TaxAsync).WithName("GetTaxAssessment")
            .WithSummary("The resident's income and tax assessment of one fiscal year (年度).");
        residents.MapPut("/tax-assessments/{fiscalYear:int}", PutTaxAsync).WithName("PutTaxAssessment")
            .WithSummary("Records the assessment of a fiscal year, or corrects it (更正): the figures replace the old ones.");
        residents.MapGet("/family-registers", RegistersOfAsync).WithName("GetFamilyRegistersOfResident")
            .WithSummary("The family registers in which the resident has an entry, with whether they are still in it and alone in it (U2.6④).");

        var seals = Group(endpoints, "/api/seal-registrations");
        seals.MapGet("/{id:guid}", SealAsync).WithName("GetSealRegistration").WithSummary("One seal registration.");
        seals.MapPost("/{id:guid}/abolition", AbolishSealAsync).WithName("AbolishSeal")
            .WithSummary("Abolishes a seal registration (廃止) for a reason: at request, card lost, moved out, name changed, deceased.");

        var registers = Group(endpoints, "/api/family-registers");
        registers.MapPost("", MakeRegisterAsync).WithName("MakeFamilyRegister")
            .WithSummary("Makes a family register (戸籍の編製): the municipality, the domicile (本籍) and the head (筆頭者).");
        registers.MapGet("/{id:guid}", RegisterAsync).WithName("GetFamilyRegister")
            .WithSummary("A family register with every member (removed ones marked), their events and attachment.");
        registers.MapPost("/{id:guid}/members", EnterMemberAsync).WithName("EnterFamilyMember")
            .WithSummary("Enters a member with the events of the entry (出生, 婚姻 …), optionally linked to a resident.");
        registers.MapPost("/{id:guid}/members/{memberId:guid}/events", AddEventAsync).WithName("AddFamilyEvent")
            .WithSummary("Adds an event (身分事項) to a member's entry.");
        registers.MapPost("/{id:guid}/members/{memberId:guid}/attachment", AddAddressAsync).WithName("AddAttachmentAddress")
            .WithSummary("Adds an address to the member's attachment (戸籍の附票); a current one that began earlier ends the day before.");
        registers.MapPost("/{id:guid}/members/{memberId:guid}/removal", RemoveMemberAsync).WithName("RemoveFamilyMember")
            .WithSummary("Removes a member from the register (除籍) on a day, for a reason (婚姻, 死亡, 分籍 …).");
        return endpoints;
    }

    /// <summary>A group of the records' routes: window staff only.</summary>
    private static RouteGroupBuilder Group(IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGroup(prefix).WithTags("Records").RequireAuthorization(StaffPolicies.WindowStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    private static readonly LocalizedText SealWords = new("印鑑登録", "seal registrations");

    private static readonly LocalizedText TaxWords = new("所得・課税の記録", "income and tax assessments");

    private static async Task<Results<Ok<ResidentView>, ProblemHttpResult>> HouseholdAsync(
        Guid id, HouseholdRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await window.SetHouseholdAsync(id, request.HouseholdHead, request.RelationshipToHead, StaffClaims.Actor(context.User), cancellationToken),
            ResidentView.Of);

    private static async Task<Results<Ok<ResidentView>, ProblemHttpResult>> PreviousAddressAsync(
        Guid id, PreviousAddressForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await window.SetPreviousAddressAsync(id, request, StaffClaims.Actor(context.User), cancellationToken), ResidentView.Of);

    private static async Task<Results<Ok<IReadOnlyList<SealRegistrationView>>, NotFound>> SealsOfAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (await window.SealRegistrationsOfAsync(id, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        await window.AuditRecordsViewedAsync(id, SealWords, StaffClaims.Actor(context.User), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SealRegistrationView>>([.. found.Select(SealRegistrationView.Of)]);
    }

    private static async Task<Results<Created<SealRegistrationView>, ProblemHttpResult>> RegisterSealAsync(
        Guid id, SealRegistrationForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.RegisterSealAsync(id, request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/seal-registrations/{outcome.Value.Id}", SealRegistrationView.Of(outcome.Value))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<SealCertificateView>, ProblemHttpResult>> SealCertificateAsync(
        Guid id, SealCertificateRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (WindowProblems.UnlessDefined(request.Presented, "presented") is { } unknown)
            return unknown;
        return Answer(await window.IssueSealCertificateAsync(id, request.Presented, request.CardNumber, StaffClaims.Actor(context.User), cancellationToken),
            SealCertificateView.Of);
    }

    private static async Task<Results<Ok<SealRegistrationView>, NotFound>> SealAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (await window.SealRegistrationAsync(id, cancellationToken) is not { } registration)
            return TypedResults.NotFound();
        await window.AuditRecordsViewedAsync(registration.ResidentId, SealWords, StaffClaims.Actor(context.User), cancellationToken);
        return TypedResults.Ok(SealRegistrationView.Of(registration));
    }

    private static async Task<Results<Ok<SealRegistrationView>, ProblemHttpResult>> AbolishSealAsync(
        Guid id, SealAbolitionRequest request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (WindowProblems.UnlessDefined(request.Reason, "reason") is { } unknown)
            return unknown;
        return Answer(await window.AbolishSealAsync(id, request.Reason, request.AbolishedOn, StaffClaims.Actor(context.User), cancellationToken),
            SealRegistrationView.Of);
    }

    private static async Task<Results<Ok<IReadOnlyList<TaxAssessmentView>>, NotFound>> TaxesOfAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (await window.TaxAssessmentsOfAsync(id, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        await window.AuditRecordsViewedAsync(id, TaxWords, StaffClaims.Actor(context.User), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TaxAssessmentView>>([.. found.Select(t => TaxAssessmentView.Of(t, window.Today))]);
    }

    private static async Task<Results<Ok<TaxAssessmentView>, NotFound>> TaxAsync(
        Guid id, int fiscalYear, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (await window.TaxAssessmentAsync(id, fiscalYear, cancellationToken) is not { } assessment)
            return TypedResults.NotFound();
        await window.AuditRecordsViewedAsync(id, TaxWords, StaffClaims.Actor(context.User), cancellationToken);
        return TypedResults.Ok(TaxAssessmentView.Of(assessment, window.Today));
    }

    private static async Task<Results<Ok<TaxAssessmentView>, ProblemHttpResult>> PutTaxAsync(
        Guid id, int fiscalYear, TaxAssessmentForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await window.RecordTaxAssessmentAsync(id, fiscalYear, request, StaffClaims.Actor(context.User), cancellationToken),
            t => TaxAssessmentView.Of(t, window.Today));

    private static async Task<Results<Ok<IReadOnlyList<FamilyRegisterEntryView>>, NotFound>> RegistersOfAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (await window.FamilyRegistersOfAsync(id, cancellationToken) is not { } found)
            return TypedResults.NotFound();
        foreach (var entry in found)
            await window.AuditFamilyRegisterViewedAsync(entry.Register.Id, StaffClaims.Actor(context.User), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<FamilyRegisterEntryView>>([.. found.Select(FamilyRegisterEntryView.Of)]);
    }

    private static async Task<Results<Created<FamilyRegisterView>, ProblemHttpResult>> MakeRegisterAsync(
        FamilyRegisterForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await window.MakeFamilyRegisterAsync(request, StaffClaims.Actor(context.User), cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/family-registers/{outcome.Value.Id}", FamilyRegisterView.Of(outcome.Value))
            : WindowProblems.Of(outcome.Refusal!);
    }

    private static async Task<Results<Ok<FamilyRegisterView>, NotFound>> RegisterAsync(
        Guid id, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (await window.FamilyRegisterAsync(id, cancellationToken) is not { } register)
            return TypedResults.NotFound();
        await window.AuditFamilyRegisterViewedAsync(id, StaffClaims.Actor(context.User), cancellationToken);
        return TypedResults.Ok(FamilyRegisterView.Of(register));
    }

    private static async Task<Results<Ok<FamilyRegisterView>, ProblemHttpResult>> EnterMemberAsync(
        Guid id, FamilyMemberForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken)
    {
        if (WindowProblems.UnlessDefined(request.Sex, "sex") is { } unknown)
            return unknown;
        return Answer(await window.EnterFamilyMemberAsync(id, request, StaffClaims.Actor(context.User), cancellationToken), FamilyRegisterView.Of);
    }

    private static async Task<Results<Ok<FamilyRegisterView>, ProblemHttpResult>> AddEventAsync(
        Guid id, Guid memberId, FamilyEventForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await window.AddFamilyEventAsync(id, memberId, request, StaffClaims.Actor(context.User), cancellationToken), FamilyRegisterView.Of);

    private static async Task<Results<Ok<FamilyRegisterView>, ProblemHttpResult>> AddAddressAsync(
        Guid id, Guid memberId, AttachmentAddressForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await window.AddAttachmentAddressAsync(id, memberId, request, StaffClaims.Actor(context.User), cancellationToken), FamilyRegisterView.Of);

    private static async Task<Results<Ok<FamilyRegisterView>, ProblemHttpResult>> RemoveMemberAsync(
        Guid id, Guid memberId, MemberRemovalForm request, MunicipalWindow window, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await window.RemoveFamilyMemberAsync(id, memberId, request, StaffClaims.Actor(context.User), cancellationToken), FamilyRegisterView.Of);

    /// <summary>A procedure's outcome as 200 with its view, or the refusal as problem details.</summary>
    private static Results<Ok<TView>, ProblemHttpResult> Answer<T, TView>(WindowOutcome<T> outcome, Func<T, TView> view) =>
        outcome.Succeeded ? TypedResults.Ok(view(outcome.Value)) : WindowProblems.Of(outcome.Refusal!);
}

/// <summary>The household (世帯): its head and the relationship to them; null or empty clears each.</summary>
public sealed record HouseholdRequest(string? HouseholdHead, string? RelationshipToHead);

/// <summary>U2.10: what was presented for a seal certificate at the window, and the seal registration card's number.</summary>
public sealed record SealCertificateRequest(PresentedDocument Presented = PresentedDocument.SealRegistrationCard, string? CardNumber = null)
{
    public override string ToString() => "SealCertificateRequest";
}

/// <summary>Why and when (null: today) a seal registration is abolished.</summary>
public sealed record SealAbolitionRequest(SealAbolitionReason Reason, DateOnly? AbolishedOn = null);
