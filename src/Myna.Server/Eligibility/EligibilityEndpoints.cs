using static System.FormattableString;
using Microsoft.AspNetCore.Http.HttpResults;
using Myna.OnlineEligibility;
using Myna.OnlineEligibility.Receipts;
using Myna.OnlineEligibility.Terminals;
using Myna.Server.Security;
using Myna.Storage.Eligibility;

namespace Myna.Server.Eligibility;

/// <summary>The patient's consent as the terminal sends it.</summary>
public sealed record ConsentBody(bool Medication, bool HealthChecks, bool Treatments, bool HighCostCeiling);

/// <summary>The card's answer as the terminal sends it (base64; no signature after a face or staff check).</summary>
public sealed record CheckAnswerBody(string Certificate, string? Signature, IdentityCheck Identity, ConsentBody? Consent);

/// <summary>How many challenges a terminal asks for at once (1 to 32).</summary>
public sealed record ChallengeBatchBody(int Count);

/// <summary>A check's challenge given ahead or at an open (base64): the card signs SHA-256 of it after the PIN.</summary>
public sealed record IssuedChallenge(Guid CheckId, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>A receipt to check: its content exactly as kept, and the signature (base64).</summary>
public sealed record ReceiptBody(string Content, string Signature);

/// <summary>
/// The online eligibility service over HTTP: the reception terminals' API (each call carries
/// <c>Authorization: Terminal {terminal id}:{secret}</c>; the service answers only for the terminal's own checks), and for
/// anyone the receipts' public key and their check.
/// </summary>
internal static class EligibilityEndpoints
{
    public static IEndpointRouteBuilder MapMynaEligibility(this IEndpointRouteBuilder endpoints)
    {
        // The terminals' own credentials, checked by the service: the sign-in and authorization middleware are skipped.
        // Their bodies carry no validation attributes and each endpoint checks what it takes (the refusals below), so the
        // framework's validation filter, which walked every property of every answer for nothing, is not run for them.
        var terminal = endpoints.MapGroup("/api/eligibility/terminal").WithTags("Online eligibility").RequireDeviceCredentialsOnly().DisableValidation();
        terminal.MapPost("/checks", OpenAsync).WithSummary("U1.2: opens a check; the challenge the card signs after the PIN.");
        terminal.MapPost("/challenges", IssueChallengesAsync)
            .WithSummary("U1.2: challenges given ahead (1 to 32), nothing written; each check is then one answer, written when it comes.");
        terminal.MapGet("/checks/{id:guid}", ViewAsync)
            .WithSummary("U1.4: a check of this institution as its staff see it during the visit: the answer and the consent it was given with.");
        terminal.MapPost("/checks/{id:guid}/answer", AnswerAsync)
            .WithSummary("U1.2–U1.4, U1.6: the card's answer and the patient's consent; the eligibility on the visit day, or why not, with a signed receipt.");
        endpoints.MapGet("/api/eligibility/receipt-key", (ReceiptSigner receipts) => TypedResults.Text(receipts.PublicKeyPem, "application/x-pem-file"))
            .WithTags("Online eligibility").AllowAnonymous().WithSummary("The public key that verifies the service's receipts (SubjectPublicKeyInfo, PEM).");
        endpoints.MapPost("/api/eligibility/receipts/verify", Verify).WithTags("Online eligibility").AllowAnonymous()
            .WithSummary("Whether a receipt is the service's, unchanged.");
        var institutions = endpoints.MapGroup("/api/eligibility/institutions").WithTags("Online eligibility")
            .RequireAuthorization(Staff.StaffPolicies.Administrator);
        institutions.MapGet("", InstitutionsAsync).WithSummary("The medical institutions that check insurance with the card, with their terminals.");
        institutions.MapPost("", AddInstitutionAsync)
            .WithSummary("Registers a medical institution (or finds it by code) and new reception terminals; each terminal's secret is shown once.");
        return endpoints;
    }

    /// <summary>A medical institution to register, with how many new terminals.</summary>
    public sealed record InstitutionBody(string? Code, string? Name, InstitutionKind Kind, int Terminals = 1);

    private static async Task<IResult> InstitutionsAsync(Institutions institutions, CancellationToken cancellationToken) =>
        TypedResults.Ok((await institutions.AllAsync(cancellationToken)).Select(i => new { i.Institution.Code, i.Institution.Name, i.Institution.Kind, i.Terminals }));

    private static async Task<IResult> AddInstitutionAsync(InstitutionBody body, Institutions institutions, CancellationToken cancellationToken)
    {
        if (!Institutions.IsInstitutionCode(body.Code) || string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > MedicalInstitution.MaxNameLength
            || !Enum.IsDefined(body.Kind) || body.Terminals is < 1 or > 20)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Ui.Bilingual.T(
                "医療機関コード（10桁）、名称（100文字以内）、種別、端末の台数（1〜20）を正しく入力してください。",
                "Give the institution code (10 digits), the name (at most 100 characters), the kind and 1 to 20 terminals."));
        var terminals = await institutions.AddAsync(body.Code!, body.Name.Trim(), body.Kind, body.Terminals, cancellationToken);
        return TypedResults.Created((string?)null, terminals.Select(t => new { t.Id, t.Number, t.Secret }));
    }

    private static async Task<IResult> ViewAsync(Guid id, HttpRequest request, EligibilityService service, CancellationToken cancellationToken)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(EligibilityRefusals.UnknownTerminal);
        var view = await service.ViewAsync(credentials, id, cancellationToken);
        return view.Refusal is { } refusal ? Problem(refusal) : TypedResults.Ok(view.Value);
    }

    private static TerminalCredentials? Credentials(HttpRequest request) =>
        Security.DeviceAuthorization.Parse(request, "Terminal") is { } device ? new TerminalCredentials(device.Id, device.Secret) : null;

    private static async Task<IResult> OpenAsync(HttpRequest request, EligibilityService service, CancellationToken cancellationToken)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(EligibilityRefusals.UnknownTerminal);
        var opened = await service.OpenAsync(credentials, cancellationToken);
        return opened.Refusal is { } refusal ? Problem(refusal)
            : TypedResults.Created((string?)null, new { opened.Value!.CheckId, Challenge = Convert.ToBase64String(opened.Value.Challenge), opened.Value.ExpiresAt });
    }

    private static async Task<IResult> IssueChallengesAsync(ChallengeBatchBody body, HttpRequest request, EligibilityService service, CancellationToken cancellationToken)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(EligibilityRefusals.UnknownTerminal);
        var issued = await service.IssueChallengesAsync(credentials, body.Count, cancellationToken);
        return issued.Refusal is { } refusal ? Problem(refusal)
            : TypedResults.Ok(issued.Value!.Select(c => new IssuedChallenge(c.CheckId, Convert.ToBase64String(c.Challenge), c.ExpiresAt)).ToList());
    }

    private static async Task<IResult> AnswerAsync(Guid id, CheckAnswerBody body, HttpRequest request, EligibilityService service, CancellationToken cancellationToken)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(EligibilityRefusals.UnknownTerminal);
        if (!Enum.IsDefined(body.Identity) || Base64(body.Certificate, 4096) is not { } certificate
            || (body.Signature is { Length: > 0 } && Base64(body.Signature, 1024) is null))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Ui.Bilingual.T("証明書・署名・本人確認の方法の形式が正しくありません。", "The certificate, the signature or the identity check is not well formed."));
        var signature = body.Signature is { Length: > 0 } text ? Base64(text, 1024) : null;
        var consent = body.Consent is { } c ? new Consent(c.Medication, c.HealthChecks, c.Treatments, c.HighCostCeiling) : Consent.None;
        var answered = await service.AnswerAsync(credentials, id, new CardAnswer(certificate, signature, body.Identity, consent), cancellationToken);
        return answered.Refusal is { } refusal ? Problem(refusal) : TypedResults.Ok(answered.Value);
    }

    /// <summary>
    /// A well-formed receipt is answered whether it verifies; what is not a receipt at all (no content, content longer
    /// than any receipt, a signature that is not base64 of at most 64 bytes) is a 400, as for every malformed body.
    /// </summary>
    private static IResult Verify(ReceiptBody body, ReceiptSigner receipts)
    {
        if (body.Content is not { Length: > 0 and <= EligibilityReceiptRow.MaxContentLength } || Base64(body.Signature, 64) is not { } signature)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Ui.Bilingual.T(
                "受付の控えは、content（内容）と signature（署名、base64）の組で送ってください。",
                Invariant($"A receipt is its content (at most {EligibilityReceiptRow.MaxContentLength} characters) and its signature (base64 of at most 64 bytes).")));
        return TypedResults.Ok<object>(new { Valid = ReceiptSigner.Verify(receipts.PublicKeyPem, body.Content, signature) });
    }

    private static byte[]? Base64(string? text, int maxBytes) => Security.DeviceAuthorization.Base64(text, maxBytes);

    private static IResult Problem(EligibilityRefusal refusal) => TypedResults.Problem(
        statusCode: refusal.Code switch
        {
            "terminal-unknown" => StatusCodes.Status401Unauthorized,
            "check-unknown" => StatusCodes.Status404NotFound,
            "signature-required" or "challenge-count" => StatusCodes.Status400BadRequest,
            "certificate-revoked" or "certificate-expired" or "bad-signature" or "wrong-certificate" or "holder-unknown" => StatusCodes.Status403Forbidden,
            "status-unavailable" => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status409Conflict,
        },
        title: refusal.Text.Current,
        extensions: new Dictionary<string, object?> { ["code"] = refusal.Code, ["ruleId"] = refusal.Rule });
}
