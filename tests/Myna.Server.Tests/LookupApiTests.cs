using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage.Audit;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>
/// Every look-up of a person's data is recorded (searches, the resident's file), in words a holder can read; malformed
/// searches and dates at the ends of the calendar are a 400 naming the field, never a 500 or a search of everybody.
/// </summary>
public sealed class LookupApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private AuditTrail Audit => _api.Services.GetRequiredService<AuditTrail>();

    [Theory]
    [InlineData("""{ "myNumber": null }""")]
    [InlineData("""{ "myNumber": "" }""")]
    [InlineData("""{ "myNumber": "12345" }""")]
    [InlineData("""{ "myNumber": "123456789012" }""")]
    [InlineData("""{}""")]
    public async Task SearchByMyNumber_Malformed_Is400NamingTheField_AndSearchesNothing(string body)
    {
        var before = (await Audit.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count(e => e.Action == "resident.searched");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _api.Window.PostAsync("/api/residents/search-by-my-number", content);
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("myNumber", out _), problem.GetRawText());
        Assert.Equal(before, (await Audit.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count(e => e.Action == "resident.searched"));
    }

    [Fact]
    public async Task Search_CriterionLongerThanAName_Is400()
    {
        using var response = await _api.Window.GetAsync("/api/residents?name=" + new string('番', 61));
        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SearchAndFile_AreRecordedForEachResidentShown_WithoutWhatWasTyped()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync(familyName: "照会"));
        var found = await JsonAsync(await _api.Window.GetAsync("/api/residents?name=照会"), HttpStatusCode.OK);
        Assert.Contains(found.EnumerateArray(), r => Id(r) == resident);

        var search = (await Audit.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Last(e => e.Action == "resident.searched");
        Assert.Equal("window", search.Actor);
        Assert.Equal("APIで住民を検索しました（条件：氏名、1件）。", search.DetailsJapanese);
        Assert.DoesNotContain("照会", search.Details + search.DetailsJapanese, StringComparison.Ordinal);

        await JsonAsync(await _api.Window.GetAsync($"/api/residents/{resident}"), HttpStatusCode.OK);
        var trail = await _api.AuditAsync("resident", resident);
        Assert.Contains(trail, e => e.Action == "resident.found" && e.Actor == "window" && e.DetailsJapanese == "APIでの検索（条件：氏名）の結果に表示しました。");
        Assert.Contains(trail, e => e.Action == "resident.viewed" && e.Actor == "window" && e.DetailsJapanese == "APIで住民の記録を表示しました。");
    }

    [Theory]
    [InlineData("9999-12-01", "9999-12-31", "from")]
    [InlineData("0001-01-01", "0001-02-01", "from")]
    [InlineData("2026-01-01", "9999-12-31", "until")]
    [InlineData("2026-05-01", "2026-04-01", "until")]
    public async Task ExpiryNotices_DatesAtTheEndsOfTheCalendar_Are400NamingTheField(string from, string until, string field)
    {
        using var response = await _api.Window.GetAsync($"/api/expiry-notices?from={from}&until={until}");
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("/Admin/Audit?from=9999-12-31", "admin")]
    [InlineData("/Admin/Audit?until=9999-12-31", "admin")]
    [InlineData("/Admin/Audit?from=0001-01-01", "admin")]
    [InlineData("/Window/ExpiryNotices?From=9999-12-20", "window")]
    [InlineData("/Window/ExpiryNotices?From=2026-01-01&Until=9999-12-31", "window")]
    public async Task Pages_DatesAtTheEndsOfTheCalendar_Are400WithTheFieldMarked(string path, string role)
    {
        var client = role == "admin" ? _api.Admin : _api.Window;
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("aria-invalid=\"true\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallCentre_FindsTheCallerAndTheCard_OverTheApi_ButNotTheWholeFile_L1()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        var found = await JsonAsync(await _api.CallCentre.GetAsync("/api/residents?kana=バンゴウ&birthDate=1990-05-10"), HttpStatusCode.OK);
        Assert.Contains(found.EnumerateArray(), r => Id(r) == resident);
        var cards = await JsonAsync(await _api.CallCentre.GetAsync($"/api/residents/{resident}/cards"), HttpStatusCode.OK);
        Assert.Equal(Id(card), Id(Assert.Single(cards.EnumerateArray())));
        Assert.Equal("Active", (await JsonAsync(await _api.CallCentre.GetAsync($"/api/cards/{Id(card)}"), HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.Contains(await _api.AuditAsync("resident", resident), e => e.Action == "resident.found" && e.Actor == "callcentre");

        // The file (documents, fees, moves) and the window's procedures stay the window's.
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.CallCentre.GetAsync($"/api/residents/{resident}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.CallCentre.PostAsJsonAsync("/api/applications", new { residentId = resident })).StatusCode);
    }

    [Fact]
    public async Task Municipalities_AreListedWithTheirCodes()
    {
        var list = await JsonAsync(await _api.Window.GetAsync("/api/municipalities"), HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("code").GetString() == "072036" && m.GetProperty("name").GetString() == "郡山市");
    }

    [Fact]
    public async Task NumberDocument_SaysWhetherItProvesIdentity_AsACardDoes_D3()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        var file = await _api.FileAsync(resident);
        var notice = Assert.Single(file.GetProperty("documents").EnumerateArray());
        Assert.Equal("NumberNotice", notice.GetProperty("kind").GetString());
        Assert.False(notice.GetProperty("provesIdentity").GetBoolean());
        Assert.False(notice.GetProperty("provesMyNumber").GetBoolean());
    }
}
