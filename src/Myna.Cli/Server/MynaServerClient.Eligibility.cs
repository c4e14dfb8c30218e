using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Cli.Output;
using Myna.Primitives.Text;

namespace Myna.Cli.Server;

/// <summary>A reception terminal's credentials: its id and its secret (never an argument, never printed).</summary>
internal sealed record TerminalCredentials(Guid TerminalId, string Secret)
{
    public override string ToString() => $"terminal {TerminalId}";
}

/// <summary>A check the service opened for the terminal, as <c>POST /api/eligibility/terminal/checks</c> answers (the challenge in Base64).</summary>
internal sealed record OpenedCheck(Guid CheckId, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>The card's answer as the terminal sends it (Base64; no signature after a face or staff check).</summary>
internal sealed record CheckAnswer(string Certificate, string? Signature, string Identity, CheckConsent Consent);

/// <summary>The patient's consent for this visit (U1.4, U1.6).</summary>
internal sealed record CheckConsent(bool Medication, bool HealthChecks, bool Treatments, bool HighCostCeiling);

/// <summary>The online eligibility service's API as a reception terminal calls it (docs/insurance.md), and the receipts' check.</summary>
internal sealed partial class MynaServerClient
{
    /// <summary><c>POST /api/eligibility/terminal/checks</c>: a new check and the challenge the card signs after the PIN.</summary>
    public async Task<ServerOutcome<OpenedCheck>> OpenCheckAsync(TerminalCredentials terminal, CancellationToken cancellationToken)
    {
        var answered = await TerminalAsync(terminal, HttpMethod.Post, "api/eligibility/terminal/checks", null, ServerWords.OpenCheckAction, cancellationToken);
        if (answered.Problem is { } problem)
            return problem;
        try
        {
            return answered.Value.Deserialize<OpenedCheck>(JsonSerializerOptions.Web) is { Challenge.Length: > 0 } opened
                ? new ServerOutcome<OpenedCheck>(opened, null)
                : TerminalWords.NotAnEligibilityService(Server);
        }
        catch (JsonException)
        {
            return TerminalWords.NotAnEligibilityService(Server);
        }
    }

    /// <summary>
    /// <c>POST /api/eligibility/terminal/checks/{id}/answer</c>: the card's answer and the consent; the eligibility or why
    /// not, with the signed receipt, as the service wrote it.
    /// </summary>
    public Task<ServerOutcome<JsonElement>> AnswerCheckAsync(TerminalCredentials terminal, Guid checkId, CheckAnswer answer, CancellationToken cancellationToken) =>
        TerminalAsync(terminal, HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"api/eligibility/terminal/checks/{checkId}/answer"),
            answer, ServerWords.AnswerCheckAction, cancellationToken);

    /// <summary><c>GET /api/eligibility/receipt-key</c>: the public key of the service's receipts (PEM).</summary>
    public async Task<ServerOutcome<string>> ReceiptKeyAsync(CancellationToken cancellationToken)
    {
        var sent = await SendAsync(() => _http.GetAsync("api/eligibility/receipt-key", cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (!response.IsSuccessStatusCode)
            return await ProblemOfAsync(response, ServerWords.ReceiptKeyAction, cancellationToken);
        var pem = await response.Content.ReadAsStringAsync(cancellationToken);
        return pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal) ? new ServerOutcome<string>(pem, null) : NotMyna(response);
    }

    /// <summary><c>POST /api/eligibility/receipts/verify</c>: whether the service signed this receipt, unchanged.</summary>
    public async Task<ServerOutcome<bool>> VerifyReceiptAsync(string content, string signature, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(() => _http.PostAsJsonAsync("api/eligibility/receipts/verify", new { content, signature }, cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (!response.IsSuccessStatusCode)
            return await ProblemOfAsync(response, ServerWords.VerifyReceiptAction, cancellationToken);
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("valid", out var valid)
                   && valid.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new ServerOutcome<bool>(valid.GetBoolean(), null)
                : NotMyna(response);
        }
        catch (JsonException)
        {
            return NotMyna(response);
        }
    }

    /// <summary>
    /// A call of the terminals' API with <c>Authorization: Terminal {id}:{secret}</c>: the answer's JSON, or the problem —
    /// 401 an unknown terminal or a wrong secret, a refusal of the service (its <c>code</c> and <c>ruleId</c>) as
    /// <see cref="ExitCodes.NotEligible"/>.
    /// </summary>
    private async Task<ServerOutcome<JsonElement>> TerminalAsync(
        TerminalCredentials terminal, HttpMethod method, string path, object? body, LocalizedText action, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(async () =>
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Terminal", $"{terminal.TerminalId}:{terminal.Secret}");
            return await _http.SendAsync(request, cancellationToken);
        }, cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            return TerminalWords.UnknownTerminal(Server, terminal.TerminalId);
        if (!response.IsSuccessStatusCode)
            return await EligibilityRefusalOfAsync(response, action, cancellationToken) ?? await ProblemOfAsync(response, action, cancellationToken);
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return json.RootElement.ValueKind == JsonValueKind.Object ? new ServerOutcome<JsonElement>(json.RootElement.Clone(), null) : NotMyna(response);
        }
        catch (JsonException)
        {
            return NotMyna(response);
        }
    }

    /// <summary>The service's refusal (problem details with <c>code</c> and <c>ruleId</c>), or null when the answer is not one.</summary>
    private static async Task<CliProblem?> EligibilityRefusalOfAsync(HttpResponseMessage response, LocalizedText action, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return null;
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var code) || code.GetString() is not { Length: > 0 } refusal)
                return null;
            var rule = root.TryGetProperty("ruleId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return TerminalWords.ServiceRefused(action, refusal, rule, (int)response.StatusCode, title);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
