using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// ぴったりサービス's pages (U3.2) over HTTP as a browser without script uses them: the catalogue without login; the
/// procedure's form with each refusal at its field; the application's page signed with the sandbox's slot or with an
/// uploaded CMS file; the window's list and review with the signature verified again now, and the decision the holder
/// then sees. The registration for health-insurance use completes at once.
/// </summary>
public sealed partial class ProcedurePageTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task Catalogue_IsOpenToAnyone_Searched_AndLeadsToTheLoginAndBack_U3_2()
    {
        using var anyone = fixture.Server.CreateClient(language: null);
        // Chiyoda takes the claim for the child allowance online, not the status report.
        var page = await anyone.GetStringAsync("/portal/procedures?q=児童手当&lifeEvent=child&municipality=13101");
        Assert.Contains("検索結果（1件）", page, StringComparison.Ordinal);
        Assert.Contains("児童手当の認定請求", page, StringComparison.Ordinal);
        Assert.DoesNotContain("児童手当の現況届", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"13101\" selected=\"selected\">東京都千代田区</option>", page, StringComparison.Ordinal);
        Assert.Contains("福島県郡山市、福島県福島市、東京都千代田区", page, StringComparison.Ordinal);
        Assert.Contains("署名用電子証明書", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/login?returnUrl=%2Fportal%2Fprocedures%2Fchild-allowance-claim\"", page, StringComparison.Ordinal);
        var all = await anyone.GetStringAsync("/portal/procedures");
        Assert.Contains("検索結果（8件）", all, StringComparison.Ordinal);
        Assert.Contains("署名は不要です（ログインのみ）", all, StringComparison.Ordinal);
        // The form itself is the holder's.
        using var form = await OidcTests.GetPageAsync(anyone, "/portal/procedures/child-allowance-claim");
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/portal/login", form.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_RefusalsShowAtTheirField_ThenTheSlotSigns_TheWindowAccepts_AndTheHolderSeesIt_U3_2_E1()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var form = await holder.GetStringAsync("/portal/procedures/child-allowance-claim");
        Assert.Contains("id=\"field-childName\" name=\"Fields[childName]\"", form, StringComparison.Ordinal);
        Assert.Contains("Fukushima", form, StringComparison.Ordinal); // the holder's municipality, fixed
        Assert.Contains("/portal/applications", form, StringComparison.Ordinal); // the menu

        // A date that does not exist: refused at the field, with a summary linking to it, what was typed kept.
        var fields = new Dictionary<string, string>
        {
            ["Fields[childName]"] = "番号　一太", ["Fields[childBirthDate]"] = "2026-02-30", ["Fields[relationship]"] = "mother",
            ["Fields[bankAccount]"] = "郡山銀行 本店 1234567",
        };
        using (var refused = await ClockTests.PostFormAsync(holder, "/portal/procedures/child-allowance-claim", form, new(fields)))
        {
            var again = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("<a href=\"#field-childBirthDate\">", again, StringComparison.Ordinal);
            Assert.Matches("id=\"field-childBirthDate\"[^>]*aria-invalid=\"true\"", again);
            Assert.Contains("value=\"番号", again, StringComparison.Ordinal);
        }
        fields["Fields[childBirthDate]"] = "2026-01-15";
        var id = await CreatedAsync(await ClockTests.PostFormAsync(holder, "/portal/procedures/child-allowance-claim", form, new(fields)));

        var page = await holder.GetStringAsync($"/portal/applications/{id}");
        Assert.Contains("Waiting for your signature", page, StringComparison.Ordinal);
        Assert.Matches("<dt>The child&#x27;s name</dt><dd>番号(\u3000|&#x3000;)一太</dd>", page);
        Assert.Contains("<dd>Mother</dd>", page, StringComparison.Ordinal); // the choice in words
        Assert.Contains("<details>", page, StringComparison.Ordinal);
        Assert.Contains("&quot;relationship&quot;:&quot;mother&quot;", page, StringComparison.Ordinal); // the raw JSON signed
        Assert.Contains("type=\"password\"", page, StringComparison.Ordinal);
        Assert.Contains("type=\"file\"", page, StringComparison.Ordinal);
        Assert.Contains("/portal/applications", await holder.GetStringAsync("/portal/applications"), StringComparison.Ordinal);

        // A wrong signature password: at the password's field, with the tries left; then the right one submits.
        using (var wrong = await ClockTests.PostFormAsync(holder, $"/portal/applications/{id}?handler=Slot", page,
                   new() { ["CardId"] = Id(card).ToString(), ["Pin"] = "WRONG1" }))
        {
            var again = await wrong.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("4 more wrong entries", again, StringComparison.Ordinal);
            Assert.DoesNotContain("WRONG1", again, StringComparison.Ordinal);
        }
        using (var signed = await ClockTests.PostFormAsync(holder, $"/portal/applications/{id}?handler=Slot", page,
                   new() { ["CardId"] = Id(card).ToString(), ["Pin"] = "ABC123" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        }
        Assert.Contains("Submitted, under review", await holder.GetStringAsync($"/portal/applications/{id}"), StringComparison.Ordinal);

        // The window: listed, reviewed with the signature valid and the resident's file linked; accepted with a note.
        Assert.Contains($"/Window/OnlineApplications/{id}", await _api.Window.GetStringAsync("/Window/OnlineApplications?State=Submitted"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/Window/OnlineApplications/{id}", await _api.Window.GetStringAsync("/Window/OnlineApplications?State=Accepted"), StringComparison.Ordinal);
        var review = await _api.Window.GetStringAsync($"/Window/OnlineApplications/{id}");
        Assert.Contains("The signature is valid.", review, StringComparison.Ordinal);
        Assert.Matches("id=\"signer-name\">番号(\u3000|&#x3000;)花子<", review);
        Assert.Contains($"href=\"/Window/Residents/{resident}\"", review, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-since", review, StringComparison.Ordinal);
        using (var accepted = await ClockTests.PostFormAsync(_api.Window, $"/Window/OnlineApplications/{id}", review,
                   new() { ["decision"] = "accept", ["Note"] = "受理しました。" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }
        Assert.Contains("The application was accepted.", await _api.Window.GetStringAsync($"/Window/OnlineApplications/{id}"), StringComparison.Ordinal);
        using (var twice = await ClockTests.PostFormAsync(_api.Window, $"/Window/OnlineApplications/{id}", review, new() { ["decision"] = "return" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("dealt with already", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var mine = await holder.GetStringAsync($"/portal/applications/{id}");
        Assert.Contains(">Accepted</span>", mine, StringComparison.Ordinal);
        Assert.Contains("受理しました。", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadedSignature_FromTheHoldersSoftware_Submits_AndARevocationAfterwardsShowsAsSuch_U3_2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var form = await holder.GetStringAsync("/portal/procedures/move-out-notice");
        var id = await CreatedAsync(await ClockTests.PostFormAsync(holder, "/portal/procedures/move-out-notice", form,
            new() { ["Fields[newAddress]"] = TokyoAddress, ["Fields[moveDate]"] = "2026-08-01" }));
        var page = await holder.GetStringAsync($"/portal/applications/{id}");
        var content = await holder.GetByteArrayAsync($"/portal/applications/{id}?handler=Content");

        // Not CMS: refused at the file's field.
        using (var junk = await UploadAsync(holder, id, page, Encoding.ASCII.GetBytes("not a signature")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
            Assert.Contains("<a href=\"#signature-file\">", await junk.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var uploaded = await UploadAsync(holder, id, page, OnlineApplicationTests.SignOnChip(_api, Id(card), content)))
        {
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        }
        // The card is lost a minute later: the review says the signature was valid when made and is revoked since.
        _api.RealClock.Advance(TimeSpan.FromMinutes(1));
        await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        var review = await _api.Window.GetStringAsync($"/Window/OnlineApplications/{id}");
        Assert.Contains("The signature is valid.", review, StringComparison.Ordinal);
        Assert.Contains("Valid when signed, revoked since", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsuranceUseRegistration_CompletesAtOnce_AndSaysSo_U3_7()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var form = await holder.GetStringAsync("/portal/procedures/insurance-use-registration");
        Assert.Contains("No signature is needed", form, StringComparison.Ordinal);
        var id = await CreatedAsync(await ClockTests.PostFormAsync(holder, "/portal/procedures/insurance-use-registration", form, []));
        var page = await holder.GetStringAsync($"/portal/applications/{id}");
        Assert.Contains("The procedure is done.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"password\"", page, StringComparison.Ordinal);
        // Again: refused as a whole (no field to point at).
        using var again = await ClockTests.PostFormAsync(holder, "/portal/procedures/insurance-use-registration", form, []);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("registered for health-insurance use already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HolderPages_AreTheHoldersOwn_AndTheReviewIsWindowStaffs()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        var (_, other) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var form = await holder.GetStringAsync("/portal/procedures/care-needs-certification");
        var id = await CreatedAsync(await ClockTests.PostFormAsync(holder, "/portal/procedures/care-needs-certification", form,
            new() { ["Fields[insuredNumber]"] = "0000012345", ["Fields[currentState]"] = "home", ["Fields[doctor]"] = "郡山医院 番号医師" }));
        using var stranger = await PortalLoginTests.LoggedInAsync(fixture, Id(other));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/portal/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await holder.GetAsync("/portal/procedures/nothing")).StatusCode);
        // A draft is the holder's until signed; the window sees none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Window.GetAsync($"/Window/OnlineApplications/{id}")).StatusCode);
        using var asHolder = await OidcTests.GetPageAsync(holder, "/Window/OnlineApplications");
        Assert.Equal(HttpStatusCode.Redirect, asHolder.StatusCode);
        Assert.DoesNotContain("/portal", asHolder.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var callCentre = await OidcTests.GetPageAsync(_api.CallCentre, "/Window/OnlineApplications");
        Assert.NotEqual(HttpStatusCode.OK, callCentre.StatusCode);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient holder, Guid id, string page, byte[] signature)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ClockTests.AntiforgeryTokenOf(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(signature);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs7-signature");
        form.Add(file, "Signature", "application.p7s");
        return await holder.PostAsync($"/portal/applications/{id}?handler=Upload", form);
    }

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return Guid.Parse(ApplicationPath().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
        }
    }

    [GeneratedRegex("^/portal/applications/([0-9a-f-]{36})$")]
    private static partial Regex ApplicationPath();
}
