using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage;
using Myna.Storage.History;
using Myna.Storage.MedicalRecords;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Eligibility;

/// <summary>
/// The medical records over HTTP: a pharmacy's and a clinic's claims after the visit, an insurer's health check, and the
/// clinic's view during the visit of only what the patient consented to (U1.4), written to the holder's exchange history.
/// </summary>
public sealed class MedicalRecordsApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>, IDisposable
{
    private readonly WindowApi _api = new(fixture);
    private readonly PatientVisits _visits = new(fixture);

    private static readonly DateOnly Day = new(2026, 5, 12);

    public void Dispose() => _visits.Dispose();

    [Fact]
    public async Task TheClinicSeesDuringTheVisit_OnlyWhatThePatientConsentedTo_AndAnotherInstitutionNothing_U1_4()
    {
        await _api.SetDateAsync(Day);
        var (resident, card) = await _visits.PatientAsync();
        var claim = await _visits.DispenseAsync(card, Day);
        Assert.Equal((710, 30, "Medicine"), (claim.GetProperty("copaymentYen").GetInt32(), claim.GetProperty("copaymentPercent").GetInt32(), claim.GetProperty("category").GetString()));
        await _api.AssertAuditedAsync("resident", resident, "insurance.claim-submitted", actor: AuditActorOf(_visits.Pharmacy));

        // The insurer records last year's health check; window staff may not.
        var insurer = await _visits.InsurerAsync();
        object HealthCheck(double? height = 158.2) => new { holderReference = resident, day = "2025-06-10", heightCm = height, weightKg = 56.4, systolicMmHg = 132, diastolicMmHg = 84, hbA1cPercent = 5.6 };
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Window.PostAsJsonAsync($"/api/insurers/{insurer}/health-checks", HealthCheck())).StatusCode);
        var missing = await Problems.ReadAsync(await fixture.Admin.PostAsJsonAsync($"/api/insurers/{insurer}/health-checks", HealthCheck(height: null)), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("heightCm", out _));
        var recorded = await JsonAsync(await fixture.Admin.PostAsJsonAsync($"/api/insurers/{insurer}/health-checks", HealthCheck()), HttpStatusCode.Created);
        Assert.Equal(22.5, recorded.GetProperty("bmi").GetDouble());
        await _api.AssertAuditedAsync("resident", resident, "insurance.health-check-recorded", actor: "admin");

        // Consent to the medication only: the medication, and neither the health checks nor the treatments.
        var visit = PatientVisits.CheckId(await _visits.CheckAsync(_visits.Clinic, card, medication: true));
        var shown = await JsonAsync(await _visits.Clinic.GetAsync($"/api/eligibility/terminal/checks/{visit}/records"), HttpStatusCode.OK);
        var dispensing = Assert.Single(shown.GetProperty("medication").EnumerateArray());
        Assert.Equal("さくら薬局 郡山駅前店", dispensing.GetProperty("institution").GetString());
        Assert.Equal("アムロジピン錠", dispensing.GetProperty("drugs")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("healthChecks").ValueKind);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("treatments").ValueKind);
        await _api.AssertAuditedAsync("resident", resident, "insurance.records-shown", actor: AuditActorOf(_visits.Clinic));

        // The health checks with their consent.
        var checks = PatientVisits.CheckId(await _visits.CheckAsync(_visits.Clinic, card, healthChecks: true));
        var results = await JsonAsync(await _visits.Clinic.GetAsync($"/api/eligibility/terminal/checks/{checks}/records"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, results.GetProperty("medication").ValueKind);
        Assert.Equal(132, results.GetProperty("healthChecks")[0].GetProperty("result").GetProperty("systolicMmHg").GetInt32());

        // Without consent: 403 naming U1.4. The pharmacy's terminal, another institution, gets 404 as for an unknown check.
        var declined = PatientVisits.CheckId(await _visits.CheckAsync(_visits.Clinic, card));
        var refused = await Problems.ReadAsync(await _visits.Clinic.GetAsync($"/api/eligibility/terminal/checks/{declined}/records"), HttpStatusCode.Forbidden);
        Assert.Equal(("no-consent", "U1.4"), (refused.GetProperty("code").GetString(), refused.GetProperty("ruleId").GetString()));
        var foreign = await Problems.ReadAsync(await _visits.Pharmacy.GetAsync($"/api/eligibility/terminal/checks/{visit}/records"), HttpStatusCode.NotFound);
        Assert.Equal("check-unknown", foreign.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _visits.Clinic.GetAsync($"/api/eligibility/terminal/checks/{Guid.NewGuid()}/records")).StatusCode);
        using (var stranger = fixture.Server.CreateClient())
        {
            stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{Guid.NewGuid()}:guess");
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/api/eligibility/terminal/checks/{visit}/records")).StatusCode);
        }

        // The holder's history names the clinic, what it was shown and the consent, twice (the two showings).
        var shownEntries = (await HistoryAsync(resident)).Where(e => e.Kind == "insurance-records-shown").ToList();
        Assert.Equal(2, shownEntries.Count);
        Assert.All(shownEntries, e => Assert.Equal("あさひ内科クリニック", e.Requester.Japanese));
        Assert.Equal(("薬剤情報（1件）", "同意：薬剤情報"), (shownEntries[0].Information.Japanese, Between(shownEntries[0].Purpose.Japanese)));
        Assert.Equal(("特定健診等情報（1件）", "同意：特定健診等情報"), (shownEntries[1].Information.Japanese, Between(shownEntries[1].Purpose.Japanese)));

        // The next day the consent of the visit has lapsed.
        await _api.SetDateAsync(Day.AddDays(1));
        var over = await Problems.ReadAsync(await _visits.Clinic.GetAsync($"/api/eligibility/terminal/checks/{visit}/records"), HttpStatusCode.Forbidden);
        Assert.Equal("visit-over", over.GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadClaims_Are400NamingTheField_ASecondClaimIs409_AndNothingIsWritten_U1_5()
    {
        await _api.SetDateAsync(Day);
        var (resident, card) = await _visits.PatientAsync();
        var check = PatientVisits.CheckId(await _visits.CheckAsync(_visits.Clinic, card));
        var path = $"/api/eligibility/terminal/checks/{check}/claim";
        var treatments = new[] { new { diagnosis = "本態性高血圧症", procedure = "再診料" } };
        var claimsBefore = await ClaimsAsync(resident);

        (object Body, string Field)[] bad =
        [
            (new { totalYen = 4_460, treatments }, "day"),
            (new { day = "2026-5-12", totalYen = 4_460, treatments }, "day"),
            (new { day = "2026-05-13", totalYen = 4_460, treatments }, "day"),
            (new { day = "2026-05-12", treatments }, "totalYen"),
            (new { day = "2026-05-12", totalYen = 4_460, copaymentYen = 1_000, treatments }, "copaymentYen"),
            (new { day = "2026-05-12", totalYen = 4_460 }, "treatments"),
            (new { day = "2026-05-12", totalYen = 4_460, treatments = new[] { new { diagnosis = (string?)null, procedure = "再診料" } } }, "treatments[0].diagnosis"),
            (new { day = "2026-05-12", totalYen = 4_460, treatments, drugs = new[] { new { name = "アムロジピン錠", strength = "5mg", dailyQuantity = 1, unit = "錠" } } }, "drugs[0].days"),
        ];
        foreach (var (body, field) in bad)
        {
            var problem = await Problems.ReadAsync(await _visits.Clinic.PostAsJsonAsync(path, body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem.GetRawText()}");
        }
        Assert.Equal(claimsBefore, await ClaimsAsync(resident));
        Assert.DoesNotContain(await _api.AuditAsync("resident", resident), e => e.Action == "insurance.claim-submitted");

        var accepted = await JsonAsync(await _visits.Clinic.PostAsJsonAsync(path, new { day = "2026-05-12", totalYen = 4_460, treatments }), HttpStatusCode.Created);
        Assert.Equal(1_340, accepted.GetProperty("copaymentYen").GetInt32());
        var twice = await Problems.ReadAsync(await _visits.Clinic.PostAsJsonAsync(path, new { day = "2026-05-12", totalYen = 4_460, treatments }), HttpStatusCode.Conflict);
        Assert.Equal("claim-exists", twice.GetProperty("code").GetString());
        // The pharmacy cannot claim for the clinic's check.
        await Problems.ReadAsync(await _visits.Pharmacy.PostAsJsonAsync(path, new
        {
            day = "2026-05-12", totalYen = 2_350, drugs = new[] { new { name = "アムロジピン錠", strength = "5mg", dailyQuantity = 1, unit = "錠", days = 30 } },
        }), HttpStatusCode.NotFound);
        Assert.Equal(claimsBefore + 1, await ClaimsAsync(resident));
    }

    private static string Between(string purpose) => purpose[(purpose.IndexOf('（', StringComparison.Ordinal) + 1)..purpose.LastIndexOf('）')];

    private static string AuditActorOf(HttpClient terminal) =>
        "terminal:" + Guid.Parse(terminal.DefaultRequestHeaders.Authorization!.Parameter!.Split(':')[0]).ToString("N");

    private async Task<int> ClaimsAsync(Guid resident)
    {
        await using var db = fixture.Server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext();
        return await db.Set<MedicalClaimRow>().CountAsync(c => c.HolderReference == resident);
    }

    private async Task<List<ExchangeContent>> HistoryAsync(Guid resident)
    {
        await using var db = fixture.Server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext();
        var rows = await db.Set<ExchangeRecord>().AsNoTracking().Where(e => e.HolderReference == resident).OrderBy(e => e.Id).ToListAsync();
        return [.. rows.Select(r => r.Read())];
    }
}
