using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance;
using Myna.ConvenienceIssuance.Centre;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Server.Staff;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.Server.Kiosk;

/// <summary>The card's answer as the machine sends it: the user-authentication certificate and the signature over the challenge.</summary>
public sealed record CardAnswer(string Certificate, string Signature);

/// <summary>The machine's payment: its own id for it (sent again after a lost answer) and the amount taken.</summary>
public sealed record PaymentBody(Guid PaymentId, int AmountYen);

/// <summary>The machine's report on a print job.</summary>
public sealed record PrintReport(bool Printed);

/// <summary>A print job as the machine receives it: the binding and the PDF (base64).</summary>
public sealed record PrintJobView(Guid JobId, string IssueNumber, Guid SessionId, Guid MachineId, string ChallengeHash, string DocumentHash, string Pdf);

/// <summary>A municipality's kiosk settings as the administrators' API shows them.</summary>
public sealed record KioskSettingsView(
    string Municipality, string Name, IReadOnlyDictionary<Registry.Rules.KioskCertificate, int> Fees, IReadOnlyList<DateOnly> MaintenanceDays,
    bool FamilyRegisterForNonResidents, Registry.Rules.DailyHours? CityHallMachine)
{
    public static KioskSettingsView Of(Myna.Kiosk.KioskSettings s) => new(s.Municipality.Value, s.Name.Current, s.Fees,
        [.. s.MaintenanceDays.Order()], s.FamilyRegisterForNonResidents, s.CityHallMachineHours);
}

/// <summary>A seal to check, as read from a printed certificate's QR code.</summary>
public sealed record SealCheckBody(string Seal);

/// <summary>
/// What a seal says and whether it is genuine: offline (the signature and the municipality's certificate) and online
/// (the municipality's records know the issue number with this very content).
/// </summary>
public sealed record SealCheckView(
    bool Valid, string? Failure, string Reason, string? IssueNumber, string? Municipality, string? Title, DateOnly? IssuedOn,
    IReadOnlyList<string[]>? Fields, bool Issued, DateTimeOffset? PrintedAt);

/// <summary>
/// The kiosk service over HTTP: the machines' API (each call carries <c>Authorization: Kiosk {machine id}:{secret}</c>;
/// the issuance centre answers only for the machine's own sessions), the public check of a printed certificate and the
/// municipalities' sealing certificates, and the staff's daily settlement.
/// </summary>
internal static class KioskEndpoints
{
    public static IEndpointRouteBuilder MapMynaKiosk(this IEndpointRouteBuilder endpoints)
    {
        var machine = endpoints.MapGroup("/api/kiosk/machine").WithTags("Kiosk machines").AllowAnonymous();
        machine.MapPost("/sessions", OpenAsync).WithSummary("U2.4 ①: opens a transaction; the challenge the card signs.");
        machine.MapGet("/sessions/unfinished", UnfinishedAsync).WithSummary("The paid transaction not yet printed, if any (after a restart).");
        machine.MapPost("/sessions/{id:guid}/card", CardAsync).WithSummary("U2.4 ②③: the card's answer; the municipalities the holder may choose.");
        machine.MapPost("/sessions/{id:guid}/order", OrderAsync).WithSummary("U2.4 ④⑤: the municipality decides; the fee.");
        machine.MapPost("/sessions/{id:guid}/payment", PayAsync).WithSummary("U2.4 ⑥: the payment and the documents, together; idempotent by payment id.");
        machine.MapGet("/sessions/{id:guid}/print-jobs/next", NextPrintAsync).WithSummary("U2.4 ⑦: the next copy bound to this session (204 when none).");
        machine.MapPost("/sessions/{id:guid}/print-jobs/{jobId:guid}", ReportPrintAsync).WithSummary("Printed, or failed (then printed again, never charged again).");
        machine.MapPost("/sessions/{id:guid}/cancel", CancelAsync).WithSummary("Ends the transaction before payment (U2.8: not after).");

        endpoints.MapPost("/api/kiosk/verify", VerifyAsync).WithTags("Kiosk certificates").AllowAnonymous()
            .WithSummary("Checks a printed certificate's seal (its QR code's text): signature, the municipality's certificate, and the municipality's record of it.");
        endpoints.MapGet("/api/kiosk/seal-certificates", SealCertificates).WithTags("Kiosk certificates").AllowAnonymous()
            .WithSummary("The seal authority's certificate and the municipalities' sealing certificates (PEM), to check seals offline.");
        endpoints.MapGet("/api/kiosk/settlements/{municipality}/{day}", SettlementAsync).WithTags("Kiosk certificates")
            .RequireAuthorization(StaffPolicies.Administrator).WithSummary("A municipality's daily settlement: each store's takings, the totals, whether the day is closed.");
        var settings = endpoints.MapGroup("/api/kiosk/settings").WithTags("Kiosk certificates").RequireAuthorization(StaffPolicies.Administrator);
        settings.MapGet("", SettingsAsync).WithSummary("U2.9: every municipality's kiosk settings: certificates and fees, maintenance days, use registration, city-hall machine.");
        settings.MapPut("/{municipality}", UpdateSettingsAsync).WithSummary("U2.9: replaces a municipality's kiosk settings (audited).");
        return endpoints;
    }

    private static Ok<IEnumerable<KioskSettingsView>> SettingsAsync(KioskServiceSettings settings) =>
        TypedResults.Ok(settings.Current.Values.OrderBy(s => s.Municipality.Value, StringComparer.Ordinal).Select(KioskSettingsView.Of));

    private static async Task<IResult> UpdateSettingsAsync(
        string municipality, KioskSettingsForm form, KioskServiceSettings settings, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var updated = await settings.UpdateAsync(municipality, form, StaffClaims.Actor(user), cancellationToken);
        return updated.Refusal is { } refusal
            ? TypedResults.Problem(statusCode: refusal.Code == "conflict" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                title: refusal.Text.Current, extensions: new Dictionary<string, object?> { ["code"] = refusal.Code, ["ruleId"] = refusal.Rule })
            : TypedResults.Ok(KioskSettingsView.Of(updated.Value!));
    }

    private static MachineCredentials? Credentials(HttpRequest request) =>
        Security.DeviceAuthorization.Parse(request, "Kiosk") is { } device ? new MachineCredentials(device.Id, device.Secret) : null;

    private static async Task<IResult> WithMachineAsync<T>(HttpRequest request, Func<MachineCredentials, Task<KioskAnswer<T>>> call, Func<T, IResult> ok)
    {
        if (Credentials(request) is not { } credentials)
            return Problem(KioskRefusals.UnknownMachine);
        var answer = await call(credentials);
        return answer.Refusal is { } refusal ? Problem(refusal) : ok(answer.Value!);
    }

    private static Task<IResult> OpenAsync(HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.OpenAsync(c, cancellationToken),
            s => TypedResults.Created((string?)null, new { s.SessionId, Challenge = Convert.ToBase64String(s.Challenge), s.ExpiresAt }));

    private static Task<IResult> UnfinishedAsync(HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.UnfinishedAsync(c, cancellationToken), id => TypedResults.Ok(new { SessionId = id }));

    private static async Task<IResult> CardAsync(Guid id, CardAnswer body, HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken)
    {
        if (Base64(body.Certificate, 4096) is not { } certificate || Base64(body.Signature, 1024) is not { } signature)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Ui.Bilingual.T("証明書または署名の形式が正しくありません。", "The certificate or the signature is not base64."));
        return await WithMachineAsync(request, c => centre.AuthenticateAsync(c, id, certificate, signature, cancellationToken), a => TypedResults.Ok(a));
    }

    private static Task<IResult> OrderAsync(Guid id, CertificateOrder order, HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.OrderAsync(c, id, order, cancellationToken), q => TypedResults.Ok(q));

    private static Task<IResult> PayAsync(Guid id, PaymentBody body, HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.PayAsync(c, id, body.PaymentId, body.AmountYen, cancellationToken), r => TypedResults.Ok(r));

    private static Task<IResult> NextPrintAsync(Guid id, HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.NextPrintAsync(c, id, cancellationToken), job => job is null
            ? TypedResults.NoContent()
            : TypedResults.Ok(new PrintJobView(job.JobId, job.IssueNumber, job.Binding.SessionId, job.Binding.MachineId,
                Convert.ToHexString(job.Binding.ChallengeHash), Convert.ToHexString(job.Binding.DocumentHash), Convert.ToBase64String(job.Pdf))));

    private static Task<IResult> ReportPrintAsync(Guid id, Guid jobId, PrintReport body, HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.ReportPrintAsync(c, id, jobId, body.Printed, cancellationToken), done => TypedResults.Ok(new { AllPrinted = done }));

    private static Task<IResult> CancelAsync(Guid id, HttpRequest request, IssuanceCentre centre, CancellationToken cancellationToken) =>
        WithMachineAsync(request, c => centre.CancelAsync(c, id, null, cancellationToken), _ => TypedResults.NoContent());

    private static async Task<Results<Ok<SealCheckView>, ProblemHttpResult>> VerifyAsync(
        SealCheckBody body, IssuedCertificateCheck certificates, CancellationToken cancellationToken)
    {
        if (!IssuedCertificateCheck.IsPlausible(body.Seal))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Ui.Bilingual.T("QRコードの内容を入力してください。", "Give the text of the certificate's QR code."));
        var check = await certificates.CheckAsync(body.Seal, cancellationToken);
        if (check.Seal.Content is not { } content)
            return TypedResults.Ok(new SealCheckView(false, check.Seal.Failure.ToString(), check.Seal.Reason.Current, null, null, null, null, null, false, null));
        return TypedResults.Ok(new SealCheckView(true, null, check.Seal.Reason.Current, content.IssueNumber, content.Municipality.Name,
            content.Title.Current, content.IssueDate,
            [.. content.Body.OfType<CertificateField>().Select(f => new[] { f.Label, f.Value })], check.Issued, check.PrintedAt));
    }

    private static Ok<object> SealCertificates(SealKeyring seals) => TypedResults.Ok<object>(new
    {
        Authority = seals.Root.ExportCertificatePem(),
        Municipalities = seals.SealingCertificates.Select(c => new { Subject = c.Subject, Certificate = c.ExportCertificatePem() }),
    });

    private static async Task<Results<Ok<SettlementReport>, ProblemHttpResult>> SettlementAsync(
        string municipality, DateOnly day, DailySettlement settlement, CancellationToken cancellationToken)
    {
        if (Registry.Municipalities.LocalGovernmentCode.Parse(municipality) is not { Success: true } code)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Ui.Bilingual.T("市区町村コードが正しくありません。", "Not a local government code."));
        return TypedResults.Ok(await settlement.ReportAsync(code.Value.Value, day, cancellationToken));
    }

    private static byte[]? Base64(string? text, int maxBytes) => Security.DeviceAuthorization.Base64(text, maxBytes);

    /// <summary>A refusal as problem details: the status by what it is, the rule and the code as extensions.</summary>
    private static IResult Problem(KioskRefusal refusal) => TypedResults.Problem(
        statusCode: refusal.Code switch
        {
            "machine-unknown" => StatusCodes.Status401Unauthorized,
            "session-unknown" or "job-unknown" => StatusCodes.Status404NotFound,
            "bad-copies" or "fiscal-year-required" or "municipality-unknown" => StatusCodes.Status400BadRequest,
            "certificate-revoked" or "certificate-expired" or "bad-signature" or "wrong-certificate" or "holder-unknown" => StatusCodes.Status403Forbidden,
            "status-unavailable" => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status409Conflict,
        },
        title: refusal.Text.Current,
        extensions: new Dictionary<string, object?> { ["code"] = refusal.Code, ["ruleId"] = refusal.Rule });
}
