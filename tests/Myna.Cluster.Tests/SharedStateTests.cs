using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Myna.Cluster.Tests.Answers;

namespace Myna.Cluster.Tests;

/// <summary>
/// What the processes share although each has a data directory of its own (docs/operations.md, "Keys and card
/// images"): a card issued through one is one chip for all of them, its PIN counter included.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class SharedStateTests(ClusterFixture cluster)
{
    private const string AuthenticationPin = "1111";

    private static readonly object Pins = new { signature = "ABC123", userAuthentication = AuthenticationPin, residentRegistry = "2222", textInputAssist = "3333" };

    [Fact]
    public async Task CardIssuedThroughA_WrongPinCountedThroughB_IsOneTryFewerThroughA_P3()
    {
        var card = await IssueCardAsync(cluster.A);

        // A wrong PIN through B's sandbox card slot: B opens the chip A wrote, and the chip counts it.
        var first = await AnswerWithSlotAsync(cluster.B, card, "9999", HttpStatusCode.Forbidden);
        Assert.Equal("wrong-pin", first.GetProperty("reason").GetString());
        Assert.Equal(2, TriesLeft(first));

        // Through A the chip has one try fewer: A reads the chip B wrote, not a copy of its own.
        var second = await AnswerWithSlotAsync(cluster.A, card, "9998", HttpStatusCode.Forbidden);
        Assert.Equal("wrong-pin", second.GetProperty("reason").GetString());
        Assert.Equal(1, TriesLeft(second));

        // The right PIN through B: it logs in, and the chip clears its counter for both.
        await AnswerWithSlotAsync(cluster.B, card, AuthenticationPin, HttpStatusCode.NoContent);
        var third = await AnswerWithSlotAsync(cluster.A, card, "9997", HttpStatusCode.Forbidden);
        Assert.Equal(2, TriesLeft(third));
    }

    /// <summary>A new resident and card, issued through the window's API of <paramref name="node"/>.</summary>
    private static async Task<Guid> IssueCardAsync(ServerNode node)
    {
        using var window = node.Client();
        using (var session = await window.PostAsJsonAsync("api/session", new { userName = "window", password = "window-sandbox" }))
            Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var resident = Id(await JsonAsync(await window.PostAsJsonAsync("api/residents", new Dictionary<string, object?>
        {
            ["municipality"] = "072036", ["familyName"] = "共有", ["givenName"] = "次郎", ["familyNameKana"] = "キョウユウ",
            ["givenNameKana"] = "ジロウ", ["birthDate"] = new DateOnly(1985, 11, 3), ["sex"] = "Male",
            ["address"] = "福島県郡山市朝日一丁目２３番８号",
        }), HttpStatusCode.Created));
        var applied = await JsonAsync(await window.PostAsJsonAsync("api/applications", new { residentId = resident }), HttpStatusCode.Created);
        return Id(await JsonAsync(await window.PostAsJsonAsync($"api/applications/{Id(applied)}/delivery", Pins), HttpStatusCode.Created));
    }

    /// <summary>
    /// A portal login started on <paramref name="node"/> and answered by its sandbox card slot with <paramref name="pin"/>
    /// (the slot opens the card's chip there and signs the challenge): the answer's problem details, if refused.
    /// </summary>
    private static async Task<JsonElement> AnswerWithSlotAsync(ServerNode node, Guid card, string pin, HttpStatusCode expected)
    {
        using var browser = node.Client();
        var login = await JsonAsync(await browser.PostAsync("portal/api/logins", null), HttpStatusCode.Created);
        var answer = await browser.PostAsJsonAsync($"portal/api/sandbox/cards/{card}/answer", new { code = login.GetProperty("code").GetString(), pin });
        if (expected == HttpStatusCode.NoContent)
        {
            using (answer)
                Assert.True(answer.StatusCode == expected, await answer.Content.ReadAsStringAsync());
            return default;
        }
        return await JsonAsync(answer, expected);
    }

    /// <summary>The tries left that a wrong-PIN refusal states (its only number, in either language).</summary>
    private static int TriesLeft(JsonElement problem) =>
        int.Parse(Assert.Single(Number().Matches(problem.GetProperty("detail").GetString()!)).Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();

}
