using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// お知らせ (U3.3) over HTTP: notices appear on the sandbox day they are due (the expiry notices of V1 by the window's
/// own rule, a suspension when the call centre suspends, the tax return for those with a tax item) and are marked read.
/// </summary>
public sealed class PortalNoticeTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private static IEnumerable<JsonElement> OfKind(IReadOnlyList<JsonElement> notices, string kind) =>
        notices.Where(n => n.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task ExpiryNotice_AppearsExactlyOnTheDueDay_NotTheDayBefore_AsTheWindowsList_V1()
    {
        await _api.SetDateAsync(new DateOnly(2026, 5, 1));
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalHolder.LogInAsync(fixture.Server, Id(card));
        var expiry = DateOnly.Parse(card.GetProperty("authenticationCertificate").GetProperty("expiresOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var due = expiry.AddMonths(-3);

        await _api.SetDateAsync(due.AddDays(-1));
        Assert.Empty(OfKind((await holder.NoticesAsync()).Notices, "certificate-expiry"));

        await _api.SetDateAsync(due);
        var (unread, notices) = await holder.NoticesAsync();
        var expiring = OfKind(notices, "certificate-expiry").ToList();
        Assert.Equal(2, expiring.Count); // both certificates expire on the same fifth birthday
        Assert.All(expiring, n => Assert.Equal(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), n.GetProperty("date").GetString()));
        Assert.Contains(expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), expiring[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(OfKind(notices, "card-expiry"));
        Assert.Equal(notices.Count, unread);

        var day = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var window = await JsonAsync(await _api.Window.GetAsync($"/api/expiry-notices?from={day}&until={day}"), HttpStatusCode.OK);
        Assert.Equal(2, window.EnumerateArray().Count(n => n.GetProperty("cardId").GetGuid() == Id(card)));
    }

    [Fact]
    public async Task SuspensionNotice_AppearsAfterTheCallCentreSuspends_AndMarkingReadChangesTheUnreadCount_U3_3()
    {
        await _api.SetDateAsync(new DateOnly(2026, 7, 15));
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalHolder.LogInAsync(fixture.Server, Id(card), language: null);
        Assert.Empty(OfKind((await holder.NoticesAsync()).Notices, "card-suspended"));

        await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        var (unread, notices) = await holder.NoticesAsync();
        var suspended = Assert.Single(OfKind(notices, "card-suspended"));
        Assert.Equal("2026-07-15", suspended.GetProperty("date").GetString());
        Assert.Equal("個人番号カードコールセンター", suspended.GetProperty("from").GetString());
        Assert.False(suspended.GetProperty("read").GetBoolean());
        Assert.Equal(1, unread);
        var page = await holder.Browser.GetStringAsync("/portal/notices");
        Assert.Contains("マイナンバーカードの一時利用停止を受け付けました", page, StringComparison.Ordinal);
        Assert.Contains("unread-count", page, StringComparison.Ordinal);

        var id = suspended.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await holder.Browser.PostAsync($"/portal/api/me/notices/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await holder.Browser.PostAsync($"/portal/api/me/notices/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await holder.Browser.PostAsync($"/portal/api/me/notices/{Guid.NewGuid()}/read", null)).StatusCode);
        var after = await holder.NoticesAsync();
        Assert.Equal(0, after.Unread);
        Assert.True(Assert.Single(OfKind(after.Notices, "card-suspended")).GetProperty("read").GetBoolean());
        Assert.DoesNotContain("unread-count", await holder.Browser.GetStringAsync("/portal/notices"), StringComparison.Ordinal);

        // Another holder cannot mark it: it is not theirs.
        var (_, other) = await _api.ResidentWithCardAsync();
        using var stranger = await PortalHolder.LogInAsync(fixture.Server, Id(other));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Browser.PostAsync($"/portal/api/me/notices/{id}/read", null)).StatusCode);
    }

    [Fact]
    public async Task TaxReturnNotice_From16February_ForHoldersWithATaxItem_U3_3()
    {
        await _api.SetDateAsync(new DateOnly(2026, 9, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        var (_, untaxedCard) = await _api.ResidentWithCardAsync();
        using var tax = await fixture.Server.SignedInAsync("tax", "tax-office-sandbox");
        await JsonAsync(await tax.PostAsJsonAsync("/api/bodies/information", new
        {
            holderReference = resident, category = "tax", key = "income-2025", asOf = "2026-06-01",
            title = new { ja = "2025年分 所得の情報", en = "Income for 2025" }, source = new { ja = "郡山市 市民税課", en = "Koriyama City, Municipal Tax Division" },
            fields = new[] { new { label = new { ja = "給与収入", en = "Employment income" }, value = "3,800,000円" } },
        }), HttpStatusCode.Created);
        using var holder = await PortalHolder.LogInAsync(fixture.Server, Id(card));
        using var untaxed = await PortalHolder.LogInAsync(fixture.Server, Id(untaxedCard));

        await _api.SetDateAsync(new DateOnly(2027, 2, 15));
        Assert.Empty(OfKind((await holder.NoticesAsync()).Notices, "tax-return"));
        await _api.SetDateAsync(new DateOnly(2027, 2, 16));
        Assert.Single(OfKind((await holder.NoticesAsync()).Notices, "tax-return"));
        Assert.Empty(OfKind((await untaxed.NoticesAsync()).Notices, "tax-return"));
        await _api.SetDateAsync(new DateOnly(2027, 3, 16));
        Assert.Empty(OfKind((await holder.NoticesAsync()).Notices, "tax-return"));
    }
}
