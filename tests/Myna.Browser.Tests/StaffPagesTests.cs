using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The administrator's staff pages in a real browser: add an account (a weak password refused in words), change its
/// role, disable and enable it, reset its password; its holder signs in and changes their own password.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class StaffPagesTests(Chromium chromium) : IAsyncLifetime
{
    private readonly MynaServer _server = new(realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Admin_AddsAnAccount_ChangesIt_AndItsHolderChangesTheirPassword()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "admin", "admin-sandbox");
        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "職員アカウントを管理する" }).ClickAsync();
        await Expect(page.Locator("#staff-accounts tbody tr")).ToHaveCountAsync(Myna.Server.Staff.StaffDirectory.SandboxAccounts.Count);
        await Pages.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "職員アカウントを追加する" }).ClickAsync();
        await Pages.AssertAccessibleAsync(page);

        // A password equal to the user name is refused, with the rule in words, and not sent back.
        await page.GetByLabel("ユーザー名").FillAsync("Tanaka.Saburo");
        await page.GetByLabel("表示名").FillAsync("田中 三郎");
        await page.GetByLabel("役割").SelectOptionAsync("WindowStaff");
        await page.GetByLabel("初期パスワード").FillAsync("tanaka.saburo");
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ユーザー名と同じパスワードは使えません");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("12 文字以上");
        await Expect(page.GetByLabel("初期パスワード")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("初期パスワード")).ToHaveAttributeAsync("aria-invalid", "true");
        await Pages.AssertAccessibleAsync(page);

        await page.GetByLabel("初期パスワード").FillAsync("first day passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Admin/Staff/Account/tanaka.saburo$"));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("作成しました");
        await Expect(page.Locator("#staff-role")).ToHaveTextAsync("窓口職員");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "admin-staff-account");

        await page.GetByLabel("新しい役割").SelectOptionAsync("CallCentre");
        await page.GetByRole(AriaRole.Button, new() { Name = "役割を変更する" }).ClickAsync();
        await Expect(page.Locator("#staff-role")).ToHaveTextAsync("コールセンター職員");

        await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを無効にする" }).ClickAsync();
        await Expect(page.Locator("#staff-state")).ToHaveTextAsync("無効");
        using (var client = new HttpClient { BaseAddress = _server.BaseAddress })
        using (var refused = await client.PostAsJsonAsync("/api/session", new { userName = "tanaka.saburo", password = "first day passphrase" }))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを有効にする" }).ClickAsync();
        await Expect(page.Locator("#staff-state")).ToHaveTextAsync("有効");

        await page.GetByLabel("新しいパスワード").FillAsync("reset by the chief");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを再設定する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("パスワードを再設定しました");

        // The last administrator cannot be disabled: refused in words, 409.
        await page.GotoAsync("/Admin/Staff/Account/admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "アカウントを無効にする" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("有効な管理者はこのアカウントだけ");
        await Pages.AssertAccessibleAsync(page);

        // The holder signs in with the reset password and changes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await Pages.SignInAsync(page, "tanaka.saburo", "reset by the chief");
        await page.GetByRole(AriaRole.Link, new() { Name = "パスワード変更" }).ClickAsync();
        await Pages.AssertAccessibleAsync(page);
        await page.GetByLabel("現在のパスワード").FillAsync("reset by the chief");
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync("my very own passphrase");
        await page.GetByLabel("新しいパスワード（確認）").FillAsync("my very own passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを変更する" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("パスワードを変更しました");
        await Pages.AssertAccessibleAsync(page);

        var actions = (await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("staff", "tanaka.saburo")))
            .Select(e => e.Action).Where(a => !a.StartsWith("staff.sign", StringComparison.Ordinal));
        Assert.Equal(["staff.created", "staff.role-changed", "staff.disabled", "staff.enabled", "staff.password-set", "staff.password-changed"], actions);
    }
}
