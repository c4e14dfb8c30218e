using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Myna.Pki.Revocation;
using Myna.Registry.Cards;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The call centre at 03:00 on a Sunday (the host's real clock is a fake one there, the sandbox clock follows it):
/// the general line is closed (K) but a lost card is suspended all the same (L1, S1); the help page (K, U2.1).
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class CallCentreTests(Chromium chromium) : IAsyncLifetime
{
    /// <summary>Sunday 2026-03-01, 03:00 in Japan.</summary>
    private static readonly DateTimeOffset SundayThreeAm = new(2026, 3, 1, 3, 0, 0, TimeSpan.FromHours(9));

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(SundayThreeAm), realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CallCentre_FindsTheCallersCard_AndSuspendsIt_AtThreeOnASundayMorning_L1_K()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(
            _server, "山田", "花子", "ヤマダ", "ハナコ", new DateOnly(1985, 6, 15), "福島県郡山市朝日一丁目２３番７号");
        var number = resident.MyNumber.Reveal();
        var window = _server.Services.GetRequiredService<MunicipalWindow>();
        var audit = _server.Services.GetRequiredService<AuditTrail>();

        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "callcentre", "callcentre-sandbox");
        await Expect(page).ToHaveURLAsync(new Regex("/CallCentre$"));
        // K: general enquiries are closed at 03:00 on a Sunday; L1: suspensions are not.
        await Expect(page.Locator("#general-line-now")).ToContainTextAsync("受付時間外");
        await Expect(page.Locator("#general-line-now")).ToContainTextAsync("09:30–17:30");
        await Expect(page.Locator("#suspension-line")).ToContainTextAsync("24時間365日");
        await Pages.AssertAccessibleAsync(page);

        // The exact My Number (POST): found, shown masked, the number not written back, the search audited.
        await page.GetByLabel("個人番号（完全一致）").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "番号で探す" }).ClickAsync();
        await Expect(page.Locator("#candidates tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#candidates")).ToContainTextAsync($"**** **** {number[^4..]}");
        await Expect(page.GetByLabel("個人番号（完全一致）")).ToHaveValueAsync("");
        Assert.DoesNotContain(number, await page.ContentAsync());
        Assert.DoesNotContain(number, page.Url);
        Assert.Contains(await audit.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
            e => e.Action == "resident.searched" && e.Actor == "callcentre" && e.Details.Contains("call centre", StringComparison.Ordinal));

        // Name, birth date and address: a refusal names what is missing, then the caller is found.
        await page.GetByLabel("氏名（一部）").FillAsync("山田");
        await page.GetByRole(AriaRole.Button, new() { Name = "探す", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("氏名・生年月日・住所");
        await Expect(page.GetByLabel("氏名（一部）")).ToHaveValueAsync("山田");
        await page.GetByLabel("生年月日").FillAsync("1985-06-15");
        await page.GetByLabel("住所（一部）").FillAsync("郡山市 朝日一丁目");
        await page.GetByRole(AriaRole.Button, new() { Name = "探す", Exact = true }).ClickAsync();
        await Expect(page.Locator("#candidates tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#candidates")).ToContainTextAsync("利用中");

        // The confirmation step: no reason chosen is refused; stolen, then suspended.
        await page.Locator("#candidates a.button").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "一時停止の確認" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "一時停止する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("紛失か盗難か");
        Assert.Equal(CardState.Active, (await window.GetCardAsync(card.Id))!.State);
        await page.GetByLabel("盗難").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "一時停止する" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("一時停止しました");
        await Expect(page.Locator("#suspended-state")).ToHaveTextAsync("一時停止中");
        await Expect(page.Locator("#revoked-certificates tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#revoked-certificates tbody")).Not.ToContainTextAsync("有効");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "call-centre");

        Assert.Equal(CardState.Suspended, (await window.GetCardAsync(card.Id))!.State);
        var certificates = (await window.CertificatesOfResidentAsync(resident.Id)).Where(c => c.CardId == card.Id).ToList();
        Assert.Equal(2, certificates.Count);
        Assert.All(certificates, c => Assert.Equal(CertificateStatusKind.Revoked, c.Status.Kind));
        var entries = await audit.ReadAsync(new AuditSubject("card", card.Id.ToString("N")));
        Assert.Contains(entries, e => e.Action == "card.suspended" && e.Actor == "callcentre");
        Assert.Contains(entries, e => e.Action == "card.loss-reported" && e.Details.Contains("stolen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_IsOpenToAnyone_WithTheNumbersAndHoursOfTheRules_K_U2_1()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        var response = await page.GotoAsync("/Help");
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("#free-dial")).ToContainTextAsync("0120-95-0178");
        await Expect(page.Locator("#free-dial")).ToContainTextAsync("09:30–20:00");
        await Expect(page.Locator("#free-dial")).ToContainTextAsync("09:30–17:30");
        await Expect(page.Locator("#general-line-now")).ToContainTextAsync("受付時間外");
        await Expect(page.Locator("main")).ToContainTextAsync("0120-0178-27");
        await Expect(page.Locator("#kiosk-hours")).ToContainTextAsync("06:30–23:00");
        await Expect(page.Locator("#kiosk-hours")).ToContainTextAsync("10:00–17:15");
        await Expect(page.Locator("#expiry-rules")).ToContainTextAsync("V2");
        await Expect(page.Locator("#expiry-rules")).ToContainTextAsync("V1");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "APIリファレンス（OpenAPI）" })).ToHaveAttributeAsync("href", "/scalar/");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "help");
    }
}
