using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Machines;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Kiosk;
using Myna.Primitives;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Kiosk;
using Myna.Window;

namespace Myna.ConvenienceIssuance.Tests;

/// <summary>
/// Each kiosk certificate composed from the registry's records, and the rules that turn on those records: the seal
/// registration (③), the tax assessment and its release day (④, U2.6⑤), the family register and its attachment (⑤⑥,
/// U2.1's hours, U2.5, U2.6④), the city hall's machine (U2.11).
/// </summary>
public sealed class KioskCertificateTests : IAsyncLifetime
{
    private readonly KioskHarness _h = new();
    private RegisteredMachine _store = null!;
    private RegisteredMachine _cityHall = null!;

    public async Task InitializeAsync()
    {
        await _h.InitializeAsync();
        _store = (await _h.Stores.AddStoreAsync(StoreChain.SevenEleven, "1001", "郡山駅前店", "072036", 1))[0];
        _cityHall = (await _h.Stores.AddStoreAsync(StoreChain.CityHall, "072036", "郡山市役所 西庁舎", "072036", 1))[0];
    }

    public Task DisposeAsync() => _h.DisposeAsync();

    private Window.MunicipalWindow W => _h.Window;

    [Fact]
    public async Task TheSealCertificate_ShowsTheLiveRegistration_AndWithoutOne_IsRefusedBeforePayment_U2_3()
    {
        var (resident, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var refused = await OrderAsync(card.Id, new("072036", KioskCertificate.SealRegistration, 1));
        Assert.Equal("no-seal-registration", refused.Refusal!.Code);
        Assert.Equal(RuleIds.U2_3, refused.Refusal.Rule);

        var registered = (await W.RegisterSealAsync(resident.Id, new SealRegistrationForm("123456", "丸印、直径15mm、「番号」"), KioskHarness.Staff)).Value;
        var content = await IssueAsync(card.Id, new("072036", KioskCertificate.SealRegistration, 1));
        Assert.Equal(CertificateKind.SealRegistration, content.Kind);
        Assert.Equal(registered.Impression, Field(content, "印影"));
        Assert.Equal(registered.RegistrationNumber, Field(content, "登録番号"));
    }

    [Fact]
    public async Task TheTaxCertificate_BeforeItsReleaseDay_IsRefused_AndFromIt_ShowsTheYearsFigures_U2_6()
    {
        var (resident, card) = await _h.ResidentWithCardAsync();
        var release = JapanClock.Today(_h.Clock).AddDays(2);
        Assert.True((await W.RecordTaxAssessmentAsync(resident.Id, 2026, new TaxAssessmentForm(
            4_000_000, 2_760_000, 0, 1_200_000, 1_560_000, 3_500, 93_600, 1_500, 62_400, release), KioskHarness.Staff)).Succeeded);
        _h.Advance(1, new TimeOnly(10, 0));

        var refused = await OrderAsync(card.Id, new("072036", KioskCertificate.IncomeAndTax, 1, FiscalYear: 2026));
        Assert.Equal(KioskEligibility.U2_6(5), refused.Refusal!.Rule);

        _h.Advance(1, new TimeOnly(10, 0));
        var content = await IssueAsync(card.Id, new("072036", KioskCertificate.IncomeAndTax, 1, FiscalYear: 2026));
        Assert.Equal("161,000円", Field(content, "年税額"));
    }

    [Fact]
    public async Task TheFamilyRegisterCertificates_ShowTheRegisterAndTheAttachment_OnlyBetween10And1715_U2_1()
    {
        var (resident, card) = await _h.ResidentWithCardAsync("郡山", "花子");
        var register = await RegisterAsync(resident, alone: false);
        Assert.True((await W.AddAttachmentAddressAsync(register.Id, register.MemberFor(resident.Id)!.Id,
            new AttachmentAddressForm("福島県郡山市朝日一丁目２３番７号", new DateOnly(2015, 10, 5)), KioskHarness.Staff)).Succeeded);

        _h.Advance(1, new TimeOnly(9, 59));
        Assert.Equal(RuleIds.U2_1, (await OrderAsync(card.Id, new("072036", KioskCertificate.FamilyRegister, 1))).Refusal!.Rule);
        _h.Advance(0, new TimeOnly(10, 0));
        var all = await IssueAsync(card.Id, new("072036", KioskCertificate.FamilyRegister, 1));
        Assert.Equal(CertificateKind.FamilyRegisterAll, all.Kind);
        Assert.Equal("福島県郡山市朝日一丁目２３番地", Field(all, "本籍"));
        Assert.Equal(2, all.Body.OfType<CertificateTable>().Count());
        var attachment = await IssueAsync(card.Id, new("072036", KioskCertificate.FamilyRegisterAttachment, 1));
        Assert.Contains(attachment.Body.OfType<CertificateTable>().Single().Rows, r => r[0] == "福島県郡山市朝日一丁目２３番７号");
        _h.Advance(0, new TimeOnly(17, 15));
        Assert.Equal(RuleIds.U2_1, (await OrderAsync(card.Id, new("072036", KioskCertificate.FamilyRegisterAttachment, 1))).Refusal!.Rule);
    }

    [Fact]
    public async Task TheIndividualFamilyRegisterCertificate_OfSomeoneAloneInTheRegister_IsRefused_ButTheWholeOneIsIssued_U2_6()
    {
        var (resident, card) = await _h.ResidentWithCardAsync("佐藤", "美咲");
        await RegisterAsync(resident, alone: true);
        _h.Advance(1, new TimeOnly(11, 0));

        var refused = await OrderAsync(card.Id, new("072036", KioskCertificate.FamilyRegister, 1, Individual: true));
        Assert.Equal(KioskEligibility.U2_6(4), refused.Refusal!.Rule);
        Assert.Equal(CertificateKind.FamilyRegisterAll, (await IssueAsync(card.Id, new("072036", KioskCertificate.FamilyRegister, 1))).Kind);
    }

    [Fact]
    public async Task AHolderWithoutARegisterHere_GetsNoFamilyRegisterCertificate_U2_5()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(11, 0));
        var refused = await OrderAsync(card.Id, new("072036", KioskCertificate.FamilyRegister, 1));
        Assert.Equal(RuleIds.U2_5, refused.Refusal!.Rule);
    }

    [Fact]
    public async Task TheFamilyRegisterOfAnotherMunicipality_IsIssuedThereOnlyAfterAUseRegistration_U2_5()
    {
        var (resident, card) = await _h.ResidentWithCardAsync();
        var register = (await W.MakeFamilyRegisterAsync(new FamilyRegisterForm("072010", "福島県福島市五老内町３番地", "番号　誠", new DateOnly(1990, 6, 1)), KioskHarness.Staff)).Value;
        Assert.True((await W.EnterFamilyMemberAsync(register.Id, new FamilyMemberForm("番号　花子", null, resident.BirthDate, resident.Sex, null, null, "長女", resident.Id), KioskHarness.Staff)).Succeeded);
        _h.Advance(1, new TimeOnly(11, 0));

        var refused = await OrderAsync(card.Id, new("072010", KioskCertificate.FamilyRegister, 1));
        Assert.Equal(RuleIds.U2_5, refused.Refusal!.Rule);
        await using (var db = _h.Contexts.CreateDbContext())
        {
            db.Add(new KioskUseRegistration { HolderReference = resident.Id, Municipality = "072010", RegisteredAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var content = await IssueAsync(card.Id, new("072010", KioskCertificate.FamilyRegister, 1));
        Assert.Equal("072010", content.Municipality.Code);
        Assert.Equal("福島県福島市五老内町３番地", Field(content, "本籍"));
    }

    [Fact]
    public async Task AResidentRecordAskedOfAnotherMunicipality_IsIssuedByTheMunicipalityOfResidence_U2_5()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(11, 0));
        var content = await IssueAsync(card.Id, new(KioskHarness.Chiyoda.Value, KioskCertificate.ResidentRecord, 1));
        Assert.Equal("072036", content.Municipality.Code);
    }

    [Fact]
    public async Task AMunicipalityWithoutTheKioskService_IsRefused_U2_9()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(11, 0));
        var refused = await OrderAsync(card.Id, new("13102", KioskCertificate.ResidentRecord, 1));
        Assert.Equal("municipality-unknown", refused.Refusal!.Code);
        Assert.Equal(RuleIds.U2_9, refused.Refusal.Rule);
    }

    [Fact]
    public async Task TheCityHallMachine_IssuesOnlyWhileTheHallIsOpen_U2_11()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(8, 29));
        var early = await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1), _cityHall);
        Assert.Equal(RuleIds.U2_11, early.Refusal!.Rule);
        // A store's machine at that minute is open (06:30–23:00).
        Assert.True((await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1))).Succeeded);
        _h.Advance(0, new TimeOnly(8, 30));
        Assert.True((await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1), _cityHall)).Succeeded);
    }

    [Fact]
    public async Task AMaintenanceDaySetByAnAdministrator_StopsTheService_AndAFeeChangeIsCharged_U2_9()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        var tomorrow = JapanClock.Today(_h.Clock).AddDays(1);
        var koriyama = _h.Settings.Current["072036"];
        var fees = koriyama.Fees.ToDictionary(f => f.Key, f => f.Key == KioskCertificate.ResidentRecord ? 200 : f.Value);
        var changed = await _h.Settings.UpdateAsync("07203", new KioskSettingsForm(fees, [tomorrow], false, koriyama.CityHallMachineHours), KioskHarness.Staff);
        Assert.True(changed.Succeeded, changed.Refusal?.ToString());

        _h.Advance(1, new TimeOnly(10, 0));
        Assert.Equal(RuleIds.U2_1, (await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1))).Refusal!.Rule);
        _h.Advance(1, new TimeOnly(10, 0));
        Assert.Equal(200, (await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1))).Value!.FeeYen);

        var bad = await _h.Settings.UpdateAsync("072036", new KioskSettingsForm(new Dictionary<KioskCertificate, int> { [KioskCertificate.ResidentRecord] = -1 }, null, false, null), KioskHarness.Staff);
        Assert.Equal("invalid-settings", bad.Refusal!.Code);
        Assert.Equal(200, _h.Settings.Current["072036"].Fees[KioskCertificate.ResidentRecord]);
    }

    [Fact]
    public async Task AResidentWhoFiledAMoveOut_IsRefused_U2_6()
    {
        var (resident, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        Assert.True((await W.NoteMoveOutAsync(resident.Id, JapanClock.Today(_h.Clock).AddDays(7), "東京都千代田区千代田１－１", KioskHarness.Staff)).Succeeded);
        var refused = await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1));
        Assert.Equal(KioskEligibility.U2_6(1), refused.Refusal!.Rule);
    }

    [Fact]
    public async Task AResidentUnderASupportMeasure_IsRefused_U2_6()
    {
        var (resident, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        Assert.True((await W.SetSupportMeasureAsync(resident.Id, true, null, KioskHarness.Staff)).Succeeded);
        var refused = await OrderAsync(card.Id, new("072036", KioskCertificate.ResidentRecord, 1));
        Assert.Equal(KioskEligibility.U2_6(2), refused.Refusal!.Rule);
    }

    private async Task<Registry.FamilyRegisters.FamilyRegister> RegisterAsync(Resident resident, bool alone)
    {
        var register = (await W.MakeFamilyRegisterAsync(new FamilyRegisterForm("072036", "福島県郡山市朝日一丁目２３番地", resident.Name.FamilyName + "　一郎", new DateOnly(1985, 4, 1)), KioskHarness.Staff)).Value;
        if (!alone)
        {
            register = (await W.EnterFamilyMemberAsync(register.Id, new FamilyMemberForm(resident.Name.FamilyName + "　一郎", null, new DateOnly(1960, 1, 1), Sex.Male,
                null, null, "夫"), KioskHarness.Staff)).Value;
        }
        return (await W.EnterFamilyMemberAsync(register.Id, new FamilyMemberForm(resident.Name.OnCard, null, resident.BirthDate, resident.Sex,
            "郡山　父", "郡山　母", "長女", resident.Id, [new FamilyEventForm(resident.BirthDate, "出生", "【出生地】福島県郡山市")]), KioskHarness.Staff)).Value;
    }

    private async Task<KioskAnswer<Quote>> OrderAsync(Guid cardId, CertificateOrder order, RegisteredMachine? at = null)
    {
        var machine = new KioskMachine(_h.Centre, (at ?? _store).Credentials, new TestPrinter());
        var transaction = (await machine.StartAsync()).Value!;
        using var slot = _h.SetCard(cardId);
        Assert.True((await transaction.SetCardAsync(slot.Client)).Succeeded);
        var authenticated = await transaction.EnterPinAsync(KioskHarness.AuthenticationPin);
        Assert.True(authenticated.Succeeded, authenticated.Refusal?.ToString());
        var quote = await transaction.ChooseAsync(order);
        _last = transaction;
        return quote;
    }

    private MachineTransaction? _last;

    private async Task<CertificateContent> IssueAsync(Guid cardId, CertificateOrder order)
    {
        var quote = await OrderAsync(cardId, order);
        Assert.True(quote.Succeeded, quote.Refusal?.ToString());
        var receipt = await _last!.PayAsync(quote.Value!.FeeYen);
        Assert.True(receipt.Succeeded, receipt.Refusal?.ToString());
        Assert.True((await _last.PrintAsync()).Succeeded);
        var number = Assert.Single(receipt.Value!.IssueNumbers);
        var seal = await _h.WithDbAsync(db => db.Set<IssuedDocumentRow>().Where(d => d.IssueNumber == number).Select(d => d.Seal).SingleAsync());
        var check = _h.Seals.Verifier().Verify(seal);
        Assert.True(check.IsValid, check.Reason.English);
        return check.Content!;
    }

    private static string Field(CertificateContent content, string label) =>
        content.Body.OfType<CertificateField>().Single(f => f.Label == label).Value;
}
