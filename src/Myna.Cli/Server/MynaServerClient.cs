using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Primitives;

namespace Myna.Cli.Server;

/// <summary>Why a call to the server did not succeed: the exit code and a message for the user.</summary>
internal sealed record ServerProblem(int ExitCode, string Message);

/// <summary>A call's answer, or the problem that stopped it (expected outcomes are values).</summary>
internal readonly record struct ServerOutcome<T>(T? Value, ServerProblem? Problem)
{
    public static implicit operator ServerOutcome<T>(ServerProblem problem) => new(default, problem);
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
/// Every failure comes back as a <see cref="ServerProblem"/> whose message names the server and, for an answer
/// in problem details (RFC 9457), quotes its title and detail. The password goes in the request body only.
/// </remarks>
internal sealed partial class MynaServerClient : IDisposable
{
    /// <summary>How long one call may take, the download included (a card file is tens of kilobytes).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public MynaServerClient(Uri server, TimeSpan? timeout = null)
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
        // The tool speaks English, so the server's problem details (Japanese by default) should too.
        _http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
    }

    /// <summary>The server's base address, ending in <c>/</c>.</summary>
    public Uri Server { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Checks a <c>--server</c> value: an absolute http or https URL; the base address gets a final <c>/</c>.</summary>
    public static ParseResult<Uri> ParseServer(string? text)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return ParseResult<Uri>.Fail("an http:// or https:// URL, e.g. http://localhost:5000");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            return ParseResult<Uri>.Fail("the server's base URL, without user, query or fragment");
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
            ? new ServerProblem(ExitCodes.NotSignedIn, await DescribeAsync(response, "sign-in refused", cancellationToken))
            : await ProblemOfAsync(response, "sign in", cancellationToken);
    }

    /// <summary><c>GET /api/session</c>: who the session belongs to.</summary>
    public async Task<ServerOutcome<SessionInfo>> WhoAmIAsync(CancellationToken cancellationToken)
    {
        var sent = await SendAsync(() => _http.GetAsync("api/session", cancellationToken), cancellationToken);
        if (sent.Problem is { } unreachable)
            return unreachable;
        using var response = sent.Value!;
        if (!response.IsSuccessStatusCode)
            return await ProblemOfAsync(response, "read the session", cancellationToken);
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
        return response.IsSuccessStatusCode ? new ServerOutcome<bool>(true, null) : await ProblemOfAsync(response, "sign out", cancellationToken);
    }

    /// <summary>
    /// A JSON call of the administrators' API (<c>/api/admin/staff…</c>, <c>/api/session/password</c>): the answer's body
    /// as <typeparamref name="T"/> (none for 204), or the problem with the server's words (400 names the field).
    /// </summary>
    public async Task<ServerOutcome<T>> StaffAsync<T>(HttpMethod method, string path, object? body, string action, CancellationToken cancellationToken)
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
                return new ServerProblem(ExitCodes.BadInput, await DescribeAsync(response, $"the server refused to {action} (400)", cancellationToken));
            case HttpStatusCode.NotFound:
                return new ServerProblem(ExitCodes.NotFound, await DescribeAsync(response, $"could not {action} (404)", cancellationToken));
            case HttpStatusCode.Conflict:
                return new ServerProblem(ExitCodes.ServerError, await DescribeAsync(response, $"could not {action} (409)", cancellationToken));
            case HttpStatusCode.Forbidden:
                return new ServerProblem(ExitCodes.Forbidden,
                    await DescribeAsync(response, $"the signed-in staff member may not {action} (403: administrators only)", cancellationToken));
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
            return new ServerProblem(ExitCodes.NotFound, $"no card {cardId:N} at {Server} (404): check the card id (GET /api/residents/{{id}} lists a resident's cards).");
        if (!response.IsSuccessStatusCode)
            return await ProblemOfAsync(response, "download the card file", cancellationToken);
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
            return new ServerProblem(ExitCodes.ServerUnreachable, $"the download from {Server} broke off after {copied} bytes: {e.Message}");
        }
        if (total is { } expected && copied != expected)
            return new ServerProblem(ExitCodes.ServerUnreachable, $"the download from {Server} ended after {copied} of {expected} bytes.");
        return new ServerOutcome<long>(copied, null);
    }

    /// <summary><c>GET /portal/api/challenges/{code}</c>: the challenge a login page waits on (no session needed).</summary>
    public Task<ServerOutcome<PortalChallenge>> PortalChallengeAsync(string code, CancellationToken cancellationToken) =>
        PortalAsync<PortalChallenge>(() => _http.GetAsync(ChallengePath(code), cancellationToken), "fetch the login challenge", cancellationToken);

    /// <summary><c>POST /portal/api/challenges/{code}/answer</c>: the card's certificate and signature; 204 when the portal took them.</summary>
    public Task<ServerOutcome<bool>> AnswerPortalChallengeAsync(string code, PortalAnswer answer, CancellationToken cancellationToken) =>
        PortalAsync<bool>(() => _http.PostAsJsonAsync(ChallengePath(code) + "/answer", answer, cancellationToken), "answer the login challenge",
            cancellationToken);

    private static string ChallengePath(string code) => "portal/api/challenges/" + Uri.EscapeDataString(code);

    /// <summary>
    /// A call of the portal's API for the holder's app: the body as <typeparamref name="T"/> (none for 204), or the
    /// portal's refusal — problem details with a <c>reason</c> — as <see cref="ExitCodes.LoginRefused"/> naming the reason.
    /// </summary>
    private async Task<ServerOutcome<T>> PortalAsync<T>(Func<Task<HttpResponseMessage>> send, string action, CancellationToken cancellationToken)
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
    private static async Task<ServerProblem?> RefusalOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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
            return new ServerProblem(ExitCodes.LoginRefused, string.Create(CultureInfo.InvariantCulture,
                $"the portal refused the login ({code}, {(int)response.StatusCode}){(string.IsNullOrEmpty(detail) ? "." : ": " + detail)}"));
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
            return new ServerProblem(ExitCodes.ServerUnreachable, $"cannot reach the server at {Server}: {Reason(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ServerProblem(ExitCodes.ServerUnreachable,
                string.Create(CultureInfo.InvariantCulture, $"the server at {Server} did not answer within {Timeout.TotalSeconds:0} s."));
        }
    }

    private static string Reason(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name is unknown.",
        HttpRequestError.ConnectionError => "the connection failed (is the server running? `dotnet run --project src/Myna.Server`).",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed (is it https?).",
        _ => e.Message,
    };

    /// <summary>The message for an answer that is not the one wanted, by status.</summary>
    private async Task<ServerProblem> ProblemOfAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new ServerProblem(ExitCodes.NotSignedIn,
                $"not signed in to {Server}, or the session has ended (401): sign in with `myna server sign-in --server {Server} --user NAME`."),
            HttpStatusCode.Forbidden => new ServerProblem(ExitCodes.Forbidden,
                await DescribeAsync(response, $"the signed-in staff member may not {action} (403: window staff only)", cancellationToken)),
            HttpStatusCode.NotFound => new ServerProblem(ExitCodes.NotFound,
                await DescribeAsync(response, $"not found at {Server} (404): is this a Myna server?", cancellationToken)),
            >= HttpStatusCode.Redirect and < HttpStatusCode.BadRequest => NotMyna(response),
            _ => new ServerProblem(ExitCodes.ServerError,
                await DescribeAsync(response, string.Create(CultureInfo.InvariantCulture, $"the server could not {action} ({status})"), cancellationToken)),
        };
    }

    private ServerProblem NotMyna(HttpResponseMessage response) => new(ExitCodes.ServerError,
        string.Create(CultureInfo.InvariantCulture,
            $"{Server} answered {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType ?? "without content"}, not as a Myna server does: check --server."));

    /// <summary><paramref name="lead"/>, then the problem details' title and detail when the body is one.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, string lead, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
            return lead + ".";
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
            return parts.Count == 0 ? lead + "." : $"{lead}: {string.Join(" — ", parts)}";
        }
        catch (JsonException)
        {
            return lead + ".";
        }
    }

    public void Dispose() => _http.Dispose();
}
