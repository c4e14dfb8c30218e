using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Myna.Cluster.Tests.Failover;

/// <summary>What the window driver did to one resident, as far as its answers and look-ups tell.</summary>
internal sealed class ResidentTrack(string givenName)
{
    /// <summary>The unique given name the driver registered the resident under (full-width digits, so never a My Number).</summary>
    public string GivenName { get; } = givenName;

    public Guid? ResidentId { get; set; }

    public Guid? ApplicationId { get; set; }

    public Guid? CardId { get; set; }

    /// <summary>The card's state after the driver's last confirmed change.</summary>
    public string? CardState { get; set; }

    /// <summary>Confirmed changes (answered with success, or found done by a look-up after a lost request), by audit action.</summary>
    public ConcurrentDictionary<string, int> Confirmed { get; } = new();

    public void Confirm(string action) => Confirmed.AddOrUpdate(action, 1, (_, n) => n + 1);
}

/// <summary>
/// A window clerk's session through the proxy: registers residents (each under a unique name), applies for their cards,
/// delivers them, suspends and lifts the suspension, over and over. After a lost request it never sends the same
/// procedure blindly again: it looks the effect up (the resident by name, the application, card and card state in the
/// resident's file) and goes on from what it finds. So it does after a refusal of a card's procedure too: the HTTP
/// client sends a request again by itself when the pooled connection it went out on broke before the answer began, so
/// "already suspended" may be the answer to the second delivery of a request the first one carried out. A refusal
/// that the look-up does not explain (for instance a resident still claimed by a procedure whose process was killed)
/// ends the work on that resident.
/// </summary>
internal sealed class WindowDriver(Traffic traffic, HttpClient window, string name)
{
    private static readonly object DeliveryPins = new { signature = "ABC123", userAuthentication = HolderCard.AuthenticationPin, residentRegistry = "2222", textInputAssist = "3333" };
    private static readonly object LiftPins = new { signature = "ABC123", userAuthentication = HolderCard.AuthenticationPin };

    private readonly List<ResidentTrack> _residents = [];

    public IReadOnlyList<ResidentTrack> Residents => _residents;

    public async Task RunAsync(int worker, CancellationToken stop)
    {
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var track = new ResidentTrack(UniqueGivenName(worker, sequence));
            _residents.Add(track);
            await WorkOnAsync(track, stop);
        }
    }

    /// <summary>A full-width given name unique to this run, worker and sequence (the recognisable input of one registration).</summary>
    public static string UniqueGivenName(int worker, int sequence) =>
        FullWidth(string.Create(CultureInfo.InvariantCulture, $"{worker}{sequence:D3}")) + "号";

    private async Task WorkOnAsync(ResidentTrack track, CancellationToken stop)
    {
        // ① Registration: a look-up by the unique name after a lost request.
        var registered = await traffic.PostAsync(name, "register", window, "api/residents", Resident(track.GivenName));
        if (registered.Succeeded)
            track.ResidentId = registered.Id;
        else if (registered.Lost)
            track.ResidentId = await FindResidentAsync(track.GivenName);
        if (track.ResidentId is not { } resident)
            return;
        track.Confirm("resident.registered");

        // ② Application; after a lost request, the resident's file says whether it was received.
        var applied = await traffic.PostAsync(name, "apply", window, "api/applications", new { residentId = resident });
        if (applied.Succeeded)
            track.ApplicationId = applied.Id;
        else
            track.ApplicationId = (await FileAsync(resident)).GetProperty("applications").EnumerateArray().Select(a => (Guid?)a.GetProperty("id").GetGuid()).SingleOrDefault();
        if (track.ApplicationId is not { } application)
            return;
        track.Confirm("card.applied");

        // ③ Delivery; after a lost request, the resident's cards.
        var delivered = await traffic.PostAsync(name, "deliver", window, $"api/applications/{application}/delivery", DeliveryPins);
        if (delivered.Succeeded)
            track.CardId = delivered.Id;
        else
            track.CardId = (await FileAsync(resident)).GetProperty("cards").EnumerateArray().Select(c => (Guid?)c.GetProperty("id").GetGuid()).SingleOrDefault();
        if (track.CardId is not { } card)
            return;
        track.Confirm("card.delivered");
        track.CardState = "Active";

        // ④⑤ Suspensions and lifts while the run lasts; after a lost request, the card's state.
        for (var round = 0; round < 2 && !stop.IsCancellationRequested; round++)
        {
            if (!await ChangeAsync(track, card, "suspend", $"api/cards/{card}/suspension", null, "Suspended", "card.suspended"))
                return;
            if (!await ChangeAsync(track, card, "lift", $"api/cards/{card}/suspension/lift", LiftPins, "Active", "card.suspension-lifted"))
                return;
        }
    }

    private async Task<bool> ChangeAsync(ResidentTrack track, Guid card, string operation, string path, object? body, string after, string action)
    {
        var reply = await traffic.PostAsync(name, operation, window, path, body);
        var done = reply.Succeeded
            || (await traffic.ReadUntilAnsweredAsync(name, "look up card", window, $"api/cards/{card}")).Body.GetProperty("state").GetString() == after;
        if (!done)
            return false;
        track.Confirm(action);
        track.CardState = after;
        return true;
    }

    private async Task<Guid?> FindResidentAsync(string givenName)
    {
        var found = await traffic.ReadUntilAnsweredAsync(name, "look up resident", window, $"api/residents?name={Uri.EscapeDataString(givenName)}");
        // More than one would be a registration applied twice: the invariants count the rows, so take the first here.
        return found.Body.EnumerateArray()
            .Where(r => r.GetProperty("name").GetString()!.EndsWith(givenName, StringComparison.Ordinal))
            .Select(r => (Guid?)r.GetProperty("id").GetGuid()).FirstOrDefault();
    }

    private async Task<JsonElement> FileAsync(Guid resident)
    {
        var file = await traffic.ReadUntilAnsweredAsync(name, "look up file", window, $"api/residents/{resident}");
        Assert.True(file.Status == HttpStatusCode.OK, $"{name}: the file of resident {resident}: {file}");
        return file.Body;
    }

    /// <summary>A Koriyama resident (the municipality whose kiosk settings the sandbox writes) under <paramref name="givenName"/>.</summary>
    public static Dictionary<string, object?> Resident(string givenName) => new()
    {
        ["municipality"] = "072036", ["familyName"] = "故障", ["givenName"] = givenName, ["familyNameKana"] = "コショウ",
        ["givenNameKana"] = "テスト", ["birthDate"] = new DateOnly(1988, 4, 12), ["sex"] = "Female",
        ["address"] = "福島県郡山市朝日一丁目２３番７号",
    };

    private static string FullWidth(string digits) => string.Concat(digits.Select(c => (char)('０' + (c - '0'))));
}
