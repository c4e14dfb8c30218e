using Myna.Registry.Cards;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

public class MyNumberDocumentRuleTests
{
    [Theory]
    [InlineData("2015-10-05", MyNumberDocument.NotificationCard)]
    [InlineData("2020-05-24", MyNumberDocument.NotificationCard)] // D2: the last day of notification cards
    [InlineData("2020-05-25", MyNumberDocument.NumberNotice)]     // D3: born or first registered on or after
    [InlineData("2026-11-20", MyNumberDocument.NumberNotice)]
    public void DocumentSent_ByNumberingDay_D1_D3(string numberedOn, MyNumberDocument expected) =>
        Assert.Equal(expected, MyNumberDocumentRule.SentOnNumbering(D(numberedOn)));

    [Fact]
    public void DocumentSent_BeforeNumberingBegan_IsAContractError_D1() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MyNumberDocumentRule.SentOnNumbering(D("2015-10-04")));

    [Theory]
    [InlineData(null, true)]          // never changed
    [InlineData("2019-04-01", true)]  // changed before abolition: written on the card, still proves
    [InlineData("2020-05-24", true)]
    [InlineData("2020-05-25", false)] // D2: a change on or after 2020-05-25 ends it
    [InlineData("2023-08-01", false)]
    public void NotificationCard_ProvesMyNumberOnlyWhileUnchangedSinceAbolition_D2(string? changedOn, bool proves)
    {
        var proof = MyNumberDocumentRule.ForNotificationCard(changedOn is null ? null : D(changedOn), D("2026-11-25"));
        Assert.Equal(proves, proof.ProvesMyNumber);
        Assert.False(proof.ProvesIdentity);
        Assert.EndsWith("(D2)", proof.Reason.English, StringComparison.Ordinal);
    }

    [Fact]
    public void NotificationCard_ChangeAfterTheDayAsked_IsAContractError_D2() =>
        Assert.Throws<ArgumentException>(() => MyNumberDocumentRule.ForNotificationCard(D("2026-12-01"), D("2026-11-25")));

    [Fact]
    public void NumberNotice_ProvesNothing_D3()
    {
        var proof = MyNumberDocumentRule.ForNumberNotice();
        Assert.False(proof.ProvesIdentity || proof.ProvesMyNumber || proof.CertificatesUsable);
    }

    [Theory]
    [InlineData(MyNumberDocument.NotificationCard, true)]
    [InlineData(MyNumberDocument.NumberNotice, false)]
    [InlineData(MyNumberDocument.Card, false)]
    public void HandedBackAtCardDelivery_OnlyTheNotificationCard_D4(MyNumberDocument document, bool handedBack) =>
        Assert.Equal(handedBack, MyNumberDocumentRule.HandedBackAtCardDelivery(document));

    [Theory]
    [InlineData("2036-01-02", true)]  // the expiry day is the last valid day
    [InlineData("2036-01-03", false)] // V7: the day after, nothing on it counts
    public void Card_ProvesIdentityAndNumberUntilExpiry_D1_V7(string on, bool valid)
    {
        var proof = MyNumberDocumentRule.ForCard(CardState.Active, D("2036-01-02"), D(on));
        Assert.Equal(valid, proof.ProvesIdentity);
        Assert.Equal(valid, proof.ProvesMyNumber);
        Assert.Equal(valid, proof.CertificatesUsable);
    }

    [Fact]
    public void Card_Expired_IsNoIdentityDocument_CertificatesInvalid_V7() =>
        Assert.Equal(
            "the card expired on 2036-01-02: it is no identity document, does not prove the My Number, and its e-certificates are invalid (V7)",
            MyNumberDocumentRule.ForCard(CardState.Active, D("2036-01-02"), D("2036-01-03")).Reason.English);

    [Theory]
    [InlineData(CardState.Suspended, "L1")]
    [InlineData(CardState.Lapsed, "V5")]
    [InlineData(CardState.Returned, "D1")]
    public void Card_NotInForce_ProvesNothing_EvenBeforeExpiry_D1(CardState standing, string rule)
    {
        var proof = MyNumberDocumentRule.ForCard(standing, D("2036-01-02"), D("2026-11-25"));
        Assert.False(proof.ProvesIdentity || proof.ProvesMyNumber || proof.CertificatesUsable);
        Assert.EndsWith($"({rule})", proof.Reason.English, StringComparison.Ordinal);
    }
}
