using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Primitives;
using Myna.Reader;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Eligibility;

/// <summary>
/// A patient at the sandbox's clinic and pharmacy over HTTP, for the records' tests: a resident with a card, enrolled with
/// 協会けんぽ (30 %) and registered for insurance use in the portal; the reception terminals of あさひ内科クリニック and さくら薬局
/// (the sandbox's, from the data directory) and of a clinic of the test's own.
/// </summary>
public sealed class PatientVisits(WindowApiFixture fixture) : IDisposable
{
    private readonly WindowApi _api = new(fixture);

    public HttpClient Clinic { get; } = Terminal(fixture, 0);

    public HttpClient Pharmacy { get; } = Terminal(fixture, 1);

    /// <summary>The association's Fukushima branch, added once per server.</summary>
    public async Task<Guid> InsurerAsync()
    {
        var all = await JsonAsync(await fixture.Admin.GetAsync("/api/insurers"), HttpStatusCode.OK);
        if (all.EnumerateArray().FirstOrDefault(i => i.GetProperty("number").GetString() == "01070010") is { ValueKind: JsonValueKind.Object } found)
            return Id(found);
        return Id(await JsonAsync(await fixture.Admin.PostAsJsonAsync("/api/insurers",
            new { number = "01070010", name = "全国健康保険協会福島支部", scheme = "KyokaiKenpo" }), HttpStatusCode.Created));
    }

    /// <summary>A resident with a card (PIN 1111), enrolled from 2020 and registered for insurance use.</summary>
    public async Task<(Guid Resident, Guid Card)> PatientAsync()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        await JsonAsync(await fixture.Admin.PostAsJsonAsync($"/api/insurers/{await InsurerAsync()}/enrolments", new
        {
            holderReference = resident, symbol = "1234", number = "56", branch = "01", role = "Insured", from = "2020-04-01", incomeClass = "General",
        }), HttpStatusCode.Created);
        using (var holder = await Portal.PortalLoginTests.LoggedInAsync(fixture, Id(card)))
            await JsonAsync(await holder.PostAsJsonAsync("/portal/api/me/applications",
                new { procedureId = "insurance-use-registration", municipality = "07203", fields = new Dictionary<string, string?>() }), HttpStatusCode.Created);
        return (resident, Id(card));
    }

    /// <summary>The terminal's check with the PIN and the patient's consent; the answer.</summary>
    public async Task<JsonElement> CheckAsync(HttpClient reception, Guid cardId, bool medication = false, bool healthChecks = false, bool treatments = false)
    {
        var opened = await JsonAsync(await reception.PostAsync("/api/eligibility/terminal/checks", null), HttpStatusCode.Created);
        var challenge = Convert.FromBase64String(opened.GetProperty("challenge").GetString()!);
        var signed = _api.ReadChip(cardId, c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, "1111").Value, challenge).Signed!);
        return await JsonAsync(await reception.PostAsJsonAsync($"/api/eligibility/terminal/checks/{opened.GetProperty("checkId").GetGuid()}/answer", new
        {
            certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature), identity = "Pin",
            consent = new { medication, healthChecks, treatments, highCostCeiling = false },
        }), HttpStatusCode.OK);
    }

    /// <summary>A visit's check id.</summary>
    public static Guid CheckId(JsonElement answer) => answer.GetProperty("checkId").GetGuid();

    /// <summary>The pharmacy dispenses amlodipine for 30 days on <paramref name="day"/>: 2,350 yen, the patient pays 710.</summary>
    public async Task<JsonElement> DispenseAsync(Guid cardId, DateOnly day)
    {
        var check = await CheckAsync(Pharmacy, cardId);
        return await JsonAsync(await Pharmacy.PostAsJsonAsync($"/api/eligibility/terminal/checks/{CheckId(check)}/claim", new
        {
            day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), totalYen = 2_350,
            drugs = new[] { new { name = "アムロジピン錠", strength = "5mg", dailyQuantity = 1, unit = "錠", days = 30 } },
        }), HttpStatusCode.Created);
    }

    /// <summary>The clinic treats blood pressure on <paramref name="day"/>: 4,460 yen, the patient pays 1,340.</summary>
    public async Task<JsonElement> TreatAsync(Guid cardId, DateOnly day)
    {
        var check = await CheckAsync(Clinic, cardId);
        return await JsonAsync(await Clinic.PostAsJsonAsync($"/api/eligibility/terminal/checks/{CheckId(check)}/claim", new
        {
            day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), totalYen = 4_460, copaymentYen = 1_340,
            treatments = new[] { new { diagnosis = "本態性高血圧症", procedure = "再診料" } },
        }), HttpStatusCode.Created);
    }

    private static HttpClient Terminal(WindowApiFixture fixture, int index)
    {
        var sandbox = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Server.DataDirectory, "eligibility", "sandbox-terminals.json"))).RootElement[index];
        var client = fixture.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{sandbox.GetProperty("Id").GetGuid()}:{sandbox.GetProperty("Secret").GetString()}");
        return client;
    }

    public void Dispose()
    {
        Clinic.Dispose();
        Pharmacy.Dispose();
    }
}
