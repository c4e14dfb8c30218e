using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Myna.Browser.Tests;

/// <summary>The scan for English on Japanese pages: what it finds, what it leaves alone (no browser needed).</summary>
public sealed class EnglishScanTests
{
    private static string Page(string body) =>
        $"""<!DOCTYPE html><html lang="ja"><head><title>Some English title here</title><script>var s = "not read at all";</script></head><body>{body}</body></html>""";

    [Fact]
    public void Finds_AnEnglishSentence_InJapaneseText() =>
        Assert.Equal(["renewal may be applied for from"],
            EnglishScan.Find(Page("<p>カード: renewal may be applied for from 2035-10-02 (V1)</p>")));

    [Fact]
    public void Finds_ASentenceAcrossInlineElements_AndInLabelsPeopleHear() =>
        Assert.Equal(["The card is suspended", "Find a resident now"],
            EnglishScan.Find(Page("""<p>The <strong>card</strong> is <a href="/x">suspended</a></p><nav aria-label="Find a resident now"></nav>""")));

    [Fact]
    public void LeavesAlone_CodeIdsDatesRuleIdsNamesAndTheLanguageSwitch() =>
        Assert.Empty(EnglishScan.Find(Page("""
            <header><button lang="en">English</button><a href="/">Myna</a></header>
            <p>規則 V5 により（U2.11）、2026-04-01 (水) 09:30–20:00 0120-95-0178</p>
            <p>シリアル 0A1B2C3D4E5F60718293 <code>card.loss-reported by call centre</code> 3f2504e0-4f89-11d3-9a0c-0305e82c3301</p>
            <p>https://example.org/some/long/path/with/words /Window/Residents/abc</p>
            <table><tr><td>Koriyama</td><td>Taro</td><td>Yamada</td></tr></table>
            <p>氏名 JOHN ROBERT SMITH</p>
            <p hidden>hidden text is not shown</p>
            <input type="hidden" value="what staff typed stays out"><input value="what staff typed stays out">
            <p>My Number（個人番号）</p>
            """)));

    [Fact]
    public void ReadsOnlyJapanesePages()
    {
        Assert.True(EnglishScan.IsJapanese(Page("")));
        Assert.False(EnglishScan.IsJapanese("<html lang=\"en\"><body><p>The card is in use</p></body></html>"));
    }
}

/// <summary>The watch on the browser tests' pages works: a Japanese page with an English sentence is reported with its page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JapanesePagesTests(Chromium chromium)
{
    [Fact]
    public async Task AJapanesePageWithEnglish_IsReported_AnEnglishPageIsNot_AndARedirectIsFollowed()
    {
        using var server = new TinyServer(path => path switch
        {
            "/en" => (200, """<html lang="en"><body><h1>The card is in use</h1></body></html>"""),
            "/moved" => (302, "/ja?x=1"),
            _ => (200, """<html lang="ja"><body><h1>カード</h1><p class="refusal-message">There is no card to suspend.</p></body></html>"""),
        });
        JapanesePages.Begin(nameof(AJapanesePageWithEnglish_IsReported_AnEnglishPageIsNot_AndARedirectIsFollowed));
        var (scanned, unread) = (JapanesePages.Scanned, JapanesePages.Unread);
        var page = await chromium.NewPageAsync(server.Address);
        // The redirect's target is read from the browser. The test waits for the page's network to settle before it leaves:
        // a response the browser fetched itself and dropped on a busy machine when the page was left at once had no body left to read.
        await page.GotoAsync("/moved");
        Assert.EndsWith("/ja?x=1", page.Url, StringComparison.Ordinal);
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        await page.GotoAsync("/en");
        var findings = JapanesePages.End();
        Assert.Equal(unread, JapanesePages.Unread);
        Assert.True(JapanesePages.Scanned > scanned);
        var finding = Assert.Single(findings);
        Assert.Contains("GET /ja?x=1 (200)", finding, StringComparison.Ordinal);
        Assert.Contains("\"There is no card to suspend.\"", finding, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    /// <summary>A loopback HTTP server that answers each path with a status and an HTML body (or a redirect's target).</summary>
    private sealed class TinyServer : IDisposable
    {
        private readonly HttpListener _listener = new();

        public TinyServer(Func<string, (int Status, string Body)> answer)
        {
            var port = FreePort();
            Address = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    var (status, body) = answer(context.Request.Url!.AbsolutePath);
                    context.Response.StatusCode = status;
                    if (status is >= 300 and < 400)
                    {
                        context.Response.RedirectLocation = body;
                    }
                    else
                    {
                        context.Response.ContentType = "text/html; charset=utf-8";
                        var bytes = Encoding.UTF8.GetBytes(body);
                        await context.Response.OutputStream.WriteAsync(bytes);
                    }
                    context.Response.Close();
                }
            });
        }

        public Uri Address { get; }

        public void Dispose() => _listener.Close();

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
