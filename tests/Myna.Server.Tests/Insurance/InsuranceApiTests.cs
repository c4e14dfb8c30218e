using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Insurance;

/// <summary>
/// The insurers' API (U1.1): insurer staff and administrators keep insurers and enrolments; window staff, the call
/// centre and anonymous callers may not. Validation (400, nothing changed), 404, rule refusals (409 with the rule id)
/// and the audit trail.
/// </summary>
public sealed class InsuranceApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>, IAsyncLifetime
{
    private readonly WindowApi _api = new(fixture);
    private HttpClient _insurer = null!;

    public async Task InitializeAsync()
    {
        _insurer = await fixture.Server.SignedInAsync("insurer", "insurer-sandbox");
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
    }

    public Task DisposeAsync()
    {
        _insurer.Dispose();
        return Task.CompletedTask;
    }

    private static int _prefecture = 10;

    /// <summary>A new association branch's number (one per test: numbers are unique).</summary>
    private static string NewKyokaiNumber()
    {
        var digits = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"01{Interlocked.Increment(ref _prefecture):00}001");
        return digits + Myna.Insurance.InsurerNumber.CheckDigit(digits);
    }

    private async Task<Guid> AddKyokaiAsync() =>
        Id(await JsonAsync(await _insurer.PostAsJsonAsync("/api/insurers", new { number = NewKyokaiNumber(), name = "全国健康保険協会支部", scheme = "KyokaiKenpo" }),
            HttpStatusCode.Created));

    private static object Enrolment(Guid holder, string from = "2025-04-01", string branch = "00", string role = "Insured", Guid? insured = null) => new
    {
        holderReference = holder, symbol = "7010001", number = "125", branch, role, insuredReference = insured, from, incomeClass = "WorkingAge1",
    };

    private async Task<string> SnapshotAsync(Guid resident)
    {
        var text = new StringBuilder().AppendLine((await JsonAsync(await _insurer.GetAsync($"/api/residents/{resident}/enrolments"), HttpStatusCode.OK)).GetRawText());
        foreach (var entry in (await _api.AuditAsync("resident", resident)).Where(e => !IsLookup(e)))
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{entry.Id} {entry.Action} {entry.Details}");
        return text.ToString();
    }

    private async Task<JsonElement> AssertRefusedAsync(Guid resident, HttpStatusCode status, Func<Task<HttpResponseMessage>> send)
    {
        var before = await SnapshotAsync(resident);
        using var response = await send();
        var problem = await Problems.ReadAsync(response, status);
        Assert.Equal(before, await SnapshotAsync(resident));
        return problem;
    }

    [Fact]
    public async Task InsurersAndEnrolments_AreForInsurerStaffAndAdministrators_Only_U1_1()
    {
        var resident = Id(await _api.RegisterAsync());
        using (var response = await _api.Window.GetAsync("/api/insurers"))
            await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        using (var response = await _api.CallCentre.GetAsync($"/api/residents/{resident}/enrolments"))
            await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        using (var response = await _api.Window.PostAsJsonAsync($"/api/enrolments/{Guid.NewGuid()}/end", new { lossDay = "2026-04-01" }))
            await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        // Insurer staff do not pass the window's policy.
        using (var response = await _insurer.GetAsync($"/api/residents/{resident}"))
            await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        using var anonymous = fixture.Server.CreateClient();
        using (var response = await anonymous.GetAsync("/api/insurers"))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var response = await _api.Admin.GetAsync("/api/insurers"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnInsurer_IsAdded_Listed_AndAudited_AndItsNumberIsUnique()
    {
        var number = NewKyokaiNumber();
        var added = await JsonAsync(await _insurer.PostAsJsonAsync("/api/insurers", new { number, name = "全国健康保険協会福島支部", scheme = "KyokaiKenpo" }),
            HttpStatusCode.Created);
        Assert.Equal("KyokaiKenpo", added.GetProperty("scheme").GetString());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("municipality").ValueKind);
        var id = Id(added);
        var list = await JsonAsync(await _insurer.GetAsync("/api/insurers"), HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), i => Id(i) == id);
        var one = await JsonAsync(await _insurer.GetAsync($"/api/insurers/{id}"), HttpStatusCode.OK);
        Assert.Equal(number, one.GetProperty("number").GetString());
        Assert.Empty(one.GetProperty("enrolments").EnumerateArray());
        var audited = await _api.AssertAuditedAsync("insurer", id, "insurance.insurer-added", "insurer");
        Assert.Contains("保険者番号", audited.DetailsJapanese, StringComparison.Ordinal);

        using (var response = await _insurer.PostAsJsonAsync("/api/insurers", new { number, name = "別の名前", scheme = "KyokaiKenpo" }))
            Assert.Equal("state", (await Problems.ReadAsync(response, HttpStatusCode.Conflict)).GetProperty("ruleId").GetString());
        using (var response = await _insurer.GetAsync($"/api/insurers/{Guid.NewGuid()}"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("01070011", "KyokaiKenpo", null, "number")] // wrong check digit
    [InlineData("070037", "KyokaiKenpo", null, "number")] // six digits are national health insurance's
    [InlineData("01070010", "LateStageElderly", null, "number")] // 法別番号 01 is the association's
    [InlineData("070037", "NationalHealthInsurance", null, "municipality")] // NHI names its municipality
    [InlineData("39072038", "LateStageElderly", "07203", "municipality")] // and no one else does
    [InlineData("39072038", "LateStageElderly", "1234", "municipality")]
    public async Task ABadInsurer_IsRefused_400_NamingTheField(string number, string scheme, string? municipality, string field)
    {
        var before = (await JsonAsync(await _insurer.GetAsync("/api/insurers"), HttpStatusCode.OK)).GetArrayLength();
        using var response = await _insurer.PostAsJsonAsync("/api/insurers", new { number, name = "保険者", scheme, municipality });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, (await JsonAsync(await _insurer.GetAsync("/api/insurers"), HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task AnUnknownScheme_IsRefused_400()
    {
        using var response = await _insurer.PostAsJsonAsync("/api/insurers", new { number = "01070010", name = "保険者", scheme = 9 });
        await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task APersonIsEnrolled_Shown_AndTheLossIsRecorded_EachAudited_U1_1()
    {
        var insurer = await AddKyokaiAsync();
        var parent = Id(await _api.RegisterAsync(new DateOnly(1985, 2, 28)));
        var child = Id(await _api.RegisterAsync(new DateOnly(2019, 8, 1)));
        var enrolment = await JsonAsync(await _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(parent)), HttpStatusCode.Created);
        Assert.True(enrolment.GetProperty("coversToday").GetBoolean());
        Assert.Equal("working-age income I", enrolment.GetProperty("incomeClassName").GetString()); // the request's language (English here)
        var entry = await _api.AssertAuditedAsync("resident", parent, "insurance.enrolled", "insurer");
        Assert.Contains("2025年4月1日", entry.DetailsJapanese, StringComparison.Ordinal);
        await JsonAsync(await _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments",
            Enrolment(child, from: "2025-04-01", branch: "01", role: "Dependant", insured: parent)), HttpStatusCode.Created);

        var shown = await JsonAsync(await _insurer.GetAsync($"/api/residents/{child}/enrolments"), HttpStatusCode.OK);
        var only = Assert.Single(shown.EnumerateArray());
        Assert.Equal(insurer, Id(only.GetProperty("insurer")));
        Assert.Equal(("Dependant", parent), (only.GetProperty("enrolment").GetProperty("role").GetString(), only.GetProperty("enrolment").GetProperty("insuredReference").GetGuid()));
        Assert.Equal("resident.records-viewed", (await _api.AuditAsync("resident", child))[^1].Action);

        var ended = await JsonAsync(await _insurer.PostAsJsonAsync($"/api/enrolments/{Id(enrolment)}/end", new { lossDay = "2026-04-01" }), HttpStatusCode.OK);
        Assert.Equal("2026-04-01", ended.GetProperty("until").GetString());
        Assert.False(ended.GetProperty("coversToday").GetBoolean());
        await _api.AssertAuditedAsync("resident", parent, "insurance.enrolment-ended", "insurer");
        Assert.Equal(2, (await JsonAsync(await _insurer.GetAsync($"/api/insurers/{insurer}"), HttpStatusCode.OK)).GetProperty("enrolments").GetArrayLength());

        // Once lost, not lost again (409 naming the rule); and a new enrolment may start on the day of loss.
        var problem = await AssertRefusedAsync(parent, HttpStatusCode.Conflict,
            () => _insurer.PostAsJsonAsync($"/api/enrolments/{Id(enrolment)}/end", new { lossDay = "2026-05-01" }));
        Assert.Equal("state", problem.GetProperty("ruleId").GetString());
        await JsonAsync(await _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(parent, from: "2026-04-01")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task OverlapsAndNonsense_AreRefused_409_WithTheRule_NothingChanged_U1_1()
    {
        var insurer = await AddKyokaiAsync();
        var resident = Id(await _api.RegisterAsync(new DateOnly(1985, 2, 28)));
        var first = Id(await JsonAsync(await _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(resident)), HttpStatusCode.Created));
        var problem = await AssertRefusedAsync(resident, HttpStatusCode.Conflict,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(resident, from: "2026-01-01")));
        Assert.Equal("state", problem.GetProperty("ruleId").GetString());
        Assert.Contains("overlaps", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertRefusedAsync(resident, HttpStatusCode.Conflict,
            () => _insurer.PostAsJsonAsync($"/api/enrolments/{first}/end", new { lossDay = "2025-04-01" }));

        // A dependant in national health insurance, which has none.
        var nhi = Id(await JsonAsync(await _insurer.PostAsJsonAsync("/api/insurers",
            new { number = "070037", name = "郡山市国民健康保険", scheme = "NationalHealthInsurance", municipality = "07203" }), HttpStatusCode.Created));
        var child = Id(await _api.RegisterAsync(new DateOnly(2019, 8, 1)));
        await AssertRefusedAsync(child, HttpStatusCode.Conflict,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{nhi}/enrolments", Enrolment(child, branch: "01", role: "Dependant", insured: resident)));
        // A dependant of someone not enrolled with this insurer on the day.
        var other = await AddKyokaiAsync();
        await AssertRefusedAsync(child, HttpStatusCode.Conflict,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{other}/enrolments", Enrolment(child, branch: "01", role: "Dependant", insured: resident)));
    }

    [Fact]
    public async Task BadEnrolments_AreRefused_400_UnknownOnes_404()
    {
        var insurer = await AddKyokaiAsync();
        var resident = Id(await _api.RegisterAsync(new DateOnly(1985, 2, 28)));
        var problem = await AssertRefusedAsync(resident, HttpStatusCode.BadRequest,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(resident, branch: "1")));
        Assert.True(problem.GetProperty("errors").TryGetProperty("number", out _));
        problem = await AssertRefusedAsync(resident, HttpStatusCode.BadRequest,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(resident, from: "1985-02-27")));
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", new
            {
                holderReference = resident, symbol = "1", number = "2", branch = "00", role = 7, from = "2025-04-01", incomeClass = "General",
            }));
        await AssertRefusedAsync(resident, HttpStatusCode.BadRequest,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(resident, role: "Dependant", insured: Guid.NewGuid())));
        await AssertRefusedAsync(resident, HttpStatusCode.NotFound,
            () => _insurer.PostAsJsonAsync($"/api/insurers/{Guid.NewGuid()}/enrolments", Enrolment(resident)));
        using (var response = await _insurer.PostAsJsonAsync($"/api/insurers/{insurer}/enrolments", Enrolment(Guid.NewGuid())))
            await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        using (var response = await _insurer.PostAsJsonAsync($"/api/enrolments/{Guid.NewGuid()}/end", new { lossDay = "2026-04-01" }))
            await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        using (var response = await _insurer.GetAsync($"/api/residents/{Guid.NewGuid()}/enrolments"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
