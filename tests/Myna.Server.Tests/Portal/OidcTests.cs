using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Myna.Registry.Residents;
using Myna.Storage;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// The portal as an OpenID Connect provider (もっとつながる, U3.6), over HTTP as a browser and a relying service use it:
/// the code flow with PKCE from the authorization request through the card login and the consent screen to the tokens
/// and userinfo; the pairwise subject; and every refusal (a wrong verifier, a reused code, an unregistered redirect
/// address, a staff session, a refused consent). No token and no answer carries the holder's My Number or name.
/// </summary>
public sealed partial class OidcTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private const string ETax = "etax-sample";
    private const string ETaxRedirect = "http://localhost:5101/signin-oidc";
    private const string Nenkin = "nenkin-sample";
    private const string NenkinRedirect = "http://localhost:5102/signin-oidc";

    [Fact]
    public async Task CodeFlow_LoginWithTheCard_Consent_Tokens_AndUserInfo_CarryOnlyThePairwiseSubject_U3_6()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var flow = new Flow(ETax, ETaxRedirect);

        // No portal session: the authorization endpoint sends the browser to the login, which comes back to it.
        using var toLogin = await GetPageAsync(browser, flow.AuthorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var login = toLogin.Headers.Location!;
        Assert.Equal("/portal/login", login.IsAbsoluteUri ? login.AbsolutePath : login.OriginalString.Split('?')[0]);
        var returnUrl = QueryHelpers.ParseQuery(login.IsAbsoluteUri ? login.Query : login.OriginalString[login.OriginalString.IndexOf('?', StringComparison.Ordinal)..])["returnUrl"].ToString();
        Assert.Equal(flow.AuthorizeUrl, returnUrl);
        var loginPage = await browser.GetStringAsync(login);
        Assert.Contains("value=\"" + WebUtility.HtmlEncode(returnUrl) + "\"", loginPage, StringComparison.Ordinal);
        using (var loggedIn = await PostFormAsync(browser, "/portal/login?handler=Slot", loginPage, "handler=Slot",
                   new() { ["CardId"] = Id(card).ToString(), ["Pin"] = "1111", ["ReturnUrl"] = returnUrl }))
        {
            Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
            Assert.Equal(flow.AuthorizeUrl, loggedIn.Headers.Location!.OriginalString);
        }

        // The consent screen names the service and what it receives; its posts may lead to the service's address.
        using var consent = await GetPageAsync(browser, flow.AuthorizeUrl);
        var page = await consent.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Contains("e-Tax (sample) asks to log you in", page, StringComparison.Ordinal);
        Assert.Contains("My Number are not given", page, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' http://localhost:5101", consent.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var code = await AllowAsync(browser, flow, page);
        var tokens = await ExchangeAsync(flow, code);
        var sub = await ValidateIdTokenAsync(tokens, flow);
        Assert.Equal(sub, await UserInfoAsync(tokens.GetProperty("access_token").GetString()!));

        // The subject is neither the portal account nor anything of the holder's.
        var account = (await JsonAsync(await browser.GetAsync("/portal/api/me"), HttpStatusCode.OK)).GetProperty("accountId").GetGuid();
        Assert.DoesNotContain(account.ToString("N"), sub, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(account.ToString(), sub, StringComparison.OrdinalIgnoreCase);
        await AssertNothingPersonalAsync(resident, tokens, sub);

        // Codes, verifiers and tokens stay out of the server's log.
        Assert.DoesNotContain(fixture.Server.Log.Messages, line => line.Contains(code, StringComparison.Ordinal)
            || line.Contains(flow.Verifier, StringComparison.Ordinal) || line.Contains(tokens.GetProperty("access_token").GetString()!, StringComparison.Ordinal));

        // A code is good once.
        var reused = await JsonAsync(await TokenRequestAsync(flow, code, flow.Verifier), HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", reused.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Subject_IsPairwisePerService_AndStableAcrossLogins_AndConsentIsRemembered_U3_6()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var first = fixture.Server.CreateClient();
        await LogInAsync(first, Id(card));
        var etax = new Flow(ETax, ETaxRedirect);
        var etaxSub = await SubjectAsync(etax, await AllowAsync(first, etax, await ConsentPageAsync(first, etax)));
        var nenkin = new Flow(Nenkin, NenkinRedirect);
        var nenkinSub = await SubjectAsync(nenkin, await AllowAsync(first, nenkin, await ConsentPageAsync(first, nenkin)));
        Assert.NotEqual(etaxSub, nenkinSub);

        // Another day, another browser, a new login with the card: the same subject, and no consent screen again.
        using var second = fixture.Server.CreateClient();
        await LogInAsync(second, Id(card));
        var again = new Flow(ETax, ETaxRedirect);
        using var answer = await GetPageAsync(second, again.AuthorizeUrl);
        Assert.Equal(etaxSub, await SubjectAsync(again, CodeFrom(answer, again)));

        // Another holder: another subject at the same service.
        var (_, other) = await _api.ResidentWithCardAsync();
        using var third = fixture.Server.CreateClient();
        await LogInAsync(third, Id(other));
        var stranger = new Flow(ETax, ETaxRedirect);
        Assert.NotEqual(etaxSub, await SubjectAsync(stranger, await AllowAsync(third, stranger, await ConsentPageAsync(third, stranger))));
    }

    [Fact]
    public async Task WrongVerifier_UnregisteredRedirect_AndMissingOrPlainPkce_AreRefused_U3_6()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        await LogInAsync(browser, Id(card));

        var flow = new Flow(ETax, ETaxRedirect);
        var code = await AllowAsync(browser, flow, await ConsentPageAsync(browser, flow));
        var wrong = await JsonAsync(await TokenRequestAsync(flow, code, new Flow(ETax, ETaxRedirect).Verifier), HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());

        // An address the service did not register (another service's, or an attacker's): no redirect at all.
        foreach (var redirect in new[] { NenkinRedirect, "https://attacker.example/cb", ETaxRedirect + "/more" })
        {
            using var refused = await GetPageAsync(browser, new Flow(ETax, redirect).AuthorizeUrl);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
        }

        // No PKCE, the plain method, another response type (implicit, hybrid): refused, and no code is issued.
        var flawed = new Flow(ETax, ETaxRedirect);
        foreach (var url in new[]
                 {
                     Regex.Replace(flawed.AuthorizeUrl, "&code_challenge[^&]*", ""),
                     flawed.AuthorizeUrl.Replace("code_challenge_method=S256", "code_challenge_method=plain", StringComparison.Ordinal),
                     flawed.AuthorizeUrl.Replace("response_type=code", "response_type=id_token", StringComparison.Ordinal),
                     flawed.AuthorizeUrl.Replace("response_type=code", "response_type=code%20id_token", StringComparison.Ordinal),
                 })
        {
            using var refused = await GetPageAsync(browser, url);
            var body = await refused.Content.ReadAsStringAsync();
            if (refused.StatusCode == HttpStatusCode.Redirect)
                Assert.Matches("[?#&]error=(invalid_request|unsupported_response_type|unauthorized_client)", refused.Headers.Location!.OriginalString);
            else
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest && body.Contains("error:", StringComparison.Ordinal), $"{refused.StatusCode}: {body}");
            Assert.DoesNotContain("code=", refused.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StaffSession_CannotAuthorize_ItGoesToThePortalLogin_U3_6()
    {
        foreach (var staff in new[] { _api.Window, _api.Admin })
        {
            using var response = await GetPageAsync(staff, new Flow(ETax, ETaxRedirect).AuthorizeUrl);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/portal/login?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RefusedConsent_SendsAccessDeniedToTheService_AndIsNotRemembered_U3_6()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        await LogInAsync(browser, Id(card));
        var flow = new Flow(Nenkin, NenkinRedirect);
        using var refused = await PostFormAsync(browser, "/portal/oidc/authorize?handler=Refuse", await ConsentPageAsync(browser, flow), "id=\"consent\"", []);
        Assert.Equal("access_denied", ErrorFrom(refused, flow));
        // Asked again next time.
        Assert.Contains("Nenkin Net (sample)", await ConsentPageAsync(browser, new Flow(Nenkin, NenkinRedirect)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_OffersTheCodeFlowWithS256Only_UnderThePortal_U3_6()
    {
        using var client = fixture.Server.CreateClient();
        var discovery = await JsonAsync(await client.GetAsync("/.well-known/openid-configuration"), HttpStatusCode.OK);
        Assert.Equal("http://localhost/portal/oidc/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/portal/oidc/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/portal/oidc/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal("http://localhost/portal/oidc/end-session", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(["code"], Strings(discovery, "response_types_supported"));
        Assert.Equal(["S256"], Strings(discovery, "code_challenge_methods_supported"));
        Assert.Equal(["authorization_code"], Strings(discovery, "grant_types_supported"));
        Assert.Equal(["openid"], Strings(discovery, "scopes_supported"));
        var keys = await JsonAsync(await client.GetAsync(discovery.GetProperty("jwks_uri").GetString()), HttpStatusCode.OK);
        Assert.All(keys.GetProperty("keys").EnumerateArray(), k => Assert.False(k.TryGetProperty("d", out _)));
    }

    /// <summary>One authorization request: a fresh PKCE verifier (S256), state and nonce.</summary>
    /// <summary>One authorization request of a service: its PKCE verifier, state and nonce (the browser tests use it too).</summary>
    public sealed class Flow(string clientId, string redirectUri)
    {
        public string ClientId { get; } = clientId;
        public string RedirectUri { get; } = redirectUri;
        public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));
        public string State { get; } = Base64Url(RandomNumberGenerator.GetBytes(16));
        public string Nonce { get; } = Base64Url(RandomNumberGenerator.GetBytes(16));

        public string AuthorizeUrl => QueryHelpers.AddQueryString("/portal/oidc/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ClientId, ["redirect_uri"] = RedirectUri, ["response_type"] = "code", ["scope"] = "openid",
            ["state"] = State, ["nonce"] = Nonce,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))), ["code_challenge_method"] = "S256",
        });

        /// <summary>What the service's server posts to the token endpoint for <paramref name="code"/>.</summary>
        public FormUrlEncodedContent TokenForm(string code, string? verifier = null) => new(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri,
            ["client_id"] = ClientId, ["code_verifier"] = verifier ?? Verifier,
        });
    }

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);

    /// <summary>A GET as a browser makes it, asking for HTML (so an unauthenticated one is redirected, not answered 401).</summary>
    internal static async Task<HttpResponseMessage> GetPageAsync(HttpClient browser, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return await browser.SendAsync(request);
    }

    /// <summary>Logs the browser into the portal with the sandbox's card slot (the API, as the login page's script does).</summary>
    private async Task LogInAsync(HttpClient browser, Guid cardId)
    {
        var started = await JsonAsync(await browser.PostAsync("/portal/api/logins", null), HttpStatusCode.Created);
        using var slot = fixture.Server.CreateClient();
        using var answered = await slot.PostAsync($"/portal/api/sandbox/cards/{cardId}/answer",
            JsonContent(new { code = started.GetProperty("code").GetString(), pin = "1111" }));
        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        using var session = await browser.PostAsync($"/portal/api/logins/{started.GetProperty("id").GetGuid()}/session", null);
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
    }

    private static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<string> ConsentPageAsync(HttpClient browser, Flow flow)
    {
        using var response = await GetPageAsync(browser, flow.AuthorizeUrl);
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location}: {page}");
        return page;
    }

    /// <summary>Presses 許可する on the consent page: the browser goes back to the service with a code.</summary>
    private static async Task<string> AllowAsync(HttpClient browser, Flow flow, string consentPage)
    {
        using var response = await PostFormAsync(browser, "/portal/oidc/authorize?handler=Allow", consentPage, "id=\"consent\"", []);
        return CodeFrom(response, flow);
    }

    /// <summary>Posts the hidden fields of the form after <paramref name="formMarker"/> (antiforgery token included) and <paramref name="fields"/>.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string action, string page, string formMarker, Dictionary<string, string> fields)
    {
        var form = page[page.IndexOf(formMarker, StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        var values = new List<KeyValuePair<string, string>>();
        foreach (Match input in HiddenInput().Matches(form))
        {
            var name = WebUtility.HtmlDecode(AttributeValue(input.Value, "name"));
            if (!fields.ContainsKey(name))
                values.Add(new(name, WebUtility.HtmlDecode(AttributeValue(input.Value, "value"))));
        }
        values.AddRange(fields);
        using var content = new FormUrlEncodedContent(values);
        return await browser.PostAsync(action, content);
    }

    private static string AttributeValue(string tag, string attribute) =>
        Regex.Match(tag, $"\\b{attribute}=\"([^\"]*)\"").Groups[1].Value;

    private static Dictionary<string, string> RedirectParameters(HttpResponseMessage response, Flow flow)
    {
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {body}");
        var location = response.Headers.Location!;
        Assert.StartsWith(flow.RedirectUri + "?", location.OriginalString, StringComparison.Ordinal);
        var parameters = QueryHelpers.ParseQuery(location.Query)
            .ToDictionary(p => p.Key, p => p.Value.ToString());
        Assert.Equal(flow.State, parameters["state"]);
        return parameters;
    }

    private static string CodeFrom(HttpResponseMessage response, Flow flow) => RedirectParameters(response, flow)["code"];

    private static string ErrorFrom(HttpResponseMessage response, Flow flow)
    {
        var parameters = RedirectParameters(response, flow);
        Assert.False(parameters.ContainsKey("code"));
        return parameters["error"];
    }

    private async Task<HttpResponseMessage> TokenRequestAsync(Flow flow, string code, string verifier)
    {
        // The service's server calls the token endpoint: no cookie, a client of its own.
        using var service = fixture.Server.CreateClient();
        using var form = flow.TokenForm(code, verifier);
        return await service.PostAsync("/portal/oidc/token", form);
    }

    private async Task<JsonElement> ExchangeAsync(Flow flow, string code) =>
        await JsonAsync(await TokenRequestAsync(flow, code, flow.Verifier), HttpStatusCode.OK);

    private async Task<string> SubjectAsync(Flow flow, string code) => await ValidateIdTokenAsync(await ExchangeAsync(flow, code), flow);

    /// <summary>Validates the identity token as a service does (signature by the published keys, issuer, audience, nonce); answers its subject.</summary>
    private async Task<string> ValidateIdTokenAsync(JsonElement tokens, Flow flow)
    {
        using var client = fixture.Server.CreateClient();
        var discovery = await JsonAsync(await client.GetAsync("/.well-known/openid-configuration"), HttpStatusCode.OK);
        var keys = new JsonWebKeySet(await client.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.GetProperty("id_token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(),
            ValidAudience = flow.ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidateLifetime = false, // the test server's real clock is a fixed fake time
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal(flow.Nonce, result.Claims["nonce"]);
        var sub = (string)result.Claims["sub"];
        Assert.Matches("^[A-Za-z0-9_-]{43}$", sub);
        // The access token is a signed JWT too (readable by the service), for the same subject.
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal(sub, access.Subject);
        Assert.True((await new JsonWebTokenHandler().ValidateTokenAsync(access, new TokenValidationParameters
        {
            ValidIssuer = discovery.GetProperty("issuer").GetString(), ValidateAudience = false, ValidateLifetime = false, IssuerSigningKeys = keys.GetSigningKeys(),
        })).IsValid);
        return sub;
    }

    private async Task<string> UserInfoAsync(string accessToken)
    {
        using var service = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/oidc/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var answer = await JsonAsync(await service.SendAsync(request), HttpStatusCode.OK);
        Assert.Equal(["sub"], answer.EnumerateObject().Select(p => p.Name));
        using var without = await service.GetAsync("/portal/oidc/userinfo");
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        return answer.GetProperty("sub").GetString()!;
    }

    /// <summary>Every token decoded, and the userinfo answer: no My Number, no name of the resident, no portal account.</summary>
    private async Task AssertNothingPersonalAsync(Guid residentId, JsonElement tokens, string sub)
    {
        Resident resident;
        await using (var db = _api.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext())
            resident = await db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == residentId);
        var texts = new List<string> { tokens.GetRawText() };
        foreach (var name in new[] { "id_token", "access_token" })
        {
            var jwt = new JsonWebToken(tokens.GetProperty(name).GetString());
            texts.Add(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedHeader)));
            texts.Add(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload)));
            Assert.DoesNotContain(jwt.Claims, c => c.Type is "name" or "given_name" or "family_name" or "address" or "birthdate");
        }
        texts.Add(JsonSerializer.Serialize(new { sub }));
        var secrets = new[]
        {
            resident.MyNumber.Reveal(), resident.Name.FamilyName, resident.Name.GivenName, resident.Name.OnCard,
            resident.Address, resident.Id.ToString(), resident.Id.ToString("N"),
        };
        foreach (var text in texts)
        {
            var unescaped = Regex.Unescape(text);
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, unescaped, StringComparison.Ordinal);
        }
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();
}
