using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Myna.Pki.Verification;
using Myna.Primitives;

namespace Myna.Pki.Http;

public static partial class JpkiEndpointRouteBuilderExtensions
{
    /// <summary>Largest body of <c>POST {prefix}/login</c>: a certificate, a signature and a challenge, in base64 and JSON.</summary>
    public const int MaxLoginRequestBytes = 64 * 1024;

    /// <summary>Largest body of <c>POST {prefix}/cms</c>.</summary>
    public const int MaxCmsRequestBytes = 16 * 1024 * 1024;

    /// <summary>Maps the <see cref="JpkiVerifier"/> registered in the container at <paramref name="prefix"/>.</summary>
    /// <inheritdoc cref="MapJpkiVerification(IEndpointRouteBuilder, JpkiVerifier, string)"/>
    public static IEndpointRouteBuilder MapJpkiVerification(this IEndpointRouteBuilder endpoints, string prefix = "/verify")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapJpkiVerification(endpoints.ServiceProvider.GetRequiredService<JpkiVerifier>(), prefix);
    }

    /// <summary>
    /// Verification for relying parties over HTTP (E3): <c>POST {prefix}/login</c> with JSON
    /// <c>{"challenge","signature","certificate"}</c> and <c>POST {prefix}/cms</c> with JSON
    /// <c>{"signedData","content"}</c> (<c>content</c> only for a detached signature), every value base64.
    /// </summary>
    /// <remarks>
    /// A request that could be judged is answered 200 with <c>{"valid", "failure":{"code","message"},
    /// "certificate":{…}, "revocation":{…}, "timeOfUse", "signingTime", "signer":{…}}</c> — including bytes that
    /// turn out not to be a certificate or CMS (<c>MalformedInput</c>). A request that cannot be read (not JSON,
    /// a field missing, not base64, too large) is 400 problem details. Nothing answers 500: anything unexpected is
    /// 503 problem details ("try again").
    /// </remarks>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="verifier">The verifier to answer with.</param>
    /// <param name="prefix">Path of the endpoints; default <c>/verify</c>.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapJpkiVerification(this IEndpointRouteBuilder endpoints, JpkiVerifier verifier, string prefix = "/verify")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        prefix = "/" + prefix.Trim('/');
        endpoints.MapPost(prefix + "/login", Handler(context => AnswerAsync(context, MaxLoginRequestBytes, VerificationJson.Default.LoginRequest, async (request, ct) =>
        {
            var challenge = Base64(request.Challenge, "challenge");
            var signature = Base64(request.Signature, "signature");
            var certificate = Base64(request.Certificate, "certificate");
            return await verifier.VerifyLoginAsync(challenge, signature, certificate, ct).ConfigureAwait(false);
        }))).WithDisplayName("Verify login")
            .WithSummary("Verifies a JPKI login: the card's signature over a challenge, with its authentication certificate")
            .WithVerificationContract<LoginRequest>();
        endpoints.MapPost(prefix + "/cms", Handler(context => AnswerAsync(context, MaxCmsRequestBytes, VerificationJson.Default.CmsRequest, async (request, ct) =>
        {
            var signedData = Base64(request.SignedData, "signedData");
            return request.Content is null
                ? await verifier.VerifyDocumentAsync(signedData, ct).ConfigureAwait(false)
                : await verifier.VerifyDetachedDocumentAsync(signedData, Base64(request.Content, "content"), ct).ConfigureAwait(false);
        }))).WithDisplayName("Verify CMS")
            .WithSummary("Verifies a CMS SignedData made with a signature certificate (content enclosed or detached)")
            .WithVerificationContract<CmsRequest>();
        return endpoints;
    }

    /// <summary>What the API description says of a verification endpoint: its JSON body and answers.</summary>
    private static RouteHandlerBuilder WithVerificationContract<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.WithTags(PublicTag)
            .Accepts<TRequest>("application/json")
            .Produces<VerificationResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task AnswerAsync<TRequest>(
        HttpContext context, int maxBytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type,
        Func<TRequest, CancellationToken, Task<VerificationResult>> verify)
        where TRequest : class
    {
        IResult result;
        try
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = maxBytes;
            if (context.Request.ContentLength > maxBytes)
                throw new BadRequestException("The request body is too large.");
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false)
                ?? throw new BadRequestException("The request body is JSON null.");
            var verification = await verify(request, context.RequestAborted).ConfigureAwait(false);
            result = Results.Json(VerificationResponse.From(verification), VerificationJson.Default.VerificationResponse);
        }
        catch (BadRequestException e)
        {
            result = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable verification request", detail: e.Message);
        }
        catch (JsonException)
        {
            result = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable verification request", detail: "The body is not the expected JSON.");
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits (body too large, client too slow).
            result = Results.Problem(statusCode: e.StatusCode, title: "Unreadable verification request", detail: "The request body could not be read.");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client went away.
        }
#pragma warning disable CA1031 // Never 500: anything unexpected is "try again", and says nothing of the input.
        catch (Exception)
        {
            result = Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Verification could not be completed");
        }
#pragma warning restore CA1031
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static byte[] Base64(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
            throw new BadRequestException($"The field '{field}' is missing or empty.");
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new BadRequestException($"The field '{field}' is not base64.");
        }
    }

    /// <summary>A request the endpoint cannot read (400). Its message names the field, never the value.</summary>
    private sealed class BadRequestException(string message) : Exception(message);
}

/// <summary>Body of <c>POST /verify/login</c>: base64 of the challenge, the card's signature and its DER certificate.</summary>
public sealed record LoginRequest(string? Challenge, string? Signature, string? Certificate);

/// <summary>Body of <c>POST /verify/cms</c>: base64 of the DER SignedData, and of the content when detached.</summary>
public sealed record CmsRequest(string? SignedData, string? Content);

/// <summary>The JSON answer of the verification endpoints (a view of <see cref="VerificationResult"/>).</summary>
public sealed record VerificationResponse(
    bool Valid, VerificationResponse.FailureBody? Failure, VerificationResponse.CertificateBody? Certificate,
    VerificationResponse.RevocationBody? Revocation, DateTimeOffset TimeOfUse, DateTimeOffset? SigningTime,
    bool RevokedAfterTimeOfUse, VerificationResponse.SignerBody? Signer)
{
    /// <summary>Why verification failed.</summary>
    public sealed record FailureBody(VerificationFailureCode Code, string Message);

    /// <summary>The certificate checked.</summary>
    public sealed record CertificateBody(string SerialNumber, JpkiHierarchy? Hierarchy, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

    /// <summary>The revocation answer.</summary>
    public sealed record RevocationBody(RevocationState State, string Source, DateTimeOffset? RevokedAt, string? Reason, DateTimeOffset? ValidUntil, string? Detail);

    /// <summary>The signer's four basic details from the signature certificate (E1); birth date as <c>yyyy-MM-dd</c>.</summary>
    public sealed record SignerBody(string Name, string BirthDate, Sex Sex, string Address);

    internal static VerificationResponse From(VerificationResult result) => new(
        result.IsValid,
        result.Failure is { } f ? new FailureBody(f.Code, f.Message) : null,
        result.Certificate is { } c ? new CertificateBody(c.SerialNumber, c.Hierarchy, c.NotBefore, c.NotAfter) : null,
        result.Revocation is { } r ? new RevocationBody(r.State, r.Source, r.RevokedAt, r.Reason?.ToString(), r.ValidUntil, r.Detail) : null,
        result.TimeOfUse,
        result.SigningTime,
        result.RevokedAfterTimeOfUse,
        result.Signer is { } s
            ? new SignerBody(s.Name, s.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Sex, s.Address)
            : null);
}

/// <summary>Source-generated JSON for the verification endpoints: camelCase, enums as names.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(CmsRequest))]
[JsonSerializable(typeof(VerificationResponse))]
internal sealed partial class VerificationJson : JsonSerializerContext;
