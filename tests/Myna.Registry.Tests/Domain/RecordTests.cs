using Myna.Primitives;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Registry.Seals;
using Myna.Registry.Taxes;

namespace Myna.Registry.Tests.Domain;

/// <summary>The records the certificates show: the previous address, seal registrations (U2.10), tax assessments, family registers (U2.6 ④).</summary>
public class RecordTests
{
    private static readonly LocalGovernmentCode Koriyama = Municipality.Koriyama().Code;

    private static SealRegistration Seal(string card = "123456") =>
        new(Guid.NewGuid(), Guid.NewGuid(), Koriyama, "12345678", card, new DateOnly(2020, 1, 1), "丸印、直径15mm、「番号」");

    private static Resident Hanako() => new(
        Guid.NewGuid(), Koriyama, ResidentRecordCode.NewRandom(), MyNumber.FromFirstElevenDigits("12345678901"),
        new PersonName("番号", "花子", "バンゴウ", "ハナコ"), new DateOnly(1990, 2, 28), Sex.Female, "福島県郡山市朝日一丁目２３番７号",
        new DateOnly(2015, 10, 5));

    [Fact]
    public void Resident_AMove_MakesTheOldAddressThePreviousOne_AndTheMoveDayTheDayTheNewOneBegan()
    {
        var resident = Hanako();
        Assert.Null(resident.PreviousAddress);
        Assert.Equal(new DateOnly(2015, 10, 5), resident.AddressSince);
        Assert.True(resident.ChangeAddress("福島県郡山市堂前町１番１号", new DateOnly(2026, 4, 10), movedOn: new DateOnly(2026, 4, 3)));
        Assert.Equal("福島県郡山市朝日一丁目２３番７号", resident.PreviousAddress);
        Assert.Equal(new DateOnly(2026, 4, 3), resident.AddressSince);
        Assert.Equal(new DateOnly(2026, 4, 10), resident.DetailsChangedOn);
        // The same address again is no move: the previous address stays.
        Assert.False(resident.ChangeAddress("福島県郡山市堂前町１番１号", new DateOnly(2026, 5, 1)));
        Assert.Equal("福島県郡山市朝日一丁目２３番７号", resident.PreviousAddress);
        Assert.Throws<ArgumentException>(() => resident.SetPreviousAddress(null, new DateOnly(1990, 2, 27)));
    }

    [Fact]
    public void SealRegistration_AbolishedOnce_WithItsDayAndReason()
    {
        var seal = Seal();
        Assert.True(seal.IsLive);
        Assert.Throws<ArgumentException>(() => seal.Abolish(new DateOnly(2019, 12, 31), SealAbolitionReason.CardLost));
        seal.Abolish(new DateOnly(2025, 9, 1), SealAbolitionReason.CardLost);
        Assert.Equal((SealRegistrationState.Abolished, new DateOnly(2025, 9, 1), SealAbolitionReason.CardLost), (seal.State, seal.AbolishedOn!.Value, seal.AbolitionReason!.Value));
        Assert.Equal(RuleIds.State, Assert.Throws<RuleViolationException>(() => seal.Abolish(new DateOnly(2025, 9, 2), SealAbolitionReason.AtRequest)).RuleId);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12345678901")]
    [InlineData("12345a")]
    [InlineData("")]
    public void SealRegistration_CardNumber_Has6To10Digits(string card) =>
        Assert.Throws<ArgumentException>(() => Seal(card));

    [Fact]
    public void SealCertificate_WithTheMyNumberCard_IsRefused_U2_10()
    {
        var decision = SealCertificateRule.AtWindow(Seal(), PresentedDocument.MyNumberCard, "123456");
        Assert.False(decision.IsAllowed);
        Assert.Equal(RuleIds.U2_10, decision.Rule);
        Assert.EndsWith("（U2.10）", decision.Reason.Japanese, StringComparison.Ordinal);
        Assert.Contains("My Number card does not serve", decision.Reason.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true, false)]      // no card presented
    [InlineData("654321", true, false)]  // another card
    [InlineData("123456", false, false)] // no registration in force
    [InlineData("123456", true, true)]
    public void SealCertificate_NeedsTheCardOfTheRegistrationInForce_U2_10(string? card, bool registered, bool allowed)
    {
        var decision = SealCertificateRule.AtWindow(registered ? Seal() : null, PresentedDocument.SealRegistrationCard, card);
        Assert.Equal(allowed, decision.IsAllowed);
        Assert.Equal(RuleIds.U2_10, decision.Rule);
    }

    [Fact]
    public void TaxFigures_KeepTheirSums_AndRefuseNegativeAmounts()
    {
        var figures = new TaxFigures(4_000_000, 2_760_000, 100_000, 1_030_000, 1_830_000, 3_000, 109_800, 2_000, 73_200);
        Assert.Equal(2_860_000, figures.TotalIncome);
        Assert.Equal(188_000, figures.TotalLevy);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaxFigures(-1, 0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaxFigures(100, 200, 0, 0, 0, 0, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaxFigures(100, 100, 0, 0, 101, 0, 0, 0, 0));
        Assert.Null(TaxFigures.TryCreate(0, 0, 0, 0, 0, 0, TaxFigures.MaxAmount + 1, 0, 0));
        Assert.Equal(TaxFigures.None, TaxFigures.TryCreate(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void TaxAssessment_IsReleasedFromItsDay_AndACorrectionReplacesIt_U2_6()
    {
        var assessment = new TaxAssessment(Guid.NewGuid(), Guid.NewGuid(), 2026, TaxFigures.None, new DateOnly(2026, 6, 1), new DateOnly(2026, 5, 20));
        Assert.Equal(2025, assessment.IncomeYear);
        Assert.False(assessment.IsReleasedOn(new DateOnly(2026, 5, 31)));
        Assert.True(assessment.IsReleasedOn(new DateOnly(2026, 6, 1)));
        Assert.False(assessment.Correct(TaxFigures.None, new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1)));
        var corrected = new TaxFigures(1_000_000, 450_000, 0, 430_000, 20_000, 3_000, 1_200, 2_000, 800);
        Assert.True(assessment.Correct(corrected, new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1)));
        Assert.Equal((corrected, 1, new DateOnly(2026, 7, 1)), (assessment.Figures, assessment.Revision, assessment.RecordedOn));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaxAssessment(Guid.NewGuid(), Guid.NewGuid(), 2026, TaxFigures.None, new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 1)));
    }

    private static FamilyRegisterMember Member(string name, string relationship, Guid? resident = null) =>
        new(Guid.NewGuid(), name, null, new DateOnly(1980, 1, 1), Sex.Male, null, null, relationship, resident);

    [Fact]
    public void FamilyRegister_SomeoneLeftAloneAfterTheOthersAreRemoved_IsAlone_U2_6()
    {
        var register = new FamilyRegister(Guid.NewGuid(), Koriyama, "福島県郡山市朝日一丁目23番", "番号　誠", new DateOnly(2012, 5, 20));
        var head = register.AddMember(Member("番号　誠", "長男"));
        var resident = Guid.NewGuid();
        var wife = register.AddMember(Member("番号　花子", "長女", resident));
        Assert.False(register.IsAloneInRegister(wife));
        Assert.Equal(RuleIds.State, Assert.Throws<RuleViolationException>(() => register.AddMember(Member("番号　花子", "長女", resident))).RuleId);

        head.Remove(new DateOnly(2022, 3, 10), "死亡");
        Assert.True(register.IsAloneInRegister(wife));
        Assert.False(register.IsAloneInRegister(head));
        Assert.Equal([wife], register.MembersInRegister);
        Assert.Equal(2, register.Members.Count);
        Assert.Same(wife, register.MemberFor(resident));
        Assert.Equal(RuleIds.State, Assert.Throws<RuleViolationException>(() => head.Remove(new DateOnly(2022, 3, 11), "死亡")).RuleId);
    }

    [Fact]
    public void Attachment_ANewCurrentAddress_EndsTheLastOneTheDayBefore_AndPeriodsNeverOverlap()
    {
        var member = Member("番号　花子", "長女");
        member.AddAddress("東京都千代田区千代田１番１号", new DateOnly(2012, 5, 20), null);
        member.AddAddress("福島県郡山市朝日一丁目２３番７号", new DateOnly(2015, 10, 5), null);
        Assert.Equal(new DateOnly(2015, 10, 4), member.Addresses[0].Until);
        Assert.Equal("福島県郡山市朝日一丁目２３番７号", member.CurrentAddress!.Address);
        // An earlier period, before the first: fine; one overlapping a recorded period: refused.
        member.AddAddress("宮城県仙台市青葉区本町３丁目８番", new DateOnly(2005, 4, 1), new DateOnly(2012, 5, 19));
        Assert.Equal(RuleIds.State, Assert.Throws<RuleViolationException>(
            () => member.AddAddress("福島県福島市杉妻町２番", new DateOnly(2010, 1, 1), new DateOnly(2013, 1, 1))).RuleId);
        Assert.Equal(3, member.Addresses.Count);
        Assert.Equal([new DateOnly(2005, 4, 1), new DateOnly(2012, 5, 20), new DateOnly(2015, 10, 5)], member.Addresses.Select(a => a.From));
        // A removal ends the current address on its day.
        member.Remove(new DateOnly(2022, 3, 10), "婚姻");
        Assert.Null(member.CurrentAddress);
        Assert.Equal(new DateOnly(2022, 3, 10), member.Addresses[^1].Until);
    }
}
