using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>A holder's browser logged into the portal with the sandbox's card slot, and what the tests read through it.</summary>
public sealed class PortalHolder : IDisposable
{
    private PortalHolder(HttpClient browser) => Browser = browser;

    public HttpClient Browser { get; }

    /// <summary>Logs a new browser in with card <paramref name="cardId"/> and its user-authentication PIN.</summary>
    public static async Task<PortalHolder> LogInAsync(MynaServer server, Guid cardId, string pin = "1111", string? language = "en")
    {
        var browser = server.CreateClient(language);
        var login = await JsonAsync(await browser.PostAsync("/portal/api/logins", null), HttpStatusCode.Created);
        using (var slot = server.CreateClient())
        {
            var answer = await slot.PostAsJsonAsync($"/portal/api/sandbox/cards/{cardId}/answer", new { code = login.GetProperty("code").GetString(), pin });
            Assert.True(answer.StatusCode == HttpStatusCode.NoContent, await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync($"/portal/api/logins/{Id(login)}/session", null)).StatusCode);
        return new PortalHolder(browser);
    }

    /// <summary>わたしの情報 as the API gives it.</summary>
    public async Task<IReadOnlyList<JsonElement>> InformationAsync() =>
        [.. (await JsonAsync(await Browser.GetAsync("/portal/api/me/information"), HttpStatusCode.OK)).EnumerateArray()];

    /// <summary>The notices as the API gives them: the unread count and the list.</summary>
    public async Task<(int Unread, IReadOnlyList<JsonElement> Notices)> NoticesAsync()
    {
        var view = await JsonAsync(await Browser.GetAsync("/portal/api/me/notices"), HttpStatusCode.OK);
        return (view.GetProperty("unread").GetInt32(), [.. view.GetProperty("notices").EnumerateArray()]);
    }

    public void Dispose() => Browser.Dispose();
}
