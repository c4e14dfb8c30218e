using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Myna.Primitives;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Testing.Tools;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>The card drawn front and back (C1, C2), the My Number hidden until an audited reveal, its QR code read back.</summary>
[Collection(BrowserCollection.Name)]
[ScanJapanesePages]
public sealed class CardFacesTests(Chromium chromium) : IAsyncLifetime
{
    private readonly MynaServer _server = new(realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CardFaces_HideTheNumberUntilRevealed_RevealIsAudited_AndTheQrCodeRecordsTheNumber_C1_C2_M3()
    {
        var (resident, card) = await CardHolderSeed.RegisterWithCardAsync(
            _server, "番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1990, 4, 1), "福島県郡山市朝日一丁目２３番７号", formerSurname: "旧姓");
        var number = resident.MyNumber.Reveal();
        var grouped = $"{number[..4]} {number[4..8]} {number[8..]}";
        var audit = _server.Services.GetRequiredService<AuditTrail>();
        var subject = new AuditSubject("resident", resident.Id.ToString("N"));

        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        var response = await page.GotoAsync($"/Window/Residents/{resident.Id}/card-faces");
        Assert.Equal(200, response!.Status);
        Assert.Contains("no-store", await response.HeaderValueAsync("cache-control"));

        // C1 front: name with the former surname in brackets (M3), address, sex, birth date, expiries, issuer.
        var front = page.Locator("#card-front");
        await Expect(front.Locator(".cf-name dd")).ToContainTextAsync("番号［旧姓］");
        await Expect(front.Locator(".cf-name dd")).ToContainTextAsync("花子");
        await Expect(front).ToContainTextAsync("福島県郡山市朝日一丁目２３番７号");
        await Expect(front).ToContainTextAsync("平成2年4月1日生");
        await Expect(front.Locator(".cf-birth")).ToContainTextAsync("女");
        await Expect(front.Locator(".cf-expiry")).ToHaveTextAsync($"{card.ExpiresOn.Year}年{card.ExpiresOn.Month}月{card.ExpiresOn.Day}日まで有効");
        var signature = card.SignatureCertificate!.ExpiresOn;
        await Expect(front.Locator(".cf-certificates")).ToContainTextAsync($"署名用: {signature.Year}年{signature.Month}月{signature.Day}日");
        await Expect(front.Locator(".cf-issuer")).ToHaveTextAsync("福島県郡山市長");

        // C2 back before the reveal: masked, no QR code, the number nowhere in the page, nothing audited.
        await Expect(page.Locator("#my-number")).ToHaveTextAsync($"**** **** {number[^4..]}");
        Assert.Equal(0, await page.Locator("#my-number-qr").CountAsync());
        var before = await page.ContentAsync();
        Assert.DoesNotContain(number, before);
        Assert.DoesNotContain(grouped, before);
        Assert.DoesNotContain(await audit.ReadAsync(subject), e => e.Action == "resident.my-number-revealed");
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "card-faces");

        var revealed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "個人番号を表示する（記録されます）" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("card-faces", StringComparison.Ordinal));
        Assert.Equal(200, revealed.Status);
        Assert.Contains("no-store", await revealed.HeaderValueAsync("cache-control"));
        Assert.DoesNotContain(number, page.Url);
        await Expect(page.Locator("#my-number")).ToHaveTextAsync(grouped);

        // The QR code at the back's bottom left, as the browser drew it, read by zbarimg.
        var qr = await page.Locator("#my-number-qr").ScreenshotAsync();
        Assert.Equal(number, await DecodeQrAsync(qr));

        var entry = Assert.Single(await audit.ReadAsync(subject), e => e.Action == "resident.my-number-revealed");
        Assert.Equal("window", entry.Actor);
        Assert.DoesNotContain(number, entry.Details);
        await Pages.AssertAccessibleAsync(page);
        await Pages.ScreenshotAsync(page, "card-faces-revealed");

        // Leaving and coming back masks it again: the reveal was for that one response.
        await page.GotoAsync($"/Window/Residents/{resident.Id}/card-faces");
        Assert.DoesNotContain(number, await page.ContentAsync());
    }

    [Fact]
    public async Task CardFaces_OfAResidentWithoutCard_SayNoCard_AndAnUnknownResidentIs404()
    {
        var window = _server.Services.GetRequiredService<Myna.Window.MunicipalWindow>();
        var resident = (await window.RegisterResidentAsync(
            new Myna.Window.ResidentRegistration(CardHolderSeed.Koriyama, "未交付", "一郎", "ミコウフ", "イチロウ", new DateOnly(1970, 1, 2), Sex.Male, "福島県郡山市富久山町"),
            AuditActor.Staff("window"))).Value;
        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await Pages.SignInAsync(page, "window", "window-sandbox");
        await page.GotoAsync($"/Window/Residents/{resident.Id}/card-faces");
        await Expect(page.Locator("main .note")).ToContainTextAsync("カードがありません");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "個人番号を表示する（記録されます）" }).CountAsync());
        var missing = await page.GotoAsync($"/Window/Residents/{Guid.NewGuid()}/card-faces");
        Assert.Equal(404, missing!.Status);
    }

    /// <summary>Decodes a QR code in a PNG with zbarimg (apt zbar-tools, installed by scripts/test.sh).</summary>
    private static async Task<string> DecodeQrAsync(byte[] png)
    {
        var path = Path.Combine(Path.GetTempPath(), $"myna-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, png);
        try
        {
            // zbarimg complains on stderr without a D-Bus session bus; harmless.
            var decoded = (await ExternalTool.RunAsync("zbarimg", "-q", "--raw", path)).EnsureSuccess();
            return decoded.StandardOutput.Trim();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
