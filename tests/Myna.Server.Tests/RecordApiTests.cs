using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Myna.Window;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>
/// The records the certificates show, kept over the API by window staff: household and previous address, seal
/// registrations and the seal certificate at the window (U2.10), tax assessments by fiscal year, family registers with
/// their attachment. Authorization, validation (400, nothing changed), 404, rule refusals (409 with the rule id) and
/// the audit trail.
/// </summary>
public sealed partial class RecordApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private HttpClient Window => _api.Window;

    private static object Tax(long salaryRevenue = 4_000_000) => new
    {
        salaryRevenue, salaryIncome = 2_760_000, otherIncome = 0, deductionsTotal = 1_030_000, taxableIncome = 1_730_000,
        municipalPerCapita = 3_000, municipalIncomeLevy = 103_800, prefecturalPerCapita = 2_000, prefecturalIncomeLevy = 69_200,
        releasedOn = "2026-06-01",
    };

    /// <summary>Everything the API shows of a resident's records, and the audit entries on them but the look-ups.</summary>
    private async Task<string> SnapshotAsync(Guid resident, Guid? register = null)
    {
        var text = new StringBuilder().AppendLine((await _api.FileAsync(resident)).GetRawText());
        foreach (var path in new[] { "seal-registrations", "tax-assessments", "family-registers" })
            text.AppendLine((await JsonAsync(await Window.GetAsync($"/api/residents/{resident}/{path}"), HttpStatusCode.OK)).GetRawText());
        var subjects = new List<(string, Guid)> { ("resident", resident) };
        if (register is { } registerId)
        {
            text.AppendLine((await JsonAsync(await Window.GetAsync($"/api/family-registers/{registerId}"), HttpStatusCode.OK)).GetRawText());
            subjects.Add(("family-register", registerId));
        }
        foreach (var (kind, id) in subjects)
        {
            foreach (var entry in (await _api.AuditAsync(kind, id)).Where(e => !IsLookup(e)))
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{entry.Id} {entry.Action} {entry.Details}");
        }
        return text.ToString();
    }

    private async Task<JsonElement> AssertRefusedAsync(Guid resident, HttpStatusCode status, Func<HttpClient, Task<HttpResponseMessage>> send, Guid? register = null)
    {
        var before = await SnapshotAsync(resident, register);
        using var response = await send(Window);
        var problem = await Problems.ReadAsync(response, status);
        Assert.Equal(before, await SnapshotAsync(resident, register));
        return problem;
    }

    [Fact]
    public async Task Records_AreForWindowStaff_NotForTheCallCentre_NorAnonymous()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        using (var response = await _api.CallCentre.GetAsync($"/api/residents/{resident}/seal-registrations"))
            await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        using (var response = await _api.CallCentre.PutAsJsonAsync($"/api/residents/{resident}/tax-assessments/2026", Tax()))
            await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        using var anonymous = fixture.Server.CreateClient();
        using (var response = await anonymous.GetAsync($"/api/residents/{resident}/tax-assessments"))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var response = await anonymous.GetAsync($"/api/family-registers/{Guid.NewGuid()}"))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HouseholdAndPreviousAddress_AreSetAndShown_AndBadInputChangesNothing()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var view = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/household",
            new { householdHead = "番号　花子", relationshipToHead = "世帯主" }), HttpStatusCode.OK);
        Assert.Equal("世帯主", view.GetProperty("relationshipToHead").GetString());
        view = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/previous-address",
            new { previousAddress = TokyoAddress, addressSince = "2015-10-05" }), HttpStatusCode.OK);
        Assert.Equal(TokyoAddress, view.GetProperty("previousAddress").GetString());
        Assert.Equal(new DateOnly(2015, 10, 5), Date(view.GetProperty("addressSince")));
        await _api.AssertAuditedAsync("resident", resident, "resident.previous-address-recorded");

        var problem = await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PutAsJsonAsync($"/api/residents/{resident}/previous-address",
            new { previousAddress = TokyoAddress, addressSince = "2026-04-02" }));
        Assert.True(problem.GetProperty("errors").TryGetProperty("addressSince", out _));
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PutAsJsonAsync($"/api/residents/{resident}/household",
            new { householdHead = new string('長', 121), relationshipToHead = "子" }));
        using var missing = await Window.PutAsJsonAsync($"/api/residents/{Guid.NewGuid()}/household", new { householdHead = "番号　花子" });
        await Problems.ReadAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SealCertificate_WithTheMyNumberCard_Is409_NamingTheRule_AndChangesNothing_U2_10()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var seal = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/seal-registrations",
            new { cardNumber = "20000001", impression = "丸印、直径15mm、「番号」" }), HttpStatusCode.Created);
        Assert.Equal("Registered", seal.GetProperty("state").GetString());
        Assert.Matches("^[0-9]{8}$", seal.GetProperty("registrationNumber").GetString());

        var before = await SnapshotAsync(resident);
        using (var response = await Window.PostAsJsonAsync($"/api/residents/{resident}/seal-certificate", new { presented = "MyNumberCard" }))
        {
            var problem = await RuleProblemAsync(response, "U2.10");
            Assert.Contains("My Number card", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var response = await Window.PostAsJsonAsync($"/api/residents/{resident}/seal-certificate", new { presented = "SealRegistrationCard", cardNumber = "20000002" }))
            await RuleProblemAsync(response, "U2.10");
        Assert.Equal(before, await SnapshotAsync(resident));
        // The refusal in Japanese, too.
        using (var japanese = new HttpRequestMessage(HttpMethod.Post, $"/api/residents/{resident}/seal-certificate"))
        {
            japanese.Content = JsonContent.Create(new { presented = "MyNumberCard" });
            japanese.Headers.AcceptLanguage.ParseAdd("ja");
            using var response = await Window.SendAsync(japanese);
            var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
            Assert.EndsWith("（U2.10）", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var certificate = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/seal-certificate",
            new { presented = "SealRegistrationCard", cardNumber = "20000001" }), HttpStatusCode.OK);
        Assert.Equal(seal.GetProperty("registrationNumber").GetString(), certificate.GetProperty("registration").GetProperty("registrationNumber").GetString());
        Assert.Equal(Address, certificate.GetProperty("address").GetString());
        var entry = await _api.AssertAuditedAsync("resident", resident, "seal.certificate-issued");
        Assert.Contains("U2.10", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealRegistration_BadInput_400_UnknownIds_404_SecondInForce_409_ThenAbolished()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var problem = await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/residents/{resident}/seal-registrations",
            new { cardNumber = "12-345", impression = "丸印" }));
        Assert.True(problem.GetProperty("errors").TryGetProperty("cardNumber", out _));
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/residents/{resident}/seal-registrations",
            new { cardNumber = "30000001", impression = "丸印\u202E" }));
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/residents/{resident}/seal-certificate",
            new { presented = 7, cardNumber = "30000001" }));
        using (var response = await Window.PostAsJsonAsync($"/api/residents/{Guid.NewGuid()}/seal-registrations", new { cardNumber = "30000001", impression = "丸印" }))
            await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        using (var response = await Window.GetAsync($"/api/seal-registrations/{Guid.NewGuid()}"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var seal = await JsonAsync(await Window.PostAsJsonAsync($"/api/residents/{resident}/seal-registrations",
            new { cardNumber = "30000001", impression = "丸印", registeredOn = "2026-03-01" }), HttpStatusCode.Created);
        problem = await AssertRefusedAsync(resident, HttpStatusCode.Conflict, w => w.PostAsJsonAsync($"/api/residents/{resident}/seal-registrations",
            new { cardNumber = "30000002", impression = "丸印" }));
        Assert.Equal("state", problem.GetProperty("ruleId").GetString());
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/seal-registrations/{Id(seal)}/abolition",
            new { reason = "Lost" }));

        var abolished = await JsonAsync(await Window.PostAsJsonAsync($"/api/seal-registrations/{Id(seal)}/abolition", new { reason = "CardLost" }), HttpStatusCode.OK);
        Assert.Equal(("Abolished", "CardLost"), (abolished.GetProperty("state").GetString(), abolished.GetProperty("abolitionReason").GetString()));
        Assert.Equal(new DateOnly(2026, 4, 1), Date(abolished.GetProperty("abolishedOn")));
        await _api.AssertAuditedAsync("resident", resident, "seal.abolished");
        using (var again = await Window.PostAsJsonAsync($"/api/seal-registrations/{Id(seal)}/abolition", new { reason = "CardLost" }))
            Assert.Equal("state", (await Problems.ReadAsync(again, HttpStatusCode.Conflict)).GetProperty("ruleId").GetString());
        var all = await JsonAsync(await Window.GetAsync($"/api/residents/{resident}/seal-registrations"), HttpStatusCode.OK);
        Assert.Equal(1, all.GetArrayLength());
        await _api.AssertAuditedAsync("resident", resident, "seal.abolished");
        Assert.Contains(await _api.AuditAsync("resident", resident), e => e.Action == MunicipalWindow.RecordsViewedAction);
    }

    [Fact]
    public async Task TaxAssessment_PutByYear_ThenCorrected_ShowsRelease_AndBadFiguresChangeNothing_U2_6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var tax = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/tax-assessments/2026", Tax()), HttpStatusCode.OK);
        Assert.Equal((2025, 2_760_000L, 178_000L, false), (tax.GetProperty("incomeYear").GetInt32(), tax.GetProperty("totalIncome").GetInt64(),
            tax.GetProperty("totalLevy").GetInt64(), tax.GetProperty("isReleased").GetBoolean()));
        await _api.AssertAuditedAsync("resident", resident, "tax.recorded");

        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PutAsJsonAsync($"/api/residents/{resident}/tax-assessments/2026", Tax(-5)));
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PutAsJsonAsync($"/api/residents/{resident}/tax-assessments/1999", Tax()));
        using (var response = await Window.PutAsJsonAsync($"/api/residents/{Guid.NewGuid()}/tax-assessments/2026", Tax()))
            await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        using (var response = await Window.GetAsync($"/api/residents/{resident}/tax-assessments/2025"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await _api.SetDateAsync(new DateOnly(2026, 6, 1));
        var corrected = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/tax-assessments/2026", Tax(4_100_000)), HttpStatusCode.OK);
        Assert.Equal((1, true, 4_100_000L), (corrected.GetProperty("revision").GetInt32(), corrected.GetProperty("isReleased").GetBoolean(),
            corrected.GetProperty("salaryRevenue").GetInt64()));
        await _api.AssertAuditedAsync("resident", resident, "tax.corrected");
        var read = await JsonAsync(await Window.GetAsync($"/api/residents/{resident}/tax-assessments/2026"), HttpStatusCode.OK);
        Assert.Equal(Id(tax), Id(read));
    }

    [Fact]
    public async Task FamilyRegister_MembersAttachmentAndRemoval_OverTheApi_FindsTheResidentAloneInIt_U2_6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var register = await JsonAsync(await Window.PostAsJsonAsync("/api/family-registers",
            new { municipality = "07203", domicile = "福島県郡山市朝日一丁目" + Guid.NewGuid().ToString("N")[..6] + "番", headName = "番号　誠", madeOn = "2012-05-20" }),
            HttpStatusCode.Created);
        var registerId = Id(register);
        var withHead = await JsonAsync(await Window.PostAsJsonAsync($"/api/family-registers/{registerId}/members", new
        {
            name = "番号　誠", birthDate = "1983-08-08", sex = "Male", relationship = "長男",
            events = new[] { new { on = "1983-08-08", kind = "出生", details = "【出生地】福島県郡山市" } },
        }), HttpStatusCode.OK);
        var headId = Id(withHead.GetProperty("members")[0]);
        var withHanako = await JsonAsync(await Window.PostAsJsonAsync($"/api/family-registers/{registerId}/members", new
        {
            name = "番号　花子", kana = "バンゴウ　ハナコ", birthDate = "1990-05-10", sex = "Female", relationship = "長女", residentId = resident,
        }), HttpStatusCode.OK);
        var hanakoId = Id(withHanako.GetProperty("members")[1]);
        await JsonAsync(await Window.PostAsJsonAsync($"/api/family-registers/{registerId}/members/{hanakoId}/attachment",
            new { address = TokyoAddress, from = "2012-05-20" }), HttpStatusCode.OK);
        var attached = await JsonAsync(await Window.PostAsJsonAsync($"/api/family-registers/{registerId}/members/{hanakoId}/attachment",
            new { address = Address, from = "2015-10-05" }), HttpStatusCode.OK);
        var attachment = attached.GetProperty("members")[1].GetProperty("attachment");
        Assert.Equal("2015-10-04", attachment[0].GetProperty("until").GetString());
        Assert.Equal(JsonValueKind.Null, attachment[1].GetProperty("until").ValueKind);

        // Bad input and unknown ids change nothing.
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/family-registers/{registerId}/members/{hanakoId}/attachment",
            new { address = Address, from = "2020-01-01", until = "2019-01-01" }), registerId);
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/family-registers/{registerId}/members/{headId}/removal",
            new { removedOn = "2026-04-02", reason = "死亡" }), registerId);
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest, w => w.PostAsJsonAsync($"/api/family-registers/{registerId}/members",
            new { name = "番号　一郎", birthDate = "2030-01-01", sex = "Male", relationship = "二男" }), registerId);
        await AssertRefusedAsync(resident, HttpStatusCode.NotFound, w => w.PostAsJsonAsync($"/api/family-registers/{registerId}/members/{Guid.NewGuid()}/removal",
            new { removedOn = "2022-03-10", reason = "死亡" }), registerId);
        using (var response = await Window.PostAsJsonAsync($"/api/family-registers/{Guid.NewGuid()}/members/{headId}/events", new { on = "2022-03-10", kind = "死亡" }))
            await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        using (var response = await Window.PostAsJsonAsync("/api/family-registers",
                   new { municipality = "99999", domicile = "どこか", headName = "誰か", madeOn = "2012-05-20" }))
            await Problems.ReadAsync(response, HttpStatusCode.BadRequest);

        var entries = await JsonAsync(await Window.GetAsync($"/api/residents/{resident}/family-registers"), HttpStatusCode.OK);
        Assert.False(entries[0].GetProperty("isAloneInRegister").GetBoolean());
        await JsonAsync(await Window.PostAsJsonAsync($"/api/family-registers/{registerId}/members/{headId}/removal",
            new { removedOn = "2022-03-10", reason = "死亡" }), HttpStatusCode.OK);
        entries = await JsonAsync(await Window.GetAsync($"/api/residents/{resident}/family-registers"), HttpStatusCode.OK);
        Assert.True(entries[0].GetProperty("isAloneInRegister").GetBoolean());
        Assert.Equal(1, entries[0].GetProperty("register").GetProperty("membersInRegister").GetInt32());
        await _api.AssertAuditedAsync("family-register", registerId, "family-register.member-removed");

        // No audit detail of the records carries an id or a long number.
        var audit = (await _api.AuditAsync("family-register", registerId)).Concat(await _api.AuditAsync("resident", resident));
        Assert.DoesNotContain(audit, e => TwelveDigits().IsMatch(e.Details) || TwelveDigits().IsMatch(e.DetailsJapanese ?? ""));
    }

    [GeneratedRegex("[0-9]{12}")]
    private static partial Regex TwelveDigits();
}
