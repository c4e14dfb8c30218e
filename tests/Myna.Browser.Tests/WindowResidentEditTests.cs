using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Primitives;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>One server for the resident-edit tests (starting one costs seconds); each test seeds its own resident.</summary>
public sealed class WindowResidentEditServer : IAsyncLifetime
{
    public MynaServer Server { get; } = new(realSocket: true);

    public MunicipalWindow Window => Server.Services.GetRequiredService<MunicipalWindow>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The window pages that edit a resident's standing facts: a support measure with its 居所 (Q7) and an adult-ward
/// ruling (P4); and the resident pages in English.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class WindowResidentEditTests(Chromium chromium, WindowResidentEditServer fixture) : IClassFixture<WindowResidentEditServer>
{
    private const string Koriyama = "072036";
    private static readonly AuditActor Seeder = AuditActor.Staff("window");

    private MunicipalWindow Window => fixture.Window;

    [Fact]
    public async Task SupportMeasure_WithAResidence_ShowsInTheFile_AndTheApplicationOffersDeliveryThere_Q7()
    {
        var residentId = await SeedAsync("七子", "ナナコ");
        var page = await WindowStaffAsync();
        await page.GotoAsync($"/Window/Residents/{residentId}");
        await page.Locator("#actions").GetByRole(AriaRole.Link, new() { Name = "支援措置（DV等）・居所" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{residentId}/SupportMeasure$"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#support-measure-now")).ToContainTextAsync("支援措置なし");

        await page.GetByLabel("支援措置の対象とする").CheckAsync();
        await page.GetByLabel("居所（送付先）").FillAsync("福島県郡山市麓山一丁目１番１号");
        await page.GetByRole(AriaRole.Button, new() { Name = "支援措置を登録" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "居所: 福島県郡山市麓山一丁目１番１号");
        await Expect(page.Locator("#facts")).ToContainTextAsync("支援措置（Q7）");
        await Expect(page.Locator("#facts")).ToContainTextAsync("居所: 福島県郡山市麓山一丁目１番１号");
        var resident = (await Window.GetResidentFileAsync(residentId))!.Resident;
        Assert.True(resident.HasSupportMeasure);
        Assert.Equal("福島県郡山市麓山一丁目１番１号", resident.Residence);

        // The page shows what is recorded; the application offers the 居所 as the delivery place.
        await page.GotoAsync($"/Window/Residents/{residentId}/SupportMeasure");
        await Expect(page.GetByLabel("支援措置の対象とする")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("居所（送付先）")).ToHaveValueAsync("福島県郡山市麓山一丁目１番１号");
        await page.GotoAsync($"/Window/Residents/{residentId}/Apply");
        var toResidence = page.GetByLabel("居所（支援措置） — 福島県郡山市麓山一丁目１番１号");
        await Expect(toResidence).ToHaveCountAsync(1);
        await toResidence.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{residentId}$"));
        await Expect(page.Locator("#applications")).ToContainTextAsync("居所（支援措置）");

        // Lifting the measure clears the 居所 too.
        await page.GotoAsync($"/Window/Residents/{residentId}/SupportMeasure");
        await page.GetByLabel("支援措置の対象とする").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "支援措置を登録" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "支援措置を解除しました");
        await Expect(page.Locator("#facts")).Not.ToContainTextAsync("支援措置（Q7）");
        resident = (await Window.GetResidentFileAsync(residentId))!.Resident;
        Assert.False(resident.HasSupportMeasure);
        Assert.Null(resident.Residence);
    }

    [Fact]
    public async Task AdultWard_ShowsInTheFile_AndTheApplicationRefusesASignatureCertificate_P4()
    {
        var residentId = await SeedAsync("八郎", "ハチロウ");
        var page = await WindowStaffAsync();
        await page.GotoAsync($"/Window/Residents/{residentId}");
        await page.Locator("#actions").GetByRole(AriaRole.Link, new() { Name = "成年被後見人の記録" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{residentId}/AdultWard$"));
        await Pages.AssertAccessibleAsync(page);
        await Expect(page.Locator("#signature-p4")).ToContainTextAsync("署名用電子証明書を搭載できます");
        await Expect(page.Locator("#adult-ward-rules")).ToContainTextAsync("署名用電子証明書を発行しません（P4）");

        await page.GetByLabel("成年被後見人である（後見開始の審判あり）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "署名用電子証明書は発行できません（P4）");
        await Expect(page.Locator("#facts dt", new() { HasText = "成年被後見人（P4）" }).Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync("はい");
        Assert.True((await Window.GetResidentFileAsync(residentId))!.Resident.IsAdultWard);

        await page.GotoAsync($"/Window/Residents/{residentId}/AdultWard");
        await Expect(page.GetByLabel("成年被後見人である（後見開始の審判あり）")).ToBeCheckedAsync();
        await Expect(page.Locator("#signature-p4")).ToContainTextAsync("署名用電子証明書を発行しません");

        // The application says no signature certificate, does not tick it, and refuses it when ticked (P4).
        await page.GotoAsync($"/Window/Residents/{residentId}/Apply");
        await Expect(page.Locator("#holder-rules")).ToContainTextAsync("成年被後見人の方には、署名用電子証明書を発行しません");
        var signature = page.GetByLabel("署名用電子証明書", new() { Exact = true });
        await Expect(signature).Not.ToBeCheckedAsync();
        await signature.CheckAsync();
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "申請を受け付ける" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("規則 P4 により");

        // Cleared again: the signature certificate may be issued.
        await page.GotoAsync($"/Window/Residents/{residentId}/AdultWard");
        await page.GetByLabel("成年被後見人である（後見開始の審判あり）").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await ExpectDoneAsync(page, residentId, "成年被後見人の記録を消去しました");
        Assert.False((await Window.GetResidentFileAsync(residentId))!.Resident.IsAdultWard);
    }

    [Fact]
    public async Task InEnglish_TheResidentFileAndTheAddressPage_SpeakEnglish()
    {
        var residentId = await SeedAsync("九美", "クミ");
        var page = await WindowStaffAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GotoAsync($"/Window/Residents/{residentId}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Procedures" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resident record" })).ToBeVisibleAsync();
        await Expect(page.Locator("#facts")).ToContainTextAsync("Date of birth");
        await Expect(page.Locator("#actions")).ToContainTextAsync("Support measure (DV …) and 居所");
        await Expect(page.Locator("#actions")).ToContainTextAsync("Adult-ward ruling");
        await Pages.AssertAccessibleAsync(page);

        await page.Locator("#actions").GetByRole(AriaRole.Link, new() { Name = "Change of address (within the municipality)" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{residentId}/Address$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Change of address (move within the municipality)");
        await Expect(page.GetByLabel("New address (within the municipality)")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record the change of address" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Procedures for this resident" })).ToContainTextAsync("Support measure");
        await Pages.AssertAccessibleAsync(page);

        // The two new pages speak English too.
        await page.GotoAsync($"/Window/Residents/{residentId}/SupportMeasure");
        await Expect(page.GetByLabel("Under a support measure")).ToBeVisibleAsync();
        await page.GotoAsync($"/Window/Residents/{residentId}/AdultWard");
        await Expect(page.Locator("#adult-ward-rules")).ToContainTextAsync("An adult ward is issued no signature certificate (P4).");
    }

    /// <summary>A resident of Koriyama without a card.</summary>
    private async Task<Guid> SeedAsync(string givenName, string givenKana) =>
        (await Window.RegisterResidentAsync(new ResidentRegistration(
            Koriyama, "編集", givenName, "ヘンシュウ", givenKana, new DateOnly(1985, 7, 7), Sex.Female, "福島県郡山市朝日一丁目２３番７号"), Seeder)).Value.Id;

    private async Task<IPage> WindowStaffAsync()
    {
        var page = await chromium.NewPageAsync(fixture.Server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        return page;
    }

    private static async Task ExpectDoneAsync(IPage page, Guid residentId, string text)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"/Window/Residents/{residentId}$"));
        await Expect(page.Locator(".done[role=status]")).ToContainTextAsync(text);
    }
}
