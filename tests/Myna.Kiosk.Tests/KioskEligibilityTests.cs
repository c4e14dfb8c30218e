using System.Globalization;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Kiosk.Tests;

public class KioskEligibilityTests
{
    private static readonly KioskSettings Koriyama = KioskSettings.Koriyama;
    private static readonly LocalGovernmentCode Fukushima = LocalGovernmentCode.Parse("07201").Value;
    private static readonly LocalGovernmentCode Chiyoda = LocalGovernmentCode.Parse("13101").Value;

    // Fukushima as a test municipality: no seal certificates at kiosks, family-register certificates to outside
    // residents after a use registration, a city hall machine 09:00–16:00.
    private static readonly KioskSettings FukushimaSettings = new(
        Fukushima,
        new("福島市", "Fukushima"),
        CertificateFees.Window.Where(f => f.Key != KioskCertificate.SealRegistration).ToDictionary(),
        new HashSet<DateOnly> { new(2026, 3, 8) },
        FamilyRegisterForNonResidents: true,
        new DailyHours(new TimeOnly(9, 0), new TimeOnly(16, 0)));

    private const string Weekday = "2026-03-02 12:00"; // a Monday

    private static DateTimeOffset Jst(string text) =>
        new(DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture), TimeSpan.FromHours(9));

    private static KioskHolder Holder(LocalGovernmentCode registeredIn, LocalGovernmentCode? domicileIn) => new(
        registeredIn, domicileIn, new HashSet<LocalGovernmentCode>(), MoveOutFiled: false, IssuanceRestricted: false,
        "郡山 花子", "福島県郡山市朝日一丁目23番7号", FamilyRegisterMembers: 3,
        CardDeliveredOn: new DateOnly(2025, 4, 1), RenewedForContinuedUseOn: null);

    private static readonly KioskHolder Resident = Holder(Koriyama.Municipality, Koriyama.Municipality);

    private static KioskRequest Request(KioskCertificate certificate, string jst = Weekday, KioskPlace place = KioskPlace.ConvenienceStore) =>
        new(certificate, place, Jst(jst)) { TaxYear = new TaxCertificateYear(2025, new DateOnly(2025, 6, 1)) };

    private static LocalGovernmentCode? Where(string where) => where switch
    {
        "here" => Koriyama.Municipality,
        "elsewhere" => Fukushima,
        "none" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(where)),
    };

    // The U2.5 table: rows by registration and 本籍, one cell per certificate.
    [Theory]
    [InlineData("here", "here", KioskCertificate.ResidentRecord, KioskOffer.Issued)]
    [InlineData("here", "here", KioskCertificate.ResidentRecordItems, KioskOffer.Issued)]
    [InlineData("here", "here", KioskCertificate.SealRegistration, KioskOffer.Issued)]
    [InlineData("here", "here", KioskCertificate.IncomeAndTax, KioskOffer.Issued)]
    [InlineData("here", "here", KioskCertificate.FamilyRegisterAttachment, KioskOffer.Issued)]
    [InlineData("here", "here", KioskCertificate.FamilyRegister, KioskOffer.Issued)]
    [InlineData("here", "elsewhere", KioskCertificate.ResidentRecord, KioskOffer.Issued)]
    [InlineData("here", "elsewhere", KioskCertificate.ResidentRecordItems, KioskOffer.Issued)]
    [InlineData("here", "elsewhere", KioskCertificate.SealRegistration, KioskOffer.Issued)]
    [InlineData("here", "elsewhere", KioskCertificate.IncomeAndTax, KioskOffer.Issued)]
    [InlineData("here", "elsewhere", KioskCertificate.FamilyRegisterAttachment, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("here", "elsewhere", KioskCertificate.FamilyRegister, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "here", KioskCertificate.ResidentRecord, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "here", KioskCertificate.ResidentRecordItems, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "here", KioskCertificate.SealRegistration, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "here", KioskCertificate.IncomeAndTax, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "here", KioskCertificate.FamilyRegisterAttachment, KioskOffer.NotIssued)]
    [InlineData("elsewhere", "here", KioskCertificate.FamilyRegister, KioskOffer.NotIssued)]
    [InlineData("elsewhere", "elsewhere", KioskCertificate.ResidentRecord, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "elsewhere", KioskCertificate.ResidentRecordItems, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "elsewhere", KioskCertificate.SealRegistration, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "elsewhere", KioskCertificate.IncomeAndTax, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "elsewhere", KioskCertificate.FamilyRegisterAttachment, KioskOffer.DependsOnOtherMunicipality)]
    [InlineData("elsewhere", "elsewhere", KioskCertificate.FamilyRegister, KioskOffer.DependsOnOtherMunicipality)]
    public void Koriyama_Table_U2_5(string registered, string domicile, KioskCertificate certificate, KioskOffer expected)
    {
        Assert.Equal(expected, Koriyama.Offer(certificate, registered == "here", domicile == "here"));

        var decision = KioskEligibility.Decide(Koriyama, Holder(Where(registered)!.Value, Where(domicile)), Request(certificate));
        Assert.Equal(expected == KioskOffer.Issued, decision.IsAllowed);
        switch (expected)
        {
            case KioskOffer.Issued:
                Assert.Equal(CertificateFees.Window[certificate], decision.FeeYen);
                break;
            case KioskOffer.DependsOnOtherMunicipality:
                Assert.Equal(RuleIds.U2_9, decision.Rule);
                Assert.Equal(Fukushima, decision.DependsOn);
                break;
            default:
                Assert.Equal(RuleIds.U2_5, decision.Rule);
                break;
        }
    }

    [Fact]
    public void Koriyama_ChargesTheWindowsFees_U2_3_U2_9()
    {
        Assert.Equal(6, Koriyama.Fees.Count);
        Assert.Equal(300, Koriyama.Fees[KioskCertificate.ResidentRecord]);
        Assert.Equal(450, Koriyama.Fees[KioskCertificate.FamilyRegister]);
        var decision = KioskEligibility.Decide(Koriyama, Resident, Request(KioskCertificate.FamilyRegister));
        Assert.Equal("郡山市の戸籍全部（個人）事項証明書をコンビニ交付で発行できます。手数料は450円です。（U2.9）", decision.Reason.Japanese);
        Assert.Equal("Koriyama issues the family-register certificate at the kiosk for 450 yen (U2.9)", decision.Reason.English);
    }

    [Fact]
    public void DependsOnOther_WithItsSettings_IsDecidedThere_U2_5_U2_9()
    {
        // Registered in Fukushima: its kiosk decides the resident record; it does not issue seal certificates.
        var holder = Holder(Fukushima, Koriyama.Municipality);
        KioskSettings? Lookup(LocalGovernmentCode code) => code == Fukushima ? FukushimaSettings : null;

        var record = KioskEligibility.Decide(Koriyama, holder, Request(KioskCertificate.ResidentRecord), Lookup);
        Assert.True(record.IsAllowed);
        Assert.Equal(Fukushima, record.Issuer);
        Assert.Equal(Fukushima, record.DependsOn);
        Assert.Contains("福島市の住民票の写し", record.Reason.Japanese, StringComparison.Ordinal);

        var seal = KioskEligibility.Decide(Koriyama, holder, Request(KioskCertificate.SealRegistration), Lookup);
        Assert.False(seal.IsAllowed);
        Assert.Equal(RuleIds.U2_9, seal.Rule);
        Assert.Equal(Fukushima, seal.Issuer);
    }

    [Fact]
    public void DependsOnOther_WithoutItsSettings_SaysSo_U2_9()
    {
        var decision = KioskEligibility.Decide(Koriyama, Holder(Koriyama.Municipality, Chiyoda), Request(KioskCertificate.FamilyRegister));
        Assert.False(decision.IsAllowed);
        Assert.Equal(Chiyoda, decision.DependsOn);
        Assert.Equal(
            "the family-register certificate is issued not by Koriyama but by the municipality of the family register (131016); whether its kiosks issue it depends on that municipality (U2.9)",
            decision.Reason.English);
    }

    [Fact]
    public void FamilyRegister_NonResident_NeedsUseRegistration_U2_5()
    {
        var holder = Holder(Koriyama.Municipality, Fukushima);
        var request = Request(KioskCertificate.FamilyRegister);
        var without = KioskEligibility.Decide(FukushimaSettings, holder, request);
        Assert.False(without.IsAllowed);
        Assert.Equal(RuleIds.U2_5, without.Rule);
        Assert.Contains("利用登録", without.Reason.Japanese, StringComparison.Ordinal);

        var registered = holder with { UseRegistrations = new HashSet<LocalGovernmentCode> { Fukushima } };
        Assert.True(KioskEligibility.Decide(FukushimaSettings, registered, request).IsAllowed);
    }

    [Fact]
    public void FamilyRegister_WithoutDomicile_IsRefused_U2_5()
    {
        var decision = KioskEligibility.Decide(Koriyama, Holder(Koriyama.Municipality, null), Request(KioskCertificate.FamilyRegisterAttachment));
        Assert.False(decision.IsAllowed);
        Assert.Equal(RuleIds.U2_5, decision.Rule);
        Assert.True(KioskEligibility.Decide(Koriyama, Holder(Koriyama.Municipality, null), Request(KioskCertificate.ResidentRecord)).IsAllowed);
    }

    [Fact]
    public void NotOffered_IsRefused_U2_9()
    {
        var holder = Holder(Fukushima, Fukushima);
        var decision = KioskEligibility.Decide(FukushimaSettings, holder, Request(KioskCertificate.SealRegistration));
        Assert.Equal(RuleIds.U2_9, decision.Rule);
        Assert.Equal("福島市は、印鑑登録証明書をコンビニ交付で発行していません。窓口で請求してください。（U2.9）", decision.Reason.Japanese);
    }

    [Theory]
    [InlineData("2026-03-02 06:29:59", false)]
    [InlineData("2026-03-02 06:30", true)]
    [InlineData("2026-03-02 22:59:59", true)]
    [InlineData("2026-03-02 23:00", false)]
    [InlineData("2026-03-08 06:30", true)] // Sunday: every day
    public void ConvenienceStore_Hours_U2_1(string jst, bool issued)
    {
        var decision = KioskEligibility.Decide(Koriyama, Resident, Request(KioskCertificate.ResidentRecord, jst));
        Assert.Equal(issued, decision.IsAllowed);
        Assert.Equal(issued ? RuleIds.U2_9 : RuleIds.U2_1, decision.Rule);
    }

    [Theory]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 09:59", false)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 10:00", true)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 17:14", true)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 17:15", false)]
    [InlineData(KioskCertificate.FamilyRegisterAttachment, "2026-03-02 09:59", false)]
    [InlineData(KioskCertificate.FamilyRegisterAttachment, "2026-03-02 10:00", true)]
    [InlineData(KioskCertificate.FamilyRegisterAttachment, "2026-03-02 17:15", false)]
    public void FamilyRegisterCertificates_Hours_U2_1(KioskCertificate certificate, string jst, bool issued) =>
        Assert.Equal(issued, KioskEligibility.Decide(Koriyama, Resident, Request(certificate, jst)).IsAllowed);

    [Fact]
    public void MaintenanceDay_IsRefused_U2_1()
    {
        var holder = Holder(Fukushima, Fukushima);
        var decision = KioskEligibility.Decide(FukushimaSettings, holder, Request(KioskCertificate.ResidentRecord, "2026-03-08 12:00"));
        Assert.Equal(RuleIds.U2_1, decision.Rule);
        Assert.False(decision.IsAllowed);
        Assert.True(KioskEligibility.Decide(FukushimaSettings, holder, Request(KioskCertificate.ResidentRecord, "2026-03-09 12:00")).IsAllowed);
    }

    [Theory]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 08:29", false)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 08:30", true)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 17:14", true)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 17:15", false)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-07 12:00", false)] // Saturday
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 09:59", false)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 10:00", true)]
    public void CityHallMachine_Hours_U2_11(KioskCertificate certificate, string jst, bool issued)
    {
        var decision = KioskEligibility.Decide(Koriyama, Resident, Request(certificate, jst, KioskPlace.CityHall));
        Assert.Equal(issued, decision.IsAllowed);
        Assert.Equal(issued ? RuleIds.U2_9 : RuleIds.U2_11, decision.Rule);
    }

    [Theory]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 08:59", false)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 09:00", true)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 15:59", true)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 16:00", false)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-08 12:00", false)] // Sunday
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 09:59", false)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 10:00", true)]
    public void CityHallMachine_OwnHours_U2_11(KioskCertificate certificate, string jst, bool issued)
    {
        var decision = KioskEligibility.Decide(FukushimaSettings, Holder(Fukushima, Fukushima), Request(certificate, jst, KioskPlace.CityHall));
        Assert.Equal(issued, decision.IsAllowed);
        Assert.Equal(issued ? RuleIds.U2_9 : RuleIds.U2_11, decision.Rule);
    }

    [Fact]
    public void CityHallMachine_None_OrAnotherMunicipalitysCertificate_U2_11()
    {
        var none = FukushimaSettings with { CityHallMachineHours = null };
        Assert.Equal(RuleIds.U2_11, KioskEligibility.Decide(none, Holder(Fukushima, Fukushima), Request(KioskCertificate.ResidentRecord, place: KioskPlace.CityHall)).Rule);
        var elsewhere = KioskEligibility.Decide(Koriyama, Holder(Fukushima, Koriyama.Municipality), Request(KioskCertificate.ResidentRecord, place: KioskPlace.CityHall), _ => FukushimaSettings);
        Assert.False(elsewhere.IsAllowed);
        Assert.Equal(RuleIds.U2_11, elsewhere.Rule);
    }

    [Theory]
    [InlineData("2026-03-02", "2026-03-02 12:00", false)] // the delivery day
    [InlineData("2026-03-02", "2026-03-02 22:59", false)]
    [InlineData("2026-03-02", "2026-03-03 06:30", true)]  // the next day
    public void DeliveryDay_IsRefused_U2_7(string delivered, string jst, bool issued)
    {
        var holder = Resident with { CardDeliveredOn = DateOnly.Parse(delivered, CultureInfo.InvariantCulture) };
        var decision = KioskEligibility.Decide(Koriyama, holder, Request(KioskCertificate.ResidentRecord, jst));
        Assert.Equal(issued, decision.IsAllowed);
        Assert.Equal(issued ? RuleIds.U2_9 : RuleIds.U2_7, decision.Rule);
    }

    [Theory]
    [InlineData("2026-03-02 12:00", false)]
    [InlineData("2026-03-03 12:00", true)]
    public void ContinuedUseDay_IsRefused_U2_7(string jst, bool issued)
    {
        var holder = Resident with { RenewedForContinuedUseOn = new DateOnly(2026, 3, 2) };
        var decision = KioskEligibility.Decide(Koriyama, holder, Request(KioskCertificate.ResidentRecord, jst));
        Assert.Equal(issued, decision.IsAllowed);
        Assert.Equal(issued ? RuleIds.U2_9 : RuleIds.U2_7, decision.Rule);
    }

    [Fact]
    public void DeliveryDay_ReadsJapanTime_U2_7()
    {
        // 2026-03-02 15:00 UTC is 2026-03-03 00:00 in Japan: the day after delivery.
        var holder = Resident with { CardDeliveredOn = new DateOnly(2026, 3, 2) };
        var request = new KioskRequest(KioskCertificate.ResidentRecord, KioskPlace.ConvenienceStore, new DateTimeOffset(2026, 3, 2, 21, 30, 0, TimeSpan.Zero));
        Assert.True(KioskEligibility.Decide(Koriyama, holder, request).IsAllowed);
        Assert.Equal(RuleIds.U2_7, KioskEligibility.Decide(Koriyama, holder, request with { At = new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero) }).Rule);
    }

    [Fact]
    public void MoveOutFiled_IsRefused_U2_6()
    {
        var decision = KioskEligibility.Decide(Koriyama, Resident with { MoveOutFiled = true }, Request(KioskCertificate.ResidentRecord));
        Assert.Equal("U2.6①", decision.Rule);
        Assert.Equal("転出の届出をされた方には、コンビニ交付で証明書を発行できません。窓口で請求してください。（U2.6①）", decision.Reason.Japanese);
    }

    [Fact]
    public void SupportMeasure_IsRefused_U2_6()
    {
        var decision = KioskEligibility.Decide(Koriyama, Resident with { IssuanceRestricted = true }, Request(KioskCertificate.SealRegistration));
        Assert.False(decision.IsAllowed);
        Assert.Equal("U2.6②", decision.Rule);
    }

    [Theory]
    [InlineData(30, 60, true)]
    [InlineData(31, 60, false)]
    [InlineData(30, 61, false)]
    public void NameAndAddressLength_AtTheFormsLimit_U2_6(int nameLength, int addressLength, bool issued)
    {
        var holder = Resident with { Name = new string('郡', nameLength), Address = new string('山', addressLength) };
        var decision = KioskEligibility.Decide(Koriyama, holder, Request(KioskCertificate.ResidentRecord));
        Assert.Equal(issued, decision.IsAllowed);
        if (!issued)
            Assert.Equal("U2.6③", decision.Rule);
    }

    [Fact]
    public void NameLength_CountsASurrogatePairOnce_U2_6()
    {
        var holder = Resident with { Name = string.Concat(Enumerable.Repeat("𠮷", 30)) };
        Assert.True(KioskEligibility.Decide(Koriyama, holder, Request(KioskCertificate.ResidentRecord)).IsAllowed);
    }

    [Theory]
    [InlineData(1, true, false)]
    [InlineData(1, false, true)]
    [InlineData(2, true, true)]
    public void IndividualCertificate_AloneInTheRegister_U2_6(int members, bool individual, bool issued)
    {
        var decision = KioskEligibility.Decide(
            Koriyama, Resident with { FamilyRegisterMembers = members }, Request(KioskCertificate.FamilyRegister) with { Individual = individual });
        Assert.Equal(issued, decision.IsAllowed);
        if (!issued)
            Assert.Equal("U2.6④", decision.Rule);
    }

    [Theory]
    [InlineData("2026-05-31 22:59", false)]
    [InlineData("2026-06-01 06:30", true)]
    public void TaxCertificate_BeforeItsReleaseDate_U2_6(string jst, bool issued)
    {
        var request = Request(KioskCertificate.IncomeAndTax, jst) with { TaxYear = new TaxCertificateYear(2026, new DateOnly(2026, 6, 1)) };
        var decision = KioskEligibility.Decide(Koriyama, Resident, request);
        Assert.Equal(issued, decision.IsAllowed);
        if (!issued)
        {
            Assert.Equal("U2.6⑤", decision.Rule);
            Assert.Equal("2026年度の所得・課税証明書は、2026年6月1日からコンビニ交付で発行します。（U2.6⑤）", decision.Reason.Japanese);
        }
    }

    [Fact]
    public void TaxCertificate_WithoutItsYear_Throws_U2_6() =>
        Assert.Throws<ArgumentException>(() => KioskEligibility.Decide(
            Koriyama, Resident, new KioskRequest(KioskCertificate.IncomeAndTax, KioskPlace.ConvenienceStore, Jst(Weekday))));
}
