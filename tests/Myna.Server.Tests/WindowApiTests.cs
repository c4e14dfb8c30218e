using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage.Audit;

namespace Myna.Server.Tests;

/// <summary>The window's procedures through the JSON API, as a window system or a trainer's script would call them.</summary>
public sealed class WindowApiTests : IAsyncLifetime
{
    private readonly MynaServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Hanako => new
    {
        municipality = "072036", familyName = "番号", givenName = "花子", familyNameKana = "バンゴウ", givenNameKana = "ハナコ",
        birthDate = "1990-05-10", sex = "Female", address = "福島県郡山市朝日一丁目２３番７号",
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Journey_Register_Apply_Deliver_ChangeAddress_Suspend_Lift_Reissue()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        using var callCentre = await _server.SignedInAsync("callcentre", "callcentre-sandbox");

        var resident = await JsonAsync(await window.PostAsJsonAsync("/api/residents", Hanako), HttpStatusCode.Created);
        var residentId = resident.GetProperty("id").GetString();
        Assert.Matches("^\\*{8}[0-9]{4}$", resident.GetProperty("myNumberMasked").GetString()!);

        var application = await JsonAsync(await window.PostAsJsonAsync("/api/applications", new { residentId }), HttpStatusCode.Created);
        var card = await JsonAsync(await window.PostAsJsonAsync($"/api/applications/{application.GetProperty("id").GetString()}/delivery",
            new { signature = "ABC123", userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" }), HttpStatusCode.Created);
        var cardId = card.GetProperty("id").GetString();
        Assert.Equal("Active", card.GetProperty("state").GetString());
        Assert.Equal("Signature", card.GetProperty("signatureCertificate").GetProperty("hierarchy").GetString());

        var change = await JsonAsync(await window.PutAsJsonAsync($"/api/residents/{residentId}/address",
            new { address = "福島県郡山市堂前町１番１号", newSignaturePin = "NEWPASS1" }), HttpStatusCode.OK);
        Assert.Contains("住所変更", change.GetProperty("endorsement").GetProperty("text").GetString(), StringComparison.Ordinal);

        var suspended = await JsonAsync(await callCentre.PostAsync($"/api/cards/{cardId}/suspension", null), HttpStatusCode.OK);
        Assert.Equal("Suspended", suspended.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, suspended.GetProperty("signatureCertificate").ValueKind);

        // The call centre suspends; lifting is the window's (L2).
        using (var forbidden = await callCentre.PostAsJsonAsync($"/api/cards/{cardId}/suspension/lift", new { }))
            await Problems.ReadAsync(forbidden, HttpStatusCode.Forbidden);
        var lifted = await JsonAsync(await window.PostAsJsonAsync($"/api/cards/{cardId}/suspension/lift",
            new { signature = "LIFTED12", userAuthentication = "4444" }), HttpStatusCode.OK);
        Assert.Equal("Active", lifted.GetProperty("state").GetString());

        var reissueApplication = await JsonAsync(await window.PostAsJsonAsync("/api/applications",
            new { residentId, occasion = "ReissueAfterLossOrDamage" }), HttpStatusCode.Created);
        var reissued = await JsonAsync(await window.PostAsJsonAsync($"/api/applications/{reissueApplication.GetProperty("id").GetString()}/delivery",
            new { signature = "ABC123", userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" }), HttpStatusCode.Created);

        var file = await JsonAsync(await window.GetAsync($"/api/residents/{residentId}"), HttpStatusCode.OK);
        var cards = file.GetProperty("cards").EnumerateArray().ToList();
        Assert.Equal(2, cards.Count);
        Assert.Contains(cards, c => c.GetProperty("state").GetString() == "Replaced");
        Assert.Equal(1000, Assert.Single(file.GetProperty("fees").EnumerateArray()).GetProperty("amountYen").GetInt32());
        Assert.Equal(reissued.GetProperty("id").GetString(), cards.Single(c => c.GetProperty("state").GetString() == "Active").GetProperty("id").GetString());

        // Every certificate is found by holder and by serial; the sandbox's certificates point at its CRL over HTTP.
        var certificates = await JsonAsync(await window.GetAsync($"/api/residents/{residentId}/certificates"), HttpStatusCode.OK);
        Assert.True(certificates.GetArrayLength() >= 6);
        var serial = reissued.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString();
        using var der = await window.GetAsync($"/api/certificates/UserAuthentication/{serial}/der");
        Assert.Equal("application/pkix-cert", der.Content.Headers.ContentType?.MediaType);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(await der.Content.ReadAsByteArrayAsync());
        var distribution = certificate.Extensions["2.5.29.31"]!;
        Assert.Contains("http://localhost:5000/crl/authentication.crl", System.Text.Encoding.ASCII.GetString(distribution.RawData), StringComparison.Ordinal);

        // The holder's card file can be downloaded for `myna card attach`.
        using var image = await window.GetAsync($"/api/cards/{reissued.GetProperty("id").GetString()}/image");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.True((await image.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    [Fact]
    public async Task ARuleRefusal_Is409WithTheRuleId_AndChangesNothing()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        var child = await JsonAsync(await window.PostAsJsonAsync("/api/residents", new
        {
            municipality = "072036", familyName = "番号", givenName = "一太", familyNameKana = "バンゴウ", givenNameKana = "イチタ",
            birthDate = "2018-01-01", sex = "Male", address = "福島県郡山市朝日一丁目２３番７号",
        }), HttpStatusCode.Created);
        using var response = await window.PostAsJsonAsync("/api/applications", new
        {
            residentId = child.GetProperty("id").GetString(), applicant = "LegalRepresentative", representativeName = "番号 花子",
        });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("P4", problem.GetProperty("ruleId").GetString());
        Assert.Contains("P4", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var file = await JsonAsync(await window.GetAsync($"/api/residents/{child.GetProperty("id").GetString()}"), HttpStatusCode.OK);
        Assert.Empty(file.GetProperty("applications").EnumerateArray());
    }

    [Fact]
    public async Task BadInput_Is400_AndAnUnknownResidentIs404()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        using (var future = await window.PostAsJsonAsync("/api/residents", new
        {
            municipality = "072036", familyName = "番号", givenName = "花子", familyNameKana = "バンゴウ", givenNameKana = "ハナコ",
            birthDate = "2999-01-01", sex = "Female", address = "福島県郡山市",
        }))
            await Problems.ReadAsync(future, HttpStatusCode.BadRequest);
        using (var unknown = await window.PostAsJsonAsync("/api/applications", new { residentId = Guid.NewGuid() }))
            await Problems.ReadAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MyNumber_TravelsOnlyInBodies_AndItsRevealIsAudited()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        var resident = await JsonAsync(await window.PostAsJsonAsync("/api/residents", Hanako), HttpStatusCode.Created);
        var id = resident.GetProperty("id").GetString();
        var revealed = await JsonAsync(await window.PostAsync($"/api/residents/{id}/my-number/reveal", null), HttpStatusCode.OK);
        var number = revealed.GetProperty("myNumber").GetString()!;
        Assert.Matches("^[0-9]{12}$", number);

        var found = await JsonAsync(await window.PostAsJsonAsync("/api/residents/search-by-my-number", new { myNumber = number }), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(found.EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain(number, found.GetRawText(), StringComparison.Ordinal);
        var byName = await JsonAsync(await window.GetAsync("/api/residents?kana=%E3%83%90%E3%83%B3%E3%82%B4%E3%82%A6"), HttpStatusCode.OK);
        Assert.DoesNotContain(number, byName.GetRawText(), StringComparison.Ordinal);

        var audit = _server.Services.GetRequiredService<AuditTrail>();
        var entries = await audit.ReadAsync(new AuditSubject("resident", Guid.Parse(id!).ToString("N")));
        var reveal = Assert.Single(entries, e => e.Action == "resident.my-number-revealed");
        Assert.Equal("window", reveal.Actor);
        var everything = await audit.ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.All(everything, e => Assert.DoesNotContain(number, e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweep_IsForAdministrators_AndFollowsTheSandboxClock_V7()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        using var admin = await _server.SignedInAsync("admin", "admin-sandbox");
        using (var forbidden = await window.PostAsync("/api/admin/sweep", null))
            await Problems.ReadAsync(forbidden, HttpStatusCode.Forbidden);
        var report = await JsonAsync(await admin.PostAsync("/api/admin/sweep", null), HttpStatusCode.OK);
        Assert.Equal(0, report.GetProperty("expired").GetInt32());
    }
}

/// <summary>The sandbox's first start makes the demo residents.</summary>
public sealed class DemoDataTests : IAsyncLifetime
{
    private readonly MynaServer _server = new(settings: new Dictionary<string, string?> { ["Myna:SeedDemoResidents"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FirstStart_SeedsResidentsWithCardsInSeveralStates()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        using var response = await window.GetAsync("/api/residents?limit=50");
        var residents = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(8, residents.GetArrayLength());
        var suspended = 0;
        foreach (var resident in residents.EnumerateArray())
        {
            using var file = await window.GetAsync($"/api/residents/{resident.GetProperty("id").GetString()}");
            var cards = JsonDocument.Parse(await file.Content.ReadAsStringAsync()).RootElement.GetProperty("cards");
            suspended += cards.EnumerateArray().Count(c => c.GetProperty("state").GetString() == "Suspended");
        }
        Assert.Equal(1, suspended);
    }
}
