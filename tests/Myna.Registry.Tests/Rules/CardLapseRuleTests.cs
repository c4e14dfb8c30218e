using CsCheck;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

public class CardLapseRuleTests
{
    // Move-out notice with planned date 2026-03-01; the holder starts living at the new address on 2026-03-02.
    private static MoveFacts Moved(string? notice = null, bool card = false, string? continuation = null, string? again = null) => new(
        PlannedMoveOutDate: D("2026-03-01"),
        MoveDate: D("2026-03-02"),
        MoveInNoticeDate: notice is null ? null : D(notice),
        CardPresentedWithMoveInNotice: card,
        ContinuationDate: continuation is null ? null : D(continuation),
        NextMoveOutNoticeDate: again is null ? null : D(again));

    [Fact]
    public void Lapse_MoveInNotice15DaysAfterMove_LapsedThatDay_V5()
    {
        // V5: move-in notice filed on 2026-03-17 for a move on 2026-03-02 → the card lapsed on 2026-03-17
        // (the last day was 2026-03-16, 14 days after the move).
        var status = CardLapseRule.Evaluate(Moved(notice: "2026-03-17", card: true), asOf: D("2026-03-17"));
        Assert.True(status.IsLapsed);
        Assert.Equal(D("2026-03-17"), status.LapsedOn);
        Assert.Equal(LapseClause.NoMoveInNoticeWithin14DaysOfMove, status.Clause);
        Assert.Equal(
            "the card lapsed on 2026-03-17: the move-in notice was not filed within 14 days after the move on 2026-03-02 (the last day was 2026-03-16) (V5)",
            status.Reason.English);
    }

    [Fact]
    public void Lapse_MoveInNoticeOnTheFourteenthDay_WithCard_KeepsTheCard_V5()
    {
        var status = CardLapseRule.Evaluate(Moved(notice: "2026-03-16", card: true), asOf: D("2026-09-01"));
        Assert.False(status.IsLapsed);
        Assert.Null(status.NextDeadline);
        Assert.Equal("the card has not lapsed: its continued use was recorded on 2026-03-16 (V5)", status.Reason.English);
    }

    [Theory]
    [InlineData("2026-03-31", false)] // V5: the 30th day after the planned move-out date is the last day
    [InlineData("2026-04-01", true)]  // the 31st: lapsed that day
    public void Lapse_ThirtyDaysAfterPlannedMoveOut_BoundaryDays_V5(string notice, bool lapsed)
    {
        // Planned move-out 2026-03-01 but the move itself only on 2026-03-25: the 30-day deadline (03-31)
        // comes before the 14-day one (04-08) and decides.
        var facts = new MoveFacts(D("2026-03-01"), MoveDate: D("2026-03-25"), MoveInNoticeDate: D(notice), CardPresentedWithMoveInNotice: true);
        var status = CardLapseRule.Evaluate(facts, asOf: D("2026-04-10"));
        Assert.Equal(lapsed, status.IsLapsed);
        if (lapsed)
        {
            Assert.Equal(D("2026-04-01"), status.LapsedOn);
            Assert.Equal(LapseClause.NoMoveInNoticeWithin30DaysOfPlannedMoveOut, status.Clause);
        }
    }

    [Theory]
    [InlineData("2026-03-16", false, "2026-03-16")] // the last day: not lapsed yet, deadline today
    [InlineData("2026-03-17", true, null)]          // the day after: lapsed
    public void Lapse_NoMoveInNoticeYet_BoundaryDays_V5(string asOf, bool lapsed, string? deadline)
    {
        var status = CardLapseRule.Evaluate(Moved(), D(asOf));
        Assert.Equal(lapsed, status.IsLapsed);
        Assert.Equal(deadline is null ? null : D(deadline), status.NextDeadline);
        if (lapsed)
            Assert.Equal(D("2026-03-17"), status.LapsedOn);
        else
            Assert.Equal("the card has not lapsed: the move-in notice must be filed by 2026-03-16, within 14 days after the move on 2026-03-02 (V5)", status.Reason.English);
    }

    [Fact]
    public void Lapse_MoveDateNotYetKnown_ThirtyDayDeadline_MentionsTheFourteen_V5()
    {
        var status = CardLapseRule.Evaluate(new MoveFacts(D("2026-03-01")), D("2026-03-05"));
        Assert.False(status.IsLapsed);
        Assert.Equal(D("2026-03-31"), status.NextDeadline);
        Assert.Contains("or 14 days after the move if that comes first", status.Reason.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-06-08", null, false, "2026-06-08")]          // the 90th day, nothing done yet: deadline today
    [InlineData("2026-06-09", null, true, null)]                   // the 91st: lapsed
    [InlineData("2026-06-09", "2026-06-08", false, null)]          // continued on the 90th day: kept for good
    [InlineData("2026-06-20", "2026-06-09", true, null)]           // continued one day late: lapsed on 06-09 all the same
    public void Lapse_NoticeWithoutCard_NinetyDaysForContinuation_V5(string asOf, string? continuation, bool lapsed, string? deadline)
    {
        // Move-in notice without the card on 2026-03-10: the continuation procedure is due by 2026-06-08.
        var status = CardLapseRule.Evaluate(Moved(notice: "2026-03-10", continuation: continuation), D(asOf));
        Assert.Equal(lapsed, status.IsLapsed);
        Assert.Equal(deadline is null ? null : D(deadline), status.NextDeadline);
        if (lapsed)
        {
            Assert.Equal(D("2026-06-09"), status.LapsedOn);
            Assert.Equal(LapseClause.NoContinuationWithin90DaysOfMoveIn, status.Clause);
        }
    }

    [Fact]
    public void Lapse_MovedOutAgainWithoutContinuation_LapsesOnThatNotice_V5()
    {
        var status = CardLapseRule.Evaluate(Moved(notice: "2026-03-10", again: "2026-05-01"), D("2026-05-02"));
        Assert.Equal(D("2026-05-01"), status.LapsedOn);
        Assert.Equal(LapseClause.MovedOutAgainWithoutContinuation, status.Clause);
        Assert.Equal("the card lapsed on 2026-05-01: the holder moved out again on 2026-05-01 without the continuation procedure (V5)", status.Reason.English);
    }

    [Fact]
    public void Lapse_MovedOutAgainAfterContinuation_IsKept_V5() =>
        Assert.False(CardLapseRule.Evaluate(Moved(notice: "2026-03-10", continuation: "2026-04-20", again: "2026-05-01"), D("2026-05-02")).IsLapsed);

    [Fact]
    public void Lapse_FactsFromTheFuture_AreAContractError_V5() =>
        Assert.Throws<ArgumentException>(() => CardLapseRule.Evaluate(Moved(notice: "2026-03-10"), D("2026-03-09")));

    [Fact]
    public void Lapse_APlannedMoveDateAhead_IsAPlanNotAFact_AndGivesTheThirtyDayDeadline_V5()
    {
        // A move-out notice filed on 2026-05-01 for a move planned on 2026-05-08.
        var status = CardLapseRule.Evaluate(new MoveFacts(D("2026-05-08")), D("2026-05-01"));
        Assert.False(status.IsLapsed);
        Assert.Equal(D("2026-06-07"), status.NextDeadline);
    }

    [Fact]
    public void Lapse_ContinuationWithoutMoveInNotice_IsAContractError_V5() =>
        Assert.Throws<ArgumentException>(() => CardLapseRule.Evaluate(Moved(continuation: "2026-03-10"), D("2026-03-20")));

    [Fact]
    public void Lapse_AnyMoveAndNoticeDay_LapsesTheDayAfterTheEarlierDeadline_V5() =>
        // Property on both sides of each boundary: with the card presented, the card is kept exactly when the
        // notice comes by min(planned + 30, move + 14), and otherwise lapsed from the day after that.
        Gen.Select(Gen.DateOnly[D("2026-01-01"), D("2027-12-31")], Gen.Int[-20, 45], Gen.Int[0, 50]).Sample((planned, moveOffset, noticeOffset) =>
        {
            var move = planned.AddDays(moveOffset);
            var notice = move.AddDays(noticeOffset);
            var deadline = planned.AddDays(30) < move.AddDays(14) ? planned.AddDays(30) : move.AddDays(14);
            var asOf = notice > planned ? notice : planned; // a notice may precede the planned day (an early move)
            var status = CardLapseRule.Evaluate(new MoveFacts(planned, move, notice, CardPresentedWithMoveInNotice: true), asOf);
            Assert.Equal(notice > deadline, status.IsLapsed);
            Assert.Equal(notice > deadline ? deadline.AddDays(1) : null, status.LapsedOn);
        });
}
