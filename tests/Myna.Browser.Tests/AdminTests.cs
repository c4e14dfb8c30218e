using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Primitives;
using Myna.Server.Clock;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>The administrator's pages: the sandbox clock moves the whole system's day; the audit trail, filtered.</summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class AdminTests(Chromium chromium) : IAsyncLifetime
{
    private readonly MynaServer _server = new(realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Admin_MovesTheSystemsDate_TheHeaderFollows_AndTheAuditTrailFiltersBySuspension()
    {
        var (_, card) = await CardHolderSeed.RegisterWithCardAsync(
            _server, "監査", "次郎", "カンサ", "ジロウ", new DateOnly(1979, 9, 9), "福島県郡山市堂前町");
        var window = _server.Services.GetRequiredService<MunicipalWindow>();
        Assert.True((await window.SuspendCardAsync(card.Id, AuditActor.CallCentre)).Succeeded);
        var clock = _server.Services.GetRequiredService<SandboxClock>();
        var realDay = JapanClock.Today(clock);
        var realIso = realDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var target = realDay.AddDays(40);
        var iso = target.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "admin", "admin-sandbox");
        await page.GotoAsync("/Admin");
        await Pages.AssertAccessibleAsync(page);
        await page.GetByLabel("新しい日付（日本時間）").FillAsync(iso);
        await page.GetByRole(AriaRole.Button, new() { Name = "日付を変更する" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("システムの日付を");
        await Expect(page.Locator("#system-date")).ToHaveAttributeAsync("datetime", iso);
        await Expect(page.Locator("#clock-offset")).ToContainTextAsync("+40");
        Assert.Equal(target, JapanClock.Today(_server.Services.GetRequiredService<TimeProvider>()));
        Assert.Equal(target, window.Today);
        var audit = _server.Services.GetRequiredService<AuditTrail>();
        Assert.Contains(await audit.ReadAsync(new AuditSubject("sandbox-clock", "offset")), e => e.Action == "clock.set" && e.Actor == "admin");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "admin-clock");

        // The date and time to the minute: 03:00 on that day.
        await page.GetByLabel("日付（日本時間）", new() { Exact = true }).FillAsync(iso);
        await page.GetByLabel("時刻（日本時間）", new() { Exact = true }).FillAsync("03:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "日時を変更する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("システムの日時を");
        await Expect(page.Locator("#clock-now")).ToHaveAttributeAsync("datetime", iso + "T03:00+09:00");
        var now = JapanClock.Now(clock);
        Assert.Equal((target, 3), (JapanClock.DateOf(now), now.Hour));
        await Pages.AssertAccessibleAsync(page);

        // A date outside the clock's range is refused in words, and the day stays.
        await page.GetByLabel("新しい日付（日本時間）").EvaluateAsync("e => { e.removeAttribute('min'); e.removeAttribute('required'); e.value = '1999-12-31'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "日付を変更する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("2000-01-01");
        Assert.Equal(target, window.Today);

        await page.GetByRole(AriaRole.Button, new() { Name = "日次処理を今すぐ実行" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("日次処理を実行しました");

        // The audit trail, filtered by action: the suspension, newest first, and nothing else.
        await page.GotoAsync("/Admin/Audit");
        await Pages.AssertAccessibleAsync(page);
        await page.GetByLabel("操作（前方一致）").FillAsync("card.suspended");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("action=card.suspended"));
        var rows = page.Locator("#audit-entries tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("call-centre");
        await Expect(rows.First).ToContainTextAsync(card.Id.ToString("N"));
        await Expect(page.Locator("#audit-count")).ToContainTextAsync("1 件");

        // The beginning of an action finds all of them, newest first.
        await page.GetByLabel("操作（前方一致）").FillAsync("card.");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Expect(rows.Locator("code")).ToHaveTextAsync(["card.suspended", "card.delivered", "card.applied"]);

        // A range of Japan dates: the moved-to day holds only what was done after the move. A clock.set entry is
        // stamped with the sandbox time when the administrator acted, before the move: the first on the real day,
        // the second (03:00) on the moved-to day, with the real time beside it.
        await page.GotoAsync($"/Admin/Audit?from={iso}&until={iso}&actor=call-centre");
        await Expect(rows).ToHaveCountAsync(0);
        await page.GotoAsync($"/Admin/Audit?from={realIso}&until={realIso}&action=clock.");
        await Expect(rows.Locator("code")).ToHaveTextAsync(["clock.set"]);
        await page.GotoAsync($"/Admin/Audit?from={iso}&until={iso}&action=clock.");
        await Expect(rows.Locator("code")).ToHaveTextAsync(["clock.set"]);
        await Expect(rows.First.Locator(".real-instant")).ToContainTextAsync("実際の日時 " + realIso);
        await Expect(rows.First).ToContainTextAsync("03:00 に変更しました");
        await page.GotoAsync("/Admin/Audit?action=card.suspended");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "admin-audit");
    }
}

/// <summary>In production the administrator's page says the clock is real and offers no date to set.</summary>
public sealed class AdminProductionTests : IAsyncLifetime
{
    private readonly MynaServer _server = new(mode: "Production", settings: new Dictionary<string, string?>
    {
        ["Myna:BootstrapAdministrator:UserName"] = "chief",
        ["Myna:BootstrapAdministrator:Password"] = "a long production password",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AdminPage_InProduction_SaysTheClockIsReal_AndHasNoDatePicker()
    {
        using var client = await _server.SignedInAsync("chief", "a long production password");
        // The page in its default language, Japanese (the test server's clients ask for English otherwise).
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        using var response = await client.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"real-clock\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"date\"", html, StringComparison.Ordinal);
        // No browser here, so no watched context: the page is scanned for English as the browser tests' pages are.
        Assert.True(EnglishScan.IsJapanese(html));
        Assert.Empty(EnglishScan.Find(html));
    }
}
