using Microsoft.EntityFrameworkCore;
using Myna.Kiosk;
using Myna.Registry.Applications;
using Myna.Registry.Moves;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>The resident and the facts about them that the kiosk's decision reads (U2.5–U2.7).</summary>
public sealed record HolderAtKiosk(Resident Resident, KioskHolder Facts);

/// <summary>Reads <see cref="KioskHolder"/> from the registry: the resident record, the card, its delivery, the moves, the family register.</summary>
public static class HolderFacts
{
    /// <summary>The holder <paramref name="holderReference"/> with card <paramref name="cardId"/>; null when the registry has no such resident.</summary>
    public static async Task<HolderAtKiosk?> ReadAsync(MynaDbContext db, Guid holderReference, Guid cardId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holderReference, cancellationToken);
        if (resident is null)
            return null;
        var delivered = await db.Set<CardApplication>().AsNoTracking()
            .Where(a => a.CardId == cardId && a.DeliveredOn != null).Select(a => a.DeliveredOn).FirstOrDefaultAsync(cancellationToken);
        var moves = await db.Set<ResidentMove>().AsNoTracking().Where(m => m.ResidentId == resident.Id).ToListAsync(cancellationToken);
        // U2.7: renewed for continued use on the move-in notice's day when the card was presented, or on the day of the
        // continuation procedure afterwards.
        var renewed = moves.Select(m => m.CardPresentedAtMoveIn ? m.MoveInNotifiedOn : m.ContinuedOn).Where(d => d is not null).Max();
        var useRegistrations = await db.Set<KioskUseRegistration>().AsNoTracking().Where(r => r.HolderReference == resident.Id)
            .Select(r => r.Municipality).ToListAsync(cancellationToken);
        var register = await FamilyRegisterFacts.OfAsync(db, resident.Id, cancellationToken);
        var facts = new KioskHolder(
            resident.Municipality,
            register?.Municipality,
            useRegistrations.Select(c => LocalGovernmentCode.Parse(c).Value).ToHashSet(),
            MoveOutFiled: resident.Status == ResidentStatus.MovingOut,
            IssuanceRestricted: resident.HasSupportMeasure,
            resident.Name.OnCard,
            resident.Address,
            register?.Members ?? 0,
            // A card never delivered cannot be in a holder's hand; its issue day stands in.
            delivered ?? await db.Set<Registry.Cards.CardRecord>().Where(c => c.Id == cardId).Select(c => c.IssuedOn).SingleAsync(cancellationToken),
            renewed);
        return new HolderAtKiosk(resident, facts);
    }
}
