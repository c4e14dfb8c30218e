using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using static Myna.Server.Tests.MoveApiTests;
using Microsoft.Extensions.DependencyInjection;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>
/// Registration, application, delivery, suspension and its lifting over the API: what the journey in
/// <see cref="WindowApiTests"/> does not try — bad input at each step (400, nothing changed) and the rules that refuse (409).
/// </summary>
public sealed class CardApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private HttpClient Window => _api.Window;

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { "unknown municipality (Sapporo)", """{ "municipality": "011002", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "1990-05-10", "sex": "Female", "address": "北海道札幌市" }""" },
        { "wrong check digit", """{ "municipality": "072035", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "1990-05-10", "sex": "Female", "address": "福島県郡山市" }""" },
        { "born tomorrow", """{ "municipality": "072036", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "2026-04-02", "sex": "Female", "address": "福島県郡山市" }""" },
        { "registered tomorrow", """{ "municipality": "072036", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "1990-05-10", "registeredOn": "2026-04-02", "sex": "Female", "address": "福島県郡山市" }""" },
        { "nationality without a status", """{ "municipality": "072036", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "1990-05-10", "sex": "Female", "address": "福島県郡山市", "nationality": "ベトナム" }""" },
        { "stay without its date", """{ "municipality": "072036", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "1990-05-10", "sex": "Female", "address": "福島県郡山市", "nationality": "ベトナム", "residenceCategory": "MidToLongTerm" }""" },
        { "sex by number", """{ "municipality": "072036", "familyName": "不正", "givenName": "花子", "familyNameKana": "フセイ", "givenNameKana": "ハナコ", "birthDate": "1990-05-10", "sex": 7, "address": "福島県郡山市" }""" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Register_BadInput_Is400_AndRegistersNobody(string why, string json)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        using var response = await Window.PostAsync("/api/residents", Json(json));
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), why);
        var found = await JsonAsync(await Window.GetAsync("/api/residents?kana=%E3%83%95%E3%82%BB%E3%82%A4"), HttpStatusCode.OK);
        Assert.Empty(found.EnumerateArray());
    }

    [Fact]
    public async Task SearchByMyNumber_OfTheWrongFormat_IsRefused_AndTheAuditHoldsNoNumber()
    {
        using var response = await Window.PostAsJsonAsync("/api/residents/search-by-my-number", new { myNumber = "12345678901" });
        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        var everything = await _api.Services.GetRequiredService<Myna.Storage.Audit.AuditTrail>().ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.All(everything, e => Assert.DoesNotContain("12345678901", e.Details, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadApplications => new()
    {
        { "occasion by number", """{ "occasion": 99 }""" },
        { "applicant by number", """{ "applicant": 42 }""" },
        { "delivery place by number", """{ "deliverTo": 5 }""" },
        { "unknown occasion", """{ "occasion": "Whim" }""" },
        { "representative without a name", """{ "applicant": "VoluntaryRepresentative", "mayorAcceptedSpecialReasons": true }""" },
    };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public async Task Apply_BadInput_Is400_AndChangesNothing(string why, string fields)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var json = fields.Replace("{ ", $$"""{ "residentId": "{{resident}}", """, StringComparison.Ordinal);
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync("/api/applications", Json(json)));
        Assert.False(string.IsNullOrEmpty(why) || problem.ValueKind != System.Text.Json.JsonValueKind.Object);
    }

    [Fact]
    public async Task Apply_ForAnOccasionThatDoesNotFitTheCard_Is409WithItsRule_L3_V4_V6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        await _api.AssertRefusedByRuleAsync(resident, "L3", client =>
            client.PostAsJsonAsync("/api/applications", new { residentId = resident, occasion = "Renewal" }));
        await _api.IssueCardAsync(resident);
        foreach (var (occasion, rule) in new[] { ("FirstIssue", "L3"), ("ReissueAfterExpiry", "V4"), ("ReissueAfterLapse", "V6") })
        {
            await _api.AssertRefusedByRuleAsync(resident, rule, client =>
                client.PostAsJsonAsync("/api/applications", new { residentId = resident, occasion }));
        }
    }

    [Fact]
    public async Task Apply_ToThe居所_WithoutASupportMeasure_Is409Q7_ThenWithOne_Succeeds()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        await _api.AssertRefusedByRuleAsync(resident, "Q7", client =>
            client.PostAsJsonAsync("/api/applications", new { residentId = resident, deliverTo = "Residence" }));
        var measured = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/support-measure",
            new { active = true, residence = "福島県郡山市某所１－１" }), HttpStatusCode.OK);
        Assert.True(measured.GetProperty("hasSupportMeasure").GetBoolean());
        var applied = await JsonAsync(await Window.PostAsJsonAsync("/api/applications", new { residentId = resident, deliverTo = "Residence" }), HttpStatusCode.Created);
        Assert.Equal("Residence", applied.GetProperty("deliverTo").GetString());
    }

    [Theory]
    [InlineData("""{ "signature": "ABC123", "userAuthentication": "111", "residentRegistry": "2222", "textInputAssist": "3333" }""")]
    [InlineData("""{ "signature": "ABC", "userAuthentication": "1111", "residentRegistry": "2222", "textInputAssist": "3333" }""")]
    [InlineData("""{ "signature": "ABC123", "userAuthentication": "1111", "residentRegistry": "22a2", "textInputAssist": "3333" }""")]
    [InlineData("""{ "signature": "ABC123", "userAuthentication": "1111", "residentRegistry": "2222" }""")]
    [InlineData("""{ "userAuthentication": "1111", "residentRegistry": "2222", "textInputAssist": "3333" }""")]
    public async Task Deliver_WithAPinOfTheWrongFormat_Is400_AndLeavesNoCard(string pins)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var application = Id(await JsonAsync(await Window.PostAsJsonAsync("/api/applications", new { residentId = resident }), HttpStatusCode.Created));
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync($"/api/applications/{application}/delivery", Json(pins)));
        Assert.DoesNotContain("22a2", problem.GetRawText(), StringComparison.Ordinal);
        var file = await _api.FileAsync(resident);
        Assert.Empty(file.GetProperty("cards").EnumerateArray());
        Assert.Equal("Received", file.GetProperty("applications")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Suspend_Twice_Is409L1_AndLift_WhenNotSuspended_Is409L2()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await _api.AssertRefusedByRuleAsync(resident, "L2", client =>
            client.PostAsJsonAsync($"/api/cards/{Id(card)}/suspension/lift", new { signature = "LIFTED12", userAuthentication = "4444" }));

        var suspended = await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        Assert.Equal("Suspended", suspended.GetProperty("state").GetString());
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.KeyCompromise);
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.KeyCompromise);
        await _api.AssertAuditedAsync("card", Id(card), "card.suspended", actor: "callcentre");
        await _api.AssertRefusedByRuleAsync(resident, "L1", client => client.PostAsync($"/api/cards/{Id(card)}/suspension", null));
    }

    [Theory]
    [InlineData("""{ "signature": "LIFT", "userAuthentication": "4444" }""")]
    [InlineData("""{ "signature": "LIFTED12", "userAuthentication": "44444" }""")]
    public async Task Lift_WithAPinOfTheWrongFormat_Is400_AndTheCardStaysSuspended_L2(string pins)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        await _api.AssertBadInputChangesNothingAsync(resident, client => client.PostAsync($"/api/cards/{Id(card)}/suspension/lift", Json(pins)));
        Assert.Equal("Suspended", (await _api.CardAsync(Id(card))).GetProperty("state").GetString());
    }
}
