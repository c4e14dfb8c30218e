using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.Documents;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Audit;

namespace Myna.Window.Tests;

public class ResidentProcedureTests : WindowTestBase
{
    private static ResidentRegistration Form(DateOnly birth, DateOnly? registeredOn = null) =>
        new("072036", "番号", "花子", "バンゴウ", "ハナコ", birth, Sex.Female, "福島県郡山市朝日一丁目２３番７号", registeredOn);

    [Fact]
    public async Task Register_AssignsAValidMyNumberAndRecordCode_AndSendsANumberNotice_D3()
    {
        var resident = (await Window.RegisterResidentAsync(Form(new DateOnly(2026, 3, 1)), WindowHarness.Staff)).Value;
        Assert.True(MyNumber.Parse(resident.MyNumber.Reveal()).Success);
        Assert.True(ResidentRecordCode.Parse(resident.RecordCode.Value).Success);
        var document = await H.WithDbAsync(db => db.Set<NumberDocument>().SingleAsync(d => d.ResidentId == resident.Id));
        Assert.Equal(MyNumberDocument.NumberNotice, document.Kind);
    }

    [Fact]
    public async Task Register_SomeoneNumberedIn2015_GotANotificationCard_D2()
    {
        var resident = (await Window.RegisterResidentAsync(Form(new DateOnly(1980, 1, 1), new DateOnly(1980, 1, 1)), WindowHarness.Staff)).Value;
        var document = await H.WithDbAsync(db => db.Set<NumberDocument>().SingleAsync(d => d.ResidentId == resident.Id));
        Assert.Equal(MyNumberDocument.NotificationCard, document.Kind);
        Assert.Equal(MyNumberDocumentRule.NumberingBegan, document.IssuedOn);
    }

    [Fact]
    public async Task Register_ManyResidents_GetDistinctNumbers()
    {
        var numbers = new HashSet<string>();
        for (var i = 0; i < 30; i++)
            numbers.Add((await H.RegisterAsync()).MyNumber.Reveal());
        Assert.Equal(30, numbers.Count);
    }

    [Theory]
    [InlineData("2026-04-02", "072036", "バンゴウ", "future")]
    [InlineData("1990-01-01", "99999", "バンゴウ", "municipality")]
    [InlineData("1990-01-01", "072035", "バンゴウ", "check digit")]
    [InlineData("1990-01-01", "072036", "ばんごう", "katakana")]
    public async Task Register_BadInput_IsRefused_AndNothingIsSaved(string birth, string municipality, string kana, string reason)
    {
        var form = Form(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture)) with { Municipality = municipality, FamilyNameKana = kana };
        var outcome = await Window.RegisterResidentAsync(form, WindowHarness.Staff);
        Assert.False(outcome.Succeeded);
        Assert.Contains(reason, outcome.Refusal!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await H.WithDbAsync(db => db.Set<Resident>().CountAsync()));
        Assert.Equal(0, await H.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Find_ByMyNumber_IsExactOnly_AndListsNeverCarryTheNumber()
    {
        var hanako = await H.RegisterAsync();
        await H.RegisterAsync(familyName: "個人", givenName: "太郎");
        var number = hanako.MyNumber.Reveal();
        Assert.Single(await Window.FindResidentsAsync(new ResidentQuery(MyNumber: number)));
        Assert.Empty(await Window.FindResidentsAsync(new ResidentQuery(MyNumber: number[..11])));
        var byName = await Window.FindResidentsAsync(new ResidentQuery(Name: "番号"));
        var summary = Assert.Single(byName);
        Assert.DoesNotContain(number, summary.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, (await Window.FindResidentsAsync(new ResidentQuery(Kana: "バンゴウ"))).Count);
        Assert.Single(await Window.FindResidentsAsync(new ResidentQuery(RecordCode: hanako.RecordCode.Value)));
    }

    [Fact]
    public async Task Register_IsAudited_WithoutTheMyNumber()
    {
        var resident = await H.RegisterAsync();
        var entries = await new AuditTrail(H.Contexts, H.Clock).ReadAsync(new AuditSubject("resident", resident.Id.ToString("N")));
        var entry = Assert.Single(entries);
        Assert.Equal("resident.registered", entry.Action);
        Assert.Equal("sato", entry.Actor);
        Assert.DoesNotContain(resident.MyNumber.Reveal(), entry.Details, StringComparison.Ordinal);
    }
}
