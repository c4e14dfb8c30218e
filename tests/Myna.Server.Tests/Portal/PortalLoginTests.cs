using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.Primitives;
using Myna.Reader;
using Myna.Storage;
using Microsoft.EntityFrameworkCore;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// The portal's login with the card (U3.1) over HTTP: a browser starts a login; the sandbox's card slot or the holder's
/// app (here: the test, driving the card's chip as a reader would) signs the challenge after the PIN; the browser turns
/// the verified answer into a session. Every refusal names its reason and changes nothing.
/// </summary>
public sealed class PortalLoginTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private const string AuthenticationPin = "1111"; // WindowApi.Pins

    [Fact]
    public async Task SandboxSlot_SignsTheChallengeOnTheChip_AndTheBrowserGetsASession_U3_1()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();

        var login = await StartAsync(browser);
        await AnswerWithSlotAsync(Id(card), login, AuthenticationPin, HttpStatusCode.NoContent);

        var status = await JsonAsync(await browser.GetAsync($"/portal/api/logins/{login.Id}"), HttpStatusCode.OK);
        Assert.Equal("Answered", status.GetProperty("progress").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync($"/portal/api/logins/{login.Id}/session", null)).StatusCode);

        var information = await JsonAsync(await browser.GetAsync("/portal/api/me/information"), HttpStatusCode.OK);
        var record = Assert.Single(information.EnumerateArray());
        Assert.Equal("resident-record", record.GetProperty("category").GetString());
        Assert.Contains(record.GetProperty("fields").EnumerateArray(), f => f.GetProperty("value").GetString() == Address);
        var sessions = await JsonAsync(await browser.GetAsync("/portal/api/me/sessions"), HttpStatusCode.OK);
        Assert.True(Assert.Single(sessions.EnumerateArray()).GetProperty("current").GetBoolean());

        var account = (await JsonAsync(await browser.GetAsync("/portal/api/me"), HttpStatusCode.OK)).GetProperty("accountId").GetGuid();
        var audit = await _api.AuditAsync(Myna.Portal.PortalAudit.AccountSubject, account);
        Assert.Equal([Myna.Portal.PortalAudit.AccountCreated, Myna.Portal.PortalAudit.LoggedIn], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("holder:" + account.ToString("N"), e.Actor));
        _ = resident;
    }

    [Fact]
    public async Task HoldersApp_FetchesTheChallengeByItsCode_AndAReplayedAnswerIsRefused_U3_1()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        using var app = fixture.Server.CreateClient();
        var login = await StartAsync(browser);

        var challenge = await JsonAsync(await app.GetAsync($"/portal/api/challenges/{login.Code.ToLowerInvariant()}"), HttpStatusCode.OK);
        Assert.Equal(login.Challenge, challenge.GetProperty("challenge").GetString());
        var signed = SignOnChip(Id(card), Convert.FromBase64String(login.Challenge));
        var answer = new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) };
        Assert.Equal(HttpStatusCode.NoContent, (await app.PostAsJsonAsync($"/portal/api/challenges/{login.Code}/answer", answer)).StatusCode);

        // The same answer again, and the challenge asked for again: used.
        await AssertRefusedAsync(await app.PostAsJsonAsync($"/portal/api/challenges/{login.Code}/answer", answer), HttpStatusCode.Conflict, "challenge-used");
        await AssertRefusedAsync(await app.GetAsync($"/portal/api/challenges/{login.Code}"), HttpStatusCode.Conflict, "challenge-used");

        // Only the browser that started the login completes it, and only once.
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/portal/api/logins/{login.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await app.PostAsync($"/portal/api/logins/{login.Id}/session", null)).StatusCode);
        using (var session = await browser.PostAsync($"/portal/api/logins/{login.Id}/session", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
            // The holder's cookie: on the portal's path only, out of scripts' reach, and Lax so that single sign-on from
            // another site's page finds it.
            var cookie = session.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("myna.portal=", StringComparison.Ordinal));
            Assert.Contains("path=/portal", cookie, StringComparison.Ordinal);
            Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Conflict, (await browser.PostAsync($"/portal/api/logins/{login.Id}/session", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/portal/api/me")).StatusCode);
    }

    [Fact]
    public async Task WrongPin_CountsOnTheChip_AndLeavesTheChallengeWaiting_P3()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var login = await StartAsync(browser);

        var problem = await AnswerWithSlotAsync(Id(card), login, "9999", HttpStatusCode.Forbidden);
        Assert.Equal("wrong-pin", problem.GetProperty("reason").GetString());
        Assert.Equal("P3", problem.GetProperty("ruleId").GetString());
        Assert.Contains("2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _api.ReadChip(Id(card), c => c.GetPinStatus(PinKind.UserAuthentication)).TriesLeft);
        Assert.Equal("Waiting", (await JsonAsync(await browser.GetAsync($"/portal/api/logins/{login.Id}"), HttpStatusCode.OK)).GetProperty("progress").GetString());

        // The right PIN then logs in (and the chip clears its counter).
        await AnswerWithSlotAsync(Id(card), login, AuthenticationPin, HttpStatusCode.NoContent);
        Assert.Equal(3, _api.ReadChip(Id(card), c => c.GetPinStatus(PinKind.UserAuthentication)).TriesLeft);
    }

    [Fact]
    public async Task BlockedPin_IsRefusedWithAPointerToTheWindow_P3()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var login = await StartAsync(browser);
        for (var i = 0; i < 2; i++)
            await AnswerWithSlotAsync(Id(card), login, "9999", HttpStatusCode.Forbidden);
        var third = await AnswerWithSlotAsync(Id(card), login, "9999", HttpStatusCode.Forbidden);
        Assert.Equal("pin-blocked", third.GetProperty("reason").GetString());
        // Blocked: even the right PIN is refused, and the page says where to go.
        var blocked = await AnswerWithSlotAsync(Id(card), login, AuthenticationPin, HttpStatusCode.Forbidden);
        Assert.Equal("pin-blocked", blocked.GetProperty("reason").GetString());
        Assert.Contains("window", blocked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(_api.ReadChip(Id(card), c => c.GetPinStatus(PinKind.UserAuthentication)).IsBlocked);
    }

    [Fact]
    public async Task RevokedCertificate_IsRefused_AndAfterTheLiftTheNewCertificateLogsIntoTheSameAccount_U3_1_L2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var account = await LogInAsync(browser, Id(card), AuthenticationPin);

        // Lost: the call centre suspends the card, which revokes its certificates (L1).
        await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        using var other = fixture.Server.CreateClient();
        var refused = await StartAsync(other);
        var problem = await AnswerWithSlotAsync(Id(card), refused, AuthenticationPin, HttpStatusCode.Forbidden);
        Assert.Equal("revoked", problem.GetProperty("reason").GetString());
        var status = await JsonAsync(await other.GetAsync($"/portal/api/logins/{refused.Id}"), HttpStatusCode.OK);
        Assert.Equal("Failed", status.GetProperty("progress").GetString());
        Assert.Equal("revoked", status.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await other.PostAsync($"/portal/api/logins/{refused.Id}/session", null)).StatusCode);

        // Found again: the window lifts the suspension with new certificates (L2); the holder logs in with the new one.
        await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/cards/{Id(card)}/suspension/lift",
            new { signature = "LIFTED12", userAuthentication = "4444" }), HttpStatusCode.OK);
        using var again = fixture.Server.CreateClient();
        Assert.Equal(account, await LogInAsync(again, Id(card), "4444"));
        var me = await JsonAsync(await again.GetAsync("/portal/api/me"), HttpStatusCode.OK);
        Assert.Equal(["first-login", "successor"], me.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("linkedBy").GetString()));
        Assert.Equal(Myna.Portal.PortalAudit.CredentialLinked,
            (await _api.AuditAsync(Myna.Portal.PortalAudit.AccountSubject, account)).Select(e => e.Action).Where(a => a != Myna.Portal.PortalAudit.LoggedIn).Last());
    }

    [Fact]
    public async Task ReissuedCard_LogsIntoTheSameAccount_ByTheAuthoritysLink_NotByNumberOrName_U3_1()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var account = await LogInAsync(browser, Id(card), AuthenticationPin);

        await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        var reissued = await _api.IssueCardAsync(resident, new() { ["occasion"] = "ReissueAfterLossOrDamage" });
        using var again = fixture.Server.CreateClient();
        Assert.Equal(account, await LogInAsync(again, Id(reissued), AuthenticationPin));

        // Another holder (same name, address and birth date) gets an account of their own.
        var (_, stranger) = await _api.ResidentWithCardAsync();
        using var third = fixture.Server.CreateClient();
        Assert.NotEqual(account, await LogInAsync(third, Id(stranger), AuthenticationPin));
    }

    [Fact]
    public async Task SignatureCertificate_ForgedSignature_AndGarbage_AreRefused_AndUseTheChallenge_U3_1()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        using var app = fixture.Server.CreateClient();
        var accountsBefore = await AccountCountAsync();

        // The signature certificate and its key: the wrong hierarchy for a login (E1).
        var login = await StartAsync(browser);
        var digest = SHA256.HashData(Convert.FromBase64String(login.Challenge));
        var (signatureCertificate, bySignatureKey) = _api.ReadChip(Id(card), c =>
        {
            Assert.True(c.VerifyPin(Pin.Parse(PinKind.Signature, "ABC123").Value).IsVerified);
            return (c.ReadSignatureCertificate().RawData, c.SignDigest(JpkiKey.Signature, digest));
        });
        await AssertRefusedAsync(await app.PostAsJsonAsync($"/portal/api/challenges/{login.Code}/answer",
            new { certificate = Convert.ToBase64String(signatureCertificate), signature = Convert.ToBase64String(bySignatureKey) }),
            HttpStatusCode.Forbidden, "wrong-certificate");

        // A signature with one bit changed.
        login = await StartAsync(browser);
        var signed = SignOnChip(Id(card), Convert.FromBase64String(login.Challenge));
        signed.Signature[10] ^= 1;
        await AssertRefusedAsync(await app.PostAsJsonAsync($"/portal/api/challenges/{login.Code}/answer",
            new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) }),
            HttpStatusCode.Forbidden, "bad-signature");
        Assert.Equal(HttpStatusCode.Conflict, (await browser.PostAsync($"/portal/api/logins/{login.Id}/session", null)).StatusCode);

        // Not Base64, not a certificate.
        login = await StartAsync(browser);
        await AssertRefusedAsync(await app.PostAsJsonAsync($"/portal/api/challenges/{login.Code}/answer", new { certificate = "%%%", signature = "AA==" }),
            HttpStatusCode.BadRequest, "malformed");
        await AssertRefusedAsync(await app.PostAsJsonAsync($"/portal/api/challenges/ZZZZ-ZZZZ/answer", new { certificate = "AA==", signature = "AA==" }),
            HttpStatusCode.NotFound, "unknown-challenge");
        await AssertRefusedAsync(await app.GetAsync("/portal/api/challenges/not-a-code"), HttpStatusCode.NotFound, "unknown-challenge");
        Assert.Equal(accountsBefore, await AccountCountAsync());
    }

    [Fact]
    public async Task ExpiredChallenge_IsRefused_U3_1()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var login = await StartAsync(browser);
        var signed = SignOnChip(Id(card), Convert.FromBase64String(login.Challenge));
        _api.RealClock.Advance(TimeSpan.FromMinutes(5));
        await AssertRefusedAsync(await browser.PostAsJsonAsync($"/portal/api/challenges/{login.Code}/answer",
            new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) }),
            HttpStatusCode.Gone, "challenge-expired");
        Assert.Equal("Expired", (await JsonAsync(await browser.GetAsync($"/portal/api/logins/{login.Id}"), HttpStatusCode.OK)).GetProperty("progress").GetString());
    }

    [Fact]
    public async Task LogOut_AndEndingAnotherSession_EndThemAtOnce_AndIdleSessionsEnd()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var first = fixture.Server.CreateClient();
        using var second = fixture.Server.CreateClient();
        var account = await LogInAsync(first, Id(card), AuthenticationPin);
        Assert.Equal(account, await LogInAsync(second, Id(card), AuthenticationPin));

        var sessions = await JsonAsync(await first.GetAsync("/portal/api/me/sessions"), HttpStatusCode.OK);
        Assert.Equal(2, sessions.GetArrayLength());
        var secondSession = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync($"/portal/api/me/sessions/{secondSession}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/portal/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.DeleteAsync($"/portal/api/me/sessions/{secondSession}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/portal/api/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/portal/api/me")).StatusCode);
        var actions = (await _api.AuditAsync(Myna.Portal.PortalAudit.AccountSubject, account)).Select(e => e.Action).ToList();
        Assert.Equal(Myna.Portal.PortalAudit.SessionEnded, actions[^2]);
        Assert.Equal(Myna.Portal.PortalAudit.LoggedOut, actions[^1]);

        using var idle = fixture.Server.CreateClient();
        await LogInAsync(idle, Id(card), AuthenticationPin);
        _api.RealClock.Advance(TimeSpan.FromMinutes(32));
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/portal/api/me")).StatusCode);
    }

    [Fact]
    public async Task HolderAndStaffSessions_NeverOpenEachOthersSide()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = fixture.Server.CreateClient();
        await LogInAsync(holder, Id(card), AuthenticationPin);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync($"/api/cards/{Id(card)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/admin/clock")).StatusCode);

        // Staff, with every role between them, are not holders.
        foreach (var staff in new[] { _api.Window, _api.CallCentre, _api.Admin })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/portal/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/portal/api/me/information")).StatusCode);
        }
    }

    [Fact]
    public async Task SandboxSlot_ListsTheSandboxsCardsWithTheirHolders_AndRefusesABadPinOrAnUnknownCard()
    {
        var (_, issued) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient();
        var cards = await JsonAsync(await browser.GetAsync("/portal/api/sandbox/cards"), HttpStatusCode.OK);
        var listed = Assert.Single(cards.EnumerateArray(), c => c.GetProperty("cardId").GetGuid() == Id(issued));
        Assert.StartsWith("番号\u3000花子", listed.GetProperty("holderName").GetString(), StringComparison.Ordinal);
        var login = await StartAsync(browser);
        var card = Id(issued);
        var problem = await Problems.ReadAsync(await browser.PostAsJsonAsync($"/portal/api/sandbox/cards/{card}/answer", new { code = login.Code, pin = "12a4" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("pin", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsJsonAsync($"/portal/api/sandbox/cards/{Guid.NewGuid()}/answer", new { code = login.Code, pin = "1234" })).StatusCode);
    }

    /// <summary>A new client logged into the portal with card <paramref name="cardId"/> (its PIN: <see cref="WindowApi.Pins"/>) through the sandbox slot.</summary>
    internal static async Task<HttpClient> LoggedInAsync(WindowApiFixture fixture, Guid cardId)
    {
        var client = fixture.Server.CreateClient();
        await new PortalLoginTests(fixture).LogInAsync(client, cardId, AuthenticationPin);
        return client;
    }

    private sealed record Started(Guid Id, string Code, string Challenge);

    private static async Task<Started> StartAsync(HttpClient browser)
    {
        var started = await JsonAsync(await browser.PostAsync("/portal/api/logins", null), HttpStatusCode.Created);
        var code = started.GetProperty("code").GetString()!;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        Assert.EndsWith("/portal/api/challenges/" + code.Replace("-", "", StringComparison.Ordinal), started.GetProperty("appUrl").GetString(), StringComparison.Ordinal);
        return new Started(started.GetProperty("id").GetGuid(), code, started.GetProperty("challenge").GetString()!);
    }

    private async Task<JsonElement> AnswerWithSlotAsync(Guid cardId, Started login, string pin, HttpStatusCode expected)
    {
        using var slot = fixture.Server.CreateClient();
        var response = await slot.PostAsJsonAsync($"/portal/api/sandbox/cards/{cardId}/answer", new { code = login.Code, pin });
        if (expected == HttpStatusCode.NoContent)
        {
            Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
            return default;
        }
        return await Problems.ReadAsync(response, expected);
    }

    /// <summary>Logs <paramref name="browser"/> in with the slot; answers the account.</summary>
    private async Task<Guid> LogInAsync(HttpClient browser, Guid cardId, string pin)
    {
        var login = await StartAsync(browser);
        await AnswerWithSlotAsync(cardId, login, pin, HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync($"/portal/api/logins/{login.Id}/session", null)).StatusCode);
        return (await JsonAsync(await browser.GetAsync("/portal/api/me"), HttpStatusCode.OK)).GetProperty("accountId").GetGuid();
    }

    /// <summary>What the holder's app does with the card in a reader (here the card's own chip, in process).</summary>
    private SignedChallenge SignOnChip(Guid cardId, byte[] challenge) =>
        _api.ReadChip(cardId, c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, AuthenticationPin).Value, challenge).Signed!);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var problem = await Problems.ReadAsync(response, status);
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    private async Task<int> AccountCountAsync()
    {
        await using var db = _api.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext();
        return await db.Set<Myna.Storage.Portal.HolderAccount>().CountAsync();
    }
}
