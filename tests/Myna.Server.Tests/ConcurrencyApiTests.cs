using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Registry.Residents;
using Myna.Storage;

namespace Myna.Server.Tests;

/// <summary>Two window staff on one resident through the API: the stale request is a 409 problem and changes nothing.</summary>
public sealed class ConcurrencyApiTests : IAsyncLifetime
{
    private readonly OtherWindow _other = new();
    private readonly MynaServer _server;

    public ConcurrencyApiTests() =>
        _server = new MynaServer(testServices: services => services.AddSingleton<IDbContextFactory<MynaDbContext>>(
            sp => _other.Around(sp.GetRequiredService<MynaDbContextFactory>())));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// The server's contexts, through which "another window" records an adult-ward ruling on the resident at the
    /// moment the request under test has read it: a deterministic interleaving of two window staff.
    /// </summary>
    private sealed class OtherWindow
    {
        private Guid? _armedFor;

        public void ChangeWhenRead(Guid residentId) => _armedFor = residentId;

        public IDbContextFactory<MynaDbContext> Around(MynaDbContextFactory inner) => new Contexts(inner, this);

        private sealed class Contexts(MynaDbContextFactory inner, OtherWindow other) : IDbContextFactory<MynaDbContext>
        {
            public MynaDbContext CreateDbContext()
            {
                var db = inner.CreateDbContext();
                db.ChangeTracker.Tracked += (_, e) =>
                {
                    if (e.FromQuery && e.Entry.Entity is Resident r && r.Id == other._armedFor)
                    {
                        other._armedFor = null;
                        Task.Run(async () =>
                        {
                            await using var theirs = inner.CreateDbContext();
                            (await theirs.Set<Resident>().SingleAsync(x => x.Id == r.Id)).SetAdultWard(true);
                            await theirs.SaveChangesAsync();
                        }).GetAwaiter().GetResult();
                    }
                };
                return db;
            }
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task ChangeAddress_OfAResidentChangedMeanwhile_Is409_AndNothingIsWritten()
    {
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        var resident = await JsonAsync(await window.PostAsJsonAsync("/api/residents", new
        {
            municipality = "072036", familyName = "番号", givenName = "花子", familyNameKana = "バンゴウ", givenNameKana = "ハナコ",
            birthDate = "1990-05-10", sex = "Female", address = "福島県郡山市朝日一丁目２３番７号",
        }), HttpStatusCode.Created);
        var residentId = resident.GetProperty("id").GetGuid();
        var application = await JsonAsync(await window.PostAsJsonAsync("/api/applications", new { residentId }), HttpStatusCode.Created);
        var card = await JsonAsync(await window.PostAsJsonAsync($"/api/applications/{application.GetProperty("id").GetString()}/delivery",
            new { signature = "ABC123", userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" }), HttpStatusCode.Created);
        var signatureSerial = card.GetProperty("signatureCertificate").GetProperty("serialNumber").GetString();

        _other.ChangeWhenRead(residentId);
        using var response = await window.PutAsJsonAsync($"/api/residents/{residentId}/address",
            new { address = "福島県郡山市堂前町１番１号", newSignaturePin = "NEWPASS1" });

        var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Someone else changed this record", problem.GetProperty("title").GetString());
        Assert.Equal("Someone else changed this resident while you were working on it; reload and try again.", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("ruleId", out _));

        var file = await JsonAsync(await window.GetAsync($"/api/residents/{residentId}"), HttpStatusCode.OK);
        Assert.Equal("福島県郡山市朝日一丁目２３番７号", file.GetProperty("resident").GetProperty("address").GetString());
        Assert.True(file.GetProperty("resident").GetProperty("isAdultWard").GetBoolean()); // the other window's change stays
        var cardAfter = file.GetProperty("cards")[0];
        Assert.Equal(0, cardAfter.GetProperty("endorsements").GetArrayLength());
        Assert.Equal(signatureSerial, cardAfter.GetProperty("signatureCertificate").GetProperty("serialNumber").GetString());
        var certificates = await JsonAsync(await window.GetAsync($"/api/residents/{residentId}/certificates"), HttpStatusCode.OK);
        Assert.Equal(2, certificates.GetArrayLength());
    }
}
