using Myna.Primitives;
using Myna.Registry.Documents;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;

namespace Myna.Registry.Tests.Domain;

public class ResidentTests
{
    private static Resident Hanako() => new(
        Guid.NewGuid(), Municipality.Koriyama().Code, ResidentRecordCode.NewRandom(),
        MyNumber.FromFirstElevenDigits("12345678901"), new PersonName("番号", "花子", "バンゴウ", "ハナコ"),
        new DateOnly(1990, 2, 28), Sex.Female, "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 2, 28));

    [Fact]
    public void FormerSurname_IsShownInBracketsAfterTheFamilyName_M3()
    {
        var name = new PersonName("番号", "花子", "バンゴウ", "ハナコ", formerSurname: "旧姓");
        Assert.Equal("番号［旧姓］\u3000花子", name.OnCard);
    }

    [Fact]
    public void ChangeName_WithAFormerSurnameBefore2019_11_05_IsRefused_M3()
    {
        var resident = Hanako();
        var withFormer = new PersonName("個人", "花子", "コジン", "ハナコ", "番号");
        Assert.Equal("M3", Assert.Throws<RuleViolationException>(() => resident.ChangeName(withFormer, new DateOnly(2019, 11, 4))).RuleId);
        Assert.True(resident.ChangeName(withFormer, new DateOnly(2019, 11, 5)));
        Assert.Equal("個人［番号］\u3000花子", resident.FourDetails.Name);
        Assert.Equal(new DateOnly(2019, 11, 5), resident.DetailsChangedOn);
    }

    [Fact]
    public void ChangeAddress_ToTheSameAddress_ChangesNothing_D2()
    {
        var resident = Hanako();
        Assert.False(resident.ChangeAddress(" 福島県郡山市朝日一丁目２３番７号 ", new DateOnly(2026, 1, 1)));
        Assert.Null(resident.DetailsChangedOn);
        Assert.True(resident.ChangeAddress("福島県郡山市堂前町１番１号", new DateOnly(2026, 1, 2)));
        Assert.Equal(new DateOnly(2026, 1, 2), resident.DetailsChangedOn);
    }

    [Fact]
    public void MoveIn_WithoutMoveOut_IsRefused_V5()
    {
        var resident = Hanako();
        var tokyo = LocalGovernmentCode.Parse("13101").Value;
        Assert.Equal("V5", Assert.Throws<RuleViolationException>(() => resident.MoveIn(tokyo, "東京都千代田区１－１", new DateOnly(2026, 1, 1))).RuleId);
        resident.NoteMovingOut();
        resident.MoveIn(tokyo, "東京都千代田区１－１", new DateOnly(2026, 1, 10));
        Assert.Equal(tokyo, resident.Municipality);
        Assert.Equal(ResidentStatus.Registered, resident.Status);
    }

    [Fact]
    public void ToString_NeverShowsTheMyNumber()
    {
        var resident = Hanako();
        Assert.DoesNotContain(resident.MyNumber.Reveal(), resident.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NumberNotice_IsNotHandedBack_D4()
    {
        var notice = new NumberDocument(Guid.NewGuid(), Guid.NewGuid(), MyNumberDocument.NumberNotice, new DateOnly(2021, 1, 1));
        Assert.Equal("D4", Assert.Throws<RuleViolationException>(() => notice.HandBack(new DateOnly(2026, 1, 1))).RuleId);
        var card = new NumberDocument(Guid.NewGuid(), Guid.NewGuid(), MyNumberDocument.NotificationCard, new DateOnly(2016, 1, 1));
        card.HandBack(new DateOnly(2026, 1, 1));
        Assert.Equal(new DateOnly(2026, 1, 1), card.HandedBackOn);
    }
}
