using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>Which V5 clause made a card lapse (失効).</summary>
public enum LapseClause
{
    /// <summary>No move-in notice (転入届) within 30 days after the move-out notice's planned move-out date.</summary>
    NoMoveInNoticeWithin30DaysOfPlannedMoveOut,

    /// <summary>No move-in notice within 14 days after starting to live at the new address.</summary>
    NoMoveInNoticeWithin14DaysOfMove,

    /// <summary>Move-in notice without the card, and no continuation procedure (継続利用) within 90 days of it.</summary>
    NoContinuationWithin90DaysOfMoveIn,

    /// <summary>Moved out again (a new move-out notice) before the continuation procedure was done.</summary>
    MovedOutAgainWithoutContinuation,
}

/// <summary>What is known about a move between municipalities (転出・転入), as V5 needs it.</summary>
/// <param name="PlannedMoveOutDate">The planned move-out date (転出予定日) on the move-out notice.</param>
/// <param name="MoveDate">The day the holder started living at the new address (転入をした日); <c>null</c> while unknown.</param>
/// <param name="MoveInNoticeDate">The day the move-in notice was filed; <c>null</c> while none is.</param>
/// <param name="CardPresentedWithMoveInNotice">Whether the card was brought with the move-in notice, which records its continued use at once.</param>
/// <param name="ContinuationDate">The day the continuation procedure was done later; <c>null</c> while not.</param>
/// <param name="NextMoveOutNoticeDate">The day of a further move-out notice from the new address; <c>null</c> if none.</param>
public sealed record MoveFacts(
    DateOnly PlannedMoveOutDate,
    DateOnly? MoveDate = null,
    DateOnly? MoveInNoticeDate = null,
    bool CardPresentedWithMoveInNotice = false,
    DateOnly? ContinuationDate = null,
    DateOnly? NextMoveOutNoticeDate = null);

/// <summary>A card's standing under V5 on a given day: lapsed (when, and why), or not (yet), with the next deadline.</summary>
public sealed record LapseStatus
{
    private LapseStatus(DateOnly? lapsedOn, LapseClause? clause, DateOnly? nextDeadline, LocalizedText reason)
    {
        LapsedOn = lapsedOn;
        Clause = clause;
        NextDeadline = nextDeadline;
        Reason = reason;
    }

    /// <summary>Whether the card has lapsed; a lapsed card cannot be used again (V6: reissue).</summary>
    public bool IsLapsed => LapsedOn is not null;

    /// <summary>The first day on which the card is lapsed.</summary>
    public DateOnly? LapsedOn { get; }

    /// <summary>Which clause made it lapse.</summary>
    public LapseClause? Clause { get; }

    /// <summary>While not lapsed: the last day (inclusive) on which the next step keeps the card; <c>null</c> when none is due.</summary>
    public DateOnly? NextDeadline { get; }

    /// <summary>The sentence for the page, ending with the rule id (「（V5）」, " (V5)").</summary>
    public LocalizedText Reason { get; }

    /// <summary>Lapsed on <paramref name="on"/>; <paramref name="reason"/> is one of the stored V5 sentences (<see cref="StoredSentences"/>).</summary>
    internal static LapseStatus Lapsed(DateOnly on, LapseClause clause, LocalizedText reason) => new(on, clause, null, reason);

    internal static LapseStatus NotLapsed(DateOnly? deadline, LocalizedText why) => new(null, null, deadline, RuleText.Cite(RuleIds.V5, new(
        "カードは失効していません。" + why.Japanese, "the card has not lapsed: " + why.English)));

    /// <summary>The English sentence (logs).</summary>
    public override string ToString() => Reason.English;
}

/// <summary>
/// V5: when a moving holder's card lapses (失効), given the facts of the move known on a day.
/// </summary>
/// <remarks>
/// <para>Day counting. "Within N days after X" (X から N 日以内; the law says the card lapses when N days
/// 「を経過したとき」) does not count X itself (Civil Code art. 140), so the <b>last day to act is X + N</b>
/// and the card is lapsed from <b>X + N + 1</b>. Example: a move on 2026-03-02 must be notified by
/// 2026-03-16; a notice filed on 2026-03-17 is late, the card lapsed that day.</para>
/// <para>A further move-out notice filed before the continuation procedure makes the card lapse on the
/// day of that notice. Bringing the card with the move-in notice records the continuation then and there.</para>
/// </remarks>
public static class CardLapseRule
{
    /// <summary>Days after the planned move-out date within which the move-in notice is due.</summary>
    public const int DaysAfterPlannedMoveOut = 30;

    /// <summary>Days after starting to live at the new address within which the move-in notice is due.</summary>
    public const int DaysAfterMove = 14;

    /// <summary>Days after a move-in notice without the card within which the continuation procedure is due.</summary>
    public const int DaysForContinuation = 90;

    /// <summary>The card's V5 standing on <paramref name="asOf"/>, given what is known by then.</summary>
    /// <exception cref="ArgumentException">A fact is dated after <paramref name="asOf"/>, or the facts contradict each other.</exception>
    public static LapseStatus Evaluate(MoveFacts facts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        Validate(facts, asOf);

        // Both move-in deadlines run; the earlier one decides.
        var by30 = facts.PlannedMoveOutDate.AddDays(DaysAfterPlannedMoveOut);
        var by14 = facts.MoveDate?.AddDays(DaysAfterMove);
        var (deadline, clause, from, because) = by14 is { } d14 && d14 < by30
            ? (d14, LapseClause.NoMoveInNoticeWithin14DaysOfMove, facts.MoveDate!.Value, new LocalizedText(
                $"転入をした日（{RuleText.JapaneseDate(facts.MoveDate!.Value)}）から{DaysAfterMove}日以内",
                $"within {DaysAfterMove} days after the move on {RuleText.Date(facts.MoveDate!.Value)}"))
            : (by30, LapseClause.NoMoveInNoticeWithin30DaysOfPlannedMoveOut, facts.PlannedMoveOutDate, new LocalizedText(
                $"転出予定日（{RuleText.JapaneseDate(facts.PlannedMoveOutDate)}）から{DaysAfterPlannedMoveOut}日以内",
                $"within {DaysAfterPlannedMoveOut} days after the planned move-out date {RuleText.Date(facts.PlannedMoveOutDate)}"));

        if (facts.MoveInNoticeDate is not { } notice || notice > deadline)
        {
            if (asOf > deadline)
            {
                var lapsed = clause == LapseClause.NoMoveInNoticeWithin14DaysOfMove
                    ? StoredSentences.LapsedNoMoveInAfterMove
                    : StoredSentences.LapsedNoMoveInAfterPlannedMoveOut;
                var on = deadline.AddDays(1);
                return LapseStatus.Lapsed(on, clause, lapsed.With(on, from, deadline));
            }
            var orMove = facts.MoveDate is null
                ? new LocalizedText(
                    $"ただし、転入をした日から{DaysAfterMove}日以内の期限の方が早いときは、その日までです。",
                    $", or {DaysAfterMove} days after the move if that comes first")
                : new LocalizedText("", "");
            return LapseStatus.NotLapsed(deadline, new(
                $"転入届は{RuleText.JapaneseDate(deadline)}まで（{because.Japanese}）に出してください。{orMove.Japanese}",
                $"the move-in notice must be filed by {RuleText.Date(deadline)}, {because.English}{orMove.English}"));
        }

        var continuation = facts.CardPresentedWithMoveInNotice ? notice : facts.ContinuationDate;
        var by90 = notice.AddDays(DaysForContinuation);
        if (facts.NextMoveOutNoticeDate is { } again && again <= by90 && !(continuation <= again))
            return LapseStatus.Lapsed(again, LapseClause.MovedOutAgainWithoutContinuation, StoredSentences.LapsedMovedOutAgain.With(again, again));
        if (continuation is { } done && done <= by90)
        {
            return LapseStatus.NotLapsed(null, new(
                $"{RuleText.JapaneseDate(done)}に継続利用の手続が済んでいます。",
                $"its continued use was recorded on {RuleText.Date(done)}"));
        }
        if (asOf > by90)
        {
            var on = by90.AddDays(1);
            return LapseStatus.Lapsed(on, LapseClause.NoContinuationWithin90DaysOfMoveIn, StoredSentences.LapsedNoContinuation.With(on, notice, by90));
        }
        return LapseStatus.NotLapsed(by90, new(
            $"継続利用の手続は{RuleText.JapaneseDate(by90)}まで（転入届の日から{DaysForContinuation}日以内）にしてください。",
            $"the continuation procedure must be done by {RuleText.Date(by90)}, {DaysForContinuation} days after the move-in notice"));
    }

    private static void Validate(MoveFacts facts, DateOnly asOf)
    {
        // The planned move date is a plan and may lie ahead (a move-out notice is filed before the move); the
        // rest are things that happened.
        DateOnly?[] happened = [facts.MoveDate, facts.MoveInNoticeDate, facts.ContinuationDate, facts.NextMoveOutNoticeDate];
        if (happened.Any(d => d > asOf))
            throw new ArgumentException("A move fact is dated after the day it is evaluated on.", nameof(facts));
        if (facts.MoveInNoticeDate is null
            && (facts.CardPresentedWithMoveInNotice || facts.ContinuationDate is not null || facts.NextMoveOutNoticeDate is not null))
            throw new ArgumentException("Continuation and a further move-out need a move-in notice first.", nameof(facts));
        if (facts.ContinuationDate < facts.MoveInNoticeDate || facts.NextMoveOutNoticeDate < facts.MoveInNoticeDate)
            throw new ArgumentException("Continuation and a further move-out come after the move-in notice.", nameof(facts));
    }
}
