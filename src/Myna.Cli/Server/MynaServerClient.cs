using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Cli.Output;
using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Cli.Server;

/// <summary>A call's answer, or the problem that stopped it, in both languages (expected outcomes are values).</summary>
internal readonly record struct ServerOutcome<T>(T? Value, CliProblem? Problem)
{
    public static implicit operator ServerOutcome<T>(CliProblem problem) => new(default, problem);
}

/// <summary>The signed-in staff member, as <c>GET /api/session</c> answers.</summary>
internal sealed record SessionInfo(string UserName, string DisplayName, string Role);

/// <summary>A staff account, as <c>/api/admin/staff</c> answers (never a password or its hash).</summary>
internal sealed record StaffAccountInfo(
    string UserName, string DisplayName, string Role, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, int OpenSessions);

/// <summary>How many sessions <c>DELETE /api/admin/staff/{userName}/sessions</c> ended.</summary>
internal sealed record EndedSessionsInfo(string UserName, int Ended);

/// <summary>A login challenge of the portal, as <c>GET /portal/api/challenges/{code}</c> answers (the challenge in Base64).</summary>
internal sealed record PortalChallenge(string Code, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>The card's answer to a login challenge, as <c>POST /portal/api/challenges/{code}/answer</c> takes it (Base64).</summary>
internal sealed record PortalAnswer(string Certificate, string Signature);

/// <summary>A session cookie as it is kept between commands.</summary>
internal sealed record SavedCookie(string Name, string Value, string Path);

/// <summary>
/// The server's JSON API as the <c>myna</c> tool calls it (README "The server"): staff sign-in with a session
/// cookie, and the card-file download of <c>GET /api/cards/{id}/image</c>.
/// </summary>
/// <remarks>
/// Every failure comes back as a <see cref="CliProblem"/> that names the server and, for an answer in problem details
/// (RFC 9457), quotes its title and detail, asked in the command's language. The password goes in the request body only.
/// </remarks>
internal sealed partial class MynaServerClient : IDisposable
{
    /// <summary>How long one call may take, the download included (a card file is tens of kilobytes).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public MynaServerClient(Uri server, CliLanguage language = CliLanguage.English, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        Timeout = timeout ?? DefaultTimeout;
        _http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = _cookies,
            UseCookies = true,
            // A redirect means a sign-in page or another server: reported as it is, never followed with the cookie.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = server,
            Timeout = Timeout,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("myna-cli", "1"));
        // The server's problem details (Japanese by default) come in the language the command speaks.
        _http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language == CliLanguage.Japanese ? "ja" : "en"));
    }

    /// <summary>The server's base address, ending in <c>/</c>.</summary>
    public Uri Server { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Checks a <c>--server</c> value: an absolute http or https URL; the base address gets a final <c>/</c>.</summary>
    public static ParseResult<Uri> ParseServer(string? text)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return ParseResult<Uri>.Fail(ServerWords.UrlExpected.English);
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            return ParseResult<Uri>.Fail(ServerWords.BaseUrlExpected.English);
        var builder = new UriBuilder(uri);
        if (!builder.Path.EndsWith('/'))
            builder.Path += "/";
        return ParseResult<Uri>.Ok(builder.Uri);
    }

    /// <summary>The session cookies this client holds for the server (after a sign-in).</summary>
    public IReadOnlyList<SavedCookie> SessionCookies =>
        _cookies.GetCookies(Server).Select(c => new SavedCookie(c.Name, c.Value, c.Path)).ToList();

    /// <summary>Uses a session saved by an earlier sign-in.</summary>
    public void UseSession(IEnumerable<SavedCookie> cookies)
    {
        foreach (var cookie in cookies)
            _cookies.Add(Server, new Cookie(cookie.Name, cookie.Value, cookie.Path));
    }

    /// <summary><c>POST /api/session</c>: signs in; the session cookie is then in <see cref="SessionCookies"/>.</summary>
    public async Task<ServerOutcome<bool>> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(() => _http.PostAsJsonAsync("api/session", new { userName, password }, cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (response.StatusCode == HttpStatusCode.NoContent)
            return new ServerOutcome<bool>(true, null);
        return response.StatusCode == HttpStatusCode.Unauthorized
            ? ServerWords.SignInRefused(await DetailAsync(response, cancellationToken))
            : await ProblemOfAsync(response, ServerWords.SignInAction, cancellationToken);
    }

    /// <summary><c>GET /api/session</c>: who the session belongs to.</summary>
    public async Task<ServerOutcome<SessionInfo>> WhoAmIAsync(CancellationToken cancellationToken)
    {
        var sent = await SendAsync(() => _http.GetAsync("api/session", cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (!response.IsSuccessStatusCode)
            return await ProblemOfAsync(response, ServerWords.ReadSessionAction, cancellationToken);
        try
        {
            var session = await response.Content.ReadFromJsonAsync<SessionInfo>(JsonSerializerOptions.Web, cancellationToken);
            return session is { UserName: not null } ? new ServerOutcome<SessionInfo>(session, null) : NotMyna(response);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return NotMyna(response);
        }
    }

    /// <summary><c>DELETE /api/session</c>: signs out (the server forgets nothing else; the cookie stops working).</summary>
    public async Task<ServerOutcome<bool>> SignOutAsync(CancellationToken cancellationToken)
    {
        var sent = await SendAsync(() => _http.DeleteAsync("api/session", cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        return response.IsSuccessStatusCode ? new ServerOutcome<bool>(true, null) : await ProblemOfAsync(response, ServerWords.SignOutAction, cancellationToken);
    }

    /// <summary>
    /// A JSON call of the administrators' API (<c>/api/admin/staff…</c>, <c>/api/session/password</c>): the answer's body
    /// as <typeparamref name="T"/> (none for 204), or the problem with the server's words (400 names the field).
    /// </summary>
    public async Task<ServerOutcome<T>> StaffAsync<T>(HttpMethod method, string path, object? body, LocalizedText action, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(async () =>
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            return await _http.SendAsync(request, cancellationToken);
        }, cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        switch (response.StatusCode)
        {
            case HttpStatusCode.NoContent:
                return new ServerOutcome<T>(default, null);
            case HttpStatusCode.BadRequest:
                return ServerWords.Refused(ExitCodes.BadInput, "bad-input", action, 400, await DetailAsync(response, cancellationToken));
            case HttpStatusCode.NotFound:
                return ServerWords.Refused(ExitCodes.NotFound, "not-found", action, 404, await DetailAsync(response, cancellationToken));
            case HttpStatusCode.Conflict:
                return ServerWords.Refused(ExitCodes.ServerError, "conflict", action, 409, await DetailAsync(response, cancellationToken));
            case HttpStatusCode.Forbidden:
                return ServerWords.AdministratorsOnly(action, await DetailAsync(response, cancellationToken));
            case var status when !response.IsSuccessStatusCode || status is >= HttpStatusCode.Redirect and < HttpStatusCode.BadRequest:
                return await ProblemOfAsync(response, action, cancellationToken);
        }
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
            return value is null ? NotMyna(response) : new ServerOutcome<T>(value, null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return NotMyna(response);
        }
    }

    /// <summary>
    /// <c>GET /api/cards/{id}/image</c>: copies the card file into <paramref name="destination"/>, reporting
    /// (bytes so far, total if the server said it) to <paramref name="progress"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public async Task<ServerOutcome<long>> DownloadCardImageAsync(
        Guid cardId, Stream destination, Action<long, long?> progress, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"api/cards/{cardId:N}/image");
        var sent = await SendAsync(() => _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (response.StatusCode == HttpStatusCode.NotFound)
            return ServerWords.NoSuchCard(Server, cardId);
        if (!response.IsSuccessStatusCode)
            return await ProblemOfAsync(response, ServerWords.DownloadAction, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "application/octet-stream")
            return NotMyna(response);

        var total = response.Content.Headers.ContentLength;
        var buffer = new byte[16 * 1024];
        long copied = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
                progress(copied, total);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ServerWords.DownloadBrokeOff(Server, copied, null);
        }
        if (total is { } expected && copied != expected)
            return ServerWords.DownloadBrokeOff(Server, copied, expected);
        return new ServerOutcome<long>(copied, null);
    }

    /// <summary><c>GET /portal/api/challenges/{code}</c>: the challenge a login page waits on (no session needed).</summary>
    public Task<ServerOutcome<PortalChallenge>> PortalChallengeAsync(string code, CancellationToken cancellationToken) =>
        PortalAsync<PortalChallenge>(() => _http.GetAsync(ChallengePath(code), cancellationToken), ServerWords.ChallengeAction, cancellationToken);

    /// <summary><c>POST /portal/api/challenges/{code}/answer</c>: the card's certificate and signature; 204 when the portal took them.</summary>
    public Task<ServerOutcome<bool>> AnswerPortalChallengeAsync(string code, PortalAnswer answer, CancellationToken cancellationToken) =>
        PortalAsync<bool>(() => _http.PostAsJsonAsync(ChallengePath(code) + "/answer", answer, cancellationToken), ServerWords.AnswerChallengeAction,
            cancellationToken);

    private static string ChallengePath(string code) => "portal/api/challenges/" + Uri.EscapeDataString(code);

    /// <summary>
    /// A call of the portal's API for the holder's app: the body as <typeparamref name="T"/> (none for 204), or the
    /// portal's refusal — problem details with a <c>reason</c> — as <see cref="ExitCodes.LoginRefused"/> naming the reason.
    /// </summary>
    private async Task<ServerOutcome<T>> PortalAsync<T>(Func<Task<HttpResponseMessage>> send, LocalizedText action, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(send, cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (response.StatusCode == HttpStatusCode.NoContent)
            return new ServerOutcome<T>(default, null);
        if (!response.IsSuccessStatusCode)
            return await RefusalOfAsync(response, cancellationToken) ?? await ProblemOfAsync(response, action, cancellationToken);
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
            return value is null ? NotMyna(response) : new ServerOutcome<T>(value, null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return NotMyna(response);
        }
    }

    /// <summary>The portal's refusal of a login (problem details with <c>reason</c>), or null when the answer is not one.</summary>
    private static async Task<CliProblem?> RefusalOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return null;
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("reason", out var reason)
                || reason.GetString() is not { Length: > 0 } code)
                return null;
            var detail = json.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return ServerWords.LoginRefused(code, (int)response.StatusCode, detail);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sends a request; a server that cannot be reached or does not answer in time is a problem, not an exception.</summary>
    private async Task<ServerOutcome<HttpResponseMessage>> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            return new ServerOutcome<HttpResponseMessage>(await send(), null);
        }
        catch (HttpRequestException e)
        {
            return ServerWords.Unreachable(Server, Reason(e));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ServerWords.TimedOut(Server, Timeout);
        }
    }

    private static LocalizedText Reason(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => ServerWords.HostUnknown,
        HttpRequestError.ConnectionError => ServerWords.ConnectionFailed,
        HttpRequestError.SecureConnectionError => ServerWords.TlsFailed,
        _ => new(e.Message, e.Message),
    };

    /// <summary>The problem for an answer that is not the one wanted, by status.</summary>
    private async Task<CliProblem> ProblemOfAsync(HttpResponseMessage response, LocalizedText action, CancellationToken cancellationToken) =>
        response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ServerWords.NotSignedIn(Server),
            HttpStatusCode.Forbidden => ServerWords.Forbidden(action, await DetailAsync(response, cancellationToken)),
            HttpStatusCode.NotFound => ServerWords.NotFound(Server, await DetailAsync(response, cancellationToken)),
            >= HttpStatusCode.Redirect and < HttpStatusCode.BadRequest => NotMyna(response),
            _ => ServerWords.ServerFailed(action, (int)response.StatusCode, await DetailAsync(response, cancellationToken)),
        };

    private CliProblem NotMyna(HttpResponseMessage response) =>
        ServerWords.NotMyna(Server, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType);

    /// <summary>The problem details' title, detail and field errors when the body is one (in the language asked for); else null.</summary>
    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
            return null;
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = json.RootElement;
            var parts = new List<string>();
            foreach (var name in new[] { "title", "detail" })
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    && value.GetString() is { Length: > 0 } text && !parts.Contains(text))
                    parts.Add(text);
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                    parts.Add($"{field.Name}: {string.Join(" ", field.Value.EnumerateArray().Select(m => m.GetString()))}");
            }
            return parts.Count == 0 ? null : string.Join(" — ", parts);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
