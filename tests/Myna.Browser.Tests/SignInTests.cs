using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>Sign-in, roles, the language switch and the system's date in the header, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class SignInTests(Chromium chromium) : IAsyncLifetime
{
    private readonly MynaServer _server = new(realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Anonymous_IsSentToSignIn_ThenToTheWindowDesk()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/Window");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl=%2FWindow"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("職員サインイン");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "sign-in");

        // The page's Japanese is sent as text, not as character references.
        var raw = await (await page.APIRequest.GetAsync("/signin")).TextAsync();
        Assert.Contains("<h1>職員サインイン</h1>", raw, StringComparison.Ordinal);

        // The stylesheet is public (the sign-in page needs it before anyone signs in).
        var css = await page.APIRequest.GetAsync("/css/site.css");
        Assert.Equal(200, css.Status);

        await Pages.SignInAsync(page, "window", "window-sandbox");
        await Expect(page).ToHaveURLAsync(new Regex("/Window$"));
        await Expect(page.Locator(".sign-out .who")).ToHaveTextAsync("窓口 太郎");
        // The header shows the system's day (the sandbox clock's, in Japan time).
        var today = Myna.Primitives.JapanClock.Today(_server.Services.GetRequiredService<TimeProvider>());
        await Expect(page.Locator("#system-date")).ToHaveAttributeAsync("datetime", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WrongPassword_IsRefusedInWords_AndAudited()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/signin");
        await page.GetByLabel("ユーザー名").FillAsync("window");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync("not-the-password");
        await page.Locator("main").GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ユーザー名またはパスワードが違います");
        await Expect(page.GetByLabel("パスワード", new() { Exact = true })).ToHaveValueAsync("");
        var audit = _server.Services.GetRequiredService<AuditTrail>();
        var entries = await audit.ReadAsync(new AuditSubject("staff", "window"));
        Assert.Contains(entries, e => e.Action == "staff.sign-in-failed");
    }

    [Fact]
    public async Task EachRole_SeesItsDesk_AndAnotherRolesPageIsForbidden()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "callcentre", "callcentre-sandbox");
        await Expect(page).ToHaveURLAsync(new Regex("/CallCentre$"));
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link)).ToHaveTextAsync(["コールセンター", "ヘルプ"]);

        var response = await page.GotoAsync("/Admin");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("このページを開く権限がありません");

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GotoAsync("/CallCentre");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }

    [Fact]
    public async Task LanguageSwitch_TurnsThePagesEnglish_AndIsRemembered()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "admin", "admin-sandbox");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page).ToHaveURLAsync(new Regex("/Admin$"));
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Window", "Call centre", "Insurers", "Administration", "Help"]);

        await page.GetByRole(AriaRole.Link, new() { Name = "Window" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "日本語" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
    }
}
