using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Myna.Card.Image;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Concurrency;
using Myna.Storage.Coordination;
using Myna.Storage.Journal;

namespace Myna.Window.Procedures;

/// <summary>
/// One window procedure's unit of work, written once for all of them: its database context, its day, who acts, the
/// claims on the rows it changes, its revocations and audit entries (saved in its one transaction), and the chips it
/// changes (in memory, behind a durable intent). <see cref="ProcedureRunner"/> commits it, or rolls it back.
/// </summary>
/// <remarks>
/// <para>The order that makes a procedure all-or-nothing (docs/adr/0002-all-or-nothing-procedures.md): everything the
/// effects need is validated first; then the claims; then, if a chip changes, the card file's lock and a durable
/// intent, the certificates (recorded by the authority with the intent's id) and the chip work in memory; at commit the
/// chip image is staged durably, the intent is marked committed in the same transaction as the records, certificate
/// links, revocations, fee and audit entry; after the commit the revocations reach CRL and OCSP and the image is moved
/// into place. A crash anywhere leaves an intent that the recovery at start completes or undoes.</para>
/// </remarks>
public sealed class WindowWork : IAsyncDisposable
{
    private readonly WindowServices _services;
    private readonly string _action;
    private readonly List<RevokedCertificate> _revocations = [];
    private readonly List<ChipWork> _chips = [];
    private readonly ProcedureJournal _journal;
    private ProcedureIntent? _intent;
    private WorkLease? _alive;
    private bool _finished;

    internal WindowWork(WindowServices services, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        _services = services;
        _action = action;
        _journal = new ProcedureJournal(services);
        Actor = actor;
        Cancellation = cancellationToken;
        Now = services.Clock.GetUtcNow();
        Today = JapanClock.DateOf(Now);
        Db = services.Contexts.CreateDbContext();
    }

    /// <summary>
    /// Whether the runner saves this unit of work although the procedure refuses: for what time did by itself and a
    /// refusal reports (a card found lapsed, V5). Never with effects outside the database.
    /// </summary>
    internal bool SavesWhenRefused { get; private set; }

    /// <summary>Saves what the procedure recorded although it answers with a refusal (see <see cref="SavesWhenRefused"/>).</summary>
    /// <exception cref="InvalidOperationException">A chip was opened: a refused procedure never changes a chip.</exception>
    public void SaveEvenIfRefused()
    {
        if (_intent is not null)
            throw new InvalidOperationException("A refused procedure never changes a chip.");
        SavesWhenRefused = true;
    }

    /// <summary>The unit of work's context: load, change and add through it; the runner saves it once.</summary>
    public MynaDbContext Db { get; }

    /// <summary>The day of the procedure in Japan (the window's clock, read once).</summary>
    public DateOnly Today { get; }

    /// <summary>The instant of the procedure (the clock read once; <see cref="Today"/> is its day in Japan).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Who acts, for the audit trail.</summary>
    public AuditActor Actor { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>The issuing system (chips, authorities, card faces).</summary>
    public IssuingSystem Issuing => _services.Issuing;

    /// <summary>The registry of certificates (status for the procedures' checks).</summary>
    public CertificateRegistry Certificates => _services.Certificates;

    /// <summary>The id the authorities record with the certificates this procedure asks for: its intent's.</summary>
    /// <exception cref="InvalidOperationException">No chip was opened yet, so there is no intent.</exception>
    public Guid RequestId => _intent?.Id ?? throw new InvalidOperationException("Open the chip first: the intent comes with it.");

    public Task<Resident?> ResidentAsync(Guid id) => Db.Set<Resident>().SingleOrDefaultAsync(r => r.Id == id, Cancellation);

    public Task<CardRecord?> CardAsync(Guid id) => Db.Set<CardRecord>().SingleOrDefaultAsync(c => c.Id == id, Cancellation);

    public Task<CardApplication?> ApplicationAsync(Guid id) => Db.Set<CardApplication>().SingleOrDefaultAsync(a => a.Id == id, Cancellation);

    public Task<Municipality> MunicipalityAsync(LocalGovernmentCode code) => Db.Set<Municipality>().SingleAsync(m => m.Code == code, Cancellation);

    /// <summary>The resident's card that is not yet returned or replaced, if any (a resident holds one card at a time).</summary>
    public Task<CardRecord?> CurrentCardAsync(Guid residentId) =>
        Db.Set<CardRecord>()
            .Where(c => c.ResidentId == residentId && c.State != CardState.Returned && c.State != CardState.Replaced)
            .OrderByDescending(c => c.IssuedOn)
            .FirstOrDefaultAsync(Cancellation);

    /// <summary>The resident's newest card that was not replaced by another, returned ones included; null when they never had one.</summary>
    public Task<CardRecord?> LatestCardAsync(Guid residentId) =>
        Db.Set<CardRecord>()
            .Where(c => c.ResidentId == residentId && c.State != CardState.Replaced)
            .OrderByDescending(c => c.IssuedOn)
            .FirstOrDefaultAsync(Cancellation);

    /// <summary>
    /// Claims the residents and cards (null ones skipped) that the procedure is about to change, before it touches a chip
    /// or revokes: a conflict refusal when one was changed by someone else since it was read.
    /// </summary>
    public async Task<Refusal?> ClaimAsync(params object?[] records)
    {
        foreach (var record in records)
        {
            if (record is not null && !await Db.ClaimAsync(record, Cancellation))
                return Refusal.Conflict(record is Resident ? ConflictSubject.Resident : ConflictSubject.Card);
        }
        return null;
    }

    /// <summary>A service working in this unit of work reached crash point <paramref name="point"/> (<see cref="CrashPoints.Services"/>).</summary>
    public void Reach(string point) => _services.Crash.Reach(point);

    /// <summary>Adds an audit entry to this unit of work: saved with the change, or not at all.</summary>
    public void Audit(string action, AuditSubject subject, LocalizedText details) =>
        Db.AuditEntries.Add(AuditTrail.NewEntry(_services.Clock, Actor, action, subject, details));

    /// <summary>
    /// Revokes what a transition handed back, in this unit of work: stored with the change that causes it, and published
    /// to CRL and OCSP once that change has committed.
    /// </summary>
    public void Revoke(IEnumerable<CardCertificate> ending, X509RevocationReason reason)
    {
        ArgumentNullException.ThrowIfNull(ending);
        foreach (var certificate in ending)
            Revoke(certificate.Hierarchy, certificate.SerialNumber, reason);
    }

    /// <inheritdoc cref="Revoke(IEnumerable{CardCertificate}, X509RevocationReason)"/>
    public void Revoke(JpkiHierarchy hierarchy, string serialNumber, X509RevocationReason reason)
    {
        if (_revocations.Any(r => r.Hierarchy == hierarchy && string.Equals(r.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase)))
            return;
        if (!Certificates.Contains(hierarchy, serialNumber)
            && Db.IssuedCertificates.AsNoTracking().SingleOrDefault(r => r.Hierarchy == hierarchy && r.SerialNumber == serialNumber) is { } issued)
        {
            // Issued through another process a moment ago, before this one's registry followed: taken in from the database.
            Certificates.Absorb([issued.ToRecord()], []);
        }
        // Null when it is revoked already (by an earlier version's half-done procedure): nothing to add.
        if (Certificates.Prepare(hierarchy, serialNumber, reason, _services.Clock.GetUtcNow()) is not { } revocation)
            return;
        _revocations.Add(revocation);
        Db.Revocations.Add(ProcedureJournal.Row(revocation));
    }

    /// <summary>
    /// Opens an issued card's chip for this procedure: the card file's lock, then the durable intent, then the image in
    /// memory. What the chip writes stays there until the commit stages it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The card file is missing from the data directory.</exception>
    /// <exception cref="CardFileInUseException">Another process holds the card file (a <c>myna card attach</c>).</exception>
    public async Task<ChipWork> OpenChipAsync(CardRecord card, Municipality issuedBy)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(issuedBy);
        var image = _services.CardImages.OpenImage(card.Id);
        try
        {
            await BeginIntentAsync(card.Id);
            var chip = new ChipWork(card.Id, image, Issuing.OpenCard(image),
                new IssuedCardDetails(card.SerialNumber, issuedBy.Code.JisCode, card.SecurityCode, card.CardPublicKey));
            _chips.Add(chip);
            return chip;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>A new card's chip for this procedure: its file's lock, then the durable intent; the issuing system manufactures the chip into it.</summary>
    /// <exception cref="IOException">A card file of that id exists.</exception>
    public async Task<ChipWork> NewChipAsync(Guid cardId)
    {
        var image = _services.CardImages.NewImage(cardId);
        try
        {
            var chip = new ChipWork(cardId, image, chip: null, details: null);
            // Added before the intent, so that a roll-back also removes the new card's lock file.
            _chips.Add(chip);
            await BeginIntentAsync(cardId);
            return chip;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Links a certificate the authorities just issued for this procedure (already in their log with its request id) to
    /// its card and holder, in this unit of work.
    /// </summary>
    public void LinkCertificate(JpkiHierarchy hierarchy, byte[] der, Guid cardId, Guid residentId)
    {
        ArgumentNullException.ThrowIfNull(der);
        _services.Crash.Reach(CrashPoints.CertificatesIssued);
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        var serial = certificate.SerialNumber;
        var row = Db.IssuedCertificates.Local.SingleOrDefault(r => r.Hierarchy == hierarchy && r.SerialNumber == serial)
            ?? Db.IssuedCertificates.Single(r => r.Hierarchy == hierarchy && r.SerialNumber == serial);
        row.CardId = cardId;
        row.ResidentId = residentId;
        row.Der = der;
    }

    private async Task BeginIntentAsync(Guid cardId)
    {
        // One intent per procedure, whatever number of chips it opens.
        if (_intent is not null)
            return;
        (_intent, _alive) = await _journal.BeginAsync(_action, cardId, Cancellation);
        _services.Crash.Reach(CrashPoints.IntentWritten);
    }

    /// <summary>
    /// Saves the unit of work in one transaction (with the intent marked committed when chips changed), then completes
    /// what lies outside it. A conflict refusal, with everything undone, when a row it changes was changed by someone else.
    /// </summary>
    internal async Task<Refusal?> CommitAsync()
    {
        if (_intent is not null)
        {
            foreach (var chip in _chips.Where(c => c.Image.Changed))
                _services.CardImages.Keep(chip.CardId, chip.Image, Db, _intent.Id);
            _services.Crash.Reach(CrashPoints.ChipStaged);
            Db.ProcedureIntents.Attach(_intent);
            _intent.Status = ProcedureIntentStatus.Committed;
        }
        var saved = 0;
        try
        {
            // Not cancellable from here: the chip is staged, and a half-cancelled commit only means work for the recovery.
            saved = await Db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException e)
        {
            await RollBackAsync();
            return Refusal.Conflict(RowVersions.SubjectOf(e) switch
            {
                "resident" => ConflictSubject.Resident,
                "card" => ConflictSubject.Card,
                _ => ConflictSubject.Record,
            });
        }
        catch
        {
            await RollBackAsync();
            throw;
        }
        _finished = true;
        // At once: CRL and OCSP answer from the registry (a restart would load the same from the database).
        Certificates.Publish(_revocations);
        // Only a unit of work that changed something commits something (a sweep with nothing to do does not).
        if (saved > 0)
            _services.Crash.Reach(CrashPoints.Committed);
        if (_intent is not null)
        {
            try
            {
                await _journal.CompleteAsync(_intent.Id, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException)
            {
                // The change is in the database; placing the chip image is left to the recovery at the next start.
                _services.Log.LogError(e, "Completing procedure {Action} failed after its commit; the recovery at start completes it", _action);
            }
        }
        return null;
    }

    /// <summary>Undoes whatever the procedure did outside the database (a refusal after an effect, an exception, a conflict).</summary>
    internal async Task RollBackAsync()
    {
        if (_finished)
            return;
        _finished = true;
        DisposeChips();
        if (_intent is null)
            return;
        try
        {
            await _journal.UndoAsync(_intent.Id, new LocalizedText("手続が完了しなかったため、", "The procedure did not complete;"), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException or InvalidOperationException)
        {
            // The intent stays pending: the recovery at the next start undoes it.
            _services.Log.LogError(e, "Undoing procedure {Action} failed; the recovery at start undoes it", _action);
        }
        foreach (var chip in _chips.Where(c => c.Details is null))
            _services.CardImages.ForgetUnmade(chip.Image);
    }

    /// <summary>Releases the chips' card-file locks (idempotent: a chip disposes once).</summary>
    private void DisposeChips()
    {
        foreach (var chip in _chips)
            chip.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await RollBackAsync();
        DisposeChips();
        await Db.DisposeAsync();
        // Last: the intent is forgotten (or left, after a failure, for the recovery at a start to settle).
        if (_alive is not null)
            await _alive.DisposeAsync();
    }
}
