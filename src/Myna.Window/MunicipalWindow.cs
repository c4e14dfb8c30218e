using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Moves;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Window.Procedures;
using Myna.Window.Procedures.Cards;
using Myna.Window.Procedures.Daily;
using Myna.Window.Procedures.Moves;
using Myna.Window.Procedures.Residents;

namespace Myna.Window;

/// <summary>
/// The municipal window (市区町村窓口) and the call centre: every procedure on residents and cards, and what the staff
/// pages read. The API and the pages call the same procedures here; each is a small class under
/// <c>Procedures/&lt;area&gt;/</c>, run by one <see cref="ProcedureRunner"/> on its own <see cref="WindowWork"/>.
/// </summary>
/// <remarks>
/// <para>Procedures answer a <see cref="WindowOutcome{T}"/>: a refusal names its rule and changes nothing. The day is the
/// Japan date of the injected <see cref="TimeProvider"/> (the sandbox clock on a server).</para>
/// <para>Every procedure is all or nothing, also when the process is killed at any instruction
/// (docs/adr/0002-all-or-nothing-procedures.md): validation first; then the claims; then chip work in memory behind a
/// durable intent; one transaction with the records, the certificates' links, the revocations, the fee and the audit
/// entry; the chip image placed after. <see cref="RecoverAsync"/> at start completes or undoes what a dead process left.</para>
/// </remarks>
public sealed partial class MunicipalWindow
{
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly IssuingSystem _issuing;
    private readonly CertificateRegistry _certificates;
    private readonly TimeProvider _clock;
    private readonly ProcedureRunner _runner;
    private readonly Chips.CardImages _cardImages;

    public MunicipalWindow(IDbContextFactory<MynaDbContext> contexts, IssuingSystem issuing, CertificateRegistry certificates, TimeProvider clock)
        : this(new WindowServices(contexts, issuing, certificates, clock))
    {
    }

    /// <summary>A window on <paramref name="services"/> (with crash points and a log, as the server makes it).</summary>
    public MunicipalWindow(WindowServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _contexts = services.Contexts;
        _issuing = services.Issuing;
        _certificates = services.Certificates;
        _clock = services.Clock;
        _runner = new ProcedureRunner(services);
        _cardImages = services.CardImages;
    }

    /// <summary>Today in Japan, by the window's clock.</summary>
    public DateOnly Today => JapanClock.Today(_clock);

    /// <summary>Where a card record's chip file lives when the chips are card files (<see cref="Chips.CardImageKeeping.Files"/>).</summary>
    public string CardPath(Guid cardId) => _issuing.Home.CardPath(cardId);

    /// <summary>Where the chips live: card files or the database.</summary>
    public Chips.CardImages CardImages => _cardImages;

    /// <summary>Opens a card record's chip, as a reader would see it (for the demo data and the holder's download).</summary>
    public Card.VirtualCard OpenCardChip(Guid cardId) => _cardImages.OpenChip(cardId);

    /// <summary>
    /// Opens a card record's chip for the holder's reader, attached remotely for a whole session: while it is open, every
    /// other opener in this process is refused at once (<see cref="Card.Image.CardFileInUseException.Holder"/>), not after a wait.
    /// </summary>
    /// <exception cref="Card.Image.CardFileInUseException">A procedure, a slot or another session holds the card file.</exception>
    public Card.VirtualCard OpenCardChipForHoldersReader(Guid cardId) => _cardImages.OpenChip(cardId, Card.Image.CardFileHolder.HoldersReader);

    /// <summary>
    /// The recovery at start, before the window takes any procedure: completes or undoes every procedure a dead process
    /// left unfinished, and removes what no record accounts for (docs/adr/0002-all-or-nothing-procedures.md).
    /// </summary>
    /// <param name="removeOrphanCardFiles">The repair an administrator asks for when the database is behind the data
    /// directory: revoke the certificates on card files that have no record, and remove the files.</param>
    /// <param name="cancellationToken">Cancels the recovery.</param>
    /// <exception cref="DatabaseBehindException">Card files without records, and no repair asked for.</exception>
    public Task<RecoveryReport> RecoverAsync(bool removeOrphanCardFiles = false, CancellationToken cancellationToken = default) =>
        new ProcedureJournal(_runner.Services).RecoverAsync(removeOrphanCardFiles, cancellationToken);

    private Task<WindowOutcome<T>> RunAsync<T>(AuditActor actor, string action, Func<WindowWork, Task<WindowOutcome<T>>> procedure, CancellationToken cancellationToken) =>
        _runner.RunAsync(actor, action, procedure, cancellationToken);

    // Residents (住民票).

    /// <inheritdoc cref="RegisterResident"/>
    public Task<WindowOutcome<Resident>> RegisterResidentAsync(ResidentRegistration form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, RegisterResident.Action, work => RegisterResident.RunAsync(work, form), cancellationToken);

    /// <summary>M1: a move within the municipality (転居): new address on the record, the card's endorsement area and chip.</summary>
    /// <param name="residentId">Whose address.</param>
    /// <param name="newAddress">The new address.</param>
    /// <param name="newSignaturePin">The signature certificate carries the address, so it is revoked; a new one is issued for this password, or none when null.</param>
    /// <param name="actor">Who records it.</param>
    /// <param name="cancellationToken">Cancels the procedure before its commit.</param>
    public Task<WindowOutcome<DetailsChange>> ChangeAddressAsync(
        Guid residentId, string newAddress, string? newSignaturePin, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ChangeDetails.AddressAction, work => ChangeDetails.ChangeAddressAsync(work, residentId, newAddress, newSignaturePin), cancellationToken);

    /// <summary>M1, M3: a change of name (by marriage, adoption …), with the former surname written alongside if asked.</summary>
    public Task<WindowOutcome<DetailsChange>> ChangeNameAsync(
        Guid residentId, NameChange change, string? newSignaturePin, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ChangeDetails.NameAction, work => ChangeDetails.ChangeNameAsync(work, residentId, change, newSignaturePin), cancellationToken);

    /// <inheritdoc cref="ChangeResidenceStatus"/>
    public Task<WindowOutcome<DetailsChange>> ChangeResidenceStatusAsync(
        Guid residentId, ForeignResidence newResidence, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ChangeResidenceStatus.Action, work => ChangeResidenceStatus.RunAsync(work, residentId, newResidence), cancellationToken);

    /// <inheritdoc cref="SetSupportMeasure"/>
    public Task<WindowOutcome<Resident>> SetSupportMeasureAsync(
        Guid residentId, bool active, string? residence, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, SetSupportMeasure.ActionFor(active), work => SetSupportMeasure.RunAsync(work, residentId, active, residence), cancellationToken);

    /// <inheritdoc cref="SetAdultWard"/>
    public Task<WindowOutcome<Resident>> SetAdultWardAsync(Guid residentId, bool isAdultWard, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, SetAdultWard.Action, work => SetAdultWard.RunAsync(work, residentId, isAdultWard), cancellationToken);

    // Moves (V5).

    /// <inheritdoc cref="NoteMoveOut"/>
    public Task<WindowOutcome<ResidentMove>> NoteMoveOutAsync(
        Guid residentId, DateOnly plannedMoveDate, string destination, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, NoteMoveOut.Action, work => NoteMoveOut.RunAsync(work, residentId, plannedMoveDate, destination), cancellationToken);

    /// <inheritdoc cref="MoveIn"/>
    public Task<WindowOutcome<MoveOutcome>> MoveInAsync(Guid residentId, MoveInForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, MoveIn.Action, work => MoveIn.RunAsync(work, residentId, form), cancellationToken);

    /// <inheritdoc cref="ContinueCard"/>
    public Task<WindowOutcome<MoveOutcome>> ContinueCardAsync(
        Guid residentId, string? newSignaturePin, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ContinueCard.Action, work => ContinueCard.RunAsync(work, residentId, newSignaturePin), cancellationToken);

    // Cards.

    /// <inheritdoc cref="ApplyForCard"/>
    public Task<WindowOutcome<CardApplication>> ApplyForCardAsync(CardApplicationForm form, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ApplyForCard.Action, work => ApplyForCard.RunAsync(work, form), cancellationToken);

    /// <inheritdoc cref="DeliverCard"/>
    public Task<WindowOutcome<CardRecord>> DeliverCardAsync(Guid applicationId, DeliveryPins pins, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, DeliverCard.Action, work => DeliverCard.RunAsync(work, applicationId, pins), cancellationToken);

    /// <inheritdoc cref="SuspendCard"/>
    public Task<WindowOutcome<CardRecord>> SuspendCardAsync(Guid cardId, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, SuspendCard.Action, work => SuspendCard.RunAsync(work, cardId), cancellationToken);

    /// <inheritdoc cref="LiftSuspension"/>
    public Task<WindowOutcome<CardRecord>> LiftSuspensionAsync(Guid cardId, CertificatePins pins, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, LiftSuspension.Action, work => LiftSuspension.RunAsync(work, cardId, pins), cancellationToken);

    /// <inheritdoc cref="LoadCertificates"/>
    public Task<WindowOutcome<CardRecord>> LoadCertificatesAsync(Guid cardId, CertificatePins pins, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, LoadCertificates.Action, work => LoadCertificates.RunAsync(work, cardId, pins), cancellationToken);

    /// <inheritdoc cref="ResetPin"/>
    public Task<WindowOutcome<CardRecord>> ResetPinAsync(Guid cardId, PinKind kind, string newPin, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ResetPin.Action, work => ResetPin.RunAsync(work, cardId, kind, newPin), cancellationToken);

    /// <summary>The holder hands the card back (返納): it ends, and its certificates are revoked (cessationOfOperation).</summary>
    public Task<WindowOutcome<CardRecord>> ReturnCardAsync(Guid cardId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ReturnCardAsync(cardId, reason: null, actor, cancellationToken);

    /// <inheritdoc cref="ReturnCard"/>
    public Task<WindowOutcome<CardRecord>> ReturnCardAsync(Guid cardId, CardReturnReason? reason, AuditActor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, ReturnCard.Action, work => ReturnCard.RunAsync(work, cardId, reason), cancellationToken);

    // What the clock does by itself.

    /// <inheritdoc cref="DailySweep"/>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken = default) =>
        (await RunAsync(AuditActor.System, DailySweep.Action, DailySweep.RunAsync, cancellationToken)) is { Succeeded: true } done
            ? done.Value
            // The sweep's one save met a concurrent change: nothing was saved; the next sweep of the day does it.
            : new SweepReport(Today, 0, 0);
}

/// <summary>What a daily sweep did.</summary>
/// <param name="Day">The Japan date swept.</param>
/// <param name="Lapsed">Cards that lapsed by a missed moving deadline (V5).</param>
/// <param name="Expired">Cards recorded as expired (V7).</param>
public sealed record SweepReport(DateOnly Day, int Lapsed, int Expired);
