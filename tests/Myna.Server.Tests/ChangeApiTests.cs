using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using Myna.Primitives;
using static Myna.Server.Tests.MoveApiTests;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>Changes of written details over the API: address and name (M1, M3), a full endorsement area (M2), a foreign resident's expiry (V4).</summary>
public sealed class ChangeApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private const string NewAddress = "福島県郡山市堂前町１番１号";

    private readonly WindowApi _api = new(fixture);

    private HttpClient Window => _api.Window;

    [Fact]
    public async Task ChangeName_WithTheFormerSurname_EndorsesAndRewritesTheCard_AndReplacesOnlyTheSignatureCertificate_M1_M3()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 4, 11));
        var change = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/name", new
        {
            familyName = "山田", givenName = "花子", familyNameKana = "ヤマダ", givenNameKana = "ハナコ", formerSurname = "番号", newSignaturePin = "YAMADA1",
        }), HttpStatusCode.OK);

        // M3: the former surname in brackets after the new one, on the record, the endorsement and the chip.
        Assert.Equal("山田［番号］\u3000花子", change.GetProperty("resident").GetProperty("name").GetString());
        Assert.Equal("番号", change.GetProperty("resident").GetProperty("formerSurname").GetString());
        Assert.Equal("2026年4月11日 氏名変更 山田［番号］\u3000花子", change.GetProperty("endorsement").GetProperty("text").GetString());
        Assert.Equal(JsonValueKindNull, change.GetProperty("notice").ValueKind);
        var name = _api.ReadChip(Id(card), chip =>
        {
            chip.VerifyPin(Pin.Parse(PinKind.TextInputAssist, "3333").Value);
            return chip.ReadBasicFourInformation().Name;
        });
        Assert.Equal("山田［番号］\u3000花子", name);

        // M1: the signature certificate carried the old name (affiliationChanged), a new one for the new password; authentication stays.
        var after = change.GetProperty("card");
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.AffiliationChanged);
        await _api.AssertGoodAsync(after.GetProperty("signatureCertificate"));
        await _api.AssertGoodAsync(card.GetProperty("authenticationCertificate"));
        Assert.Equal(card.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString(),
            after.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString());
        var signature = _api.ReadChip(Id(card), chip =>
        {
            chip.VerifyPin(Pin.Parse(PinKind.Signature, "YAMADA1").Value);
            using var certificate = chip.ReadSignatureCertificate();
            return certificate.SerialNumber;
        });
        Assert.Equal(after.GetProperty("signatureCertificate").GetProperty("serialNumber").GetString(), signature);
        var entry = await _api.AssertAuditedAsync("resident", resident, "resident.name-changed");
        Assert.Contains("M1", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeAddress_WithoutAPassword_RevokesTheSignatureCertificate_AndIssuesNone_M1()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        await _api.SetDateAsync(new DateOnly(2026, 4, 2));
        var change = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/address", new { address = NewAddress }), HttpStatusCode.OK);
        Assert.Equal(NewAddress, change.GetProperty("resident").GetProperty("address").GetString());
        Assert.Equal($"2026年4月2日 住所変更 {NewAddress}", change.GetProperty("endorsement").GetProperty("text").GetString());
        Assert.Equal(JsonValueKindNull, change.GetProperty("card").GetProperty("signatureCertificate").ValueKind);
        await _api.AssertRevokedAsync(card.GetProperty("signatureCertificate"), X509RevocationReason.AffiliationChanged);
        await _api.AssertGoodAsync(card.GetProperty("authenticationCertificate"));
        await _api.AssertAuditedAsync("resident", resident, "resident.address-changed");
    }

    [Fact]
    public async Task ChangeAddress_WithAFullEndorsementArea_SaysReissueFree_ThenTheM2ReissueCostsNothing_M2()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, card) = await _api.ResidentWithCardAsync();
        // M2 is for a full area only.
        await _api.AssertRefusedByRuleAsync(resident, "M2", client =>
            client.PostAsJsonAsync("/api/applications", new { residentId = resident, occasion = "ReissueEndorsementAreaFull" }));

        var capacity = card.GetProperty("endorsementCapacity").GetInt32();
        Assert.Equal(4, capacity);
        for (var i = 1; i <= capacity; i++)
        {
            await _api.SetDateAsync(new DateOnly(2026, 4, 1 + i));
            var change = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/address", new { address = $"福島県郡山市朝日{i}丁目" }), HttpStatusCode.OK);
            Assert.Equal(i, change.GetProperty("card").GetProperty("endorsements").GetArrayLength());
        }
        await _api.SetDateAsync(new DateOnly(2026, 4, 10));
        var full = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/address", new { address = NewAddress }), HttpStatusCode.OK);
        Assert.Equal(JsonValueKindNull, full.GetProperty("endorsement").ValueKind);
        Assert.Contains("M2", full.GetProperty("notice").GetString(), StringComparison.Ordinal);
        Assert.Equal(NewAddress, full.GetProperty("resident").GetProperty("address").GetString());
        Assert.Equal(capacity, full.GetProperty("card").GetProperty("endorsements").GetArrayLength());

        var reissued = await _api.IssueCardAsync(resident, new() { ["occasion"] = "ReissueEndorsementAreaFull" });
        Assert.Empty(reissued.GetProperty("endorsements").EnumerateArray());
        var file = await _api.FileAsync(resident);
        Assert.Empty(file.GetProperty("fees").EnumerateArray());
        Assert.Equal(0, file.GetProperty("applications")[0].GetProperty("feeYen").GetInt32());
        var old = await _api.CardAsync(Id(card));
        Assert.Equal("Replaced", old.GetProperty("state").GetString());
        Assert.Equal(Id(reissued), old.GetProperty("replacedBy").GetGuid());
        await _api.AssertRevokedAsync(card.GetProperty("authenticationCertificate"), X509RevocationReason.Superseded);
        await _api.AssertGoodAsync(reissued.GetProperty("signatureCertificate"));
        var address = _api.ReadChip(Id(reissued), chip =>
        {
            chip.VerifyPin(Pin.Parse(PinKind.TextInputAssist, "3333").Value);
            return chip.ReadBasicFourInformation().Address;
        });
        Assert.Equal(NewAddress, address);
    }

    [Fact]
    public async Task ChangeResidenceStatus_MovesTheCardExpiry_ToTheNewPeriod_CappedByV2_AndEndorsesIt_V3_V4()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync(nationality: "ベトナム", residenceCategory: "MidToLongTerm", residenceDate: new DateOnly(2027, 3, 31)));
        var card = await _api.IssueCardAsync(resident);
        Assert.Equal(new DateOnly(2027, 3, 31), Date(card.GetProperty("expiresOn"))); // V3: the last day of the stay

        await _api.SetDateAsync(new DateOnly(2027, 3, 1));
        var extended = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/residence-status",
            new { category = "MidToLongTerm", date = "2030-03-31" }), HttpStatusCode.OK);
        Assert.Equal(new DateOnly(2030, 3, 31), Date(extended.GetProperty("card").GetProperty("expiresOn")));
        Assert.Equal("2027年3月1日 有効期限変更 2030年3月31日", extended.GetProperty("endorsement").GetProperty("text").GetString());
        Assert.Equal(new DateOnly(2030, 3, 31), Date(extended.GetProperty("resident").GetProperty("residenceDate")));
        var entry = await _api.AssertAuditedAsync("resident", resident, "resident.residence-status-changed");
        Assert.Contains("2030-03-31", entry.Details, StringComparison.Ordinal);

        // Permanent residence: as a national, 10th birthday after issue (2026-04-01, born 05-10) = 2035-05-10, never past it.
        var permanent = await JsonAsync(await Window.PutAsJsonAsync($"/api/residents/{resident}/residence-status",
            new { category = "PermanentResident" }), HttpStatusCode.OK);
        Assert.Equal(new DateOnly(2035, 5, 10), Date(permanent.GetProperty("card").GetProperty("expiresOn")));
        Assert.Equal(new DateOnly(2035, 5, 10), Date((await _api.CardAsync(Id(card))).GetProperty("expiresOn")));
    }

    [Fact]
    public async Task ChangeResidenceStatus_AfterTheCardExpired_RecordsTheNewStay_AndThePaidReissueAfterExpiryWorks_V4_V6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync(nationality: "ネパール", residenceCategory: "MidToLongTerm", residenceDate: new DateOnly(2026, 9, 30)));
        var card = await _api.IssueCardAsync(resident);
        await _api.SetDateAsync(new DateOnly(2026, 10, 1));
        using var response = await _api.Window.PutAsJsonAsync($"/api/residents/{resident}/residence-status", new { category = "MidToLongTerm", date = "2029-09-30" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = await response.Content.ReadFromJsonAsync<JsonElement>();
        // V4: the card's expiry can no longer change, and the holder is told so; the new period of stay is kept all the same.
        Assert.Contains("reissue", change.GetProperty("notice").GetString(), StringComparison.Ordinal);
        Assert.Equal("2029-09-30", (await _api.FileAsync(resident)).GetProperty("resident").GetProperty("residenceDate").GetString());
        Assert.Equal("2026-09-30", (await _api.CardAsync(Id(card))).GetProperty("expiresOn").GetString());

        var reissued = await _api.IssueCardAsync(resident, new() { ["occasion"] = "ReissueAfterExpiry" });
        Assert.Equal("2029-09-30", reissued.GetProperty("expiresOn").GetString());
        Assert.Equal("Active", reissued.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ChangeResidenceStatus_OfAJapaneseNational_Is409V4()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (resident, _) = await _api.ResidentWithCardAsync();
        await _api.AssertRefusedByRuleAsync(resident, "V4", client =>
            client.PutAsJsonAsync($"/api/residents/{resident}/residence-status", new { category = "MidToLongTerm", date = "2029-09-30" }));
    }

    [Fact]
    public async Task ChangeAddress_WithASignaturePassword_ForAnUnder15_Is409P4_AndChangesNothing()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var (child, _) = await _api.ChildWithCardAsync(new DateOnly(2016, 1, 1));
        await _api.AssertRefusedByRuleAsync(child, "P4", client =>
            client.PutAsJsonAsync($"/api/residents/{child}/address", new { address = NewAddress, newSignaturePin = "CHILD12" }));
    }

    public static TheoryData<string, string, string> BadChanges => new()
    {
        { "no address", "address", """{ "address": "  " }""" },
        { "address missing", "address", """{ }""" },
        { "address of 201 characters", "address", $$"""{ "address": "{{new string('町', 201)}}" }""" },
        { "signature password of 17", "address", $$"""{ "address": "{{NewAddress}}", "newSignaturePin": "ABCDEFGH123456789" }""" },
        { "signature password in kana", "address", $$"""{ "address": "{{NewAddress}}", "newSignaturePin": "アイウエオカ" }""" },
        { "kana in hiragana", "name", """{ "familyName": "山田", "givenName": "花子", "familyNameKana": "やまだ", "givenNameKana": "ハナコ" }""" },
        { "no given name", "name", """{ "familyName": "山田", "givenName": "", "familyNameKana": "ヤマダ", "givenNameKana": "ハナコ" }""" },
        { "empty former surname", "name", """{ "familyName": "山田", "givenName": "花子", "familyNameKana": "ヤマダ", "givenNameKana": "ハナコ", "formerSurname": "" }""" },
        { "bad password with a name change", "name", """{ "familyName": "山田", "givenName": "花子", "familyNameKana": "ヤマダ", "givenNameKana": "ハナコ", "newSignaturePin": "12" }""" },
        { "stay without its date", "residence-status", """{ "category": "MidToLongTerm" }""" },
        { "permanent with a date", "residence-status", """{ "category": "PermanentResident", "date": "2030-01-01" }""" },
        { "unknown category", "residence-status", """{ "category": "Tourist", "date": "2030-01-01" }""" },
        { "category by number", "residence-status", """{ "category": 42, "date": "2030-01-01" }""" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task Change_BadInput_Is400_AndChangesNothing(string why, string path, string json)
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync(nationality: "ベトナム", residenceCategory: "MidToLongTerm", residenceDate: new DateOnly(2028, 3, 31)));
        await _api.IssueCardAsync(resident);
        var problem = await _api.AssertBadInputChangesNothingAsync(resident, client => client.PutAsync($"/api/residents/{resident}/{path}", Json(json)));
        Assert.DoesNotContain("ABCDEFGH123456789", problem.GetRawText(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public async Task Change_OfAnUnknownResident_Is404()
    {
        using (var address = await Window.PutAsJsonAsync($"/api/residents/{Guid.NewGuid()}/address", new { address = NewAddress }))
            await Problems.ReadAsync(address, HttpStatusCode.NotFound);
        using (var status = await Window.PutAsJsonAsync($"/api/residents/{Guid.NewGuid()}/residence-status", new { category = "PermanentResident" }))
            await Problems.ReadAsync(status, HttpStatusCode.NotFound);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
