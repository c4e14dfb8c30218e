using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Myna.Browser.Tests;

/// <summary>
/// Every page the browser tests open in Japanese is scanned for English sentences (<see cref="EnglishScan"/>): each
/// browser context that <see cref="Chromium.NewPageAsync"/> makes is watched (<see cref="WatchAsync"/>), each HTML
/// document it loads is read, and a Japanese one (<c>&lt;html lang="ja"&gt;</c>) with English text is a finding of the
/// test running. A test class marked <see cref="ScanJapanesePagesAttribute"/> fails with the findings of its test,
/// naming page and text; the shared <see cref="Chromium"/> fails the run with any finding left unclaimed.
/// </summary>
/// <remarks>
/// A document the browser asks for is fetched through a route, read, and handed to the browser unchanged: read on its
/// way, so a page the test leaves at once is read all the same. The page a redirect leads to (after every successful
/// form, POST-redirect-GET) is not routed by Playwright; it is read from the browser as soon as it arrives, and the
/// test's end waits for that.
/// </remarks>
public static class JapanesePages
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentQueue<string> s_findings = new();
    private static readonly ConcurrentQueue<string> s_unclaimed = new();
    private static readonly ConcurrentQueue<Task> s_reading = new();
    private static readonly ConcurrentDictionary<IRequest, bool> s_routed = new();
    private static volatile string s_test = "(no test)";
    private static int s_scanned;
    private static int s_unread;

    /// <summary>How many Japanese pages were scanned in this run.</summary>
    public static int Scanned => Volatile.Read(ref s_scanned);

    /// <summary>How many documents could not be read (the browser dropped a redirect target's body before it was read).</summary>
    public static int Unread => Volatile.Read(ref s_unread);

    /// <summary>Scans the HTML documents that <paramref name="context"/> loads from now on.</summary>
    public static async Task WatchAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response += (_, response) =>
        {
            var request = response.Request;
            if (request.ResourceType != "document" || s_routed.TryRemove(request, out bool _) || !IsHtml(response.Status, response.Headers))
                return;
            var test = s_test;
            var what = Describe(request.Method, request.Url, response.Status);
            s_reading.Enqueue(ReadAsync(response, test, what));
        };
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.ResourceType != "document")
            {
                await route.FallbackAsync();
                return;
            }
            var test = s_test;
            IAPIResponse response;
            try
            {
                // The browser follows redirects itself, as it would without the route.
                response = await route.FetchAsync(new RouteFetchOptions { MaxRedirects = 0 });
            }
            catch (PlaywrightException)
            {
                await route.FallbackAsync(); // no answer (the server is gone): the browser finds that out itself
                return;
            }
            s_routed[route.Request] = true;
            if (IsHtml(response.Status, response.Headers))
                Scan(test, Describe(route.Request.Method, route.Request.Url, response.Status), await response.TextAsync());
            await route.FulfillAsync(new RouteFulfillOptions { Response = response });
        });
    }

    private static async Task ReadAsync(IResponse response, string test, string what)
    {
        string html;
        try
        {
            html = await response.TextAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            Interlocked.Increment(ref s_unread);
            return;
        }
        Scan(test, what, html);
    }

    private static bool IsHtml(int status, IReadOnlyDictionary<string, string> headers) =>
        status is < 300 or >= 400
        && headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value is { } type
        && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    private static string Describe(string method, string url, int status) => $"{method} {new Uri(url).PathAndQuery} ({status})";

    private static void Scan(string test, string request, string html)
    {
        if (!EnglishScan.IsJapanese(html))
            return;
        Interlocked.Increment(ref s_scanned);
        foreach (var english in EnglishScan.Find(html))
            s_findings.Enqueue($"{test}: {request}: \"{english}\"");
    }

    /// <summary>Starts a test: its pages' findings are its own (any found meanwhile are kept for <see cref="Unclaimed"/>).</summary>
    internal static void Begin(string test)
    {
        foreach (var finding in Drain())
            s_unclaimed.Enqueue(finding);
        s_test = test;
    }

    /// <summary>The findings outside a scanned test (a test class without the attribute), and those still waiting.</summary>
    internal static IReadOnlyList<string> Unclaimed()
    {
        foreach (var finding in Drain())
            s_unclaimed.Enqueue(finding);
        return [.. s_unclaimed.Distinct()];
    }

    /// <summary>Ends a test: the findings since <see cref="Begin"/>.</summary>
    internal static IReadOnlyList<string> End()
    {
        s_test = "(no test)";
        return Drain();
    }

    /// <summary>Waits for the pages still being read, and takes the findings so far.</summary>
    internal static IReadOnlyList<string> Drain()
    {
        var reading = new List<Task>();
        while (s_reading.TryDequeue(out var task))
            reading.Add(task);
        // The reads run on the thread pool (ConfigureAwait(false)): nothing here waits on the test's synchronization context.
        Task.WaitAll([.. reading], s_readTimeout);
        var findings = new List<string>();
        while (s_findings.TryDequeue(out var finding))
            findings.Add(finding);
        return findings.Distinct().ToList();
    }

    /// <summary>The failure message for <paramref name="findings"/>.</summary>
    internal static string Message(IReadOnlyList<string> findings) =>
        $"English text on Japanese pages ({findings.Count}; page and text):{Environment.NewLine}  " +
        string.Join(Environment.NewLine + "  ", findings);
}

/// <summary>Fails a browser test whose Japanese pages show English sentences (<see cref="JapanesePages"/>).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ScanJapanesePagesAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest)
    {
        ArgumentNullException.ThrowIfNull(methodUnderTest);
        JapanesePages.Begin($"{methodUnderTest.DeclaringType?.Name}.{methodUnderTest.Name}");
    }

    public override void After(MethodInfo methodUnderTest)
    {
        var findings = JapanesePages.End();
        if (findings.Count > 0)
            throw new XunitException(JapanesePages.Message(findings));
    }
}
