using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Reader.Issuer;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Concurrency;

namespace Myna.Window;

/// <summary>
/// The municipal window (市区町村窓口) and the call centre: every procedure on residents and cards, each one
/// unit of work that checks the guidebook's rules first, then works the chip through the issuing system, revokes
/// what the rules revoke, and saves the change together with its audit entry.
/// </summary>
/// <remarks>
/// <para>Procedures answer a <see cref="WindowOutcome{T}"/>: a refusal names its rule and changes nothing. The day
/// is the Japan date of the injected <see cref="TimeProvider"/> (the sandbox clock on a server).</para>
/// <para>Order of effects: validation; then a claim of the resident and card the procedure changes (their row versions,
/// checked and moved on in the database at once, <see cref="RowVersions.ClaimAsync"/>), so that a second window that
/// read them before is refused here, having touched nothing; then the chip (a card file), then revocations (written
/// through to the certificate registry at once: a revocation is never lost, even if the save fails), then one
/// <c>SaveChanges</c> with the audit entry, checked against the claimed versions. A concurrent change is a
/// <see cref="RefusalKind.Conflict"/> refusal, with nothing of the unit of work saved. A delivery whose save fails
/// removes its card file and revokes the certificates it had issued.</para>
/// </remarks>
public sealed partial class MunicipalWindow
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly IssuingSystem _issuing;
    private readonly CertificateRegistry _certificates;
    private readonly TimeProvider _clock;

    public MunicipalWindow(IDbContextFactory<MynaDbContext> contexts, IssuingSystem issuing, CertificateRegistry certificates, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(issuing);
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(clock);
        _contexts = contexts;
        _issuing = issuing;
        _certificates = certificates;
        _clock = clock;
    }

    /// <summary>Today in Japan, by the window's clock.</summary>
    public DateOnly Today => JapanClock.Today(_clock);

    /// <summary>Where a card record's chip lives.</summary>
    public string CardPath(Guid cardId) => _issuing.Home.CardPath(cardId);

    /// <summary>Opens a card record's chip, as a reader would see it (for the demo data and the holder's download).</summary>
    public Card.VirtualCard OpenCardChip(Guid cardId) => _issuing.OpenCard(CardPath(cardId));

    private static AuditSubject ResidentSubject(Guid id) => new("resident", id.ToString("N"));

    private static AuditSubject CardSubject(Guid id) => new("card", id.ToString("N"));

    private void Audit(MynaDbContext db, AuditActor actor, string action, AuditSubject subject, string details) =>
        db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, action, subject, details));

    /// <summary>Revokes what a transition handed back; the registry keeps the revocation even if the save fails later.</summary>
    private void Revoke(IEnumerable<CardCertificate> ending, X509RevocationReason reason)
    {
        foreach (var certificate in ending)
            _certificates.Revoke(certificate.Hierarchy, certificate.SerialNumber, reason, _clock.GetUtcNow());
    }

    private static CardOnFile OnFile(string path, CardRecord card, Municipality issuedBy) =>
        new(path, card.SerialNumber, issuedBy.Code.JisCode, card.SecurityCode, card.CardPublicKey);

    private static JpkiMunicipality Romaji(Municipality municipality) => new(municipality.PrefectureRomaji, municipality.NameRomaji);

    private static CardCertificate ToCardCertificate(JpkiHierarchy hierarchy, byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return new CardCertificate(hierarchy, certificate.SerialNumber,
            JapanClock.DateOf(new DateTimeOffset(certificate.NotBefore.ToUniversalTime())),
            JapanClock.DateOf(new DateTimeOffset(certificate.NotAfter.ToUniversalTime())));
    }

    private static CertificateKind KindOf(JpkiHierarchy hierarchy) =>
        hierarchy == JpkiHierarchy.Signature ? CertificateKind.Signature : CertificateKind.UserAuthentication;

    private static async Task<Resident?> FindResidentAsync(MynaDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<Resident>().SingleOrDefaultAsync(r => r.Id == id, ct);

    private static async Task<CardRecord?> FindCardAsync(MynaDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<CardRecord>().SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The resident's card that is not yet returned or replaced, if any (a resident holds one card at a time).</summary>
    private static async Task<CardRecord?> CurrentCardAsync(MynaDbContext db, Guid residentId, CancellationToken ct) =>
        await db.Set<CardRecord>()
            .Where(c => c.ResidentId == residentId && c.State != CardState.Returned && c.State != CardState.Replaced)
            .OrderByDescending(c => c.IssuedOn)
            .FirstOrDefaultAsync(ct);

    private static async Task<Municipality> MunicipalityAsync(MynaDbContext db, LocalGovernmentCode code, CancellationToken ct) =>
        await db.Set<Municipality>().SingleAsync(m => m.Code == code, ct);

    /// <summary>
    /// Claims the residents and cards (null ones skipped) that the procedure is about to change, before it touches a
    /// chip or revokes: a conflict refusal when one was changed by someone else since it was read.
    /// </summary>
    private static async Task<Refusal?> ClaimAsync(MynaDbContext db, CancellationToken cancellationToken, params object?[] records)
    {
        foreach (var record in records)
        {
            if (record is not null && !await db.ClaimAsync(record, cancellationToken))
                return Refusal.Conflict(record is Resident ? "resident" : "card");
        }
        return null;
    }

    /// <summary>The unit of work's one save: a conflict refusal, with nothing saved, when a row it changes was changed by someone else since it was read.</summary>
    private static async Task<Refusal?> SaveAsync(MynaDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException e)
        {
            return Refusal.Conflict(RowVersions.SubjectOf(e));
        }
    }

    /// <summary>Runs an aggregate method and turns its rule guard into a refusal.</summary>
    private static Refusal? Guard(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (RuleViolationException e)
        {
            return Refusal.ByRule(e.RuleId, e.Message);
        }
    }

    private static ParseResult<Pin>? ParseOptionalPin(PinKind kind, string? text) =>
        string.IsNullOrEmpty(text) ? null : Pin.Parse(kind, text);
}
