using Microsoft.EntityFrameworkCore;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Moves;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Window.Procedures.Residents;
using static Myna.Primitives.Text.TextFormat;

namespace Myna.Window.Procedures.Moves;

/// <summary>V5: a move-out notice (転出届) with the planned move date and the destination.</summary>
internal static class NoteMoveOut
{
    public const string Action = "resident.move-out";

    public static async Task<WindowOutcome<ResidentMove>> RunAsync(WindowWork work, Guid residentId, DateOnly plannedMoveDate, string destination)
    {
        var today = work.Today;
        if (Checks.Address(destination, Refusals.DestinationRequired) is { } badDestination)
            return badDestination;
        // A move-out notice is filed before the move, or within 14 days after it (住民基本台帳法 第24条).
        if (plannedMoveDate < today.AddDays(-14) || plannedMoveDate > today.AddDays(60))
            return Refusals.PlannedMoveDateRange;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        if (resident.Status != ResidentStatus.Registered)
            return Refusals.MoveOutFiledAlready;

        // V5: moving out again before the continuation procedure of the last move ends the card.
        var previous = await work.Db.Set<ResidentMove>()
            .Where(m => m.ResidentId == resident.Id && m.MoveInNotifiedOn != null && m.ContinuedOn == null)
            .FirstOrDefaultAsync(work.Cancellation);
        var card = previous is null ? null : await work.CurrentCardAsync(resident.Id);
        if (await work.ClaimAsync(resident, card) is { } conflict)
            return conflict;
        if (previous is not null)
            Lapses.LapseIfDue(work, card, previous, nextMoveOut: today);

        resident.NoteMovingOut();
        var move = new ResidentMove(Guid.NewGuid(), resident.Id, resident.Municipality, today, plannedMoveDate, destination);
        work.Db.Add(move);
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText(
            $"転出届を受け付けました（転出予定日 {JapaneseDate(plannedMoveDate)}）。", $"move-out notice, planned move {EnglishDate(plannedMoveDate)}"));
        return WindowOutcome<ResidentMove>.Success(move);
    }
}

/// <summary>
/// V5: the move-in notice (転入届). A notice later than the deadlines finds the card lapsed (and revokes its certificates);
/// with the card presented, its continued use is recorded and the new address written on it (M1).
/// </summary>
internal static class MoveIn
{
    public const string Action = "resident.move-in";

    public static async Task<WindowOutcome<MoveOutcome>> RunAsync(WindowWork work, Guid residentId, MoveInForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = work.Today;
        var code = LocalGovernmentCode.Parse(form.Municipality);
        if (!code.Success)
            return Refusals.BadMunicipalityCode;
        if (Checks.Address(form.NewAddress, Refusals.NewAddressRequired) is { } badAddress)
            return badAddress;
        if (form.MovedOn > today)
            return Refusals.MoveDateInFuture;
        var (signaturePin, badPin) = Checks.OptionalPin(PinKind.Signature, form.NewSignaturePin);
        if (badPin is not null)
            return badPin;

        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        var move = await work.Db.Set<ResidentMove>().Where(m => m.ResidentId == resident.Id && m.MoveInNotifiedOn == null).FirstOrDefaultAsync(work.Cancellation);
        if (move is null || resident.Status != ResidentStatus.MovingOut)
            return Refusals.NoMoveOut;
        if (form.MovedOn < move.MoveOutNotifiedOn.AddDays(-14))
            return Refusals.MoveDateTooEarly;
        if (!await work.Db.Set<Municipality>().AnyAsync(m => m.Code == code.Value, work.Cancellation))
            return Refusals.NoSuchMunicipality;

        var card = await work.CurrentCardAsync(resident.Id);
        if (await work.ClaimAsync(resident, card) is { } conflict)
            return conflict;
        move.MoveIn(code.Value, form.NewAddress, form.MovedOn, today, form.CardPresented);
        var lapse = Lapses.LapseIfDue(work, card, move, nextMoveOut: null);
        resident.MoveIn(code.Value, form.NewAddress, today, form.MovedOn);

        LocalizedText? notice = lapse?.IsLapsed == true ? Lapses.Text(lapse) : null;
        if (lapse?.IsLapsed != true && form.CardPresented)
        {
            if (CardDetails.Check(work, resident, card) is { } unwritable)
                return unwritable;
            (_, notice) = await CardDetails.UpdateAsync(work, resident, card, $"{JapaneseDate(today)} 転入 {resident.Address}", signaturePin);
        }
        else if (lapse?.IsLapsed != true && lapse is not null)
        {
            notice = Lapses.Text(lapse);
        }
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText(
            $"転入届を受け付けました（市区町村コード {code.Value}、転入日 {JapaneseDate(form.MovedOn)}、カードの提示{(form.CardPresented ? "あり" : "なし")}）。",
            $"move-in notice at {code.Value}, moved {EnglishDate(form.MovedOn)}, card {(form.CardPresented ? "presented" : "not presented")}"));
        return WindowOutcome<MoveOutcome>.Success(new MoveOutcome(resident, card, lapse, notice));
    }
}

/// <summary>V5: the continuation procedure (継続利用) after a move-in without the card, within 90 days of it.</summary>
/// <remarks>A card found lapsed is recorded as lapsed (time did that, not this request) and the procedure is refused.</remarks>
internal static class ContinueCard
{
    public const string Action = "card.continued";

    public static async Task<WindowOutcome<MoveOutcome>> RunAsync(WindowWork work, Guid residentId, string? newSignaturePin)
    {
        var today = work.Today;
        var (signaturePin, badPin) = Checks.OptionalPin(PinKind.Signature, newSignaturePin);
        if (badPin is not null)
            return badPin;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        var move = await work.Db.Set<ResidentMove>()
            .Where(m => m.ResidentId == resident.Id && m.MoveInNotifiedOn != null && m.ContinuedOn == null)
            .FirstOrDefaultAsync(work.Cancellation);
        if (move is null)
            return Refusals.NoMoveInAwaitingContinuation;
        if (await work.CurrentCardAsync(resident.Id) is not { } card)
            return Refusals.NoCardToContinue;
        if (await work.ClaimAsync(resident, card) is { } conflict)
            return conflict;
        var lapse = Lapses.LapseIfDue(work, card, move, nextMoveOut: null, continuationOn: today);
        if (lapse?.IsLapsed == true)
        {
            // The lapse is saved (the date did it, not this request), and the procedure refused.
            work.SaveEvenIfRefused();
            return Refusal.ByRule(RuleIds.V5, Lapses.Text(lapse));
        }
        if (CardDetails.Check(work, resident, card) is { } unwritable)
            return unwritable;
        move.Continue(today);
        var (_, notice) = await CardDetails.UpdateAsync(work, resident, card, $"{JapaneseDate(today)} 転入 {resident.Address}", signaturePin);
        work.Audit(Action, Checks.CardSubject(card.Id), new LocalizedText("転入後のカードの継続利用を記録しました。（V5）", "continued use after the move-in (V5)"));
        return WindowOutcome<MoveOutcome>.Success(new MoveOutcome(resident, card, lapse, notice));
    }
}

/// <summary>V5 applied to a move: a lapse due lapses the card and revokes its certificates.</summary>
internal static class Lapses
{
    public const string Action = "card.lapsed";

    /// <summary>
    /// Evaluates V5 for a move; a lapse due lapses <paramref name="card"/> (the resident's current card, if usable or
    /// suspended) and revokes its certificates. Null when there is no card.
    /// </summary>
    public static LapseStatus? LapseIfDue(WindowWork work, CardRecord? card, ResidentMove move, DateOnly? nextMoveOut, DateOnly? continuationOn = null)
    {
        if (card is null)
            return null;
        var status = CardLapseRule.Evaluate(FactsOf(move, nextMoveOut, continuationOn), work.Today);
        if (status.IsLapsed && card.State is CardState.Active or CardState.Suspended)
        {
            var on = status.LapsedOn!.Value < card.StateChangedOn ? card.StateChangedOn : status.LapsedOn.Value;
            work.Revoke(card.Lapse(on, status.Reason), RevocationReasons.ForCardLapsed);
            work.Audit(Action, Checks.CardSubject(card.Id), Text(status));
        }
        return status;
    }

    /// <summary>The lapse rule's sentence.</summary>
    public static LocalizedText Text(LapseStatus status) => status.Reason;

    public static MoveFacts FactsOf(ResidentMove move, DateOnly? nextMoveOut, DateOnly? continuationOn) => new(
        move.PlannedMoveDate, move.MovedOn, move.MoveInNotifiedOn, move.CardPresentedAtMoveIn,
        continuationOn ?? move.ContinuedOn, nextMoveOut);
}
