using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Myna.Primitives;
using Myna.Reader;
using Myna.Testing;
using Xunit.Abstractions;

namespace Myna.Crash.Tests;

/// <summary>
/// A kiosk transaction whose server is killed (SIGKILL) between the payment and the print: before the payment's unit of
/// work commits (nothing of it stays; the machine sends the same payment again and it is taken once), and right after it
/// commits (the machine never heard the answer; after the restart it prints the paid document first). Either way the
/// holder pays once and gets their own document, printed once.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class KioskCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("myna-crash-kiosk-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory; nothing depends on it.
        }
    }

    [Theory]
    [InlineData(CrashPoints.KioskIssued)]
    [InlineData(CrashPoints.Committed)]
    public async Task AKioskTransactionKilledBetweenPaymentAndPrint_ChargesOnce_AndPrintsTheHoldersDocumentOnce(string point)
    {
        var data = Path.Combine(_work, "data");
        var log = Path.Combine(_work, "server.log");
        TestKeySet.CopyInto(data);
        var (resident, card, authorization) = await ResidentAndMachineAsync(data, log);
        var paymentId = Guid.NewGuid();
        Guid sessionId;
        byte[] challenge;

        await using (var crashing = await ServerProcess.StartAsync(data, log, crashAt: point))
        {
            using var machine = Machine(crashing.BaseAddress, authorization);
            (sessionId, challenge) = await OrderedSessionAsync(machine, data, card);

            // The payment: the server dies at the armed point, and the machine hears nothing.
            await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
                machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/payment", new { paymentId, amountYen = 300 }));
            Assert.True(await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the server did not die at " + point);
        }
        output.WriteLine($"killed at {point}; payments recorded before the restart: {Count(data, "kiosk_payments")}");
        Assert.Equal(point == CrashPoints.Committed ? 1 : 0, Count(data, "kiosk_payments"));

        await using (var restarted = await ServerProcess.StartAsync(data, log))
        {
            using var machine = Machine(restarted.BaseAddress, authorization);
            var unfinished = await JsonAsync(await machine.GetAsync("/api/kiosk/machine/sessions/unfinished"), HttpStatusCode.OK);
            if (point == CrashPoints.Committed)
                Assert.Equal(sessionId, unfinished.GetProperty("sessionId").GetGuid());
            else
                Assert.Equal(JsonValueKind.Null, unfinished.GetProperty("sessionId").ValueKind);

            // The machine sends its payment again, with the same id: taken once, whichever side of the commit it died.
            var receipt = await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/payment", new { paymentId, amountYen = 300 }), HttpStatusCode.OK);
            Assert.Single(receipt.GetProperty("issueNumbers").EnumerateArray());
            var job = await JsonAsync(await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next"), HttpStatusCode.OK);
            var pdf = Convert.FromBase64String(job.GetProperty("pdf").GetString()!);
            Assert.Equal(sessionId, job.GetProperty("sessionId").GetGuid());
            Assert.Equal(Convert.ToHexString(SHA256.HashData(challenge)), job.GetProperty("challengeHash").GetString());
            Assert.Equal(Convert.ToHexString(SHA256.HashData(pdf)), job.GetProperty("documentHash").GetString());
            await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/{job.GetProperty("jobId").GetGuid()}", new { printed = true }), HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NoContent, (await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next")).StatusCode);
        }

        Assert.Equal(1, Count(data, "kiosk_payments"));
        Assert.Equal(1, Count(data, "kiosk_documents", $"state = 'Printed' AND holder_reference = '{resident.ToString().ToUpperInvariant()}'"));
        Assert.Equal(1, Count(data, "exchange_history", "content LIKE '%kiosk-issued%'"));
    }

    /// <summary>
    /// Killed while reporting the last copy printed, after the copy is marked and before the session closes: both are one
    /// transaction, so after the restart the copy is still to print and the session still paid — the machine prints it
    /// again, the session closes, and the machine serves its next holder (before, it refused every new transaction).
    /// </summary>
    [Fact]
    public async Task AKioskKilledWhileReportingThePrint_LeavesTheCopyToPrint_AndTheMachineServesTheNextHolder()
    {
        var data = Path.Combine(_work, "data");
        var log = Path.Combine(_work, "server.log");
        TestKeySet.CopyInto(data);
        var (_, card, authorization) = await ResidentAndMachineAsync(data, log);
        Guid sessionId, jobId;

        await using (var crashing = await ServerProcess.StartAsync(data, log, crashAt: CrashPoints.KioskPrinting))
        {
            using var machine = Machine(crashing.BaseAddress, authorization);
            sessionId = await PaidSessionAsync(machine, data, card);
            var job = await JsonAsync(await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next"), HttpStatusCode.OK);
            jobId = job.GetProperty("jobId").GetGuid();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
                machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/{jobId}", new { printed = true }));
            Assert.True(await crashing.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the server did not die at " + CrashPoints.KioskPrinting);
        }
        Assert.Equal(0, Count(data, "kiosk_documents", "state = 'Printed'"));
        Assert.Equal(1, Count(data, "kiosk_sessions", $"state = 'Paid'"));

        await using (var restarted = await ServerProcess.StartAsync(data, log))
        {
            using var machine = Machine(restarted.BaseAddress, authorization);
            var unfinished = await JsonAsync(await machine.GetAsync("/api/kiosk/machine/sessions/unfinished"), HttpStatusCode.OK);
            Assert.Equal(sessionId, unfinished.GetProperty("sessionId").GetGuid());
            var again = await JsonAsync(await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next"), HttpStatusCode.OK);
            Assert.Equal(jobId, again.GetProperty("jobId").GetGuid());
            await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/{jobId}", new { printed = true }), HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NoContent, (await machine.GetAsync($"/api/kiosk/machine/sessions/{sessionId}/print-jobs/next")).StatusCode);
            await JsonAsync(await machine.PostAsync("/api/kiosk/machine/sessions", null), HttpStatusCode.Created);
        }
        Assert.Equal(1, Count(data, "kiosk_payments"));
        Assert.Equal(1, Count(data, "kiosk_documents", "state = 'Printed'"));
    }

    /// <summary>A resident with a card delivered yesterday (the clock set to 10:00 the next day) and a sandbox machine's credentials.</summary>
    private static async Task<(Guid Resident, Guid Card, AuthenticationHeaderValue Machine)> ResidentAndMachineAsync(string data, string log)
    {
        Guid resident, card;
        await using (var setup = await ServerProcess.StartAsync(data, log))
        {
            await setup.SignInAsync();
            (resident, card, _, _) = await new WindowApi(setup.Window).ResidentWithCardAsync();
            using var admin = ServerProcess.NewClient(setup.BaseAddress);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/session", new { userName = "admin", password = "admin-sandbox" })).StatusCode);
            var clock = await (await admin.GetAsync("/api/admin/clock")).Content.ReadFromJsonAsync<JsonElement>();
            var tomorrow = DateOnly.Parse(clock.GetProperty("today").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddDays(1);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/clock",
                new { at = tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T10:00" })).StatusCode);
        }
        var credentials = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(data, "kiosk", "sandbox-machines.json"))).RootElement[1];
        return (resident, card, new AuthenticationHeaderValue("Kiosk", $"{credentials.GetProperty("Id").GetGuid()}:{credentials.GetProperty("Secret").GetString()}"));
    }

    /// <summary>A session opened, the card's signature given, one copy of 住民票の写し ordered and paid.</summary>
    private static async Task<Guid> PaidSessionAsync(HttpClient machine, string data, Guid card)
    {
        var (sessionId, _) = await OrderedSessionAsync(machine, data, card);
        await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/payment", new { paymentId = Guid.NewGuid(), amountYen = 300 }), HttpStatusCode.OK);
        return sessionId;
    }

    /// <summary>A session opened, the card's signature of its challenge given, one copy of 住民票の写し ordered (300 yen).</summary>
    private static async Task<(Guid Session, byte[] Challenge)> OrderedSessionAsync(HttpClient machine, string data, Guid card)
    {
        var session = await JsonAsync(await machine.PostAsync("/api/kiosk/machine/sessions", null), HttpStatusCode.Created);
        var sessionId = session.GetProperty("sessionId").GetGuid();
        var challenge = Convert.FromBase64String(session.GetProperty("challenge").GetString()!);
        using var chips = new ChipReader(data);
        var signed = chips.OnCopyOf(Path.Combine(data, "cards", card.ToString("N") + ".card"),
            c => ChallengeSigner.Sign(c, Pin.Parse(PinKind.UserAuthentication, PinBook.AuthenticationPin("delivery")).Value, challenge).Signed!);
        await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/card",
            new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) }), HttpStatusCode.OK);
        await JsonAsync(await machine.PostAsJsonAsync($"/api/kiosk/machine/sessions/{sessionId}/order",
            new { municipality = "072036", certificate = "ResidentRecord", copies = 1 }), HttpStatusCode.OK);
        return (sessionId, challenge);
    }

    private static HttpClient Machine(Uri baseAddress, AuthenticationHeaderValue authorization)
    {
        var client = ServerProcess.NewClient(baseAddress);
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static long Count(string data, string table, string? where = null)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(data, RegistryDatabase.FileName), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}" + (where is null ? "" : $" WHERE {where}");
        return (long)command.ExecuteScalar()!;
    }
}
