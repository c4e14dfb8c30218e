using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Myna.Primitives;
using Myna.Server.Kiosk;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Kiosk;

/// <summary>
/// The kiosk pages over HTTP as a browser without script uses them: the machine's screen through U2.4's steps, each post
/// answered by a redirect to <c>/kiosk</c> (the PIN only ever in a form's body), the printed copy only for the browser
/// whose transaction printed it; a blocked PIN ending the transaction (P3); and the public check of a certificate.
/// </summary>
public sealed partial class KioskPageTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task TheMachinesScreen_TakesTheStepsInOrder_AndTheCopyIsOnlyForItsBrowser_U2_4_U2_8()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(JapanClock.Today(_api.Services.GetRequiredService<TimeProvider>()).AddDays(1));
        using var browser = fixture.Server.CreateClient(language: null);

        var menu = await browser.GetStringAsync("/kiosk");
        Assert.Contains("サービスを選んでください", menu, StringComparison.Ordinal);
        Assert.Contains("<span class=\"en\" lang=\"en\">Choose a service</span>", menu, StringComparison.Ordinal);
        var machine = _api.Services.GetRequiredService<SandboxMachines>().All[0];
        Assert.Contains(machine.Place.Japanese, menu, StringComparison.Ordinal);
        Assert.DoesNotContain(machine.Credentials.Secret, menu, StringComparison.Ordinal);

        var screen = await PostAsync(browser, "Menu", new() { ["machine"] = machine.Id.ToString() });
        Assert.Contains("証明書交付サービス", screen, StringComparison.Ordinal);
        screen = await PostAsync(browser, "Start", []);
        Assert.Contains("マイナンバーカードを置いてください", screen, StringComparison.Ordinal);
        // A post of a later step is ignored: the screen stays where the transaction is.
        Assert.Contains("マイナンバーカードを置いてください", await PostAsync(browser, "Pay", []), StringComparison.Ordinal);
        screen = await PostAsync(browser, "Card", new() { ["card"] = Id(card).ToString() });
        Assert.Contains("暗証番号を入力してください", screen, StringComparison.Ordinal);

        screen = await PostAsync(browser, "Pin", new() { ["pin"] = "9999" });
        Assert.Contains("暗証番号が違います。あと2回", screen, StringComparison.Ordinal);
        Assert.Contains("暗証番号は数字4桁", await PostAsync(browser, "Pin", new() { ["pin"] = "12" }), StringComparison.Ordinal);
        screen = await PostAsync(browser, "Pin", new() { ["pin"] = "1111" });
        Assert.Contains("市区町村を選んでください", screen, StringComparison.Ordinal);

        screen = await PostAsync(browser, "Municipality", new() { ["code"] = "072036" });
        Assert.Contains("1通 300円", screen, StringComparison.Ordinal);
        screen = await PostAsync(browser, "Certificate", new() { ["certificate"] = "IncomeAndTax" });
        Assert.Contains("令和7年度（2025年度）", screen, StringComparison.Ordinal);
        screen = await PostAsync(browser, "OtherCertificate", []);
        screen = await PostAsync(browser, "Certificate", new() { ["certificate"] = "ResidentRecordItems" });
        screen = await PostAsync(browser, "Choose", new() { ["copies"] = "2" });
        Assert.Contains("600円を入れる", screen, StringComparison.Ordinal);
        Assert.Contains("手数料の免除はできません", screen, StringComparison.Ordinal);

        screen = await PostAsync(browser, "Pay", []);
        Assert.Contains("証明書をお取りください", screen, StringComparison.Ordinal);
        var numbers = IssueNumber().Matches(screen).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, numbers.Count);
        using (var pdf = await browser.GetAsync("/kiosk?handler=Certificate&copy=1"))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
            Assert.Contains(numbers, n => pdf.Content.Headers.ContentDisposition!.FileName!.Contains(n, StringComparison.Ordinal));
        }
        using var stranger = fixture.Server.CreateClient(language: null);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/kiosk?handler=Certificate&copy=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/kiosk?handler=Certificate&copy=2")).StatusCode);

        // After payment there is no cancelling (U2.8); finishing forgets the visit and its copies.
        Assert.Contains("証明書をお取りください", await PostAsync(browser, "Cancel", []), StringComparison.Ordinal);
        Assert.Contains("サービスを選んでください", await PostAsync(browser, "Finish", []), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/kiosk?handler=Certificate&copy=0")).StatusCode);
    }

    [Fact]
    public async Task ABlockedPin_EndsTheTransaction_WithThePointerToTheWindow_P3()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(JapanClock.Today(_api.Services.GetRequiredService<TimeProvider>()).AddDays(1));
        using var browser = fixture.Server.CreateClient(language: null);
        await PostAsync(browser, "Menu", new() { ["machine"] = _api.Services.GetRequiredService<SandboxMachines>().All[1].Id.ToString() });
        await PostAsync(browser, "Start", []);
        await PostAsync(browser, "Card", new() { ["card"] = Id(card).ToString() });
        string screen = "";
        for (var i = 0; i < 3; i++)
            screen = await PostAsync(browser, "Pin", new() { ["pin"] = "9999" });
        Assert.Contains("取引を終了しました", screen, StringComparison.Ordinal);
        Assert.Contains("暗証番号がロックされています", screen, StringComparison.Ordinal);
        Assert.Contains("<code id=\"refusal-rule\">P3</code>", screen, StringComparison.Ordinal);
        // The right PIN changes nothing now: the transaction has ended.
        Assert.Contains("取引を終了しました", await PostAsync(browser, "Pin", new() { ["pin"] = "1111" }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheVerifyPage_AsksForTheText_AndSaysWhenItIsNoCertificate()
    {
        using var anyone = fixture.Server.CreateClient(language: null);
        var page = await anyone.GetStringAsync("/kiosk/verify");
        Assert.Contains("証明書の確認", page, StringComparison.Ordinal);
        var empty = await ClockTests.PostFormAsync(anyone, "/kiosk/verify", page, new() { ["seal"] = " " });
        Assert.Contains("QRコードの内容を入力してください。", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forged = await ClockTests.PostFormAsync(anyone, "/kiosk/verify", page, new() { ["seal"] = "MYNADOC1:AAAA" });
        Assert.Contains("この証明書は確認できませんでした。", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Posts the screen's form <paramref name="handler"/> (with the page's antiforgery token) and follows the redirect back.</summary>
    [Fact]
    public async Task ACardInItsHoldersReader_IsRefusedAtOnce_InBothLanguages_AndTheVisitWaitsOnThePinScreen()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(JapanClock.Today(_api.Services.GetRequiredService<TimeProvider>()).AddDays(1));
        using var browser = fixture.Server.CreateClient(language: null);
        var machine = _api.Services.GetRequiredService<SandboxMachines>().All[0];
        await PostAsync(browser, "Menu", new() { ["machine"] = machine.Id.ToString() });
        await PostAsync(browser, "Start", []);
        Assert.Contains("暗証番号を入力してください", await PostAsync(browser, "Card", new() { ["card"] = Id(card).ToString() }), StringComparison.Ordinal);

        // The holder's remote reader holds the card's chip, as `myna sandbox attach` does.
        var (attachment, refusal) = await _api.Services.GetRequiredService<Myna.Server.Cards.RemoteReaders>()
            .AttachAsync(Id(card), Myna.Storage.Audit.AuditActor.Staff("window"), CancellationToken.None);
        Assert.Null(refusal);
        try
        {
            var screen = await PostAsync(browser, "Pin", new() { ["pin"] = "1111" });
            Assert.Contains("所持者の方のカードリーダーに接続されています", screen, StringComparison.Ordinal);
            Assert.Contains("ask the holder to bring the card", System.Net.WebUtility.HtmlDecode(screen), StringComparison.Ordinal);
            Assert.Contains("暗証番号を入力してください", screen, StringComparison.Ordinal);
        }
        finally
        {
            await attachment!.AbandonAsync();
        }
        Assert.Contains("市区町村を選んでください", await PostAsync(browser, "Pin", new() { ["pin"] = "1111" }), StringComparison.Ordinal);
    }

    private static async Task<string> PostAsync(HttpClient browser, string handler, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync("/kiosk");
        using var response = await ClockTests.PostFormAsync(browser, "/kiosk?handler=" + handler, page, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler}: {response.StatusCode}");
        Assert.Equal("/kiosk", response.Headers.Location!.OriginalString);
        return await browser.GetStringAsync("/kiosk");
    }

    [GeneratedRegex("<code class=\"issue-number\">([^<]+)</code>")]
    private static partial Regex IssueNumber();
}
