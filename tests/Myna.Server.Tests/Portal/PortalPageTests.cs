using System.Net;
using System.Text.RegularExpressions;
using Myna.Primitives;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// The portal's pages over HTTP as a browser without script uses them: the login page with its code, QR code and the
/// sandbox's card slot; the holder's page after the login; a staff session that never opens them.
/// </summary>
public sealed partial class PortalPageTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task LoginPage_ShowsTheCodeAndQr_AndTheSlotLogsIn_ToMyInformation_U3_1_U3_4()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var browser = fixture.Server.CreateClient(language: null);
        var page = await browser.GetStringAsync("/portal/login");
        Assert.Contains("<html lang=\"ja\">", page, StringComparison.Ordinal);
        var code = CodePattern().Match(page).Groups[1].Value;
        Assert.Contains($"myna portal login {code}", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("data-login-status=\"/portal/api/logins/", page, StringComparison.Ordinal);

        // A wrong PIN: the page says so, in Japanese, with the tries left, and shows the same code again.
        using (var wrong = await PostSlotAsync(browser, page, WindowApi.Id(card), "9999"))
        {
            var again = await wrong.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("暗証番号が違います。あと 2 回", again, StringComparison.Ordinal);
            Assert.Equal(code, CodePattern().Match(again).Groups[1].Value);
            page = again;
        }
        using (var right = await PostSlotAsync(browser, page, WindowApi.Id(card), "1111"))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            Assert.Equal("/portal/home", right.Headers.Location!.OriginalString);
        }
        var home = await browser.GetStringAsync("/portal/home");
        Assert.Contains("わたしの情報", home, StringComparison.Ordinal);
        Assert.Contains(Address, home, StringComparison.Ordinal);
        Assert.Contains("福島県郡山市", home, StringComparison.Ordinal); // the source body
        Assert.Contains("ログアウト", home, StringComparison.Ordinal);
        Assert.Contains("サンドボックスのカードスロット", await browser.GetStringAsync("/portal/sessions"), StringComparison.Ordinal);

        // The view is in the exchange history, and the history page offers the proof.
        var history = await browser.GetStringAsync("/portal/history");
        Assert.Contains("本人による自己情報の確認", history, StringComparison.Ordinal);
        Assert.Contains("証明をダウンロード", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortalPages_InEnglish_HaveNoJapaneseSentences()
    {
        using var browser = fixture.Server.CreateClient(language: "en");
        var page = await browser.GetStringAsync("/portal/login");
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("Log in with your My Number Card", page, StringComparison.Ordinal);
        // Outside the demo holders' names (data, not sentences) and the language switch, no kana or kanji.
        var withoutData = Regex.Replace(page, "<option value=\"[0-9a-f-]{36}\">[^<]*</option>|<button[^>]*lang=\"ja\">日本語</button>", "");
        Assert.DoesNotMatch("[\u3040-\u30ff\u4e00-\u9fff]", withoutData);
    }

    [Fact]
    public async Task HolderPages_WithoutAHolderSession_GoToTheLogin_EvenForStaff()
    {
        foreach (var client in new[] { fixture.Server.CreateClient(), _api.Window, _api.Admin })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/home");
            request.Headers.Accept.ParseAdd("text/html");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/portal/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> PostSlotAsync(HttpClient browser, string page, Guid cardId, string pin)
    {
        var token = TokenPattern().Match(page[page.IndexOf("handler=Slot", StringComparison.Ordinal)..]).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CardId"] = cardId.ToString(), ["Pin"] = pin,
        });
        return await browser.PostAsync("/portal/login?handler=Slot", form);
    }

    [GeneratedRegex("<code id=\"login-code\">([A-Z2-9]{4}-[A-Z2-9]{4})</code>")]
    private static partial Regex CodePattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
