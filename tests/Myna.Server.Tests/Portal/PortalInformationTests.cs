using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage;
using Myna.Storage.Portal;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// わたしの情報 published by public bodies (U3.4) over HTTP: a body publishes an item for a holder by reference, the
/// holder sees it with its source and date; each body only its categories; bad input refused, naming the field.
/// </summary>
public sealed class PortalInformationTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private static object Publication(Guid holder, string category = "tax", string key = "income-2025", string asOf = "2026-04-01",
        string titleJa = "2025年分 所得の情報", string? titleEn = "Income for 2025", string value = "4,200,000円") => new
    {
        holderReference = holder,
        category,
        key,
        asOf,
        title = new { ja = titleJa, en = titleEn },
        source = new { ja = "郡山市 市民税課", en = "Koriyama City, Municipal Tax Division" },
        fields = new[] { new { label = new { ja = "給与収入", en = "Employment income" }, value } },
    };

    [Fact]
    public async Task ABodyPublishes_AndTheHolderSeesItWithItsSourceAndDate_ALaterOneReplacesIt_U3_4()
    {
        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var tax = await fixture.Server.SignedInAsync("tax", "tax-office-sandbox");
        using var holder = await PortalHolder.LogInAsync(fixture.Server, Id(card));

        var created = await JsonAsync(await tax.PostAsJsonAsync("/api/bodies/information", Publication(resident)), HttpStatusCode.Created);
        Assert.False(created.GetProperty("replaced").GetBoolean());
        var item = Assert.Single(await holder.InformationAsync(), i => i.GetProperty("category").GetString() == "tax");
        Assert.Equal("Income for 2025", item.GetProperty("title").GetString());
        Assert.Equal("Koriyama City, Municipal Tax Division", item.GetProperty("source").GetString());
        Assert.Equal("2026-04-01", item.GetProperty("asOf").GetString());
        Assert.Equal("4,200,000円", Assert.Single(item.GetProperty("fields").EnumerateArray()).GetProperty("value").GetString());
        await _api.AssertAuditedAsync("resident", resident, "portal.information-published", actor: "tax");

        var replaced = await JsonAsync(await tax.PostAsJsonAsync("/api/bodies/information", Publication(resident, value: "4,300,000円")), HttpStatusCode.OK);
        Assert.True(replaced.GetProperty("replaced").GetBoolean());
        var again = Assert.Single(await holder.InformationAsync(), i => i.GetProperty("category").GetString() == "tax");
        Assert.Equal("4,300,000円", again.GetProperty("fields")[0].GetProperty("value").GetString());

        await JsonAsync(await tax.PostAsJsonAsync("/api/bodies/information", Publication(resident, key: "resident-tax-2026", titleEn: "Resident tax 2026")), HttpStatusCode.Created);
        Assert.Equal(2, (await holder.InformationAsync()).Count(i => i.GetProperty("category").GetString() == "tax"));
    }

    [Fact]
    public async Task AnotherBodysCategory_IsRefused403_AndBadInput400NamesTheField_AndNothingIsStored_U3_4()
    {
        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        var (resident, _) = await _api.ResidentWithCardAsync();
        using var tax = await fixture.Server.SignedInAsync("tax", "tax-office-sandbox");
        using var pension = await fixture.Server.SignedInAsync("pension", "pension-sandbox");
        using var health = await fixture.Server.SignedInAsync("health", "health-sandbox");

        await Problems.ReadAsync(await pension.PostAsJsonAsync("/api/bodies/information", Publication(resident)), HttpStatusCode.Forbidden);
        await Problems.ReadAsync(await health.PostAsJsonAsync("/api/bodies/information", Publication(resident, category: "pension")), HttpStatusCode.Forbidden);
        // The health-insurance categories are reserved: no body publishes them yet.
        await Problems.ReadAsync(await health.PostAsJsonAsync("/api/bodies/information", Publication(resident, category: "medication")), HttpStatusCode.Forbidden);
        // The window is no body.
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Window.PostAsJsonAsync("/api/bodies/information", Publication(resident))).StatusCode);

        (object Body, string Field)[] bad =
        [
            (Publication(resident, category: "income"), "category"),
            (Publication(resident, key: "Income 2025"), "key"),
            (Publication(resident, asOf: "2026-13-01"), "asOf"),
            (Publication(resident, asOf: "2026-05-02"), "asOf"),
            (Publication(resident, titleEn: null), "title.en"),
            (Publication(resident, titleJa: new string('長', 201)), "title.ja"),
            (Publication(resident, value: new string('9', 501)), "fields[0].value"),
            (Publication(resident, value: "1\u0000"), "fields[0].value"),
            (new { holderReference = "123456789012", category = "tax" }, "holderReference"),
        ];
        foreach (var (body, field) in bad)
        {
            var problem = await Problems.ReadAsync(await tax.PostAsJsonAsync("/api/bodies/information", body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }
        await Problems.ReadAsync(await tax.PostAsJsonAsync("/api/bodies/information", Publication(Guid.NewGuid())), HttpStatusCode.NotFound);

        await using var db = _api.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext();
        Assert.False(await db.Set<PublishedInformation>().AnyAsync(i => i.HolderReference == resident));
    }

    [Fact]
    public async Task AHolderSeesOnlyTheirOwnItems_U3_4()
    {
        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        var (mine, myCard) = await _api.ResidentWithCardAsync();
        var (theirs, theirCard) = await _api.ResidentWithCardAsync();
        using var health = await fixture.Server.SignedInAsync("health", "health-sandbox");
        await JsonAsync(await health.PostAsJsonAsync("/api/bodies/information",
            Publication(theirs, category: "vaccination", key: "influenza-2025", titleJa: "予防接種 インフルエンザ", titleEn: "Vaccination: influenza", value: "1")),
            HttpStatusCode.Created);

        using var me = await PortalHolder.LogInAsync(fixture.Server, Id(myCard));
        using var them = await PortalHolder.LogInAsync(fixture.Server, Id(theirCard));
        Assert.DoesNotContain(await me.InformationAsync(), i => i.GetProperty("category").GetString() == "vaccination");
        Assert.Contains(await them.InformationAsync(), i => i.GetProperty("category").GetString() == "vaccination");
        _ = mine;
    }
}

/// <summary>The sandbox's demo holders start with わたしの情報 from each body (U3.4).</summary>
public sealed class PortalDemoInformationTests : IAsyncLifetime
{
    private readonly MynaServer _server = new(settings: new Dictionary<string, string?> { ["Myna:SeedDemoResidents"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SandboxDemoHolders_HaveTaxPensionAndVaccinationItems_AndHanakoHerMedicalHistory_U3_4()
    {
        using var anyone = _server.CreateClient();
        var cards = await JsonAsync(await anyone.GetAsync("/portal/api/sandbox/cards"), HttpStatusCode.OK);
        var hanako = cards.EnumerateArray().First(c => c.GetProperty("holderName").GetString()!.EndsWith("\u3000花子", StringComparison.Ordinal)).GetProperty("cardId").GetGuid();
        using var holder = await PortalHolder.LogInAsync(_server, hanako, pin: "1234", language: null);

        var categories = (await holder.InformationAsync()).Select(i => i.GetProperty("category").GetString()).ToList();
        Assert.Contains("tax", categories);
        Assert.Contains("pension", categories);
        Assert.Contains("vaccination", categories);
        Assert.All(await holder.InformationAsync(), i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("source").GetString())));

        var page = await holder.Browser.GetStringAsync("/portal/home");
        Assert.Contains("郡山市 市民税課", page, StringComparison.Ordinal);
        Assert.Contains("日本年金機構", page, StringComparison.Ordinal);
        // The sandbox's medical history (U1.4, U1.5): さくら薬局's dispensing, last year's health check, the expenses by year.
        Assert.Contains("薬剤情報", page, StringComparison.Ordinal);
        Assert.Contains("アムロジピン錠", page, StringComparison.Ordinal);
        Assert.Contains("さくら薬局 郡山駅前店", page, StringComparison.Ordinal);
        Assert.Contains("全国健康保険協会福島支部", page, StringComparison.Ordinal);
        Assert.Contains("医療費控除用のファイル（CSV）をダウンロード", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Held by", page, StringComparison.Ordinal);

        // Every demo holder has items; a second seeding adds nothing.
        await using var db = _server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContext();
        var holders = await db.Set<PublishedInformation>().Select(i => i.HolderReference).Distinct().CountAsync();
        Assert.True(holders >= 7, $"{holders} demo holders have items");
        Assert.Equal(0, await _server.Services.GetRequiredService<Myna.Portal.Sandbox.DemoInformation>().SeedAsync());
    }
}
