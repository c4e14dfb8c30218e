using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage.Audit;

namespace Myna.Window;

// What the card faces need beyond the resident's file (C1, C2): the issuing municipality, and the audited reveal.
public sealed partial class MunicipalWindow
{
    /// <summary>A municipality of the registry (the card's issuer, printed on its front, C1), or null.</summary>
    public async Task<Municipality?> GetMunicipalityAsync(LocalGovernmentCode code, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<Municipality>().AsNoTracking().SingleOrDefaultAsync(m => m.Code == code, cancellationToken);
    }

    /// <summary>
    /// The resident's full My Number for the staff member who asked (C2, C4), recorded in the audit trail as
    /// <c>resident.my-number-revealed</c> in the same unit of work; null when there is no such resident.
    /// </summary>
    public async Task<MyNumber?> RevealMyNumberAsync(Guid residentId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == residentId, cancellationToken);
        if (resident is null)
            return null;
        db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, "resident.my-number-revealed", AuditSubject.Resident(resident.Id),
            new LocalizedText("職員に個人番号を表示しました。（C2、C4）", "full My Number shown to staff (C2, C4)")));
        // The holder's exchange history (U3.5) says so too, in the same unit of work: no reveal without its entry.
        var municipality = await db.Set<Municipality>().AsNoTracking().SingleOrDefaultAsync(m => m.Code == resident.Municipality, cancellationToken);
        var office = Municipality.DisplayNameOf(municipality);
        db.Add(Storage.History.ExchangeRecord.Of(resident.Id, _clock.GetUtcNow(), new Storage.History.ExchangeContent(
            "my-number-revealed",
            new LocalizedText(office.Japanese + " マイナンバーカード窓口", office.English + ", My Number Card window"),
            new LocalizedText(office.Japanese + "（住民基本台帳）", office.English + " (resident register)"),
            new LocalizedText("個人番号", "My Number"),
            new LocalizedText("窓口での本人確認とカードに関する事務（番号法第9条第1項）", "Identity check and card work at the window (My Number Act, Art. 9(1))"))));
        await db.SaveChangesAsync(cancellationToken);
        return resident.MyNumber;
    }
}
