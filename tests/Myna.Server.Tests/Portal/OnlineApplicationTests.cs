using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json;
using Myna.Primitives;
using Myna.Reader;
using Myna.Testing;
using Myna.Testing.Tools;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// ぴったりサービス (U3.2) over HTTP: the catalogue without login; an application filled in, signed as CMS with the
/// signature certificate (the sandbox slot, or the holder's own software), verified and submitted; the municipality's
/// review (the signature verified again, "valid at signing, revoked later") and decision; the registration for
/// health-insurance use (U3.7). Every refusal names its reason and keeps nothing.
/// </summary>
public sealed class OnlineApplicationTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    private const string SignaturePassword = "ABC123"; // WindowApi.Pins
    private const string Koriyama = "07203";

    private static readonly Dictionary<string, string?> ChildAllowance = new()
    {
        ["childName"] = "番号　一太", ["childBirthDate"] = "2026-01-15", ["relationship"] = "mother", ["bankAccount"] = "郡山銀行 本店 1234567",
    };

    [Fact]
    public async Task Catalogue_IsSearchedWithoutLogin_ByKeywordLifeEventAndMunicipality_U3_2()
    {
        using var anyone = fixture.Server.CreateClient(language: null);
        var byKeyword = await JsonAsync(await anyone.GetAsync("/portal/api/procedures?q=児童手当"), HttpStatusCode.OK);
        Assert.Equal(["child-allowance-claim", "child-allowance-status-report"], byKeyword.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var moving = await JsonAsync(await anyone.GetAsync("/portal/api/procedures?lifeEvent=move&municipality=13101"), HttpStatusCode.OK);
        Assert.Contains(moving.EnumerateArray(), p => p.GetProperty("id").GetString() == "move-out-notice");
        Assert.DoesNotContain(moving.EnumerateArray(), p => p.GetProperty("id").GetString() == "child-allowance-status-report");
        var one = await JsonAsync(await anyone.GetAsync("/portal/api/procedures/nursery-application"), HttpStatusCode.OK);
        Assert.Equal("保育施設等の利用申込", one.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync("/portal/api/procedures/nothing")).StatusCode);
    }

    [Fact]
    public async Task Application_SignedInTheSandboxSlot_IsVerifiedSubmittedAndDecided_U3_2_E1()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var draft = await CreateAsync(holder, "child-allowance-claim", ChildAllowance);
        Assert.Equal("AwaitingSignature", draft.GetProperty("state").GetString());
        var content = JsonDocument.Parse(draft.GetProperty("content").GetString()!).RootElement;
        Assert.Equal("番号　一太", content.GetProperty("fields").GetProperty("childName").GetString());
        Assert.Equal("child-allowance-claim", content.GetProperty("procedure").GetString());

        var signed = await JsonAsync(await holder.PostAsJsonAsync($"/portal/api/me/applications/{Id(draft)}/sandbox-signature",
            new { cardId = Id(card), pin = SignaturePassword }), HttpStatusCode.OK);
        Assert.Equal("Submitted", signed.GetProperty("state").GetString());

        var review = await JsonAsync(await _api.Window.GetAsync($"/api/online-applications/{Id(draft)}"), HttpStatusCode.OK);
        Assert.True(review.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("番号\u3000花子", review.GetProperty("signerName").GetString());
        Assert.Equal(resident, review.GetProperty("residentId").GetGuid());
        Assert.False(review.GetProperty("revokedSinceSigning").GetBoolean());

        var decided = await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/online-applications/{Id(draft)}/decision",
            new { accept = true, note = "受理しました。" }), HttpStatusCode.OK);
        Assert.Equal("Accepted", decided.GetProperty("state").GetString());
        var mine = await JsonAsync(await holder.GetAsync($"/portal/api/me/applications/{Id(draft)}"), HttpStatusCode.OK);
        Assert.Equal("Accepted", mine.GetProperty("state").GetString());
        Assert.Equal("受理しました。", mine.GetProperty("decisionNote").GetString());
        await ReasonAsync(await _api.Window.PostAsJsonAsync($"/api/online-applications/{Id(draft)}/decision", new { accept = false }), HttpStatusCode.Conflict, "already-decided");
        Assert.Equal([Myna.Portal.PortalAudit.ApplicationCreated, Myna.Portal.PortalAudit.ApplicationSubmitted, Myna.Portal.PortalAudit.ApplicationAccepted],
            (await _api.AuditAsync(Myna.Portal.PortalAudit.ApplicationSubject, Id(draft))).Select(e => e.Action));
    }

    [Fact]
    public async Task SignatureFromTheHoldersOwnSoftware_VerifiesWithOpenSsl_AndARevocationAfterwardsShowsAsSuch_U3_2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var draft = await CreateAsync(holder, "child-allowance-claim", ChildAllowance);
        var content = Encoding.UTF8.GetBytes(draft.GetProperty("content").GetString()!);
        var cms = SignOnChip(Id(card), content);

        // The same bytes verify with openssl (no chain check here: the chain is the server's job below).
        var directory = TestDirectories.Create("myna-cms-");
        File.WriteAllBytes(Path.Combine(directory, "content.json"), content);
        File.WriteAllBytes(Path.Combine(directory, "signature.der"), cms);
        Assert.Contains("Verification successful", (await OpenSsl.RunAsync(directory, "cms", "-verify", "-inform", "DER", "-in", "signature.der",
            "-content", "content.json", "-binary", "-noverify", "-out", "/dev/null")).Output, StringComparison.Ordinal);

        await JsonAsync(await holder.PostAsJsonAsync($"/portal/api/me/applications/{Id(draft)}/signature",
            new { signedData = Convert.ToBase64String(cms) }), HttpStatusCode.OK);
        // The card is lost a minute later: its certificates are revoked; the application stays valid as signed before.
        _api.RealClock.Advance(TimeSpan.FromMinutes(1));
        await JsonAsync(await _api.CallCentre.PostAsync($"/api/cards/{Id(card)}/suspension", null), HttpStatusCode.OK);
        var review = await JsonAsync(await _api.Window.GetAsync($"/api/online-applications/{Id(draft)}"), HttpStatusCode.OK);
        Assert.True(review.GetProperty("signatureValid").GetBoolean());
        Assert.True(review.GetProperty("revokedSinceSigning").GetBoolean());
    }

    [Fact]
    public async Task ForgedWrongAndForeignSignatures_AreRefused_AndTheApplicationStaysUnsigned_U3_2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        var (_, otherCard) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var draft = await CreateAsync(holder, "child-allowance-claim", ChildAllowance);
        var content = Encoding.UTF8.GetBytes(draft.GetProperty("content").GetString()!);
        var url = $"/portal/api/me/applications/{Id(draft)}/signature";

        // The content changed after signing (a forged application).
        var changed = draft.GetProperty("content").GetString()!.Replace("\"mother\"", "\"father\"", StringComparison.Ordinal);
        Assert.NotEqual(draft.GetProperty("content").GetString(), changed);
        var forged = SignOnChip(Id(card), Encoding.UTF8.GetBytes(changed));
        await ReasonAsync(await holder.PostAsJsonAsync(url, new { signedData = Convert.ToBase64String(forged) }), HttpStatusCode.Forbidden, "bad-signature");
        // Signed with the user-authentication key and certificate: the wrong certificate for an application.
        await ReasonAsync(await holder.PostAsJsonAsync(url, new { signedData = Convert.ToBase64String(SignWithAuthenticationKey(Id(card), content)) }),
            HttpStatusCode.Forbidden, "wrong-certificate");
        // Signed by somebody else's card.
        await ReasonAsync(await holder.PostAsJsonAsync(url, new { signedData = Convert.ToBase64String(SignOnChip(Id(otherCard), content)) }),
            HttpStatusCode.Forbidden, "signer-not-applicant");
        await ReasonAsync(await holder.PostAsJsonAsync(url, new { signedData = "not base64!" }), HttpStatusCode.BadRequest, "malformed");
        // A wrong password in the slot counts on the chip.
        await ReasonAsync(await holder.PostAsJsonAsync($"/portal/api/me/applications/{Id(draft)}/sandbox-signature",
            new { cardId = Id(card), pin = "WRONG1" }), HttpStatusCode.Forbidden, "wrong-pin");
        Assert.Equal(PinPolicy.For(PinKind.Signature).MaxTries - 1, _api.ReadChip(Id(card), c => c.GetPinStatus(PinKind.Signature)).TriesLeft);

        var mine = await JsonAsync(await holder.GetAsync($"/portal/api/me/applications/{Id(draft)}"), HttpStatusCode.OK);
        Assert.Equal("AwaitingSignature", mine.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Window.GetAsync($"/api/online-applications/{Id(draft)}")).StatusCode);
    }

    [Fact]
    public async Task BadForms_AreRefusedNamingTheField_AndNothingIsKept_U3_2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        async Task RefusedAsync(object body, string field)
        {
            var problem = await Problems.ReadAsync(await holder.PostAsJsonAsync("/portal/api/me/applications", body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        }
        await RefusedAsync(new { procedureId = "child-allowance-claim", municipality = Koriyama, fields = new Dictionary<string, string?>(ChildAllowance) { ["childName"] = null } }, "childName");
        await RefusedAsync(new { procedureId = "child-allowance-claim", municipality = Koriyama, fields = new Dictionary<string, string?>(ChildAllowance) { ["childBirthDate"] = "2026-02-30" } }, "childBirthDate");
        await RefusedAsync(new { procedureId = "child-allowance-claim", municipality = Koriyama, fields = new Dictionary<string, string?>(ChildAllowance) { ["relationship"] = "uncle" } }, "relationship");
        await RefusedAsync(new { procedureId = "child-allowance-claim", municipality = Koriyama, fields = new Dictionary<string, string?>(ChildAllowance) { ["myNumber"] = "123" } }, "myNumber");
        await RefusedAsync(new { procedureId = "child-allowance-claim", municipality = "07201", fields = ChildAllowance }, "municipality");
        await RefusedAsync(new { procedureId = "income-certificate-request", municipality = "07201", fields = new { fiscalYear = "2025", copies = "1" } }, "municipality");
        await RefusedAsync(new { procedureId = "nothing", municipality = Koriyama }, "procedureId");
        Assert.Empty((await JsonAsync(await holder.GetAsync("/portal/api/me/applications"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task InsuranceUseRegistration_IsDoneByTheLoginAlone_Once_U3_7_U1_1()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var body = new { procedureId = "insurance-use-registration", municipality = Koriyama };
        var registered = await JsonAsync(await holder.PostAsJsonAsync("/portal/api/me/applications", body), HttpStatusCode.Created);
        Assert.Equal("Completed", registered.GetProperty("state").GetString());
        await ReasonAsync(await holder.PostAsJsonAsync("/portal/api/me/applications", body), HttpStatusCode.Conflict, "already-registered");
        var registry = _api.Services.GetRequiredService<Myna.Portal.Procedures.OnlineApplications>();
        var account = (await JsonAsync(await holder.GetAsync("/portal/api/me"), HttpStatusCode.OK)).GetProperty("accountId").GetGuid();
        Assert.True(await registry.IsRegisteredForInsuranceAsync(await _api.Services.GetRequiredService<Myna.Portal.Accounts.HolderAccounts>().HolderReferenceAsync(account, default), default));
    }

    [Fact]
    public async Task KioskUseRegistration_GoesToTheMunicipalityOfTheFamilyRegister_AndOnAcceptanceOpensItsKioskCertificates_U2_5()
    {
        var (resident, card) = await _api.ResidentWithCardAsync();
        var register = await JsonAsync(await _api.Window.PostAsJsonAsync("/api/family-registers",
            new { municipality = "07201", domicile = "福島県福島市五老内町３番地", headName = "番号　誠", madeOn = "1990-06-01" }), HttpStatusCode.Created);
        await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/family-registers/{Id(register)}/members",
            new { name = "番号　花子", birthDate = "1990-05-10", sex = "Female", relationship = "長女", residentId = resident }), HttpStatusCode.OK);
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        var fields = new Dictionary<string, string?> { ["domicile"] = "福島県福島市五老内町３番地", ["headName"] = "番号　誠" };

        async Task<HttpResponseMessage> ApplyAsync(string municipality) => await holder.PostAsJsonAsync("/portal/api/me/applications",
            new { procedureId = "kiosk-use-registration", municipality, fields });
        await ReasonAsync(await ApplyAsync(Koriyama), HttpStatusCode.BadRequest, "not-offered");
        var draft = await JsonAsync(await ApplyAsync("07201"), HttpStatusCode.Created);
        await JsonAsync(await holder.PostAsJsonAsync($"/portal/api/me/applications/{Id(draft)}/sandbox-signature",
            new { cardId = Id(card), pin = SignaturePassword }), HttpStatusCode.OK);
        Assert.False(await UseRegisteredAsync(resident));
        await JsonAsync(await _api.Window.PostAsJsonAsync($"/api/online-applications/{Id(draft)}/decision", new { accept = true }), HttpStatusCode.OK);
        Assert.True(await UseRegisteredAsync(resident));
    }

    private async Task<bool> UseRegisteredAsync(Guid resident)
    {
        await using var db = _api.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Myna.Storage.MynaDbContext>>().CreateDbContext();
        return db.Set<Myna.Storage.Kiosk.KioskUseRegistration>().Any(r => r.HolderReference == resident && r.Municipality == "072010");
    }

    [Fact]
    public async Task StaffSide_IsWindowStaffs_AndNeverAHolders()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        using var holder = await PortalLoginTests.LoggedInAsync(fixture, Id(card));
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/online-applications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.CallCentre.GetAsync("/api/online-applications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Window.GetAsync("/portal/api/me/applications")).StatusCode);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient holder, string procedure, Dictionary<string, string?> fields) =>
        await JsonAsync(await holder.PostAsJsonAsync("/portal/api/me/applications", new { procedureId = procedure, municipality = Koriyama, fields }), HttpStatusCode.Created);

    /// <summary>What the holder's signing software does with the card: a detached CMS with the signature key.</summary>
    private byte[] SignOnChip(Guid cardId, byte[] content) => SignOnChip(_api, cardId, content);

    /// <summary>The same, for the tests of the pages: a detached CMS made on card <paramref name="cardId"/>'s chip.</summary>
    internal static byte[] SignOnChip(WindowApi api, Guid cardId, byte[] content) =>
        api.ReadChip(cardId, c => DocumentSigner.Sign(c, Pin.Parse(PinKind.Signature, SignaturePassword).Value, content,
            api.Services.GetRequiredService<TimeProvider>().GetUtcNow()).SignedData!);

    private byte[] SignWithAuthenticationKey(Guid cardId, byte[] content) => _api.ReadChip(cardId, c =>
    {
        Assert.True(c.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "1111").Value).IsVerified);
        using var certificate = c.ReadAuthenticationCertificate();
        using var publicKey = certificate.GetRSAPublicKey()!;
        using var key = new CardRsa(c, JpkiKey.UserAuthentication, publicKey.ExportParameters(false));
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, key) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1") });
        return cms.Encode();
    });

    private static async Task ReasonAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var problem = await Problems.ReadAsync(response, status);
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
    }
}
