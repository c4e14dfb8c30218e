using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Server.Clock;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The window's journey in a real browser: sign in, register a resident, apply, deliver with the
/// applicant's PINs, the file showing the card in use with its exact expiries (V2), an address change (M1), the
/// call centre suspending the card (L1), the window lifting the suspension (L2), a paid reissue (L3), the expiry
/// notice (V1); and refusals shown in words with honest status codes.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class WindowJourneyTests(Chromium chromium) : IAsyncLifetime
{
    /// <summary>The sandbox day the journey runs on (after the real day, so the authorities' certificates already cover it).</summary>
    private static readonly DateOnly Day = new(2027, 4, 1);

    private readonly MynaServer _server = new(realSocket: true);

    public async Task InitializeAsync() => await _server.Services.GetRequiredService<SandboxClock>().MoveToAsync(Day, AuditActor.System);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Window_RegistersAppliesDelivers_AndTheFileShowsTheCardInUseWithItsExpiries()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        await Expect(page.Locator("#system-date")).ToHaveAttributeAsync("datetime", "2027-04-01");

        // Register: an empty form comes back with a message at each required field (400), nothing saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "住民を登録する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Window/Residents/Register$"));
        await Pages.AssertAccessibleAsync(page);
        var empty = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, empty.Status);
        await Expect(page.Locator("#FamilyName ~ .error")).ToHaveTextAsync("入力してください。");
        await Expect(page.Locator("#BirthDate ~ .error")).ToHaveTextAsync("生年月日を入力してください。");

        await page.GetByLabel("氏", new() { Exact = true }).FillAsync("窓口");
        await page.GetByLabel("名", new() { Exact = true }).FillAsync("花子");
        await page.GetByLabel("氏（フリガナ）").FillAsync("マドグチ");
        await page.GetByLabel("名（フリガナ）").FillAsync("hanako");
        await page.GetByLabel("生年月日").FillAsync("1990-06-15");
        await page.GetByLabel("性別").SelectOptionAsync(new SelectOptionValue { Label = "女" });
        await page.GetByLabel("住所", new() { Exact = true }).FillAsync("福島県郡山市朝日一丁目２３番７号");
        var notKana = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, notKana.Status);
        await Expect(page.Locator("#GivenNameKana ~ .error")).ToHaveTextAsync("カタカナで入力してください。");
        // What was typed stays.
        await Expect(page.GetByLabel("住所", new() { Exact = true })).ToHaveValueAsync("福島県郡山市朝日一丁目２３番７号");
        await page.GetByLabel("名（フリガナ）").FillAsync("ハナコ");
        await Pages.ScreenshotAsync(page, "window-register");
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Window/Residents/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("個人番号通知書を送付します（D3）");
        await Expect(page.Locator("#my-number")).ToHaveTextAsync(new Regex(@"^\*{8}\d{4}$"));
        await Expect(page.Locator("#current-card")).ToContainTextAsync("カードはありません");
        var file = new Uri(page.Url).AbsolutePath;

        // Find her again by name: the table shows kana, birth date, address and the card column.
        await page.GetByRole(AriaRole.Link, new() { Name = "窓口", Exact = true }).ClickAsync();
        await page.GetByLabel("氏名（一部）").FillAsync("窓口");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        var row = page.Locator("#search-results tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("マドグチ\u3000ハナコ");
        await Expect(row).ToContainTextAsync("1990-06-15");
        await Expect(row).ToContainTextAsync("カードなし");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "window-search");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(file) + "$"));

        // Apply: the fee is shown before the application is taken (D1: the first card is free).
        await page.GetByRole(AriaRole.Link, new() { Name = "カードを申請する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Apply$"));
        await Pages.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "手数料を確認" }).ClickAsync();
        await Expect(page.Locator("#fee")).ToContainTextAsync("手数料: 無料");
        await Expect(page.Locator("#fee")).ToContainTextAsync("初めてのカードの交付は無料です。（D1）");
        await Pages.ScreenshotAsync(page, "window-apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("申請を受け付けました（新規交付・手数料 無料）");

        // A second application while one waits for delivery is refused in words (409) and changes nothing.
        await page.GotoAsync(file + "/Apply");
        var second = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, second.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("まだ交付していないものがあります");

        // Deliver, step 1: the staff checks identity (the resident got a number notice, nothing to hand back: D3).
        await page.GotoAsync(file);
        await page.GetByRole(AriaRole.Link, new() { Name = "カードを交付する" }).ClickAsync();
        await Pages.AssertAccessibleAsync(page);
        var unchecked_ = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "暗証番号の入力へ進む" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, unchecked_.Status);
        await Expect(page.Locator("main")).ToContainTextAsync("本人確認をしてください。");
        await page.GetByLabel("申請者の本人確認書類を確認した").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号の入力へ進む" }).ClickAsync();

        // Step 2, the applicant's screen: P4 says what is loaded; a password of the wrong format is refused at its field (400).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("暗証番号の入力（申請者）");
        await Expect(page.Locator("#certificates-to-load")).ToContainTextAsync("（P4）");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "window-deliver-pins");
        await FillPinsAsync(page, signature: "abc1");
        var badPin = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "暗証番号を設定してカードを交付する" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, badPin.Status);
        await Expect(page.Locator("#SignaturePin ~ .error")).ToHaveTextAsync("6〜16文字の英大文字（A〜Z）と数字で入力してください。");
        // No PIN is echoed back into the page.
        foreach (var field in await page.Locator("input[type=password]").AllAsync())
            await Expect(field).ToHaveValueAsync("");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("\"abc1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"5678\"", html, StringComparison.Ordinal);

        await FillPinsAsync(page, signature: "MADO2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号を設定してカードを交付する" }).ClickAsync();

        // V2 from the sandbox day 2027-04-01, born 1990-06-15: the card runs to the 10th birthday after issue (2027-06-15 is
        // the first), the certificates to the 5th (E2).
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(file) + "$"), new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("カードを交付しました。カードの有効期限は 2036-06-15 (日) です。");
        await Expect(page.Locator("#card-state")).ToHaveTextAsync("交付済み（利用可）");
        await Expect(page.Locator("#card-expiry")).ToHaveTextAsync("2036-06-15 (日)");
        await Expect(page.Locator("#signature-expiry")).ToHaveTextAsync("2031-06-15 (日)");
        await Expect(page.Locator("#authentication-expiry")).ToHaveTextAsync("2031-06-15 (日)");
        await Expect(page.Locator("#endorsement-count")).ToHaveTextAsync("0 / 4 欄使用");
        await Expect(page.Locator("#certificates tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#applications")).ToContainTextAsync("交付済み 2027-04-01");
        // Procedures that fit a card in use, and none that needs a suspended one.
        await Expect(page.Locator("#actions")).ToContainTextAsync("暗証番号の再設定");
        await Expect(page.Locator("#actions")).Not.ToContainTextAsync("一時停止の解除");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "window-resident");

        // M1: a move within Koriyama. The endorsement area gets its first entry and, with a new password, the
        // signature certificate (which holds the address) is renewed.
        await page.GotoAsync(file + "/Address");
        await page.GetByLabel("新しい住所（市区町村内）").FillAsync("福島県郡山市堂前町１番１号");
        await page.GetByLabel("新しい署名用電子証明書の暗証番号（任意）").FillAsync("NEWPASS1");
        await page.GetByRole(AriaRole.Button, new() { Name = "住所変更を登録" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(file) + "$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("#endorsement-count")).ToHaveTextAsync("1 / 4 欄使用");

        // L1: she has lost the card. The call centre, another desk with its own session, finds her by name, birth
        // date and address and suspends the card; both certificates are revoked.
        var callCentre = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(callCentre, "callcentre", "callcentre-sandbox");
        await callCentre.GetByLabel("氏名（一部）").FillAsync("窓口");
        await callCentre.GetByLabel("生年月日").FillAsync("1990-06-15");
        await callCentre.GetByLabel("住所（一部）").FillAsync("堂前町");
        await callCentre.GetByRole(AriaRole.Button, new() { Name = "探す", Exact = true }).ClickAsync();
        await Expect(callCentre.Locator("#candidates tbody tr")).ToHaveCountAsync(1);
        await callCentre.Locator("#candidates a.button").ClickAsync();
        await callCentre.GetByLabel("紛失").CheckAsync();
        await callCentre.GetByRole(AriaRole.Button, new() { Name = "一時停止する" }).ClickAsync();
        await Expect(callCentre.Locator("#suspended-state")).ToHaveTextAsync("一時停止中");
        // Both certificates of the card now, and the signature certificate the address change replaced (M1).
        await Expect(callCentre.Locator("#revoked-certificates tbody tr")).ToHaveCountAsync(3);
        await Expect(callCentre.Locator("#revoked-certificates tbody")).Not.ToContainTextAsync("有効");

        // The window sees the suspension, and only now offers to lift it.
        await page.ReloadAsync();
        await Expect(page.Locator("#card-state")).ToContainTextAsync("一時停止中");
        await Expect(page.Locator("#actions")).ToContainTextAsync("一時停止の解除");

        // L2: the card was found; lifting the suspension at the window issues new certificates.
        await page.GotoAsync(file + "/Lift");
        await page.GetByLabel("署名用電子証明書の暗証番号（6〜16桁の英数字）").FillAsync("LIFTED12");
        await page.GetByLabel("利用者証明用電子証明書の暗証番号（4桁）").FillAsync("4444");
        await page.GetByRole(AriaRole.Button, new() { Name = "一時停止を解除" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(file) + "$"), new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("一時停止を解除しました（L2）");
        await Expect(page.Locator("#card-state")).ToHaveTextAsync("交付済み（利用可）");

        // L3: the card is damaged after all; a reissue with certificates costs 1,000 yen, shown before it is taken.
        await page.GotoAsync(file + "/Apply");
        await page.GetByLabel("申請の事由").SelectOptionAsync(nameof(Myna.Registry.Rules.CardIssueOccasion.ReissueAfterLossOrDamage));
        await page.GetByRole(AriaRole.Button, new() { Name = "手数料を確認" }).ClickAsync();
        await Expect(page.Locator("#fee")).ToContainTextAsync("1,000");
        await Expect(page.Locator("#fee")).ToContainTextAsync("L3");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("申請を受け付けました");
        await page.GetByRole(AriaRole.Link, new() { Name = "カードを交付する" }).ClickAsync();
        await page.GetByLabel("申請者の本人確認書類を確認した").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号の入力へ進む" }).ClickAsync();
        await FillPinsAsync(page, signature: "REISSUE1");
        await page.GetByRole(AriaRole.Button, new() { Name = "暗証番号を設定してカードを交付する" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(file) + "$"), new() { Timeout = 60_000 });
        await Expect(page.Locator("#card-state")).ToHaveTextAsync("交付済み（利用可）");
        // The new card starts with an empty endorsement area (the address is printed on its face), and the fee is booked.
        await Expect(page.Locator("#endorsement-count")).ToHaveTextAsync("0 / 4 欄使用");
        await Expect(page.Locator("main")).ToContainTextAsync("1,000");

        // V1: the printable notice with the renewal window from three months before each expiry.
        await page.GetByRole(AriaRole.Link, new() { Name = "有効期限通知書" }).ClickAsync();
        var items = page.Locator("#notice-items tbody tr");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Nth(0)).ToContainTextAsync("2036-03-15 (土) – 2036-06-15 (日)");
        await Expect(items.Nth(1)).ToContainTextAsync("2031-03-15 (土) – 2031-06-15 (日)");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "window-expiry-notice");

        // The list of notices due in March 2031 holds her two certificates.
        await page.GotoAsync("/Window/ExpiryNotices?From=2031-03-01&Until=2031-03-31");
        await Expect(page.Locator("#notices tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#notices")).ToContainTextAsync("窓口 花子");
        await Pages.AssertAccessibleAsync(page);
    }

    private static async Task FillPinsAsync(IPage page, string signature)
    {
        await page.Locator("#SignaturePin").FillAsync(signature);
        await page.Locator("#SignaturePinConfirm").FillAsync(signature);
        foreach (var field in new[] { "AuthenticationPin", "ResidentRegistryPin", "TextInputAssistPin" })
        {
            await page.Locator($"#{field}").FillAsync("5678");
            await page.Locator($"#{field}Confirm").FillAsync("5678");
        }
    }
}
