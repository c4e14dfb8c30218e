using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Myna.Reader.Pcsc;
using Myna.Server.Clock;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Testing;
using Myna.Testing.Tools;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The store's machine with a card in a real reader instead of the sandbox's slot: the holder's card — the server's own
/// card file, plugged into pcscd's virtual reader by <c>myna card attach</c> — is read, takes its PIN and signs the
/// session's challenge through PC/SC, and the certificate prints.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KioskReaderTests(Chromium chromium) : IAsyncLifetime
{
    private static readonly DateTimeOffset DeliveryDay = new(2026, 6, 10, 10, 0, 0, TimeSpan.FromHours(9));

    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(DeliveryDay), realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheCardInAVirtualReader_SignsThroughPcsc_AndTheCertificatePrints_U2_4()
    {
        var readerName = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";
        var port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p) ? p : 35963;
        var (_, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "鈴木", "一郎", "スズキ", "イチロウ", new DateOnly(1958, 11, 3),
            "福島県郡山市清水台１丁目１番");
        await _server.Services.GetRequiredService<SandboxClock>().SetAsync(new DateTime(2026, 6, 11, 10, 0, 0), AuditActor.System);

        using var reader = await VpcdReaderLock.AcquireAsync(port);
        using var attach = MynaProcess.Start(_server.DataDirectory, "card", "attach", Path.Combine(_server.DataDirectory, "cards", card.Id.ToString("N") + ".card"),
            "--vpcd-port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            await MynaProcess.WaitForLineAsync(attach, "attached");
            using (var pcsc = PcscContext.Establish())
                Assert.True(pcsc.WaitForCard(readerName, TimeSpan.FromSeconds(15)), $"no card in '{readerName}'");

            var page = await chromium.NewPageAsync(_server.BaseAddress);
            await page.GotoAsync("/kiosk");
            await page.GetByLabel("ご利用の店舗").SelectOptionAsync(new SelectOptionValue { Label = "ローソン 郡山朝日店（マルチコピー機 1）" });
            await page.GetByRole(AriaRole.Button, new() { Name = "行政サービス" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "証明書交付サービス" }).ClickAsync();
            await page.Locator($"#readers button[value='{readerName}']").ClickAsync();
            await page.GetByLabel("暗証番号（数字4桁）").FillAsync("1234");
            await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "郡山市" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "住民票記載事項証明書" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "決定" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "300円を入れる" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("証明書をお取りください");
            await Expect(page.Locator("#printed-copies .issue-number")).ToHaveCountAsync(1);
            await page.Context.CloseAsync();
        }
        finally
        {
            attach.Kill(entireProcessTree: true);
            await attach.WaitForExitAsync();
        }
    }
}
