using Microsoft.EntityFrameworkCore;
using Myna.Pki.Revocation;
using Myna.Registry.Cards;
using Myna.Registry.Moves;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using Myna.Storage.Concurrency;

namespace Myna.Window;

/// <summary>What a daily sweep did.</summary>
/// <param name="Day">The Japan date swept.</param>
/// <param name="Lapsed">Cards that lapsed by a missed moving deadline (V5).</param>
/// <param name="Expired">Cards recorded as expired (V7).</param>
public sealed record SweepReport(DateOnly Day, int Lapsed, int Expired);

/// <summary>An expiry notice (有効期限通知書) due for a card or one of its certificates (V1).</summary>
public sealed record ExpiryNotice(Guid CardId, Guid ResidentId, string Name, string Address, ExpiringItem Item, DateOnly Expiry, DateOnly NoticeDate, DateOnly RenewalFrom);

// What the clock does by itself: lapses (V5), expiries (V7), expiry notices (V1), foreign residents' expiry (V4).
public sealed partial class MunicipalWindow
{
    /// <summary>
    /// Applies what the date alone decides: cards whose moving deadline passed lapse (V5), cards past their expiry
    /// are recorded as expired (V7); their certificates are revoked (cessationOfOperation). Idempotent: a second
    /// sweep of the same day changes nothing. A card a window is changing at the same moment is left to the next sweep.
    /// </summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        var actor = AuditActor.System;
        await using var db = _contexts.CreateDbContext();
        var lapsed = 0;
        var openMoves = await db.Set<ResidentMove>().Where(m => m.ContinuedOn == null).ToListAsync(cancellationToken);
        foreach (var move in openMoves)
        {
            // Only a card still in use or suspended can lapse now; one lapsed before stays counted once.
            var card = await CurrentCardAsync(db, move.ResidentId, cancellationToken);
            if (card is null || card.State is not (CardState.Active or CardState.Suspended))
                continue;
            if (CardLapseRule.Evaluate(FactsOf(move, null, null), today).IsLapsed && !await db.ClaimAsync(card, cancellationToken))
                continue;
            if (LapseIfDue(db, card, move, today, actor, nextMoveOut: null)?.IsLapsed == true)
                lapsed++;
        }

        var expiring = await db.Set<CardRecord>()
            .Where(c => (c.State == CardState.Active || c.State == CardState.Suspended) && c.ExpiresOn < today)
            .ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var card in expiring)
        {
            if (!await db.ClaimAsync(card, cancellationToken))
                continue;
            Revoke(card.Expire(today), RevocationReasons.ForCardExpired);
            Audit(db, actor, "card.expired", CardSubject(card.Id), $"expired after {card.ExpiresOn:yyyy-MM-dd} (V7)");
            expired++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new SweepReport(today, lapsed, expired);
    }

    /// <summary>V1: the expiry notices whose notice date lies in [<paramref name="from"/>, <paramref name="until"/>] (both included), for cards in use and their certificates.</summary>
    public async Task<IReadOnlyList<ExpiryNotice>> ExpiryNoticesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default)
    {
        // Notice dates lie 3 months before expiry; widen the query by a few days for month-end clamping.
        var earliest = from.AddMonths(RenewalRule.MonthsBefore).AddDays(-3);
        var latest = until.AddMonths(RenewalRule.MonthsBefore).AddDays(3);
        await using var db = _contexts.CreateDbContext();
        // A certificate never outlives its card (E2), so a card expiring before the window has nothing due.
        var cards = await db.Set<CardRecord>().AsNoTracking()
            .Where(c => c.State == CardState.Active && c.ExpiresOn >= earliest)
            .ToListAsync(cancellationToken);
        var due = cards
            .SelectMany(card => ExpiringItems(card).Select(item => (Card: card, item.Item, item.Expiry, NoticeDate: RenewalRule.NoticeDate(item.Expiry))))
            .Where(d => d.Expiry >= earliest && d.Expiry <= latest && d.NoticeDate >= from && d.NoticeDate <= until)
            .ToList();
        var residentIds = due.Select(d => d.Card.ResidentId).Distinct().ToList();
        var residents = await db.Set<Resident>().AsNoTracking().Where(r => residentIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var notices = due.Select(d =>
        {
            var resident = residents[d.Card.ResidentId];
            return new ExpiryNotice(d.Card.Id, resident.Id, resident.Name.OnCard, resident.Residence ?? resident.Address,
                d.Item, d.Expiry, d.NoticeDate, RenewalRule.Window(d.Expiry).First);
        });
        return [.. notices.OrderBy(n => n.NoticeDate).ThenBy(n => n.Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<(ExpiringItem Item, DateOnly Expiry)> ExpiringItems(CardRecord card)
    {
        yield return (ExpiringItem.Card, card.ExpiresOn);
        if (card.SignatureCertificate is { } signature)
            yield return (ExpiringItem.SignatureCertificate, signature.ExpiresOn);
        if (card.AuthenticationCertificate is { } authentication)
            yield return (ExpiringItem.UserAuthenticationCertificate, authentication.ExpiresOn);
    }

    /// <summary>
    /// V4: a foreign resident's new status or period of stay moves the card's expiry (never past V2's, only before
    /// the card expires); the endorsement area and the chip get the new date.
    /// </summary>
    public async Task<WindowOutcome<DetailsChange>> ChangeResidenceStatusAsync(
        Guid residentId, ForeignResidence newResidence, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newResidence);
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        if (resident.Nationality is null)
            return Refusal.ByRule("V4", "Only a foreign resident's card expiry follows a status of residence (V3, V4).");
        var card = await CurrentCardAsync(db, resident.Id, cancellationToken);
        resident.SetForeignResidence(resident.Nationality, newResidence);
        Registry.Cards.Endorsement? endorsement = null;
        string? notice = null;
        if (card is not null)
        {
            var change = ExpiryChangeRule.AfterStatusChange(resident.BirthDate, card.IssuedOn, card.ExpiresOn, newResidence, today);
            if (!change.Decision.IsAllowed)
                return Refusal.ByRule(change.Decision.Rule, change.Decision.Reason.English); // bilingual refusal: lead
            var newExpiry = change.NewExpiry!.Value;
            if (Guard(() => card.ChangeExpiry(newExpiry, today)) is { } refused)
                return refused;
            if (await ClaimAsync(db, cancellationToken, resident, card) is { } conflict)
                return conflict;
            var municipality = await MunicipalityAsync(db, card.IssuedBy, cancellationToken);
            if (card.HasRoomForEndorsement)
            {
                endorsement = card.Endorse(today, $"{Japanese(today)} 有効期限変更 {Japanese(newExpiry)}");
                _issuing.RewriteCardFace(OnFile(CardPath(card.Id), card, municipality), resident.MyNumber, resident.FourDetails, newExpiry);
            }
            else
            {
                notice = $"The endorsement area is full: the card is reissued free of charge to show the new expiry (M2).";
            }
        }
        Audit(db, actor, "resident.residence-status-changed", ResidentSubject(resident.Id),
            card is null ? "status of residence changed" : $"status of residence changed; card expiry now {card.ExpiresOn:yyyy-MM-dd} (V4)");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<DetailsChange>.Success(new DetailsChange(resident, card, endorsement, notice));
    }
}
