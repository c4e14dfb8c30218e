using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Primitives;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>One server for the focused window-page tests (each MynaServer start costs seconds).</summary>
public sealed class WindowServer : IAsyncLifetime
{
    public MynaServer Server { get; } = new(realSocket: true);

    public MunicipalWindow Window => Server.Services.GetRequiredService<MunicipalWindow>();

    /// <summary>Registers a resident through the window itself, born <paramref name="yearsAgo"/> years before the window's today.</summary>
    public async Task<Registry.Residents.Resident> RegisterAsync(string family, string familyKana, int yearsAgo)
    {
        var outcome = await Window.RegisterResidentAsync(new ResidentRegistration(
            "07203", family, "一郎", familyKana, "イチロウ", Window.Today.AddYears(-yearsAgo).AddDays(-10), Sex.Male, "福島県郡山市堤下町１番２号"),
            AuditActor.System);
        return outcome.Value;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The search by My Number (exact, POST, masked, audited) and the applicant rules for an under-15 (Q6, P4), in the browser.</summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class WindowRulesTests(Chromium chromium, WindowServer fixture) : IClassFixture<WindowServer>
{
    [Fact]
    public async Task SearchByMyNumber_IsExactByPost_ShowsTheNumberMasked_AndIsAudited()
    {
        var resident = await fixture.RegisterAsync("番号", "バンゴウ", 40);
        var number = resident.MyNumber.Reveal();
        var page = await chromium.NewPageAsync(fixture.Server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        await Pages.AssertAccessibleAsync(page);

        // A number that is not a My Number (wrong check digit) is refused at the field, and not searched.
        var wrong = number[..11] + (char)('0' + ((number[11] - '0' + 1) % 10));
        await page.GetByLabel("個人番号（12桁・完全一致）").FillAsync(wrong);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "個人番号で検索" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#MyNumber ~ .error")).ToContainTextAsync("検査用数字");

        await page.GetByLabel("個人番号（12桁・完全一致）").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "個人番号で検索" }).ClickAsync();
        var rows = page.Locator("#search-results tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("番号 一郎");
        await Expect(page.Locator("#results .masked")).ToHaveTextAsync("********" + number[8..]);
        // Never in the URL, never in the page (not even in the input).
        Assert.DoesNotContain(number, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(number, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByLabel("個人番号（12桁・完全一致）")).ToHaveValueAsync("");

        // A part of the number finds nothing: exact match only.
        await page.GetByLabel("個人番号（12桁・完全一致）").FillAsync(number[..8]);
        await page.GetByRole(AriaRole.Button, new() { Name = "個人番号で検索" }).ClickAsync();
        await Expect(page.Locator("#search-results")).ToHaveCountAsync(0);

        var audit = fixture.Server.Services.GetRequiredService<AuditTrail>();
        var entries = await audit.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var searches = entries.Where(e => e.Action == "resident.searched").ToList();
        Assert.Contains(searches, e => e.Actor == "window" && e.Details == "Residents searched by My Number (window): 1 found."
            && e.DetailsJapanese == "窓口で住民を検索しました（条件：個人番号、1件）。");
        // The resident found is told so in their own record of look-ups.
        Assert.Contains(entries, e => e.Action == "resident.found" && e.Actor == "window" && e.SubjectKind == "resident");
        Assert.DoesNotContain(entries, e => e.Details.Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnderFifteen_TheLegalRepresentativeApplies_WithoutSignatureCertificate_Q6_P4()
    {
        var child = await fixture.RegisterAsync("子供", "コドモ", 10);
        var page = await chromium.NewPageAsync(fixture.Server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        await page.GotoAsync($"/Window/Residents/{child.Id}/Apply");
        await Pages.AssertAccessibleAsync(page);

        // The form starts from what Q6 and P4 allow for a 10-year-old.
        await Expect(page.Locator("#holder-rules")).ToContainTextAsync("15歳未満のため、法定代理人が申請します（Q6）");
        await Expect(page.GetByLabel("法定代理人")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("署名用電子証明書")).Not.ToBeCheckedAsync();

        // Q6: the child does not apply in person.
        await page.GetByLabel("本人").CheckAsync();
        var inPerson = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, inPerson.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("規則 Q6 により、この手続はできません");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("法定代理人が申請します");

        // P4: no signature certificate for an under-15, even through the legal representative.
        await page.GetByLabel("法定代理人").CheckAsync();
        await page.GetByLabel("代理人の氏名").FillAsync("子供 花子");
        await page.GetByLabel("署名用電子証明書").CheckAsync();
        var signature = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, signature.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("規則 P4 により");
        // The form kept what was typed.
        await Expect(page.GetByLabel("代理人の氏名")).ToHaveValueAsync("子供 花子");

        await page.GetByLabel("署名用電子証明書").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{child.Id}$"));
        await Expect(page.Locator("#applications")).ToContainTextAsync("法定代理人（子供 花子）");
    }
}
