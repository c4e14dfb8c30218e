using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Myna.Reader.Pcsc;
using Myna.Server.Tests;
using Myna.Testing;
using Myna.Testing.Tools;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>
/// The portal's login from the holder's own computer, as a real browser and a real reader see it: the login page in
/// Chromium shows its code; the holder's card — the server's own card file, plugged into pcscd's virtual reader by
/// <c>myna card attach</c> — signs the challenge through PC/SC when <c>myna portal login CODE</c> runs, and the page,
/// which asks the login's state every two seconds, completes the login by itself.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalReaderLoginTests(Chromium chromium) : IAsyncLifetime
{
    private readonly MynaServer _server = new(realSocket: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MynaPortalLogin_WithTheCardInAVirtualReader_CompletesThePageByItself_U3_1()
    {
        var readerName = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";
        var port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p) ? p : 35963;
        var (_, card) = await CardHolderSeed.RegisterWithCardAsync(_server, "鈴木", "一郎", "スズキ", "イチロウ", new DateOnly(1958, 11, 3),
            "福島県郡山市清水台１丁目１番");

        var page = await chromium.NewPageAsync(_server.BaseAddress);
        await page.GotoAsync("/portal/login");
        var code = await page.Locator("#login-code").InnerTextAsync();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        using var reader = await VpcdReaderLock.AcquireAsync(port);
        using var attach = Myna("card", "attach", Path.Combine(_server.DataDirectory, "cards", card.Id.ToString("N") + ".card"),
            "--vpcd-port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            await MynaProcess.WaitForLineAsync(attach, "attached");
            using (var pcsc = PcscContext.Establish())
                Assert.True(pcsc.WaitForCard(readerName, TimeSpan.FromSeconds(15)), $"no card in '{readerName}'");

            using var login = Myna("portal", "login", code, "--reader", readerName, "--server", _server.BaseAddress.ToString(), "--pin-stdin");
            await login.StandardInput.WriteLineAsync("1234");
            login.StandardInput.Close();
            await login.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(login.ExitCode == 0, await login.StandardError.ReadToEndAsync());

            // Nobody touches the page: its script sees the answer and completes the login.
            await Expect(page).ToHaveURLAsync(new Regex("/portal/home$"), new() { Timeout = 15_000 });
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("わたしの情報");
        }
        finally
        {
            attach.Kill(entireProcessTree: true);
            await attach.WaitForExitAsync();
        }
    }

    private Process Myna(params string[] args) => MynaProcess.Start(_server.DataDirectory, args);
}
