using Myna.Pki;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Registry.Tests.Domain;

public class CardTransitionTests
{
    private static readonly DateOnly Issued = new(2026, 4, 1);
    private static readonly DateOnly Expiry = new(2036, 5, 10);

    private static CardRecord NewCardWithCertificates()
    {
        var card = new CardRecord(Guid.NewGuid(), Guid.NewGuid(), "1234567890123456", Municipality.Koriyama().Code, Issued, Expiry, "0123", [1, 2, 3]);
        card.LoadCertificate(new CardCertificate(JpkiHierarchy.Signature, "0A", Issued, new DateOnly(2031, 5, 10)), Issued);
        card.LoadCertificate(new CardCertificate(JpkiHierarchy.UserAuthentication, "0B", Issued, new DateOnly(2031, 5, 10)), Issued);
        return card;
    }

    public static TheoryData<CardState, CardState, bool> Table()
    {
        var data = new TheoryData<CardState, CardState, bool>();
        foreach (var from in Enum.GetValues<CardState>())
        {
            foreach (var to in Enum.GetValues<CardState>())
            {
                var allowed = (from, to) switch
                {
                    (CardState.Active, CardState.Suspended) => true,
                    (CardState.Suspended, CardState.Active) => true,
                    (CardState.Active or CardState.Suspended, CardState.Lapsed or CardState.Expired) => true,
                    (CardState.Returned or CardState.Replaced, _) => false,
                    (_, CardState.Returned or CardState.Replaced) => true,
                    _ => false,
                };
                data.Add(from, to, allowed);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Allows_OnlyTheRulesTransitions(CardState from, CardState to, bool allowed) =>
        Assert.Equal(allowed, CardStates.Allows(from, to));

    [Fact]
    public void Suspend_HandsBackBothCertificates_AndForgetsThem_L1()
    {
        var card = NewCardWithCertificates();
        var revoke = card.Suspend(new DateOnly(2026, 6, 1));
        Assert.Equal(["0A", "0B"], revoke.Select(c => c.SerialNumber));
        Assert.Equal(CardState.Suspended, card.State);
        Assert.Empty(card.Certificates);
        Assert.Contains("L1", card.StateReason);
        Assert.Equal("紛失・盗難の届出により一時停止しました。（L1）", card.StateReasonText?.Japanese);
    }

    [Fact]
    public void Suspend_Twice_IsRefusedNamingL1()
    {
        var card = NewCardWithCertificates();
        card.Suspend(new DateOnly(2026, 6, 1));
        var refusal = Assert.Throws<RuleViolationException>(() => card.Suspend(new DateOnly(2026, 6, 2)));
        Assert.Equal("L1", refusal.RuleId);
        Assert.Contains("suspended", refusal.Message);
        Assert.Equal(refusal.Message, refusal.Text.English);
        Assert.Equal("カードは一時停止中のため、一時停止することはできません。（L1）", refusal.Text.Japanese);
    }

    [Fact]
    public void LiftSuspension_MakesTheCardUsableWithoutCertificates_L2()
    {
        var card = NewCardWithCertificates();
        card.Suspend(new DateOnly(2026, 6, 1));
        card.LiftSuspension(new DateOnly(2026, 6, 3));
        Assert.Equal(CardState.Active, card.State);
        Assert.Empty(card.Certificates); // new ones are issued at the window (L2 note)
    }

    [Fact]
    public void LiftSuspension_AfterExpiry_IsRefused_V7()
    {
        var card = NewCardWithCertificates();
        card.Suspend(new DateOnly(2036, 5, 1));
        var refusal = Assert.Throws<RuleViolationException>(() => card.LiftSuspension(Expiry.AddDays(1)));
        Assert.Equal("V7", refusal.RuleId);
    }

    [Fact]
    public void StateOn_TheDayAfterExpiry_IsExpired_AndOnTheExpiryStillActive_V7()
    {
        var card = NewCardWithCertificates();
        Assert.Equal(CardState.Active, card.StateOn(Expiry));
        Assert.Equal(CardState.Expired, card.StateOn(Expiry.AddDays(1)));
    }

    [Fact]
    public void Expire_BeforeTheExpiryDate_IsRefused_V7()
    {
        var card = NewCardWithCertificates();
        Assert.Equal("V7", Assert.Throws<RuleViolationException>(() => card.Expire(Expiry)).RuleId);
        Assert.Equal(2, card.Expire(Expiry.AddDays(1)).Count);
        Assert.Equal(CardState.Expired, card.State);
    }

    [Fact]
    public void Lapse_ThenReplace_RecordsTheNewCard_AndIsFinal_V5_V6()
    {
        var card = NewCardWithCertificates();
        var revoked = card.Lapse(new DateOnly(2026, 8, 1), new LocalizedText("転入届が遅れました。（V5）", "the move-in notice came late (V5)"));
        Assert.Equal(2, revoked.Count);
        Assert.Equal("the move-in notice came late (V5)", card.StateReason);
        var next = Guid.NewGuid();
        Assert.Empty(card.ReplaceBy(next, new DateOnly(2026, 8, 5), CardIssueOccasion.ReissueAfterLapse));
        Assert.Equal(next, card.ReplacedBy);
        Assert.Equal("replaced by a new card (ReissueAfterLapse)", card.StateReason);
        Assert.Equal("新しいカード（失効後の再交付）に切り替わりました。", card.StateReasonText?.Japanese);
        Assert.True(card.State.IsFinal());
        Assert.Throws<RuleViolationException>(() => card.Return(new DateOnly(2026, 8, 6)));
    }

    [Fact]
    public void Endorse_FillsTheArea_ThenRefusesNamingM2()
    {
        var card = NewCardWithCertificates();
        for (var i = 1; i <= CardRecord.EndorsementCapacity; i++)
            Assert.Equal(i, card.Endorse(new DateOnly(2026, 5, i), $"change {i}").Line);
        Assert.False(card.HasRoomForEndorsement);
        var refusal = Assert.Throws<RuleViolationException>(() => card.Endorse(new DateOnly(2026, 6, 1), "one more"));
        Assert.Equal("M2", refusal.RuleId);
        Assert.Contains("free", refusal.Message);
        Assert.Contains("無料", refusal.Text.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void Endorse_OnASuspendedCard_IsRefused()
    {
        var card = NewCardWithCertificates();
        card.Suspend(new DateOnly(2026, 5, 1));
        Assert.Throws<RuleViolationException>(() => card.Endorse(new DateOnly(2026, 5, 2), "moved"));
        Assert.Empty(card.Endorsements);
    }

    [Fact]
    public void LoadCertificate_PastTheCardsExpiry_IsRefused_E2_AndReplacingReturnsTheOldOne()
    {
        var card = NewCardWithCertificates();
        Assert.Equal("E2", Assert.Throws<RuleViolationException>(() =>
            card.LoadCertificate(new CardCertificate(JpkiHierarchy.Signature, "0C", Issued, Expiry.AddDays(1)), Issued)).RuleId);
        var old = card.LoadCertificate(new CardCertificate(JpkiHierarchy.Signature, "0D", Issued, Expiry), Issued);
        Assert.Equal("0A", old?.SerialNumber);
        Assert.Equal("0D", card.SignatureCertificate?.SerialNumber);
    }

    [Fact]
    public void ChangeExpiry_AfterTheCardExpired_IsRefused_V4()
    {
        var card = NewCardWithCertificates();
        var refusal = Assert.Throws<RuleViolationException>(() => card.ChangeExpiry(new DateOnly(2037, 1, 1), Expiry.AddDays(1)));
        Assert.Equal("V4", refusal.RuleId);
        Assert.Contains("reissue", refusal.Message);
        card.ChangeExpiry(new DateOnly(2030, 1, 1), new DateOnly(2027, 1, 1));
        Assert.Equal(new DateOnly(2030, 1, 1), card.ExpiresOn);
    }

    [Fact]
    public void ToString_ShowsOnlyTheSerialsLastDigits()
    {
        var card = NewCardWithCertificates();
        Assert.DoesNotContain("1234567890123456", card.ToString(), StringComparison.Ordinal);
    }
}
