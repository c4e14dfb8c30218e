using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Stores;
using Myna.Kiosk;
using Myna.Pki.Verification;
using Myna.Registry.Municipalities;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Kiosk;
using Myna.Window.Procedures;

namespace Myna.ConvenienceIssuance.Centre;

/// <summary>
/// The national issuance centre (証明書交付センター): the party between the stores' machines and the municipalities. It
/// authenticates the machines and the cards (the card signs the session's challenge with the user-authentication key;
/// the centre verifies signature, chain and status), routes the holder's order to the municipality's certificate
/// server, records the payment with the documents in one unit of work, and hands each print job only to the machine
/// whose session it is bound to.
/// </summary>
/// <remarks>
/// Every step moves the session from the one state it must be in (the row's version guards against two requests at
/// once), so a machine cannot skip a step (U2.4), pay twice, or print another session's document.
/// </remarks>
public sealed class IssuanceCentre(
    IDbContextFactory<MynaDbContext> contexts,
    StoreNetwork stores,
    JpkiVerifier verifier,
    MunicipalCertificateServers municipalities,
    ProcedureRunner runner,
    TimeProvider clock) : IKioskCentre
{
    /// <summary>How long a session waits for the machine's next step before it ends (until it is paid).</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(5);

    /// <summary>Opens a transaction for a machine (U2.4 ①): a new random challenge for the card to sign.</summary>
    public async Task<KioskAnswer<SessionOpened>> OpenAsync(MachineCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (await stores.AuthenticateAsync(credentials, cancellationToken) is not { } machine)
            return KioskRefusals.UnknownMachine;
        await using var db = contexts.CreateDbContext();
        // A paid transaction prints before anything else happens at the machine (a reprint after a failure or a restart).
        if (await db.Set<KioskSessionRow>().AnyAsync(s => s.MachineId == machine.Id && s.State == KioskSessionState.Paid, cancellationToken))
            return KioskRefusals.PrintPending;
        var now = clock.GetUtcNow();
        // One transaction at a time per machine: an unfinished, unpaid one ends here.
        await db.Set<KioskSessionRow>()
            .Where(s => s.MachineId == machine.Id && (s.State == KioskSessionState.Open || s.State == KioskSessionState.Authenticated || s.State == KioskSessionState.Quoted))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, KioskSessionState.Ended).SetProperty(s => s.ClosedAt, now)
                .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        var session = new KioskSessionRow
        {
            Id = Guid.NewGuid(),
            MachineId = machine.Id,
            OpenedAt = now,
            ExpiresAt = now + IdleLimit,
            Challenge = RandomNumberGenerator.GetBytes(KioskSessionRow.ChallengeLength),
            State = KioskSessionState.Open,
        };
        db.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return KioskAnswer<SessionOpened>.Of(new SessionOpened(session.Id, session.Challenge, session.ExpiresAt));
    }

    /// <summary>The paid session of this machine whose documents are not all printed, if any: what a restarted machine prints first.</summary>
    public async Task<KioskAnswer<Guid?>> UnfinishedAsync(MachineCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (await stores.AuthenticateAsync(credentials, cancellationToken) is not { } machine)
            return KioskRefusals.UnknownMachine;
        await using var db = contexts.CreateDbContext();
        var id = await db.Set<KioskSessionRow>().Where(s => s.MachineId == machine.Id && s.State == KioskSessionState.Paid)
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        return KioskAnswer<Guid?>.Of(id);
    }

    /// <summary>
    /// Takes the card's answer (U2.4 ②③): the user-authentication certificate and its signature over the session's
    /// challenge. Verified (signature, chain, validity, revocation); the holder is who the authority issued the
    /// certificate to. A refused answer ends the session.
    /// </summary>
    public async Task<KioskAnswer<Authenticated>> AuthenticateAsync(
        MachineCredentials credentials, Guid sessionId, ReadOnlyMemory<byte> certificate, ReadOnlyMemory<byte> signature,
        CancellationToken cancellationToken = default)
    {
        var (machine, session, refusal) = await SessionAsync(credentials, sessionId, KioskSessionState.Open, cancellationToken);
        if (refusal is not null)
            return refusal;

        var verification = await verifier.VerifyLoginAsync(session!.Challenge, signature, certificate, cancellationToken);
        if (verification.Failure is { } failure)
            return await EndAsync(session, KioskRefusals.Of(failure), cancellationToken);

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.Span);
        var serial = parsed.SerialNumber.ToUpperInvariant();
        await using var db = contexts.CreateDbContext();
        var link = await AuthenticationCertificateLinks.FindAsync(db, serial, cancellationToken);
        var cardId = await db.IssuedCertificates.AsNoTracking()
            .Where(r => r.Hierarchy == Myna.Pki.JpkiHierarchy.UserAuthentication && r.SerialNumber == serial)
            .Select(r => r.CardId).SingleOrDefaultAsync(cancellationToken);
        if (link is null || cardId is null)
            return await EndAsync(session, KioskRefusals.UnknownHolder, cancellationToken);

        var now = clock.GetUtcNow();
        var moved = await db.Set<KioskSessionRow>()
            .Where(s => s.Id == session.Id && s.State == KioskSessionState.Open && s.Version == session.Version)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.State, KioskSessionState.Authenticated)
                .SetProperty(s => s.CertificateSerial, serial)
                .SetProperty(s => s.HolderReference, link.HolderReference)
                .SetProperty(s => s.CardId, cardId)
                .SetProperty(s => s.ExpiresAt, now + IdleLimit)
                .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        if (moved == 0)
            return KioskRefusals.WrongStep;
        var choices = await municipalities.ChoicesAsync(link.HolderReference, cancellationToken);
        return KioskAnswer<Authenticated>.Of(new Authenticated(choices));
    }

    /// <summary>
    /// The holder's choice of municipality, certificate and copies (U2.4 ④⑤), routed to that municipality's certificate
    /// server, which decides (U2.1, U2.5–U2.7, U2.9, U2.11). A refusal leaves the session where it was, so the holder may
    /// choose again; an agreement quotes the fee.
    /// </summary>
    public async Task<KioskAnswer<Quote>> OrderAsync(MachineCredentials credentials, Guid sessionId, CertificateOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (machine, session, refusal) = await SessionAsync(credentials, sessionId, KioskSessionState.Authenticated, cancellationToken, alsoIn: KioskSessionState.Quoted);
        if (refusal is not null)
            return refusal;
        if (order.Copies is < 1 or > CertificateOrder.MaxCopies)
            return KioskRefusals.BadCopies;
        if (order.Certificate == Myna.Registry.Rules.KioskCertificate.IncomeAndTax && order.FiscalYear is null)
            return KioskRefusals.FiscalYearRequired;
        if (municipalities.Find(order.Municipality) is not { } server)
            return KioskRefusals.UnknownMunicipality;

        var decided = await server.DecideAsync(session!.HolderReference!.Value, session.CardId!.Value, order, machine!.Place, cancellationToken);
        if (decided.Refusal is not null)
            return decided.Refusal;
        var decision = decided.Value!;
        // U2.5: a certificate kept by another municipality (▲) is that municipality's to issue, under its seal.
        if (municipalities.Find(decision.Issuer.Value) is { } issuer)
            server = issuer;
        var fee = decision.FeeYen!.Value * order.Copies;

        await using var db = contexts.CreateDbContext();
        var now = clock.GetUtcNow();
        var moved = await db.Set<KioskSessionRow>()
            .Where(s => s.Id == session.Id && s.Version == session.Version)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.State, KioskSessionState.Quoted)
                .SetProperty(s => s.Municipality, server.Settings.Municipality.Value)
                .SetProperty(s => s.Certificate, order.Certificate)
                .SetProperty(s => s.Copies, order.Copies)
                .SetProperty(s => s.Individual, order.Individual)
                .SetProperty(s => s.FiscalYear, order.FiscalYear)
                .SetProperty(s => s.FeeYen, fee)
                .SetProperty(s => s.RefusalRule, (string?)null)
                .SetProperty(s => s.Refusal, (string?)null)
                .SetProperty(s => s.ExpiresAt, now + IdleLimit)
                .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        if (moved == 0)
            return KioskRefusals.WrongStep;
        var name = CertificateFees.NameOf(order.Certificate);
        return KioskAnswer<Quote>.Of(new Quote(fee, order.Copies, new(
            $"{server.Settings.Name.Japanese} {name.Japanese} {order.Copies}通 {Myna.Primitives.Text.TextFormat.JapaneseYen(fee)}",
            $"{server.Settings.Name.English}: {name.English}, {order.Copies} {(order.Copies == 1 ? "copy" : "copies")}, {Myna.Primitives.Text.TextFormat.EnglishYen(fee)}")));
    }

    /// <summary>
    /// Records the payment the machine took (U2.4 ⑥) and has the municipality issue the documents, in one unit of work:
    /// both, or neither. <paramref name="paymentId"/> is the machine's own id for the payment: sent again (a lost answer,
    /// a restart), it returns the same receipt and charges nothing more.
    /// </summary>
    public async Task<KioskAnswer<PaymentReceipt>> PayAsync(
        MachineCredentials credentials, Guid sessionId, Guid paymentId, int amountYen, CancellationToken cancellationToken = default)
    {
        if (await stores.AuthenticateAsync(credentials, cancellationToken) is not { } machine)
            return KioskRefusals.UnknownMachine;
        if (await ReceiptAsync(paymentId, sessionId, machine.Id, cancellationToken) is { } earlier)
            return earlier;
        var (_, session, refusal) = await SessionAsync(credentials, sessionId, KioskSessionState.Quoted, cancellationToken, machine);
        if (refusal is not null)
            return refusal == KioskRefusals.WrongStep && await PaidAsync(sessionId, cancellationToken) ? KioskRefusals.AlreadyPaid : refusal;
        if (amountYen != session!.FeeYen)
            return KioskRefusals.AmountMismatch(session.FeeYen!.Value);
        if (municipalities.Find(session.Municipality!) is not { } server)
            return KioskRefusals.UnknownMunicipality;

        var outcome = await runner.RunAsync(AuditActor.KioskMachine(machine.Id), "kiosk-issue", async work =>
        {
            var row = await work.Db.Set<KioskSessionRow>().SingleAsync(s => s.Id == session.Id, work.Cancellation);
            if (row.State != KioskSessionState.Quoted || row.Version != session.Version)
                return Myna.Window.Refusal.Conflict(Myna.Window.ConflictSubject.Record);
            var now = work.Now;
            var payment = new KioskPayment
            {
                Id = paymentId,
                SessionId = row.Id,
                StoreId = machine.Store.Id,
                MachineId = machine.Id,
                Municipality = row.Municipality!,
                Certificate = row.Certificate!.Value,
                Copies = row.Copies,
                AmountYen = amountYen,
                PaidAt = now,
                BusinessDay = work.Today,
            };
            work.Db.Add(payment);
            var issued = await server.IssueAsync(work, row, payment, machine, cancellationToken);
            if (!issued.Succeeded)
                return issued.Refusal!;
            row.State = KioskSessionState.Paid;
            row.PaidAt = now;
            return Myna.Window.WindowOutcome<PaymentReceipt>.Success(new PaymentReceipt(paymentId, amountYen, issued.Value));
        }, cancellationToken);

        if (outcome.Succeeded)
            return KioskAnswer<PaymentReceipt>.Of(outcome.Value);
        // Lost a race: the same payment sent twice at once (its receipt), or another payment for this session.
        if (await ReceiptAsync(paymentId, sessionId, machine.Id, cancellationToken) is { } receipt)
            return receipt;
        if (outcome.Refusal!.Kind == Myna.Window.RefusalKind.Conflict)
            return await PaidAsync(sessionId, cancellationToken) ? KioskRefusals.AlreadyPaid : KioskRefusals.WrongStep;
        return new KioskRefusal("refused", outcome.Refusal.Rule, outcome.Refusal.Text);
    }

    /// <summary>
    /// The next copy to print of the machine's paid session (U2.4 ⑦), with its binding; null when all are printed. Only
    /// the machine the session belongs to gets it.
    /// </summary>
    public async Task<KioskAnswer<PrintJob?>> NextPrintAsync(MachineCredentials credentials, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var (machine, session, refusal) = await SessionAsync(credentials, sessionId, KioskSessionState.Paid, cancellationToken, alsoIn: KioskSessionState.Printed);
        if (refusal is not null)
            return refusal;
        await using var db = contexts.CreateDbContext();
        var job = await db.Set<IssuedDocumentRow>().AsNoTracking()
            .Where(d => d.SessionId == session!.Id && d.MachineId == machine!.Id && d.State == PrintState.Pending)
            .OrderBy(d => d.IssueNumber)
            .FirstOrDefaultAsync(cancellationToken);
        return KioskAnswer<PrintJob?>.Of(job is null ? null
            : new PrintJob(job.Id, job.IssueNumber, new PrintBinding(job.SessionId, job.MachineId, job.ChallengeHash, job.DocumentHash), job.Pdf!));
    }

    /// <summary>
    /// The machine's report on a print job: printed (the PDF is dropped; when the last copy is out the session closes),
    /// or failed (the job stays pending and prints again; nothing more is charged).
    /// </summary>
    public async Task<KioskAnswer<bool>> ReportPrintAsync(
        MachineCredentials credentials, Guid sessionId, Guid jobId, bool printed, CancellationToken cancellationToken = default)
    {
        var (machine, session, refusal) = await SessionAsync(credentials, sessionId, KioskSessionState.Paid, cancellationToken, alsoIn: KioskSessionState.Printed);
        if (refusal is not null)
            return refusal;
        await using var db = contexts.CreateDbContext();
        var now = clock.GetUtcNow();
        var jobs = db.Set<IssuedDocumentRow>().Where(d => d.Id == jobId && d.SessionId == session!.Id && d.MachineId == machine!.Id);
        if (!await jobs.AnyAsync(cancellationToken))
            return KioskRefusals.UnknownJob;
        if (!printed)
        {
            await jobs.Where(d => d.State == PrintState.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.FailedPrints, d => d.FailedPrints + 1), cancellationToken);
            return KioskAnswer<bool>.Of(false);
        }
        // The last copy out and the session closed together: a process dying between the two would leave a paid session
        // with nothing to print, and the machine refused every new transaction (print-pending) for good.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One report of a session at a time (the session's row locked by a write that changes nothing), so the report of
        // the last copy sees every other copy printed.
        await db.Set<KioskSessionRow>().Where(s => s.Id == session!.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Version, s => s.Version), cancellationToken);
        await jobs.Where(d => d.State == PrintState.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, PrintState.Printed).SetProperty(d => d.PrintedAt, now)
                .SetProperty(d => d.Pdf, (byte[]?)null), cancellationToken);
        runner.Services.Crash.Reach(CrashPoints.KioskPrinting);
        var done = !await db.Set<IssuedDocumentRow>().AnyAsync(d => d.SessionId == session!.Id && d.State == PrintState.Pending, cancellationToken);
        if (done)
        {
            await db.Set<KioskSessionRow>().Where(s => s.Id == session!.Id && s.State == KioskSessionState.Paid)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, KioskSessionState.Printed).SetProperty(s => s.ClosedAt, now)
                    .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return KioskAnswer<bool>.Of(done);
    }

    /// <summary>
    /// Ends the transaction at the holder's wish, or the machine's (a blocked PIN, the card taken out), before payment.
    /// After payment it cannot end: the documents print (U2.8: no cancellation or refund).
    /// </summary>
    public async Task<KioskAnswer<bool>> CancelAsync(MachineCredentials credentials, Guid sessionId, KioskRefusal? reason = null, CancellationToken cancellationToken = default)
    {
        if (await stores.AuthenticateAsync(credentials, cancellationToken) is not { } machine)
            return KioskRefusals.UnknownMachine;
        await using var db = contexts.CreateDbContext();
        var session = await db.Set<KioskSessionRow>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.MachineId == machine.Id, cancellationToken);
        if (session is null)
            return KioskRefusals.UnknownSession;
        if (session.State is KioskSessionState.Paid or KioskSessionState.Printed)
            return KioskRefusals.NoRefund;
        if (session.State != KioskSessionState.Ended)
            await EndAsync(session, reason, cancellationToken);
        return KioskAnswer<bool>.Of(true);
    }

    private async Task<(KnownMachine? Machine, KioskSessionRow? Session, KioskRefusal? Refusal)> SessionAsync(
        MachineCredentials credentials, Guid sessionId, KioskSessionState state, CancellationToken cancellationToken,
        KnownMachine? machine = null, KioskSessionState? alsoIn = null)
    {
        machine ??= await stores.AuthenticateAsync(credentials, cancellationToken);
        if (machine is null)
            return (null, null, KioskRefusals.UnknownMachine);
        await using var db = contexts.CreateDbContext();
        var session = await db.Set<KioskSessionRow>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        // Another machine's session is as unknown to this one as a session that never was.
        if (session is null || session.MachineId != machine.Id)
            return (machine, null, KioskRefusals.UnknownSession);
        if (session.State != state && session.State != alsoIn)
            return (machine, session, KioskRefusals.WrongStep);
        if (session.State is not (KioskSessionState.Paid or KioskSessionState.Printed) && session.ExpiresAt <= clock.GetUtcNow())
        {
            await EndAsync(session, KioskRefusals.SessionExpired, cancellationToken);
            return (machine, session, KioskRefusals.SessionExpired);
        }
        return (machine, session, null);
    }

    private async Task<KioskRefusal> EndAsync(KioskSessionRow session, KioskRefusal? reason, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var now = clock.GetUtcNow();
        await db.Set<KioskSessionRow>()
            .Where(s => s.Id == session.Id && s.State != KioskSessionState.Paid && s.State != KioskSessionState.Printed && s.State != KioskSessionState.Ended)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, KioskSessionState.Ended).SetProperty(s => s.ClosedAt, now)
                .SetProperty(s => s.RefusalRule, reason == null ? null : reason.Rule)
                .SetProperty(s => s.Refusal, reason == null ? null : reason.Text.Japanese + "\n" + reason.Text.English)
                .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        return reason ?? KioskRefusals.WrongStep;
    }

    private async Task<KioskAnswer<PaymentReceipt>?> ReceiptAsync(Guid paymentId, Guid sessionId, Guid machineId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var payment = await db.Set<KioskPayment>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null)
            return null;
        // A payment id is the machine's own; the same id for another session or machine is a machine's bug, not a receipt.
        if (payment.SessionId != sessionId || payment.MachineId != machineId)
            return KioskRefusals.AlreadyPaid;
        var numbers = await db.Set<IssuedDocumentRow>().AsNoTracking().Where(d => d.PaymentId == paymentId)
            .Select(d => d.IssueNumber).ToListAsync(cancellationToken);
        // Ordinal, as the first receipt lists them, whatever the database's collation.
        return KioskAnswer<PaymentReceipt>.Of(new PaymentReceipt(payment.Id, payment.AmountYen, [.. numbers.Order(StringComparer.Ordinal)]));
    }

    private async Task<bool> PaidAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<KioskPayment>().AnyAsync(p => p.SessionId == sessionId, cancellationToken);
    }
}
