using Microsoft.Playwright;

namespace Myna.Browser.Tests;

/// <summary>
/// One headless Chromium for the whole run: Debian's <c>/usr/bin/chromium</c> (apt <c>chromium</c>, installed by
/// scripts/test.sh) driven by Playwright's bundled driver; Playwright never downloads a browser here.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian puts it; <c>MYNA_CHROMIUM</c> overrides.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("MYNA_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // --no-sandbox: CI runs as root. The resolver rule keeps Chromium from looking up Google's hosts on a
            // machine without internet while loopback still works.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        });
    }

    /// <summary>
    /// A fresh browser context (its own cookies) on the server, in Japanese like a Japanese window's PC; every Japanese
    /// page it opens is scanned for English sentences (<see cref="JapanesePages"/>).
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri server, string locale = "ja-JP")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            Locale = locale,
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        await JapanesePages.WatchAsync(context);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        // Pages read after their test ended, or opened by a test class without the scan: the run fails with them.
        var unclaimed = JapanesePages.Unclaimed();
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (unclaimed.Count > 0)
            throw new InvalidOperationException(JapanesePages.Message(unclaimed));
    }
}

/// <summary>The tests that share one Chromium; they run one after the other (two cores, one browser).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
