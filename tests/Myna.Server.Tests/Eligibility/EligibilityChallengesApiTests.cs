using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.OnlineEligibility;
using Myna.Primitives;
using Myna.Reader;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Eligibility;

/// <summary>
/// A terminal's challenges given ahead over HTTP (<c>POST /api/eligibility/terminal/challenges</c>): 1 to 32 at once for
/// the terminal's own credentials, and then a check is one request — the answer — refused once replayed, unknown to
/// another terminal or when forged, bad when another card signed it.
/// </summary>
public sealed class EligibilityChallengesApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);
    private readonly PatientVisits _visits = new(fixture);

    [Fact]
    public async Task ABatchOfChallenges_IsOneToThirtyTwo_ForTheTerminalsCredentialsOnly()
    {
        using var reception = await TerminalAsync("0711999970");

        var batch = await JsonAsync(await reception.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count = 32 }), HttpStatusCode.OK);
        Assert.Equal(32, batch.GetArrayLength());
        Assert.All(batch.EnumerateArray(), c => Assert.Equal(32, Convert.FromBase64String(c.GetProperty("challenge").GetString()!).Length));
        Assert.Equal(32, batch.EnumerateArray().Select(c => c.GetProperty("checkId").GetGuid()).Distinct().Count());
        // Nothing was written: the institution does not see them as checks.
        await Problems.ReadAsync(await reception.GetAsync($"/api/eligibility/terminal/checks/{batch[0].GetProperty("checkId").GetGuid()}"), HttpStatusCode.NotFound);

        foreach (var count in new[] { 0, -3, 33, 1000 })
        {
            var problem = await Problems.ReadAsync(await reception.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count }), HttpStatusCode.BadRequest);
            Assert.Contains("challenge-count", problem.GetRawText(), StringComparison.Ordinal);
        }
        using var anyone = fixture.Server.CreateClient();
        await Problems.ReadAsync(await anyone.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count = 4 }), HttpStatusCode.Unauthorized);
        anyone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{Guid.NewGuid()}:guess");
        await Problems.ReadAsync(await anyone.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count = 4 }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AChallengeGivenAhead_IsAnsweredInOneRequest_Once_WithItsReceiptAuditAndHistory_U1_2()
    {
        var (resident, card) = await _visits.PatientAsync();
        using var reception = await TerminalAsync("0711999971");
        var given = await JsonAsync(await reception.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count = 2 }), HttpStatusCode.OK);
        var check = given[0].GetProperty("checkId").GetGuid();
        var body = Answer(card, given[0]);

        var answered = await JsonAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{check}/answer", body), HttpStatusCode.OK);

        Assert.True(answered.GetProperty("eligible").GetBoolean(), answered.GetRawText());
        Assert.Equal(check, answered.GetProperty("checkId").GetGuid());
        var receipt = answered.GetProperty("receipt");
        using var anyone = fixture.Server.CreateClient();
        Assert.True((await JsonAsync(await anyone.PostAsJsonAsync("/api/eligibility/receipts/verify",
            new { content = receipt.GetProperty("content").GetString(), signature = receipt.GetProperty("signature").GetString() }), HttpStatusCode.OK)).GetProperty("valid").GetBoolean());
        var seen = await JsonAsync(await reception.GetAsync($"/api/eligibility/terminal/checks/{check}"), HttpStatusCode.OK);
        Assert.Equal(("Answered", receipt.GetProperty("id").GetGuid()), (seen.GetProperty("state").GetString(), seen.GetProperty("receipt").GetProperty("id").GetGuid()));

        var replay = await Problems.ReadAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{check}/answer", body), HttpStatusCode.Conflict);
        Assert.Contains("already-answered", replay.GetRawText(), StringComparison.Ordinal);
        Assert.Single(await _api.AuditAsync("resident", resident), e => e.Action == EligibilityService.CheckedAction);
    }

    [Fact]
    public async Task AnswersToChallengesGivenAhead_SentTwiceAtOnce_AnswerEachOnce_U1_2()
    {
        var (resident, card) = await _visits.PatientAsync();
        using var reception = await TerminalAsync("0711999972");
        var given = await JsonAsync(await reception.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count = 6 }), HttpStatusCode.OK);
        var answers = given.EnumerateArray().Select(c => (Check: c.GetProperty("checkId").GetGuid(), Body: Answer(card, c))).ToList();

        var responses = await Task.WhenAll(answers.Concat(answers).Select(a => Task.Run(async () =>
        {
            using var response = await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{a.Check}/answer", a.Body);
            return (a.Check, response.StatusCode);
        })));

        foreach (var group in responses.GroupBy(r => r.Check))
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], group.Select(r => r.StatusCode).Order());
        Assert.Equal(6, (await _api.AuditAsync("resident", resident)).Count(e => e.Action == EligibilityService.CheckedAction));
    }

    [Fact]
    public async Task AnotherTerminalsChallenge_AForgedOne_AndAnotherCardsSignature_AreRefused_U1_2()
    {
        var (_, card) = await _visits.PatientAsync();
        var (_, other) = await _visits.PatientAsync();
        using var reception = await TerminalAsync("0711999973");
        using var elsewhere = await TerminalAsync("0711999974");
        var given = await JsonAsync(await reception.PostAsJsonAsync("/api/eligibility/terminal/challenges", new { count = 2 }), HttpStatusCode.OK);
        var check = given[0].GetProperty("checkId").GetGuid();
        var body = Answer(card, given[0]);

        await Problems.ReadAsync(await elsewhere.PostAsJsonAsync($"/api/eligibility/terminal/checks/{check}/answer", body), HttpStatusCode.NotFound);
        var forged = check.ToByteArray();
        forged[^1] ^= 1;
        await Problems.ReadAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{new Guid(forged)}/answer", body), HttpStatusCode.NotFound);

        // The patient's certificate with the signature another card made of the same challenge.
        var second = given[1].GetProperty("checkId").GetGuid();
        var mine = Answer(card, given[1]);
        var theirs = Answer(other, given[1]);
        var bad = await Problems.ReadAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{second}/answer",
            mine with { Signature = theirs.Signature }), HttpStatusCode.Forbidden);
        Assert.Contains("bad-signature", bad.GetRawText(), StringComparison.Ordinal);
        await Problems.ReadAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{second}/answer", mine), HttpStatusCode.Conflict);

        // The terminal it was given to answers the first.
        Assert.True((await JsonAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{check}/answer", body), HttpStatusCode.OK)).GetProperty("eligible").GetBoolean());
    }

    private async Task<HttpClient> TerminalAsync(string code)
    {
        var registered = await JsonAsync(await _api.Admin.PostAsJsonAsync("/api/eligibility/institutions",
            new { code, name = "ひばり内科", kind = "Clinic", terminals = 1 }), HttpStatusCode.Created);
        var terminal = registered.EnumerateArray().Single();
        var reception = fixture.Server.CreateClient();
        reception.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{terminal.GetProperty("id").GetGuid()}:{terminal.GetProperty("secret").GetString()}");
        return reception;
    }

    private sealed record AnswerBody(string Certificate, string Signature, string Identity, object Consent);

    /// <summary>The card's answer to a challenge given ahead, with the PIN.</summary>
    private AnswerBody Answer(Guid cardId, JsonElement given)
    {
        var challenge = Convert.FromBase64String(given.GetProperty("challenge").GetString()!);
        var signed = _api.ReadChip(cardId, c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, "1111").Value, challenge).Signed!);
        return new AnswerBody(Convert.ToBase64String(signed.Certificate), Convert.ToBase64String(signed.Signature), "Pin",
            new { medication = true, healthChecks = false, treatments = false, highCostCeiling = false });
    }
}
