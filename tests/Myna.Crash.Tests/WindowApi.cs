using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Myna.Crash.Tests;

/// <summary>
/// The PINs the harness chooses, with a label each. Only labels are ever printed: the checker tells which PIN
/// opens a chip by its label ("delivery", "reset" …), never by its digits.
/// </summary>
public static class PinBook
{
    public static readonly (string Label, string Pin)[] Signature = [("delivery", "ABC123"), ("changed", "NEWSIG1"), ("lifted", "LIFT22")];

    public static readonly (string Label, string Pin)[] UserAuthentication = [("delivery", "1111"), ("reset", "4444"), ("lifted", "5555")];

    public static readonly (string Label, string Pin)[] TextInputAssist = [("delivery", "3333")];

    public static string SignaturePin(string label) => Signature.Single(p => p.Label == label).Pin;

    public static string AuthenticationPin(string label) => UserAuthentication.Single(p => p.Label == label).Pin;

    /// <summary>The four PINs of a delivery (the signature password only when the certificate was applied for).</summary>
    public static object Delivery(bool withSignature) => new
    {
        signature = withSignature ? SignaturePin("delivery") : null,
        userAuthentication = AuthenticationPin("delivery"),
        residentRegistry = "2222",
        textInputAssist = TextInputAssist[0].Pin,
    };
}

/// <summary>An answer of the server: status and body (problem details on a refusal), or the transport error of a dead server.</summary>
public sealed record ApiAnswer(HttpStatusCode? Status, string Body, Exception? Error)
{
    public bool Succeeded => Status is { } s && (int)s is >= 200 and < 300;

    public bool Refused => Status is { } s && (int)s is >= 400 and < 500;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The status with the record's id (a success) or the problem's rule and detail (a refusal); never a whole body.</summary>
    public override string ToString()
    {
        if (Status is not { } status)
            return $"no answer ({Error?.GetType().Name}: {Error?.Message})";
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        try
        {
            var json = Json;
            if (Succeeded)
                return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("id", out var id) ? $"{code} (id {id})" : code;
            var rule = json.TryGetProperty("ruleId", out var r) ? $" rule {r}" : "";
            var detail = json.TryGetProperty("detail", out var d) ? $": {d}" : json.TryGetProperty("title", out var t) ? $": {t}" : "";
            return $"{code}{rule}{detail}";
        }
        catch (JsonException)
        {
            return $"{code} {Shorten(Body)}";
        }
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";
}

/// <summary>
/// The window API as the harness drives it (src/Myna.Server/Window/*Endpoints.cs): residents, applications,
/// delivery, and the procedures on a card, as the window's demo account.
/// </summary>
public sealed class WindowApi(HttpClient window)
{
    public const string Municipality = "072036"; // Koriyama, seeded at start

    public const string Address = "福島県郡山市朝日一丁目２３番７号";

    public static string NewAddress(int n) => Myna.Primitives.Text.RecordText.Normalize(string.Create(CultureInfo.InvariantCulture, $"福島県郡山市朝日二丁目{n + 1}番1号"));

    /// <summary>Registers an adult Japanese resident of Koriyama; returns the resident's id.</summary>
    public async Task<Guid> RegisterAsync(string familyName = "番号")
    {
        var body = new Dictionary<string, object?>
        {
            ["municipality"] = Municipality, ["familyName"] = familyName, ["givenName"] = "花子", ["familyNameKana"] = "バンゴウ",
            ["givenNameKana"] = "ハナコ", ["birthDate"] = "1990-05-10", ["sex"] = "Female", ["address"] = Address,
        };
        return Id(await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/residents", body), "register a resident"));
    }

    /// <summary>Applies for a card (first issue unless another occasion is given); returns the application's id.</summary>
    public async Task<Guid> ApplyAsync(Guid residentId, string occasion = "FirstIssue", bool withSignature = true)
    {
        var body = new Dictionary<string, object?>
        {
            ["residentId"] = residentId, ["occasion"] = occasion, ["wantsSignatureCertificate"] = withSignature,
        };
        return Id(await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/applications", body), "apply for a card"));
    }

    public Task<ApiAnswer> DeliverAsync(Guid applicationId, bool withSignature, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/applications/{applicationId}/delivery", PinBook.Delivery(withSignature), cancellationToken);

    /// <summary>A resident with a delivered card; returns both ids and the card's certificate serials.</summary>
    public async Task<(Guid Resident, Guid Card, string? Signature, string? Authentication)> ResidentWithCardAsync(bool withSignature = true)
    {
        var resident = await RegisterAsync();
        var application = await ApplyAsync(resident, withSignature: withSignature);
        var card = (await ExpectAsync(await DeliverAsync(application, withSignature), "deliver a card")).Json;
        return (resident, card.GetProperty("id").GetGuid(), Serial(card, "signatureCertificate"), Serial(card, "authenticationCertificate"));
    }

    public Task<ApiAnswer> SuspendAsync(Guid cardId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/cards/{cardId}/suspension", null, cancellationToken);

    public Task<ApiAnswer> LiftAsync(Guid cardId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/cards/{cardId}/suspension/lift",
            new { signature = PinBook.SignaturePin("lifted"), userAuthentication = PinBook.AuthenticationPin("lifted") }, cancellationToken);

    public Task<ApiAnswer> LoadSignatureAsync(Guid cardId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/cards/{cardId}/certificates", new { signature = PinBook.SignaturePin("delivery") }, cancellationToken);

    public Task<ApiAnswer> ResetAuthenticationPinAsync(Guid cardId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/cards/{cardId}/pin-reset",
            new { kind = "UserAuthentication", newPin = PinBook.AuthenticationPin("reset") }, cancellationToken);

    public Task<ApiAnswer> ReturnAsync(Guid cardId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/cards/{cardId}/return", null, cancellationToken);

    public Task<ApiAnswer> ChangeAddressAsync(Guid residentId, string address, bool newSignature, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"/api/residents/{residentId}/address",
            new { address, newSignaturePin = newSignature ? PinBook.SignaturePin("changed") : null }, cancellationToken);

    public Task<ApiAnswer> ChangeNameAsync(Guid residentId, string familyName, bool newSignature, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"/api/residents/{residentId}/name",
            new
            {
                familyName, givenName = "花子", familyNameKana = "カイメイ", givenNameKana = "ハナコ",
                newSignaturePin = newSignature ? PinBook.SignaturePin("changed") : null,
            }, cancellationToken);

    /// <summary>Sends a request; a dead or dying server is an answer without status, never an exception.</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            request.Content = body is null ? null : JsonContent.Create(body);
            using var response = await window.SendAsync(request, cancellationToken);
            return new ApiAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), null);
        }
        catch (HttpRequestException e)
        {
            return new ApiAnswer(null, "", e);
        }
        catch (IOException e)
        {
            return new ApiAnswer(null, "", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiAnswer(null, "", e); // the client's timeout
        }
    }

    /// <summary>The answer when it succeeded; else an exception naming the step and the answer.</summary>
    public static Task<ApiAnswer> ExpectAsync(ApiAnswer answer, string step) =>
        answer.Succeeded ? Task.FromResult(answer) : throw new InvalidOperationException($"Setup step '{step}' failed: {answer}");

    private static Guid Id(ApiAnswer answer) => answer.Json.GetProperty("id").GetGuid();

    private static string? Serial(JsonElement card, string property) =>
        card.TryGetProperty(property, out var certificate) && certificate.ValueKind == JsonValueKind.Object
            ? certificate.GetProperty("serialNumber").GetString()
            : null;
}
