using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Myna.Primitives;
using Myna.Server.Tests;
using Myna.Server.Tests.Portal;
using Myna.Storage.Audit;
using Myna.Testing.Tools;
using Myna.Transparency;
using Myna.Window;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// A holder's day in the portal, in a real browser, on 10 June (the child-allowance status report is due): the login
/// with the sandbox's card slot, わたしの情報, the notice, やりとり履歴 and its proof (checked by the C# checker and the
/// independent Python verifier), a procedure found, filled and signed with the slot; the window's staff accept it in
/// their own browser and the holder sees it accepted; then a service's single sign-on, whose code arrives at the
/// service's registered address.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class PortalJourneyTests(Chromium chromium) : IAsyncLifetime
{
    /// <summary>Wednesday 2026-06-10, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset TenthOfJune = new(2026, 6, 10, 10, 0, 0, TimeSpan.FromHours(9));

    /// <summary>The demo cards' signature password (docs/window.md), which <see cref="CardHolderSeed"/> gives too.</summary>
    private const string SignaturePassword = "MYNA2026";

    private const string Address = "福島県郡山市朝日一丁目２３番７号";

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(TenthOfJune), realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Holder_LogsIn_ReadsNoticeAndHistory_AppliesAndSigns_TheWindowAccepts_ThenSingleSignOn_U3_1_U3_3_U3_5_U3_2_U3_6()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1990, 4, 1), Address);
        // Her child lives with her: the status report of the child allowance is due in June.
        await _server.Services.GetRequiredService<MunicipalWindow>().RegisterResidentAsync(
            new ResidentRegistration(CardHolderSeed.Koriyama, "番号", "一太", "バンゴウ", "イチタ", new DateOnly(2020, 5, 5), Sex.Male, Address),
            AuditActor.Staff("window"));

        // The login with the sandbox's card slot (the demo cards' user-authentication PIN, docs/window.md).
        var holder = await chromium.NewPageAsync(_server.BaseAddress);
        await holder.GotoAsync("/portal/login");
        await Expect(holder.Locator("#login-code")).ToHaveTextAsync(new Regex("^[A-Z2-9]{4}-[A-Z2-9]{4}$"));
        await Pages.AssertAccessibleAsync(holder);
        await Pages.ScreenshotAsync(holder, "portal-login");
        await holder.GetByLabel("カード", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = card.Id.ToString() });
        await holder.GetByLabel("暗証番号（数字4桁）").FillAsync("1234");
        await holder.GetByRole(AriaRole.Button, new() { Name = "カードをかざしてログイン" }).ClickAsync();
        await Expect(holder).ToHaveURLAsync(new Regex("/portal/home$"));
        await Expect(holder.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("わたしの情報");
        await Expect(holder.Locator("main")).ToContainTextAsync("朝日一丁目");
        await Pages.AssertAccessibleAsync(holder);
        await Pages.ScreenshotAsync(holder, "portal-home");

        // The notice, counted in the menu until read.
        await Expect(holder.Locator(".unread-count")).ToHaveTextAsync("1");
        await Nav(holder, "お知らせ").ClickAsync();
        await Expect(holder.GetByRole(AriaRole.Heading, new() { Name = "児童手当の現況届について" })).ToBeVisibleAsync();
        await holder.GetByRole(AriaRole.Button, new() { Name = "既読にする" }).ClickAsync();
        await Expect(holder.Locator(".unread-count")).ToHaveCountAsync(0);

        // やりとり履歴: the look at わたしの情報 is in it; the proof downloaded verifies, with both checkers.
        await Nav(holder, "やりとり履歴").ClickAsync();
        await Expect(holder.Locator("table.history")).ToContainTextAsync("本人による自己情報の確認");
        await Pages.AssertAccessibleAsync(holder);
        await Pages.ScreenshotAsync(holder, "portal-history");
        var download = await holder.RunAndWaitForDownloadAsync(() => holder.GetByRole(AriaRole.Button, new() { Name = "証明をダウンロード" }).ClickAsync());
        var bundle = await File.ReadAllTextAsync(await download.PathAsync());
        var parsed = BundleCheck.Parse(bundle);
        BundleCheck.Verify(parsed);
        Assert.NotEmpty(parsed.Entries);
        var python = PythonVerifier.Run(bundle);
        Assert.True(python.ExitCode == 0, python.ToString());

        // Finding the procedure, filling it in, signing it with the slot's card and its signature password.
        await Nav(holder, "手続を探す").ClickAsync();
        await holder.GetByLabel("キーワード").FillAsync("児童手当");
        await holder.GetByLabel("ライフイベント").SelectOptionAsync("birth");
        await holder.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        await Expect(holder.Locator("#procedures article")).ToHaveCountAsync(1);
        await Pages.AssertAccessibleAsync(holder);
        await holder.GetByRole(AriaRole.Link, new() { Name = "「児童手当の認定請求」を申請する" }).ClickAsync();
        await holder.GetByLabel("児童の氏名").FillAsync("番号　一太");
        await holder.GetByLabel("児童の生年月日").FillAsync("2020-05-05");
        await holder.GetByRole(AriaRole.Button, new() { Name = "入力内容を保存して署名へ進む" }).ClickAsync();
        // The relationship was left out: the summary links to the field, which says why; what was typed is kept.
        var summary = holder.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync("請求者と児童の続柄");
        await Expect(holder.GetByLabel("児童の氏名")).ToHaveValueAsync("番号　一太");
        await Pages.AssertAccessibleAsync(holder);
        await summary.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(holder.Locator("#field-relationship")).ToBeFocusedAsync();
        await holder.GetByLabel("請求者と児童の続柄").SelectOptionAsync("mother");
        await holder.Locator("#field-bankAccount").FillAsync("郡山銀行 本店 1234567");
        await holder.GetByRole(AriaRole.Button, new() { Name = "入力内容を保存して署名へ進む" }).ClickAsync();
        await Expect(holder.Locator("#application-state")).ToHaveTextAsync("署名待ち");
        await Expect(holder.Locator("#application-fields")).ToContainTextAsync("母");
        await Pages.AssertAccessibleAsync(holder);
        await holder.GetByLabel("カード", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = card.Id.ToString() });
        await holder.GetByLabel("署名用電子証明書の暗証番号").FillAsync(SignaturePassword);
        await holder.GetByRole(AriaRole.Button, new() { Name = "署名して提出する" }).ClickAsync();
        await Expect(holder.Locator("#application-state")).ToHaveTextAsync("審査中");
        await Pages.ScreenshotAsync(holder, "portal-application");
        var applicationUrl = holder.Url;

        // The window, in its own browser: the list, the review with the signature valid, accepted with a note.
        var staff = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(staff, "window", "window-sandbox");
        await staff.GetByRole(AriaRole.Link, new() { Name = "オンライン申請" }).ClickAsync();
        await staff.GetByLabel("状態").SelectOptionAsync("Submitted");
        await staff.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await staff.Locator("#online-applications").GetByRole(AriaRole.Link, new() { Name = "児童手当の認定請求" }).ClickAsync();
        await Expect(staff.Locator("#signature-verdict")).ToContainTextAsync("署名は有効です");
        await Expect(staff.Locator("#signer-name")).ToContainTextAsync("番号");
        await Expect(staff.Locator("#resident-link")).ToHaveAttributeAsync("href", $"/Window/Residents/{resident.Id}");
        await Pages.AssertAccessibleAsync(staff);
        await Pages.ScreenshotAsync(staff, "window-online-application");
        await staff.GetByLabel("申請者への連絡事項（任意）").FillAsync("受理しました。認定通知書を郵送します。");
        await staff.GetByRole(AriaRole.Button, new() { Name = "受理する" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Status).First).ToContainTextAsync("申請を受理しました");
        await Expect(staff.Locator("#application-state")).ToHaveTextAsync("受理");
        await staff.Context.CloseAsync();

        await holder.GotoAsync(applicationUrl);
        await Expect(holder.Locator("#application-state")).ToHaveTextAsync("受理");
        await Expect(holder.Locator("#decision-note")).ToHaveTextAsync("受理しました。認定通知書を郵送します。");
        await Nav(holder, "オンライン申請").ClickAsync();
        await Expect(holder.Locator("#applications tbody tr")).ToHaveCountAsync(1);

        // Single sign-on to the sample e-Tax: consent, then the code arrives at its registered address (the sample's
        // own process is not running; the browser's request to it is answered here and read).
        var flow = new OidcTests.Flow("etax-sample", "http://localhost:5101/signin-oidc");
        await holder.RouteAsync("http://localhost:5101/**", route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "text/html", Body = "<!DOCTYPE html><html lang=\"en\"><head><title>e-Tax (sample)</title></head><body><h1>Signed in</h1></body></html>",
        }));
        await holder.GotoAsync(flow.AuthorizeUrl);
        await Expect(holder.Locator("main")).ToContainTextAsync("e-Tax");
        await Pages.AssertAccessibleAsync(holder);
        await holder.GetByRole(AriaRole.Button, new() { Name = "許可する" }).ClickAsync();
        await Expect(holder).ToHaveURLAsync(new Regex("^http://localhost:5101/signin-oidc\\?"));
        var query = QueryHelpers.ParseQuery(new Uri(holder.Url).Query);
        Assert.Equal(flow.State, query["state"].ToString());
        using var service = new HttpClient { BaseAddress = _server.BaseAddress };
        using var tokens = await service.PostAsync("/portal/oidc/token", flow.TokenForm(query["code"].ToString()));
        var body = await tokens.Content.ReadAsStringAsync();
        Assert.True(tokens.StatusCode == HttpStatusCode.OK, body);
        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("id_token", out _));
        await holder.Context.CloseAsync();
    }

    private static ILocator Nav(IPage page, string name) => page.Locator("nav.site-nav").GetByRole(AriaRole.Link, new() { Name = name });
}
