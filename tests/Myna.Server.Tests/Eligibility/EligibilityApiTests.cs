using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.Primitives;
using Myna.Reader;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Eligibility;

/// <summary>
/// The card as a health insurance card over HTTP, end to end: the insurer enrols the resident, the holder registers the
/// card for insurance use in the portal, and a clinic's reception terminal checks the patient's insurance with the card
/// (U1.1, U1.2); the receipt verifies with the service's published key, and a changed one does not.
/// </summary>
public sealed class EligibilityApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task AClinicsTerminal_ChecksTheInsuranceWithTheCard_AfterTheHolderRegisteredIt_U1_2()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        var insurer = await JsonAsync(await _api.Admin.PostAsJsonAsync("/api/insurers",
            new { number = "01070010", name = "全国健康保険協会福島支部", scheme = "KyokaiKenpo" }), HttpStatusCode.Created);
        await JsonAsync(await _api.Admin.PostAsJsonAsync($"/api/insurers/{Id(insurer)}/enrolments", new
        {
            holderReference = resident, symbol = "1234", number = "56", branch = "01", role = "Insured", from = "2020-04-01", incomeClass = "General",
        }), HttpStatusCode.Created);
        var registered = await JsonAsync(await _api.Admin.PostAsJsonAsync("/api/eligibility/institutions",
            new { code = "0711999990", name = "けやき整形外科", kind = "Clinic", terminals = 1 }), HttpStatusCode.Created);
        var terminal = registered.EnumerateArray().Single();
        using var reception = fixture.Server.CreateClient();
        reception.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{terminal.GetProperty("id").GetGuid()}:{terminal.GetProperty("secret").GetString()}");
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Window.PostAsJsonAsync("/api/eligibility/institutions",
            new { code = "0711999991", name = "x", kind = "Clinic" })).StatusCode);
        await Problems.ReadAsync(await _api.Admin.PostAsJsonAsync("/api/eligibility/institutions",
            new { code = "0721999990", name = "x", kind = "Clinic" }), HttpStatusCode.BadRequest);

        // Not yet registered for insurance use: the answer says so, naming U1.1.
        var first = await CheckAsync(reception, Id(card));
        Assert.False(first.GetProperty("eligible").GetBoolean());
        Assert.Equal("U1.1", first.GetProperty("rule").GetString());

        using (var holder = await Portal.PortalLoginTests.LoggedInAsync(fixture, Id(card)))
            await JsonAsync(await holder.PostAsJsonAsync("/portal/api/me/applications",
                new { procedureId = "insurance-use-registration", municipality = "07203", fields = new Dictionary<string, string?>() }), HttpStatusCode.Created);

        var checkedNow = await CheckAsync(reception, Id(card));
        Assert.True(checkedNow.GetProperty("eligible").GetBoolean(), checkedNow.GetRawText());
        Assert.Equal("01070010", checkedNow.GetProperty("facts").GetProperty("insurerNumber").GetString());
        Assert.Equal(30, checkedNow.GetProperty("facts").GetProperty("copaymentPercent").GetInt32());
        Assert.True(checkedNow.GetProperty("consent").GetProperty("medication").GetBoolean());

        var receipt = checkedNow.GetProperty("receipt");
        using var anyone = fixture.Server.CreateClient();
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await anyone.GetStringAsync("/api/eligibility/receipt-key"), StringComparison.Ordinal);
        var content = receipt.GetProperty("content").GetString()!;
        var signature = receipt.GetProperty("signature").GetString()!;
        Assert.True((await JsonAsync(await anyone.PostAsJsonAsync("/api/eligibility/receipts/verify", new { content, signature }), HttpStatusCode.OK)).GetProperty("valid").GetBoolean());
        Assert.False((await JsonAsync(await anyone.PostAsJsonAsync("/api/eligibility/receipts/verify",
            new { content = content.Replace("\"copayment\":30", "\"copayment\":10", StringComparison.Ordinal), signature }), HttpStatusCode.OK)).GetProperty("valid").GetBoolean());

        // The clinic's staff see the check again during the visit; another institution's terminal does not.
        var view = await JsonAsync(await reception.GetAsync($"/api/eligibility/terminal/checks/{checkedNow.GetProperty("checkId").GetGuid()}"), HttpStatusCode.OK);
        Assert.Equal("eligible", view.GetProperty("result").GetString());
        Assert.True(view.GetProperty("consent").GetProperty("highCostCeiling").GetBoolean());
        var sandbox = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Server.DataDirectory, "eligibility", "sandbox-terminals.json"))).RootElement[0];
        using var pharmacy = fixture.Server.CreateClient();
        pharmacy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{sandbox.GetProperty("Id").GetGuid()}:{sandbox.GetProperty("Secret").GetString()}");
        var foreign = await Problems.ReadAsync(await pharmacy.GetAsync($"/api/eligibility/terminal/checks/{checkedNow.GetProperty("checkId").GetGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal("check-unknown", foreign.GetProperty("code").GetString());

        // A terminal without its secret gets nothing.
        using var stranger = fixture.Server.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{terminal.GetProperty("id").GetGuid()}:guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsync("/api/eligibility/terminal/checks", null)).StatusCode);
    }

    /// <summary>The terminal's part with the PIN: open a check, have the card sign its challenge, send the answer with the patient's consent.</summary>
    private async Task<System.Text.Json.JsonElement> CheckAsync(HttpClient reception, Guid cardId)
    {
        var opened = await JsonAsync(await reception.PostAsync("/api/eligibility/terminal/checks", null), HttpStatusCode.Created);
        var challenge = Convert.FromBase64String(opened.GetProperty("challenge").GetString()!);
        var signed = _api.ReadChip(cardId, c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, "1111").Value, challenge).Signed!);
        return await JsonAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{opened.GetProperty("checkId").GetGuid()}/answer", new
        {
            certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature), identity = "Pin",
            consent = new { medication = true, healthChecks = false, treatments = false, highCostCeiling = true },
        }), HttpStatusCode.OK);
    }
}
