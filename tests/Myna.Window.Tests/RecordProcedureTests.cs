using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;
using Myna.Storage.Audit;
using Myna.Window.Demo;

namespace Myna.Window.Tests;

/// <summary>The records the certificates show, kept through the window's procedures: all or nothing, audited.</summary>
public partial class RecordProcedureTests : WindowTestBase
{
    private static readonly SealRegistrationForm Seal = new("123456", "丸印、直径15mm、「番号」");

    private static TaxAssessmentForm Tax(long salaryRevenue = 4_000_000, DateOnly? releasedOn = null) =>
        new(salaryRevenue, 2_760_000, 0, 1_030_000, 1_730_000, 3_000, 103_800, 2_000, 69_200, releasedOn ?? new DateOnly(2026, 6, 1));

    private Task<IReadOnlyList<AuditEntry>> AuditAsync(string kind, Guid id) =>
        H.WithDbAsync<IReadOnlyList<AuditEntry>>(async db => await db.AuditEntries.Where(e => e.SubjectKind == kind && e.SubjectId == id.ToString("N"))
            .OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task ChangeAddress_KeepsTheOldAddressAsThePreviousOne_AndTheDayItBegan()
    {
        var resident = await H.RegisterAsync();
        var before = resident.Address;
        Assert.True((await Window.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", null, WindowHarness.Staff)).Succeeded);
        var after = await H.WithDbAsync(db => db.Set<Resident>().SingleAsync(r => r.Id == resident.Id));
        Assert.Equal(before, after.PreviousAddress);
        Assert.Equal(Window.Today, after.AddressSince);
    }

    [Fact]
    public async Task MoveIn_MakesTheOldAddressThePreviousOne_AndTheMoveDayTheDayItBegan_V5()
    {
        var resident = await H.RegisterAsync();
        Assert.True((await Window.NoteMoveOutAsync(resident.Id, Window.Today.AddDays(3), "東京都千代田区千代田１番１号", WindowHarness.Staff)).Succeeded);
        H.AdvanceDays(5);
        var moved = Window.Today.AddDays(-2);
        Assert.True((await Window.MoveInAsync(resident.Id, new MoveInForm(WindowHarness.Tokyo.Value, "東京都千代田区千代田１番１号", moved, false),
            WindowHarness.Staff)).Succeeded);
        var after = await H.WithDbAsync(db => db.Set<Resident>().SingleAsync(r => r.Id == resident.Id));
        Assert.Equal(resident.Address, after.PreviousAddress);
        Assert.Equal(moved, after.AddressSince);
    }

    [Fact]
    public async Task RegisterSeal_OnceInForce_ThenRefused_UntilAbolished()
    {
        var resident = await H.RegisterAsync();
        var first = (await Window.RegisterSealAsync(resident.Id, Seal, WindowHarness.Staff)).Value;
        Assert.Matches("^[0-9]{8}$", first.RegistrationNumber);
        var again = await Window.RegisterSealAsync(resident.Id, Seal with { CardNumber = "654321" }, WindowHarness.Staff);
        Assert.Equal(RuleIds.State, again.Refusal!.Rule);
        // The same card number is never handed out twice, not even after the registration ended.
        _ = (await Window.AbolishSealAsync(first.Id, SealAbolitionReason.CardLost, null, WindowHarness.Staff)).Value;
        Assert.Equal(RefusalKind.Rule, (await Window.RegisterSealAsync(resident.Id, Seal, WindowHarness.Staff)).Refusal!.Kind);
        Assert.True((await Window.RegisterSealAsync(resident.Id, Seal with { CardNumber = "654321" }, WindowHarness.Staff)).Succeeded);
        var all = await Window.SealRegistrationsOfAsync(resident.Id);
        Assert.Equal(2, all!.Count);
        Assert.Single(all, s => s.IsLive);
        Assert.Equal(["seal.registered", "seal.abolished", "seal.registered"],
            (await AuditAsync("resident", resident.Id)).Where(e => e.Action.StartsWith("seal.", StringComparison.Ordinal)).Select(e => e.Action));
    }

    [Fact]
    public async Task RegisterSeal_UnderFifteen_OrAdultWard_OrBadInput_IsRefused_AndNothingIsSaved()
    {
        var child = await H.RegisterAsync(birthDate: Window.Today.AddYears(-15).AddDays(1));
        Assert.Equal(RefusalKind.Rule, (await Window.RegisterSealAsync(child.Id, Seal, WindowHarness.Staff)).Refusal!.Kind);
        var ward = await H.RegisterAsync(isAdultWard: true);
        Assert.Equal(RefusalKind.Rule, (await Window.RegisterSealAsync(ward.Id, Seal, WindowHarness.Staff)).Refusal!.Kind);
        var adult = await H.RegisterAsync();
        Assert.Equal(InputField.SealCardNumber, (await Window.RegisterSealAsync(adult.Id, Seal with { CardNumber = "12a456" }, WindowHarness.Staff)).Refusal!.Field);
        Assert.Equal(InputField.SealImpression, (await Window.RegisterSealAsync(adult.Id, Seal with { Impression = " " }, WindowHarness.Staff)).Refusal!.Field);
        Assert.Equal(RefusalKind.Invalid, (await Window.RegisterSealAsync(adult.Id, Seal with { RegisteredOn = Window.Today.AddDays(1) }, WindowHarness.Staff)).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, (await Window.RegisterSealAsync(Guid.NewGuid(), Seal, WindowHarness.Staff)).Refusal!.Kind);
        Assert.Equal(0, await H.WithDbAsync(db => db.Set<SealRegistration>().CountAsync()));
        Assert.DoesNotContain(await AuditAsync("resident", adult.Id), e => e.Action.StartsWith("seal.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SealCertificate_AtTheWindow_WithTheMyNumberCard_IsRefused_AndWithTheSealCardIssued_U2_10()
    {
        var resident = await H.RegisterAsync();
        var seal = (await Window.RegisterSealAsync(resident.Id, Seal, WindowHarness.Staff)).Value;

        var myNumberCard = await Window.IssueSealCertificateAsync(resident.Id, PresentedDocument.MyNumberCard, null, WindowHarness.Staff);
        Assert.Equal(RuleIds.U2_10, myNumberCard.Refusal!.Rule);
        Assert.Contains("マイナンバーカード", myNumberCard.Refusal.Text.Japanese, StringComparison.Ordinal);
        Assert.EndsWith("(U2.10)", myNumberCard.Refusal.Text.English, StringComparison.Ordinal);
        Assert.Equal(RuleIds.U2_10, (await Window.IssueSealCertificateAsync(resident.Id, PresentedDocument.SealRegistrationCard, null, WindowHarness.Staff)).Refusal!.Rule);
        Assert.Equal(RuleIds.U2_10, (await Window.IssueSealCertificateAsync(resident.Id, PresentedDocument.SealRegistrationCard, "999999", WindowHarness.Staff)).Refusal!.Rule);
        Assert.DoesNotContain(await AuditAsync("resident", resident.Id), e => e.Action == "seal.certificate-issued");

        var certificate = (await Window.IssueSealCertificateAsync(resident.Id, PresentedDocument.SealRegistrationCard, seal.CardNumber, WindowHarness.Staff)).Value;
        Assert.Equal(seal.RegistrationNumber, certificate.Registration.RegistrationNumber);
        Assert.Equal(resident.Name.OnCard, certificate.Resident.Name.OnCard);
        var entry = (await AuditAsync("resident", resident.Id)).Last();
        Assert.Equal("seal.certificate-issued", entry.Action);
        Assert.Contains("U2.10", entry.Details, StringComparison.Ordinal);

        // An abolished registration's card no longer serves.
        _ = (await Window.AbolishSealAsync(seal.Id, SealAbolitionReason.AtRequest, null, WindowHarness.Staff)).Value;
        Assert.Equal(RuleIds.U2_10, (await Window.IssueSealCertificateAsync(resident.Id, PresentedDocument.SealRegistrationCard, seal.CardNumber, WindowHarness.Staff)).Refusal!.Rule);
    }

    [Fact]
    public async Task TaxAssessment_OnePerFiscalYear_ACorrectionReplacesIt_AndIsAudited_WithoutAmounts()
    {
        var resident = await H.RegisterAsync();
        var first = (await Window.RecordTaxAssessmentAsync(resident.Id, 2026, Tax(), WindowHarness.Staff)).Value;
        Assert.Equal(2025, first.IncomeYear);
        Assert.False(first.IsReleasedOn(new DateOnly(2026, 5, 31)));
        Assert.True(first.IsReleasedOn(new DateOnly(2026, 6, 1)));
        var corrected = (await Window.RecordTaxAssessmentAsync(resident.Id, 2026, Tax(4_100_000), WindowHarness.Staff)).Value;
        Assert.Equal(first.Id, corrected.Id);
        Assert.Equal(1, corrected.Revision);
        Assert.Equal(4_100_000, (await Window.TaxAssessmentAsync(resident.Id, 2026))!.Figures.SalaryRevenue);
        Assert.Single((await Window.TaxAssessmentsOfAsync(resident.Id))!);
        var entries = (await AuditAsync("resident", resident.Id)).Where(e => e.Action.StartsWith("tax.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["tax.recorded", "tax.corrected"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.DoesNotMatch("[0-9]{5,}|[0-9],[0-9]{3}", e.Details));
    }

    [Fact]
    public async Task TaxAssessment_BadFigures_AreRefused_AsBadInput()
    {
        var resident = await H.RegisterAsync();
        Assert.Equal(InputField.Amounts, (await Window.RecordTaxAssessmentAsync(resident.Id, 2026, Tax() with { OtherIncome = -1 }, WindowHarness.Staff)).Refusal!.Field);
        Assert.Equal(InputField.Amounts, (await Window.RecordTaxAssessmentAsync(resident.Id, 2026, Tax() with { SalaryIncome = 5_000_000 }, WindowHarness.Staff)).Refusal!.Field);
        Assert.Equal(InputField.FiscalYear, (await Window.RecordTaxAssessmentAsync(resident.Id, 1999, Tax(), WindowHarness.Staff)).Refusal!.Field);
        Assert.Equal(InputField.ReleasedOn, (await Window.RecordTaxAssessmentAsync(resident.Id, 2026, Tax(releasedOn: new DateOnly(2025, 12, 31)), WindowHarness.Staff)).Refusal!.Field);
        Assert.Equal(0, await H.WithDbAsync(db => db.Set<TaxAssessment>().CountAsync()));
    }

    [Fact]
    public async Task FamilyRegister_MembersStillInIt_AndOneLeftAlone_U2_6()
    {
        var resident = await H.RegisterAsync();
        var register = (await Window.MakeFamilyRegisterAsync(new FamilyRegisterForm("07203", "福島県郡山市朝日一丁目23番", "番号　誠", new DateOnly(2012, 5, 20)), WindowHarness.Staff)).Value;
        var head = (await Window.EnterFamilyMemberAsync(register.Id, new FamilyMemberForm("番号　誠", null, new DateOnly(1983, 8, 8), Sex.Male, null, null, "長男",
            Events: [new(new DateOnly(1983, 8, 8), "出生", "【出生地】福島県郡山市")]), WindowHarness.Staff)).Value.Members[^1];
        var hanako = (await Window.EnterFamilyMemberAsync(register.Id, new FamilyMemberForm("番号　花子", "バンゴウ　ハナコ", resident.BirthDate, Sex.Female, null, null, "長女",
            resident.Id), WindowHarness.Staff)).Value.Members[^1];
        _ = (await Window.AddAttachmentAddressAsync(register.Id, hanako.Id, new AttachmentAddressForm("東京都千代田区千代田１番１号", new DateOnly(2012, 5, 20)), WindowHarness.Staff)).Value;
        _ = (await Window.AddAttachmentAddressAsync(register.Id, hanako.Id, new AttachmentAddressForm(resident.Address, new DateOnly(2015, 10, 5)), WindowHarness.Staff)).Value;

        var entry = Assert.Single((await Window.FamilyRegistersOfAsync(resident.Id))!);
        Assert.False(entry.IsAloneInRegister);
        _ = (await Window.RemoveFamilyMemberAsync(register.Id, head.Id, new MemberRemovalForm(new DateOnly(2022, 3, 10), "死亡"), WindowHarness.Staff)).Value;
        entry = Assert.Single((await Window.FamilyRegistersOfAsync(resident.Id))!);
        Assert.True(entry.IsAloneInRegister);
        Assert.Equal([hanako.Id], entry.Register.MembersInRegister.Select(m => m.Id));
        Assert.Equal(2, entry.Register.Members.Count);
        var attachment = entry.Member.Addresses;
        Assert.Equal(new DateOnly(2015, 10, 4), attachment[0].Until);
        Assert.Null(attachment[1].Until);

        // A removal twice, and an unknown member or register, change nothing.
        Assert.Equal(RuleIds.State, (await Window.RemoveFamilyMemberAsync(register.Id, head.Id, new MemberRemovalForm(new DateOnly(2022, 3, 10), "死亡"), WindowHarness.Staff)).Refusal!.Rule);
        Assert.Equal(RefusalKind.NotFound, (await Window.RemoveFamilyMemberAsync(register.Id, Guid.NewGuid(), new MemberRemovalForm(new DateOnly(2022, 3, 10), "死亡"), WindowHarness.Staff)).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, (await Window.AddFamilyEventAsync(Guid.NewGuid(), head.Id, new FamilyEventForm(new DateOnly(2000, 1, 1), "婚姻"), WindowHarness.Staff)).Refusal!.Kind);
        Assert.Equal(
            ["family-register.made", "family-register.member-entered", "family-register.member-entered", "family-register.attachment-added",
             "family-register.attachment-added", "family-register.member-removed"],
            (await AuditAsync("family-register", register.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task DemoSeed_MakesTheRecords_OnceOnly_AndOnAnEarlierSandboxToo()
    {
        Assert.True(await DemoRegistry.SeedResidentsAsync(Window, H.Contexts));
        var steps = new List<string>();
        Assert.True(await DemoRegistry.SeedRecordsAsync(Window, H.Contexts, new SynchronousProgress(steps)));
        Assert.False(await DemoRegistry.SeedRecordsAsync(Window, H.Contexts));
        Assert.Contains($"registering seal {DemoRegistry.DemoSealRegistrations}/{DemoRegistry.DemoSealRegistrations}", steps);
        Assert.Contains($"recording tax assessment {DemoRegistry.DemoTaxAssessments}/{DemoRegistry.DemoTaxAssessments}", steps);
        Assert.Contains($"making family register {DemoRegistry.DemoFamilyRegisters}/{DemoRegistry.DemoFamilyRegisters}", steps);
        Assert.DoesNotContain(steps, s => s.Any(c => c > 0x2E80));

        var seals = await H.WithDbAsync(db => db.Set<SealRegistration>().ToListAsync());
        Assert.Equal(DemoRegistry.DemoSealRegistrations, seals.Count);
        Assert.Single(seals, s => !s.IsLive);
        var taxes = await H.WithDbAsync(db => db.Set<TaxAssessment>().ToListAsync());
        Assert.Equal(DemoRegistry.DemoTaxAssessments, taxes.Count);
        Assert.All(taxes, t => Assert.Equal(DemoRegistry.TaxReleaseDays[t.FiscalYear], t.ReleasedOn));
        var registers = await H.WithDbAsync(db => db.Set<FamilyRegister>().ToListAsync());
        Assert.Equal(DemoRegistry.DemoFamilyRegisters, registers.Count);
        Assert.All(registers, r => Assert.Equal("072036", r.Municipality.Value));
        // One resident alone in her register (U2.6 ④), an attachment with two addresses, previous addresses.
        Assert.Single(registers.SelectMany(r => r.MembersInRegister.Where(m => m.ResidentId is not null && r.IsAloneInRegister(m))));
        Assert.Contains(registers.SelectMany(r => r.Members), m => m.ResidentId is not null && m.Addresses.Count >= 2);
        var residents = await H.WithDbAsync(db => db.Set<Resident>().ToListAsync());
        Assert.True(residents.Count(r => r.PreviousAddress is not null) >= 5);
        Assert.All(residents, r => Assert.NotNull(r.HouseholdHead));
        // Each register's domicile is the 本籍 of the resident it was made for.
        Assert.All(registers, r => Assert.Contains(residents, x => x.Domicile == r.Domicile));

        // The seed went through the window's procedures: audited, and no audit detail carries a long number.
        var entries = await H.WithDbAsync(db => db.AuditEntries.ToListAsync());
        var records = entries.Where(e => e.Action.StartsWith("seal.", StringComparison.Ordinal) || e.Action.StartsWith("tax.", StringComparison.Ordinal)
            || e.Action.StartsWith("family-register.", StringComparison.Ordinal) || e.Action is "resident.household-changed" or "resident.previous-address-recorded").ToList();
        Assert.Equal(DemoRegistry.DemoSealRegistrations + 1 + DemoRegistry.DemoTaxAssessments,
            records.Count(e => e.Action.StartsWith("seal.", StringComparison.Ordinal) || e.Action.StartsWith("tax.", StringComparison.Ordinal)));
        Assert.DoesNotContain(records, e => LongNumber().IsMatch(e.Details + " " + e.DetailsJapanese));
    }

    [GeneratedRegex("[0-9]{6,}")]
    private static partial Regex LongNumber();

    private sealed class SynchronousProgress(List<string> steps) : IProgress<string>
    {
        public void Report(string value) => steps.Add(value);
    }
}
