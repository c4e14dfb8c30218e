using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Myna.Browser.Tests;

/// <summary>Steps and checks shared by the browser tests.</summary>
public static class Pages
{
    /// <summary>Signs in through the sign-in page and waits for the role's first page.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("ユーザー名").Or(page.GetByLabel("User name")).FillAsync(userName);
        await page.GetByLabel("パスワード", new() { Exact = true }).Or(page.GetByLabel("Password", new() { Exact = true })).FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    /// <summary>A date as the Japanese sentences write it (2026年4月1日).</summary>
    public static string JapaneseDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>
    /// The page's basic accessibility: a language, one h1, a label for every form control, a text alternative for
    /// every image. Returns the problems found (empty when none), so a failing test lists them all.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var problems = await page.EvaluateAsync<string[]>("""
            () => {
              const problems = [];
              if (!document.documentElement.lang) problems.push('html has no lang');
              const h1 = document.querySelectorAll('h1').length;
              if (h1 !== 1) problems.push(`${h1} h1 elements`);
              for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                const named = (c.labels && c.labels.length > 0) || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby');
                if (!named) problems.push(`control without a label: ${c.outerHTML.slice(0, 80)}`);
              }
              for (const img of document.querySelectorAll('img, svg[role=img]')) {
                const alt = img.getAttribute('alt') ?? img.getAttribute('aria-label') ?? img.getAttribute('aria-labelledby');
                if (alt === null) problems.push(`image without a text alternative: ${img.outerHTML.slice(0, 80)}`);
              }
              for (const b of document.querySelectorAll('button, a[href]')) {
                if (!(b.innerText || '').trim() && !b.getAttribute('aria-label') && !b.getAttribute('title')) problems.push(`nameless ${b.tagName}`);
              }
              return problems;
            }
            """);
        Assert.True(problems.Length == 0, $"{page.Url}: " + string.Join("; ", problems));
    }

    /// <summary>
    /// A full-page screenshot named for the docs. Written to <c>MYNA_SCREENSHOTS</c> when set (scripts/screenshots.sh
    /// points it at docs/screenshots), else to a temporary folder, so the step is exercised on every run.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("MYNA_SCREENSHOTS") is { Length: > 0 } dir
            ? dir : Path.Combine(Path.GetTempPath(), "myna-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"screenshot {path} is empty");
    }
}
