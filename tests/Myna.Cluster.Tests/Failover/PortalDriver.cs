using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Myna.Primitives.Text;

namespace Myna.Cluster.Tests.Failover;

/// <summary>
/// A holder at the portal through the proxy: logs in with the card (the sandbox's card slot signs the login's challenge
/// with the card's own chip, wherever the request lands), reads what the portal shows, and files online applications
/// (ぴったりサービス), each with a unique child's name. A login whose step is lost is started again (a challenge is
/// single use); an application whose creation is lost is looked up among the holder's applications before another is
/// made. A portal session is a database row, so a session made through one process is good on the others.
/// </summary>
internal sealed class PortalDriver(Traffic traffic, Uri proxy, HolderCard card, string name)
{
    /// <summary>
    /// The unique child's names of the applications confirmed made (answered, or found by a look-up), as the record
    /// keeps them (full width).
    /// </summary>
    public ConcurrentBag<string> Applications { get; } = [];

    /// <summary>The pause between one holder's rounds.</summary>
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(150);

    public int Logins { get; private set; }

    public int Reads { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        HttpClient? browser = null;
        try
        {
            for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
            {
                browser ??= await LoggedInAsync(stop);
                if (browser is null)
                    return;
                foreach (var page in new[] { "portal/api/me", "portal/api/me/history", "portal/api/me/notices", "portal/api/me/applications" })
                {
                    var read = await traffic.GetAsync(name, "read " + page, browser, page);
                    if (read.Status == HttpStatusCode.Unauthorized)
                    {
                        browser.Dispose();
                        browser = null;
                        break;
                    }
                    if (read.Succeeded)
                        Reads++;
                }
                if (browser is not null)
                    await ApplyAsync(browser, RecordText.Normalize($"{name}-{sequence:D3}"));
                // A person's pace, not a load test's: the machine's two cores also start the killed process again.
                await Task.Delay(Pace, CancellationToken.None);
            }
        }
        finally
        {
            browser?.Dispose();
        }
    }

    private async Task ApplyAsync(HttpClient browser, string child)
    {
        var created = await traffic.PostAsync(name, "apply online", browser, "portal/api/me/applications", new
        {
            procedureId = "child-allowance-claim",
            municipality = "07203",
            fields = new Dictionary<string, string> { ["childName"] = child, ["childBirthDate"] = "2024-04-01", ["relationship"] = "mother", ["bankAccount"] = "東邦銀行 郡山支店 普通 1234567" },
        });
        if (created.Succeeded)
        {
            Applications.Add(child);
            return;
        }
        if (!created.Lost)
            return;
        var mine = await traffic.ReadUntilAnsweredAsync(name, "look up applications", browser, "portal/api/me/applications");
        if (mine.Succeeded && mine.Body.EnumerateArray().Any(a => ChildOf(a.GetProperty("content").GetString()!) == child))
            Applications.Add(child);
    }

    /// <summary>The child's name in an application's signed content (the record's full-width form).</summary>
    public static string? ChildOf(string content) =>
        JsonDocument.Parse(content).RootElement.GetProperty("fields").TryGetProperty("childName", out var child) ? child.GetString() : null;

    /// <summary>A browser logged in with the card, or null when the run ended first.</summary>
    private async Task<HttpClient?> LoggedInAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(60) };
            var started = await traffic.PostAsync(name, "login start", browser, "portal/api/logins");
            if (started.Succeeded)
            {
                var answered = await traffic.PostAsync(name, "login answer", browser, $"portal/api/sandbox/cards/{card.CardId}/answer",
                    new { code = started.Body.GetProperty("code").GetString(), pin = HolderCard.AuthenticationPin });
                if (answered.Succeeded
                    && (await traffic.PostAsync(name, "login session", browser, $"portal/api/logins/{started.Id}/session")).Succeeded)
                {
                    Logins++;
                    return browser;
                }
            }
            browser.Dispose();
            await Task.Delay(200, CancellationToken.None);
        }
        return null;
    }
}
