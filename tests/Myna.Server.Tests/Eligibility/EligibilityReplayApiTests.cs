using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Myna.Primitives;
using Myna.Reader;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Eligibility;

/// <summary>
/// A terminal's checks over HTTP as the service now keeps them: an open check is the institution's to see before any
/// answer, and answers sent at once — each twice — answer every check exactly once (200), the replay refused (409).
/// </summary>
public sealed class EligibilityReplayApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task AnswersSentAtOnce_AnswerEachCheckOnce_AndTheReplayIsRefused_U1_2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        var registered = await JsonAsync(await _api.Admin.PostAsJsonAsync("/api/eligibility/institutions",
            new { code = "0711999980", name = "かえで内科", kind = "Clinic", terminals = 1 }), HttpStatusCode.Created);
        var terminal = registered.EnumerateArray().Single();
        using var reception = fixture.Server.CreateClient();
        reception.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{terminal.GetProperty("id").GetGuid()}:{terminal.GetProperty("secret").GetString()}");

        var answers = new List<(Guid Check, object Body)>();
        for (var i = 0; i < 8; i++)
        {
            var opened = await JsonAsync(await reception.PostAsync("/api/eligibility/terminal/checks", null), HttpStatusCode.Created);
            var check = opened.GetProperty("checkId").GetGuid();
            var challenge = Convert.FromBase64String(opened.GetProperty("challenge").GetString()!);
            var signed = _api.ReadChip(Id(card), c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, "1111").Value, challenge).Signed!);
            answers.Add((check, new
            {
                certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature), identity = "Pin",
                consent = new { medication = false, healthChecks = false, treatments = false, highCostCeiling = false },
            }));
        }
        var open = await JsonAsync(await reception.GetAsync($"/api/eligibility/terminal/checks/{answers[0].Check}"), HttpStatusCode.OK);
        Assert.Equal("Open", open.GetProperty("state").GetString());

        var responses = await Task.WhenAll(answers.Concat(answers).Select(a => Task.Run(async () =>
        {
            using var response = await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{a.Check}/answer", a.Body);
            return (a.Check, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        foreach (var group in responses.GroupBy(r => r.Check))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], group.Select(r => r.StatusCode).Order());
            Assert.Contains("already-answered", group.Single(r => r.StatusCode == HttpStatusCode.Conflict).Body, StringComparison.Ordinal);
        }
        var answered = await JsonAsync(await reception.GetAsync($"/api/eligibility/terminal/checks/{answers[0].Check}"), HttpStatusCode.OK);
        Assert.Equal("Answered", answered.GetProperty("state").GetString());
        // Not registered for insurance use: answered all the same, with the reason (U1.1).
        Assert.Equal("not-registered", answered.GetProperty("result").GetString());
    }
}
