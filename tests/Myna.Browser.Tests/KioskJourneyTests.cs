using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Myna.Server.Clock;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Testing.Tools;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The store's multi-copy machine in a real browser (U2.4): a holder whose card was handed over the day before takes a
/// copy of the resident record — the store, the sandbox card, a wrong PIN and the right one, the municipality, the
/// certificate, the fee — downloads the printed PDF, and anyone confirms its QR code on <c>/kiosk/verify</c>. On the
/// delivery day itself the municipality refuses (U2.7) and the holder may choose again.
/// </summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class KioskJourneyTests(Chromium chromium) : IAsyncLifetime
{
    /// <summary>Wednesday 2026-06-10, 10:00 in Japan: the card is handed over.</summary>
    private static readonly DateTimeOffset DeliveryDay = new(2026, 6, 10, 10, 0, 0, TimeSpan.FromHours(9));

    private const string Store = "セブン-イレブン 郡山駅前店（マルチコピー機 1）";

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(DeliveryDay), realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Holder_TheDayAfterDelivery_TakesAResidentRecordCopy_WhoseSealVerifies_U2_4_U2_8()
    {
        var (_, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1990, 4, 1),
            "福島県郡山市朝日一丁目２３番７号");
        await _server.Services.GetRequiredService<SandboxClock>().SetAsync(new DateTime(2026, 6, 11, 10, 0, 0), AuditActor.System);

        // ① The menu: the store, then 行政サービス → 証明書交付サービス.
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/kiosk");
        await page.GetByLabel("ご利用の店舗").SelectOptionAsync(new SelectOptionValue { Label = Store });
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "kiosk-menu");
        await StartAtTheStoreAsync(page);
        await Expect(page.Locator("header")).ToContainTextAsync("郡山駅前店");

        // ② The card, ③ the PIN: a wrong one first (the card counts it), then the right one on the pad.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("マイナンバーカードを置いてください");
        await Pages.AssertAccessibleAsync(page);
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await Expect(page.Locator("#placed-card")).ToContainTextAsync("番号");
        await page.GetByLabel("暗証番号（数字4桁）").FillAsync("9999");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        await Expect(page.Locator("#kiosk-refusal")).ToContainTextAsync("暗証番号が違います。あと2回");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "kiosk-pin");
        foreach (var digit in "1234")
            await page.GetByRole(AriaRole.Button, new() { Name = digit.ToString(), Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("暗証番号（数字4桁）")).ToHaveValueAsync("1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();

        // ④ The municipality, ⑤ the certificate and the copies.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("市区町村を選んでください");
        await page.GetByRole(AriaRole.Button, new() { Name = "郡山市" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "住民票の写し" })).ToContainTextAsync("1通 300円");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "kiosk-certificate");
        await page.GetByRole(AriaRole.Button, new() { Name = "住民票の写し" }).ClickAsync();
        await page.GetByLabel("通数").SelectOptionAsync("1");
        await Pages.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "決定" }).ClickAsync();

        // ⑥ The fee, exactly, with U2.8's note; ⑦ printed.
        await Expect(page.Locator("#fee")).ToContainTextAsync("300円");
        await Expect(page.Locator("#no-refund")).ToContainTextAsync("返金はできません");
        await Expect(page.Locator("#no-refund")).ToContainTextAsync("手数料の免除はできません");
        await Pages.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "300円を入れる" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("証明書をお取りください");
        var issueNumber = await page.Locator("#printed-copies .issue-number").InnerTextAsync();
        Assert.Matches("^[0-9]{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$", issueNumber);
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "kiosk-printed");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "証明書を受け取る" }).ClickAsync());
        var pdf = await download.PathAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(pdf))[..4]));
        var seal = ReadQrCode(pdf);
        Assert.StartsWith("MYNADOC1:", seal, StringComparison.Ordinal);

        // Another browser (anyone) does not get this browser's certificate.
        var stranger = await chromium.NewPageAsync(_server.BaseAddress);
        var refused = await stranger.APIRequest.GetAsync("/kiosk?handler=Certificate&copy=0");
        Assert.Equal(404, refused.Status);

        // Anyone checks the paper by its QR code.
        await stranger.GotoAsync("/kiosk/verify");
        await stranger.GetByLabel("QRコードの文字列").FillAsync(seal);
        await stranger.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(stranger.Locator("#verdict")).ToContainTextAsync("本物の証明書です");
        await Expect(stranger.Locator("#issue-number")).ToHaveTextAsync(issueNumber);
        await Expect(stranger.Locator("#certificate-facts")).ToContainTextAsync("住民票の写し");
        await Expect(stranger.Locator("#certificate-body")).ToContainTextAsync("番号");
        await Pages.AssertAccessibleAsync(stranger);
        await Pages.ScreenshotAsync(stranger, "kiosk-verify");

        // One character changed, and the seal no longer verifies.
        await stranger.GetByLabel("QRコードの文字列").FillAsync(seal[..^3] + (seal[^3] == 'A' ? 'B' : 'A') + seal[^2..]);
        await stranger.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(stranger.Locator("#verdict")).ToContainTextAsync("確認できませんでした");

        // The holder finishes: the machine is back at its menu.
        await page.GetByRole(AriaRole.Button, new() { Name = "終了" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("サービスを選んでください");
        await page.Context.CloseAsync();
        await stranger.Context.CloseAsync();
    }

    [Fact]
    public async Task OnTheDeliveryDay_TheMunicipalityRefuses_WithItsRule_AndTheHolderMayChooseAgain_U2_7()
    {
        var (_, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "鈴木", "一郎", "スズキ", "イチロウ", new DateOnly(1958, 11, 3),
            "福島県郡山市清水台１丁目１番");

        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/kiosk");
        await StartAtTheStoreAsync(page);
        await page.Locator($"#sandbox-cards button[value='{card.Id}']").ClickAsync();
        await page.GetByLabel("暗証番号（数字4桁）").FillAsync("1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "郡山市" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "住民票の写し" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "決定" }).ClickAsync();

        await Expect(page.Locator("#refusal-rule")).ToHaveTextAsync("U2.7");
        await Expect(page.Locator("#kiosk-refusal")).ToContainTextAsync("この証明書は発行できません");
        // Back at the certificates: the holder may choose again.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("証明書の種類を選んでください");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "kiosk-refused");
        await page.GetByRole(AriaRole.Button, new() { Name = "取引をやめる" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("サービスを選んでください");
        await page.Context.CloseAsync();
    }

    /// <summary>① At the menu: the store, 行政サービス, 証明書交付サービス.</summary>
    private static async Task StartAtTheStoreAsync(IPage page)
    {
        await page.GetByLabel("ご利用の店舗").SelectOptionAsync(new SelectOptionValue { Label = Store });
        await page.GetByRole(AriaRole.Button, new() { Name = "行政サービス" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "証明書交付サービス" }).ClickAsync();
    }

    /// <summary>The QR code of the PDF's first page, rendered by pdftoppm and read by zbarimg (poppler-utils, zbar-tools).</summary>
    private static string ReadQrCode(string pdf)
    {
        var image = Path.Combine(Path.GetTempPath(), $"myna-kiosk-{Guid.NewGuid():N}");
        try
        {
            ExternalTool.Run("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", pdf, image]).EnsureSuccess();
            return ExternalTool.Run("zbarimg", ["-q", "--raw", image + ".png"]).EnsureSuccess().StandardOutput.TrimEnd('\n');
        }
        finally
        {
            File.Delete(image + ".png");
        }
    }
}
