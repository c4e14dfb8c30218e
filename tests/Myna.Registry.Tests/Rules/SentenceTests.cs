using System.Text.RegularExpressions;
using Myna.Pki;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

/// <summary>The rules' sentences in both languages: the rule cited in each, dates as each language writes them, nothing left in English on the Japanese side.</summary>
public partial class SentenceTests
{
    [Fact]
    public void Renewal_BeforeWindow_InJapanese_V1() =>
        Assert.Equal(
            "カードの有効期限は2036年1月2日です。更新の申請は、その3か月前の2035年10月2日からできます。（V1）",
            RenewalRule.MayRenew(ExpiringItem.Card, D("2036-01-02"), D("2035-09-30")).Reason.Japanese);

    [Fact]
    public void Lapse_InJapanese_V5() =>
        Assert.Equal(
            "カードは2026年3月17日に失効しました。転入をした日（2026年3月2日）から14日以内に転入届が出されませんでした（期限は2026年3月16日でした）。（V5）",
            CardLapseRule.Evaluate(new MoveFacts(D("2026-03-01"), D("2026-03-02"), D("2026-03-17"), true), D("2026-03-17")).Reason.Japanese);

    [Fact]
    public void Fee_InJapanese_L3() =>
        Assert.Equal("紛失・盗難・破損による再交付（電子証明書あり）の手数料は1,000円です。（L3）",
            CardFeeRule.FeeFor(CardIssueOccasion.ReissueAfterLossOrDamage, withCertificates: true).Reason.Japanese);

    [Fact]
    public void DocumentProof_ValidCard_InJapanese_D1() =>
        Assert.Equal("カードは2036年1月2日まで有効です。表面で本人確認が、裏面で個人番号の確認ができます。（D1）",
            MyNumberDocumentRule.ForCard(CardState.Active, D("2036-01-02"), D("2030-01-01")).Reason.Japanese);

    [Fact]
    public void EverySentence_CitesItsRule_InBothLanguages_AndTheJapaneseHasNoEnglishOrIsoDate()
    {
        foreach (var (rule, text) in Samples())
        {
            if (rule == ExpiryChangeRuleMarker)
            {
                Assert.Contains(" (V4): ", text.English, StringComparison.Ordinal);
                Assert.Contains("（V4）。", text.Japanese, StringComparison.Ordinal);
            }
            else
            {
                Assert.EndsWith($" ({rule})", text.English, StringComparison.Ordinal);
                Assert.EndsWith($"。（{rule}）", text.Japanese, StringComparison.Ordinal);
            }
            Assert.DoesNotMatch(IsoDate(), text.Japanese);
            // Rule ids (V1, U2.11) have one letter; anything longer would be an English word.
            Assert.DoesNotMatch(AsciiWord(), text.Japanese);
        }
    }

    [Fact]
    public void StoredSentences_ReadTheirEnglish_BackIntoBothLanguages()
    {
        var stored = new List<LocalizedText>();
        stored.AddRange(Enum.GetValues<CardIssueOccasion>().Select(StoredSentences.Replaced));
        stored.AddRange(Enum.GetValues<CardIssueOccasion>().SelectMany(o => new[] { CardFeeRule.FeeFor(o, true).Reason, CardFeeRule.FeeFor(o, false).Reason }));
        var lapses = new MoveFacts[]
        {
            new(D("2026-03-01")),                                                                // 30 days after the planned move-out
            new(D("2026-03-01"), D("2026-03-02")),                                               // 14 days after the move
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-10")),                              // no continuation within 90 days
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-10"), NextMoveOutNoticeDate: D("2026-05-01")), // moved out again
        };
        foreach (var facts in lapses)
        {
            var status = CardLapseRule.Evaluate(facts, D("2026-07-01"));
            Assert.True(status.IsLapsed);
            stored.Add(status.Reason);
        }
        Assert.Equal(4, lapses.Select(f => CardLapseRule.Evaluate(f, D("2026-07-01")).Clause).Distinct().Count());
        foreach (var text in stored)
        {
            Assert.True(StoredSentences.TryRead(text.English, out var read), text.English);
            Assert.Equal(text, read);
        }
    }

    [Fact]
    public void StoredSentences_ReadACardsStateReasons()
    {
        var card = new CardRecord(Guid.NewGuid(), Guid.NewGuid(), "1234567890123456", Municipalities.Municipality.Koriyama().Code,
            D("2026-04-01"), D("2036-05-10"), "0123", [1, 2, 3]);
        card.Expire(D("2036-05-11"));
        Assert.Equal("expired after 2036-05-10 (V7)", card.StateReason);
        Assert.Equal("有効期限（2036年5月10日）が過ぎました。（V7）", card.StateReasonText?.Japanese);

        // As the window has always written it, and as older rows hold it.
        Assert.True(StoredSentences.TryRead("replaced by a new card (Renewal)", out var replaced));
        Assert.Equal("新しいカード（更新）に切り替わりました。", replaced.Japanese);
        Assert.True(StoredSentences.TryRead("returned (返納)", out var returned));
        Assert.Equal("返納されました。", returned.Japanese);
    }

    [Fact]
    public void StoredSentences_ATextTheRegistryDidNotMake_IsNotRecognised_AndReadsAsItIs()
    {
        Assert.False(StoredSentences.TryRead("expired after tomorrow (V7)", out _));
        Assert.False(StoredSentences.TryRead("the card lapsed on 2026-13-01: the holder moved out again on 2026-05-01 without the continuation procedure (V5)", out _));
        Assert.False(StoredSentences.TryRead("", out _));
        Assert.Equal(new LocalizedText("something else", "something else"), StoredSentences.Read("something else"));
    }

    /// <summary>One or more sentences of every rule, in each of their branches.</summary>
    private static IEnumerable<(string Rule, LocalizedText Text)> Samples()
    {
        var adult = new HolderFacts(D("1990-06-15"));
        var child = new HolderFacts(D("2020-06-15"));
        var ward = new HolderFacts(D("1960-06-15"), IsAdultWard: true);
        var on = D("2026-04-01");
        foreach (var role in Enum.GetValues<ApplicantRole>())
        {
            foreach (var holder in new[] { adult, child, ward })
            {
                foreach (var accepted in new[] { false, true })
                    yield return Of(ApplicantRule.MayApply(role, holder, on, accepted));
            }
        }
        foreach (var kind in new[] { JpkiHierarchy.Signature, JpkiHierarchy.UserAuthentication })
        {
            foreach (var holder in new[] { adult, child, ward })
            {
                foreach (var wants in new[] { false, true })
                    yield return Of(CertificateEligibilityRule.MayLoad(kind, holder, on, wants));
            }
        }
        foreach (var instant in new[] { Jst("2026-03-02 10:00"), Jst("2026-03-02 20:00"), Jst("2026-03-07 10:00"), Jst("2026-12-30 10:00") })
        {
            yield return Of(CallCentreHours.IsOpen(CallCentreLine.General, instant));
            yield return Of(CallCentreHours.IsOpen(CallCentreLine.Suspension, instant));
            foreach (var place in Enum.GetValues<KioskPlace>())
            {
                foreach (var certificate in Enum.GetValues<KioskCertificate>())
                    yield return Of(KioskHours.MayIssue(place, certificate, instant));
            }
        }
        foreach (var occasion in Enum.GetValues<CardIssueOccasion>())
        {
            foreach (var withCertificates in new[] { false, true })
            {
                var fee = CardFeeRule.FeeFor(occasion, withCertificates);
                yield return (fee.Rule, fee.Reason);
            }
        }
        foreach (var item in Enum.GetValues<ExpiringItem>())
        {
            foreach (var day in new[] { "2035-09-30", "2035-12-01", "2036-01-03" })
                yield return Of(RenewalRule.MayRenew(item, D("2036-01-02"), D(day)));
        }
        var moves = new MoveFacts[]
        {
            new(D("2026-03-01")),
            new(D("2026-03-01"), D("2026-03-02")),
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-10"), true),
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-10")),
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-10"), ContinuationDate: D("2026-04-01")),
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-10"), NextMoveOutNoticeDate: D("2026-05-01")),
            new(D("2026-03-01"), D("2026-03-02"), D("2026-03-20"), true),
            new(D("2026-03-01"), null, D("2026-04-05"), true),
        };
        foreach (var facts in moves)
        {
            foreach (var asOf in new[] { "2026-05-01", "2026-07-01" })
                yield return (RuleIds.V5, CardLapseRule.Evaluate(facts, D(asOf)).Reason);
        }
        yield return (RuleIds.D2, MyNumberDocumentRule.ForNotificationCard(null, on).Reason);
        yield return (RuleIds.D2, MyNumberDocumentRule.ForNotificationCard(D("2025-01-01"), on).Reason);
        yield return (RuleIds.D3, MyNumberDocumentRule.ForNumberNotice().Reason);
        yield return (RuleIds.D4, MyNumberDocumentRule.ForHandedBack(on).Reason);
        foreach (var state in Enum.GetValues<CardState>())
        {
            var proof = MyNumberDocumentRule.ForCard(state, D("2030-01-01"), on);
            yield return (Regex.Match(proof.Reason.English, @"\((\w+)\)$").Groups[1].Value, proof.Reason);
        }
        var birth = D("1990-06-15");
        foreach (var residence in new[]
                 {
                     ForeignResidence.PermanentResident, ForeignResidence.MidToLongTerm(D("2029-03-31")), ForeignResidence.MidToLongTerm(D("2040-03-31")),
                     ForeignResidence.TemporaryRefuge(D("2026-09-01")), ForeignResidence.ProvisionalStay(D("2026-09-01")),
                     ForeignResidence.AfterBirth(D("2026-03-20")), ForeignResidence.AfterLossOfNationality(D("2026-03-20")),
                 })
        {
            var issued = residence.Category == ResidenceCategory.TransitionalStayAfterBirth ? D("2026-03-25") : on;
            var bornOn = residence.Category == ResidenceCategory.TransitionalStayAfterBirth ? D("2026-03-20") : birth;
            yield return (RuleIds.V3, ForeignResidentExpiryRule.ExpiryFor(bornOn, issued, residence).Reason);
        }
        yield return Of(ExpiryChangeRule.AfterStatusChange(birth, on, D("2029-03-31"), ForeignResidence.MidToLongTerm(D("2032-03-31")), D("2029-03-10")).Decision);
        yield return Of(ExpiryChangeRule.AfterStatusChange(birth, on, D("2029-03-31"), ForeignResidence.MidToLongTerm(D("2032-03-31")), D("2029-04-01")).Decision);
        yield return Of(ExpiryChangeRule.DuringSpecialPeriod(birth, on, D("2029-03-31"), D("2029-05-31"), D("2029-03-20")).Decision);
    }

    /// <summary>A decision's sentence and the rule it ends with; an allowed V4 change cites V4 first and then the rule that set the new expiry.</summary>
    private static (string Rule, LocalizedText Text) Of(RuleDecision decision) =>
        decision is { Rule: RuleIds.V4, IsAllowed: true } ? (ExpiryChangeRuleMarker, decision.Reason) : (decision.Rule, decision.Reason);

    private const string ExpiryChangeRuleMarker = "V4+";

    [GeneratedRegex(@"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex AsciiWord();
}
