using Microsoft.EntityFrameworkCore;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Moves;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window;

/// <summary>What a move-in or continuation did (V5).</summary>
/// <param name="Resident">The resident after it.</param>
/// <param name="Card">The resident's card, or null.</param>
/// <param name="Lapse">Where the card stands under V5 now: lapsed (when, why), or the next deadline.</param>
/// <param name="Notice">What the holder must be told, or null.</param>
public sealed record MoveOutcome(Resident Resident, CardRecord? Card, LapseStatus? Lapse, string? Notice);

/// <summary>A move-in notice (転入届) at the new municipality.</summary>
/// <param name="Municipality">The new municipality's code.</param>
/// <param name="NewAddress">The new address.</param>
/// <param name="MovedOn">The day the holder started living there (V5: 14 days from it).</param>
/// <param name="CardPresented">Whether the card is brought along: then its continued use is recorded at once.</param>
/// <param name="NewSignaturePin">A password for a new signature certificate (the old one carried the old address), or null.</param>
public sealed record MoveInForm(string Municipality, string NewAddress, DateOnly MovedOn, bool CardPresented, string? NewSignaturePin = null)
{
    public override string ToString() => $"MoveInForm ({Municipality})";
}

// Moving between municipalities (V5, V6).
public sealed partial class MunicipalWindow
{
    /// <summary>V5: a move-out notice (転出届) with the planned move date and the destination.</summary>
    public async Task<WindowOutcome<ResidentMove>> NoteMoveOutAsync(
        Guid residentId, DateOnly plannedMoveDate, string destination, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var today = Today;
        if (string.IsNullOrWhiteSpace(destination) || destination.Length > 200)
            return Refusal.Invalid("The destination is required (at most 200 characters).");
        // A move-out notice is filed before the move, or within 14 days after it (住民基本台帳法 第24条).
        if (plannedMoveDate < today.AddDays(-14) || plannedMoveDate > today.AddDays(60))
            return Refusal.Invalid("The planned move date lies between 14 days ago and 60 days ahead.");
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        if (resident.Status != ResidentStatus.Registered)
            return Refusal.ByRule("V5", "A move-out notice was filed already; the move-in notice comes next (V5).");

        // V5: moving out again before the continuation procedure of the last move ends the card.
        var previous = await db.Set<ResidentMove>().Where(m => m.ResidentId == resident.Id && m.MoveInNotifiedOn != null && m.ContinuedOn == null)
            .FirstOrDefaultAsync(cancellationToken);
        var card = previous is null ? null : await CurrentCardAsync(db, resident.Id, cancellationToken);
        if (await ClaimAsync(db, cancellationToken, resident, card) is { } conflict)
            return conflict;
        if (previous is not null)
            LapseIfDue(db, card, previous, today, actor, nextMoveOut: today);

        resident.NoteMovingOut();
        var move = new ResidentMove(Guid.NewGuid(), resident.Id, resident.Municipality, today, plannedMoveDate, destination);
        db.Add(move);
        Audit(db, actor, "resident.move-out", ResidentSubject(resident.Id), $"move-out notice, planned move {plannedMoveDate:yyyy-MM-dd}");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<ResidentMove>.Success(move);
    }

    /// <summary>
    /// V5: the move-in notice (転入届). A notice later than the deadlines finds the card lapsed (and revokes its
    /// certificates); with the card presented, its continued use is recorded and the new address written on it (M1).
    /// </summary>
    public async Task<WindowOutcome<MoveOutcome>> MoveInAsync(
        Guid residentId, MoveInForm form, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = Today;
        var code = LocalGovernmentCode.Parse(form.Municipality);
        if (!code.Success)
            return Refusal.Invalid(code.Error!);
        if (string.IsNullOrWhiteSpace(form.NewAddress) || form.NewAddress.Length > 200)
            return Refusal.Invalid("The new address is required (at most 200 characters).");
        if (form.MovedOn > today)
            return Refusal.Invalid("The move date cannot be in the future.");
        var signaturePin = ParseOptionalPin(PinKind.Signature, form.NewSignaturePin);
        if (signaturePin is { Success: false } badPin)
            return Refusal.Invalid(badPin.Error!);

        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        var move = await db.Set<ResidentMove>().Where(m => m.ResidentId == resident.Id && m.MoveInNotifiedOn == null).FirstOrDefaultAsync(cancellationToken);
        if (move is null || resident.Status != ResidentStatus.MovingOut)
            return Refusal.ByRule("V5", "There is no move-out notice for this resident: a move-in notice follows one (V5).");
        if (form.MovedOn < move.MoveOutNotifiedOn.AddDays(-14))
            return Refusal.Invalid("The move date lies too long before the move-out notice.");
        if (!await db.Set<Municipality>().AnyAsync(m => m.Code == code.Value, cancellationToken))
            return Refusal.Invalid("No such municipality in the registry.");

        var card = await CurrentCardAsync(db, resident.Id, cancellationToken);
        if (await ClaimAsync(db, cancellationToken, resident, card) is { } conflict)
            return conflict;
        move.MoveIn(code.Value, form.NewAddress, form.MovedOn, today, form.CardPresented);
        var lapse = LapseIfDue(db, card, move, today, actor, nextMoveOut: null);
        resident.MoveIn(code.Value, form.NewAddress, today);

        string? notice = lapse?.IsLapsed == true ? lapse.Reason.English : null; // bilingual text: lead (the pages read MoveOutcome.Lapse)
        if (lapse?.IsLapsed != true && form.CardPresented)
        {
            var text = $"{Japanese(today)} 転入 {resident.Address}";
            (_, notice) = await UpdateCardDetailsAsync(db, resident, card, text, signaturePin?.Value, today, cancellationToken);
        }
        else if (lapse?.IsLapsed != true)
        {
            notice = lapse?.Reason.English; // bilingual text: lead
        }
        Audit(db, actor, "resident.move-in", ResidentSubject(resident.Id),
            $"move-in notice at {code.Value}, moved {form.MovedOn:yyyy-MM-dd}, card {(form.CardPresented ? "presented" : "not presented")}");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<MoveOutcome>.Success(new MoveOutcome(resident, card, lapse, notice));
    }

    /// <summary>V5: the continuation procedure (継続利用) after a move-in without the card, within 90 days of it.</summary>
    /// <remarks>A card found lapsed is recorded as lapsed (time did that, not this request) and the procedure is refused.</remarks>
    public async Task<WindowOutcome<MoveOutcome>> ContinueCardAsync(
        Guid residentId, string? newSignaturePin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var today = Today;
        var signaturePin = ParseOptionalPin(PinKind.Signature, newSignaturePin);
        if (signaturePin is { Success: false } badPin)
            return Refusal.Invalid(badPin.Error!);
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        var move = await db.Set<ResidentMove>().Where(m => m.ResidentId == resident.Id && m.MoveInNotifiedOn != null && m.ContinuedOn == null)
            .FirstOrDefaultAsync(cancellationToken);
        if (move is null)
            return Refusal.ByRule("V5", "There is no move-in awaiting the card's continuation (V5).");
        var card = await CurrentCardAsync(db, resident.Id, cancellationToken);
        if (card is null)
            return Refusal.ByRule("V5", "This resident holds no card to continue (V5).");
        if (await ClaimAsync(db, cancellationToken, resident, card) is { } conflict)
            return conflict;
        var lapse = LapseIfDue(db, card, move, today, actor, nextMoveOut: null, continuationOn: today);
        if (lapse?.IsLapsed == true)
            return await SaveAsync(db, cancellationToken) ?? Refusal.ByRule("V5", lapse.Reason.English); // bilingual refusal: lead
        move.Continue(today);
        var text = $"{Japanese(today)} 転入 {resident.Address}";
        var (_, notice) = await UpdateCardDetailsAsync(db, resident, card, text, signaturePin?.Value, today, cancellationToken);
        Audit(db, actor, "card.continued", CardSubject(card.Id), "continued use after the move-in (V5)");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<MoveOutcome>.Success(new MoveOutcome(resident, card, lapse, notice));
    }

    /// <summary>
    /// Evaluates V5 for a move; a lapse due lapses <paramref name="card"/> (the resident's current card, if usable or
    /// suspended) and revokes its certificates. Null when there is no card.
    /// </summary>
    private LapseStatus? LapseIfDue(
        MynaDbContext db, CardRecord? card, ResidentMove move, DateOnly today, AuditActor actor, DateOnly? nextMoveOut,
        DateOnly? continuationOn = null)
    {
        if (card is null)
            return null;
        var status = CardLapseRule.Evaluate(FactsOf(move, nextMoveOut, continuationOn), today);
        if (status.IsLapsed && card.State is CardState.Active or CardState.Suspended)
        {
            var on = status.LapsedOn!.Value < card.StateChangedOn ? card.StateChangedOn : status.LapsedOn.Value;
            Revoke(card.Lapse(on, status.Reason), RevocationReasons.ForCardLapsed);
            Audit(db, actor, "card.lapsed", CardSubject(card.Id), status.Reason.English); // bilingual audit: lead
        }
        return status;
    }

    private static MoveFacts FactsOf(ResidentMove move, DateOnly? nextMoveOut, DateOnly? continuationOn) => new(
        move.PlannedMoveDate, move.MovedOn, move.MoveInNotifiedOn, move.CardPresentedAtMoveIn,
        continuationOn ?? move.ContinuedOn, nextMoveOut);
}
