using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Reader;
using Myna.Storage.Audit;
using Myna.Window;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Myna.Server.Tests;

/// <summary>
/// One server for a test class (starting it is the slow part), its three staff members signed in. The real clock is
/// a fake that stands still at 2026-04-01 10:00 in Japan, so the sandbox date is exactly what a test sets and the
/// daily sweep runs only when a test moves the real clock (<see cref="SweepApiTests"/>). Tests in a class run one
/// after another; each sets its own date first and works on residents of its own.
/// </summary>
public sealed class WindowApiFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset RealNow = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    public MynaServer Server { get; } = new(realClock: new FakeTimeProvider(RealNow));

    public HttpClient Window { get; private set; } = null!;

    public HttpClient CallCentre { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Window = await Server.SignedInAsync("window", "window-sandbox");
        CallCentre = await Server.SignedInAsync("callcentre", "callcentre-sandbox");
        Admin = await Server.SignedInAsync("admin", "admin-sandbox");
    }

    public async Task DisposeAsync()
    {
        Window.Dispose();
        CallCentre.Dispose();
        Admin.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// The steps the window API tests share: moving the sandbox date, registering a resident and issuing a card over
/// HTTP, reading cards, certificates (their status and the published CRL), the chip and the audit trail, and a
/// snapshot of everything the registry holds on a resident (to prove that a refused request changed nothing).
/// </summary>
public sealed class WindowApi(WindowApiFixture fixture)
{
    /// <summary>The four PINs a holder chooses at delivery (sandbox test values).</summary>
    public static readonly object Pins = new { signature = "ABC123", userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" };

    /// <summary>The PINs for a card without the signature certificate.</summary>
    public static readonly object PinsWithoutSignature = new { userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" };

    public const string Address = "福島県郡山市朝日一丁目２３番７号";

    public const string TokyoAddress = "東京都千代田区千代田１－１";

    public HttpClient Window => fixture.Window;

    public HttpClient CallCentre => fixture.CallCentre;

    public HttpClient Admin => fixture.Admin;

    public IServiceProvider Services => fixture.Server.Services;

    public FakeTimeProvider RealClock => fixture.Server.RealClock!;

    /// <summary>Moves the sandbox to <paramref name="date"/> (Japan) through the clock endpoint, as a trainer would.</summary>
    public async Task SetDateAsync(DateOnly date)
    {
        var state = await JsonAsync(await Admin.PutAsJsonAsync("/api/admin/clock", new { date }), HttpStatusCode.OK);
        Assert.Equal(date, DateOnly.Parse(state.GetProperty("today").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Registers a resident of Koriyama (Japanese national unless a nationality and residence status are given).</summary>
    public async Task<JsonElement> RegisterAsync(
        DateOnly? birthDate = null, string familyName = "番号", string? nationality = null, string? residenceCategory = null,
        DateOnly? residenceDate = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["municipality"] = "072036", ["familyName"] = familyName, ["givenName"] = "花子", ["familyNameKana"] = "バンゴウ",
            ["givenNameKana"] = "ハナコ", ["birthDate"] = birthDate ?? new DateOnly(1990, 5, 10), ["sex"] = "Female", ["address"] = Address,
            ["nationality"] = nationality, ["residenceCategory"] = residenceCategory, ["residenceDate"] = residenceDate,
        };
        return await JsonAsync(await Window.PostAsJsonAsync("/api/residents", body), HttpStatusCode.Created);
    }

    /// <summary>Applies for a card and delivers it; <paramref name="application"/> holds the form's fields other than the resident.</summary>
    public async Task<JsonElement> IssueCardAsync(Guid residentId, Dictionary<string, object?>? application = null, object? pins = null)
    {
        var form = new Dictionary<string, object?>(application ?? []) { ["residentId"] = residentId };
        var applied = await JsonAsync(await Window.PostAsJsonAsync("/api/applications", form), HttpStatusCode.Created);
        return await JsonAsync(await Window.PostAsJsonAsync($"/api/applications/{Id(applied)}/delivery", pins ?? Pins), HttpStatusCode.Created);
    }

    /// <summary>A resident born <paramref name="birthDate"/> with a card holding both certificates.</summary>
    public async Task<(Guid Resident, JsonElement Card)> ResidentWithCardAsync(DateOnly? birthDate = null)
    {
        var resident = Id(await RegisterAsync(birthDate));
        return (resident, await IssueCardAsync(resident));
    }

    /// <summary>A resident with a card issued without the signature certificate (E5 loads it later).</summary>
    public async Task<(Guid Resident, JsonElement Card)> ResidentWithAuthenticationOnlyAsync()
    {
        var resident = Id(await RegisterAsync());
        return (resident, await IssueCardAsync(resident, new() { ["wantsSignatureCertificate"] = false }, PinsWithoutSignature));
    }

    /// <summary>A child under 15 with the card its legal representative applied for: authentication certificate only (P4), five years (V2).</summary>
    public async Task<(Guid Resident, JsonElement Card)> ChildWithCardAsync(DateOnly birthDate)
    {
        var child = Id(await RegisterAsync(birthDate));
        var card = await IssueCardAsync(child, new()
        {
            ["applicant"] = "LegalRepresentative", ["representativeName"] = "番号 一郎", ["wantsSignatureCertificate"] = false,
        }, PinsWithoutSignature);
        return (child, card);
    }

    public async Task<JsonElement> CardAsync(Guid cardId) => await JsonAsync(await Window.GetAsync($"/api/cards/{cardId}"), HttpStatusCode.OK);

    public async Task<JsonElement> FileAsync(Guid residentId) => await JsonAsync(await Window.GetAsync($"/api/residents/{residentId}"), HttpStatusCode.OK);

    /// <summary>The certificate of a card view (<c>signatureCertificate</c> or <c>authenticationCertificate</c>) as <c>GET /api/certificates</c> shows it now.</summary>
    public async Task<JsonElement> CertificateAsync(JsonElement certificate) =>
        await JsonAsync(await Window.GetAsync(
            $"/api/certificates/{certificate.GetProperty("hierarchy").GetString()}/{certificate.GetProperty("serialNumber").GetString()}"), HttpStatusCode.OK);

    /// <summary>
    /// The certificate is revoked for <paramref name="reason"/>: so says the registry over the API, and so does the
    /// CRL the server publishes to anyone (entry with that reason code).
    /// </summary>
    public async Task AssertRevokedAsync(JsonElement certificate, X509RevocationReason reason)
    {
        var entry = await CertificateAsync(certificate);
        Assert.Equal("Revoked", entry.GetProperty("status").GetString());
        Assert.Equal(reason.ToString(), entry.GetProperty("revocationReason").GetString());
        Assert.Equal((int)reason, await CrlReasonAsync(certificate));
    }

    /// <summary>The certificate is good: by the registry, and absent from the published CRL.</summary>
    public async Task AssertGoodAsync(JsonElement certificate)
    {
        Assert.Equal("Good", (await CertificateAsync(certificate)).GetProperty("status").GetString());
        Assert.Null(await CrlReasonAsync(certificate));
    }

    /// <summary>The reason code of the certificate's entry on its hierarchy's current CRL, read anonymously; null when not listed.</summary>
    public async Task<int?> CrlReasonAsync(JsonElement certificate)
    {
        var name = certificate.GetProperty("hierarchy").GetString() == "Signature" ? "signature" : "authentication";
        using var anonymous = fixture.Server.CreateClient();
        using var response = await anonymous.GetAsync($"/crl/{name}.crl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var crl = new X509CrlParser().ReadCrl(await response.Content.ReadAsByteArrayAsync());
        var entry = crl.GetRevokedCertificate(new BigInteger(certificate.GetProperty("serialNumber").GetString(), 16));
        if (entry is null)
            return null;
        var reason = entry.GetExtensionValue(X509Extensions.ReasonCode);
        return reason is null ? 0 : CrlReason.GetInstance(X509ExtensionUtilities.FromExtensionValue(reason)).IntValueExact;
    }

    /// <summary>The audit trail's entries on a resident or a card, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string kind, Guid id) =>
        await Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject(kind, id.ToString("N")));

    /// <summary>Asserts that the newest audit entry on the subject is <paramref name="action"/> by <paramref name="actor"/>, and returns it.</summary>
    /// <summary>A look-up (a file read, a search that showed the resident): recorded, but no change.</summary>
    public static bool IsLookup(AuditEntry entry) =>
        entry.Action is MunicipalWindow.ResidentViewedAction or MunicipalWindow.ResidentFoundAction
            or MunicipalWindow.RecordsViewedAction or MunicipalWindow.FamilyRegisterViewedAction;

    public async Task<AuditEntry> AssertAuditedAsync(string kind, Guid id, string action, string actor = "window")
    {
        // The last entry that records a change: look-ups (the file read to check it) come after it.
        var entry = (await AuditAsync(kind, id)).Last(e => !IsLookup(e));
        Assert.Equal(action, entry.Action);
        Assert.Equal(actor, entry.Actor);
        return entry;
    }

    /// <summary>
    /// Everything the registry holds on a resident as the API shows it — the file (record, cards, applications,
    /// documents, moves, fees), every certificate with its status — and every audit entry on the resident and its
    /// cards but the look-ups. Equal snapshots before and after a refused request prove it changed nothing.
    /// </summary>
    public async Task<string> SnapshotAsync(Guid residentId)
    {
        var file = await FileAsync(residentId);
        var certificates = await JsonAsync(await Window.GetAsync($"/api/residents/{residentId}/certificates"), HttpStatusCode.OK);
        var text = new StringBuilder().AppendLine(file.GetRawText()).AppendLine(certificates.GetRawText());
        var subjects = file.GetProperty("cards").EnumerateArray().Select(c => ("card", Id(c))).Prepend(("resident", residentId));
        foreach (var (kind, id) in subjects)
        {
            // Look-ups (this snapshot's own reading of the file among them) are recorded, but change nothing.
            foreach (var entry in (await AuditAsync(kind, id)).Where(e => !IsLookup(e)))
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{entry.Id} {entry.Action} {entry.Details}");
        }
        return text.ToString();
    }

    /// <summary>Sends a request that must be refused as bad input (400 problem details), and proves the resident's registry state unchanged.</summary>
    public async Task<JsonElement> AssertBadInputChangesNothingAsync(Guid residentId, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var before = await SnapshotAsync(residentId);
        using var response = await send(Window);
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await SnapshotAsync(residentId));
        return problem;
    }

    /// <summary>Sends a request that a rule must refuse (409 with its rule id and a message naming it), and proves nothing changed.</summary>
    public async Task<JsonElement> AssertRefusedByRuleAsync(Guid residentId, string rule, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var before = await SnapshotAsync(residentId);
        using var response = await send(Window);
        var problem = await RuleProblemAsync(response, rule);
        Assert.Equal(before, await SnapshotAsync(residentId));
        return problem;
    }

    /// <summary>Reads a 409 rule refusal: its rule id and a clear message that names the rule.</summary>
    public static async Task<JsonElement> RuleProblemAsync(HttpResponseMessage response, string rule)
    {
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(rule, problem.GetProperty("ruleId").GetString());
        Assert.Equal("A registry rule forbids this", problem.GetProperty("title").GetString());
        Assert.Contains(rule, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>Reads a JSON answer of the expected status (the body in the message when it is not).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>Works the card's chip as a reader would (the server's own card file).</summary>
    public T ReadChip<T>(Guid cardId, Func<MynaCardClient, T> read)
    {
        using var chip = Services.GetRequiredService<MunicipalWindow>().OpenCardChip(cardId);
        return read(new MynaCardClient(new EmulatorTransport(chip)));
    }

    public static Guid Id(JsonElement view) => view.GetProperty("id").GetGuid();

    public static DateOnly Date(JsonElement value) =>
        DateOnly.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
