using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.OnlineEligibility.Checks;
using Myna.OnlineEligibility.Receipts;
using Myna.OnlineEligibility.Terminals;
using Myna.Pki;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;
using Myna.Storage.PlainRows;
using Myna.Storage.Portal;

namespace Myna.OnlineEligibility;

/// <summary>
/// The online eligibility service (オンライン資格確認等システム, U1.2): a clinic's reception terminal opens a check, the
/// patient's card answers it — the card signs the check's challenge after the PIN, or the terminal attests a face or staff
/// check and sends the certificate alone — and the service verifies the card as a JPKI relying party (chain, validity,
/// status by OCSP), finds the holder's registration for insurance use and enrolments, and answers with the eligibility on
/// the visit day or a reason, with a signed receipt. The patient's consent for this visit (U1.4, U1.6) goes with the
/// answer; the holder's exchange history records the check and the consent.
/// </summary>
public sealed class EligibilityService
{
    /// <summary>How long a check waits for the card.</summary>
    public static readonly TimeSpan CheckLifetime = TimeSpan.FromMinutes(5);

    public const string CheckedAction = "insurance.eligibility-checked";

    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly Institutions _institutions;
    private readonly JpkiVerifier _verifier;
    private readonly ReceiptSigner _receipts;
    private readonly PatientReferences _patients;
    private readonly CheckChallenges _checks;
    private readonly TimeProvider _clock;
    private readonly CheckWriter _writer;

    /// <summary>A service whose checks' secret lives as long as it: checks opened before a restart are unknown after it.</summary>
    public EligibilityService(
        IDbContextFactory<MynaDbContext> contexts, Institutions institutions, JpkiVerifier verifier, ReceiptSigner receipts,
        PatientReferences patients, TimeProvider clock)
        : this(contexts, institutions, verifier, receipts, patients, new CheckChallenges(RandomNumberGenerator.GetBytes(32)), clock)
    {
    }

    /// <summary>A service with the checks' secret given (the server's, kept in its data directory).</summary>
    public EligibilityService(
        IDbContextFactory<MynaDbContext> contexts, Institutions institutions, JpkiVerifier verifier, ReceiptSigner receipts,
        PatientReferences patients, CheckChallenges checks, TimeProvider clock)
    {
        (_contexts, _institutions, _verifier, _receipts, _patients, _checks, _clock) = (contexts, institutions, verifier, receipts, patients, checks, clock);
        _writer = new CheckWriter(contexts);
    }

    /// <summary>The answered or ended checks waiting for the next transaction, and those of the transaction being made durable (tests watch the group commit with them).</summary>
    internal (int Waiting, int Writing) ChecksInWriter => (_writer.Waiting, _writer.Writing);

    /// <summary>Tests only: what runs in the group commit between its read of the checks' states and its transaction.</summary>
    internal Func<IReadOnlyCollection<Guid>, Task>? BeforeGroupWrite
    {
        get => _writer.BeforeWrite;
        set => _writer.BeforeWrite = value;
    }

    /// <summary>
    /// Opens a check for a terminal: a new challenge. The check's id and challenge are the service's MACs
    /// (<see cref="CheckChallenges"/>), so the answer needs no read of the check; its row is written with the other checks
    /// opened and answered meanwhile (<see cref="CheckWriter"/>), and the challenge given once it is durable.
    /// </summary>
    public async Task<EligibilityAnswerOf<CheckOpened>> OpenAsync(TerminalCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (await _institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        var id = _checks.Issue(terminal.Id, _clock.GetUtcNow());
        var check = Opened(id, terminal.Id, _checks.OpenedAt(id, terminal.Id)!.Value);
        await _writer.WriteAsync(new CheckWrite(check, [])).WaitAsync(cancellationToken);
        return EligibilityAnswerOf<CheckOpened>.Of(new CheckOpened(id, check.Challenge, check.ExpiresAt));
    }

    /// <summary>The most challenges a terminal is given in one request.</summary>
    public const int MaxChallengesAtOnce = 32;

    /// <summary>
    /// Challenges given ahead, <paramref name="count"/> at once, for a terminal that checks many patients: each is a check's
    /// id and challenge made as an open's (<see cref="CheckChallenges"/>: the service's MACs, bound to the terminal,
    /// unforeseeable, 5 minutes) but nothing is written — the check's row is written only when its answer comes, already
    /// answered, in the group commit (<see cref="CheckWriter"/>), so a check costs one request instead of two. The answer
    /// is refused exactly once when replayed, as an opened check's is. Such a check is not in the terminal's list of open
    /// checks (<see cref="TerminalChecks"/>) until it is answered.
    /// </summary>
    public async Task<EligibilityAnswerOf<IReadOnlyList<CheckOpened>>> IssueChallengesAsync(
        TerminalCredentials credentials, int count, CancellationToken cancellationToken = default)
    {
        if (await _institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        if (count is < 1 or > MaxChallengesAtOnce)
            return EligibilityRefusals.ChallengeCount;
        var now = _clock.GetUtcNow();
        var issued = new CheckOpened[count];
        for (var i = 0; i < count; i++)
        {
            var id = _checks.Issue(terminal.Id, now);
            var openedAt = _checks.OpenedAt(id, terminal.Id)!.Value;
            issued[i] = new CheckOpened(id, _checks.ChallengeOf(id, terminal.Id), openedAt + CheckLifetime);
        }
        return EligibilityAnswerOf<IReadOnlyList<CheckOpened>>.Of(issued);
    }

    private EligibilityCheckRow Opened(Guid id, Guid terminalId, DateTimeOffset openedAt) => new()
    {
        Id = id, TerminalId = terminalId, OpenedAt = openedAt, ExpiresAt = openedAt + CheckLifetime,
        Challenge = _checks.ChallengeOf(id, terminalId), State = EligibilityCheckState.Open,
    };

    /// <summary>
    /// Takes the card's answer and answers the check, once: the answer (or the end of the check) is given only once it
    /// is durable, with its receipt, exchange record and audit entry in the same transaction (<see cref="CheckWriter"/>).
    /// </summary>
    public async Task<EligibilityAnswerOf<EligibilityResult>> AnswerAsync(
        TerminalCredentials credentials, Guid checkId, CardAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (await _institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        // Another terminal's check is as unknown as one never opened.
        if (_checks.OpenedAt(checkId, terminal.Id) is not { } openedAt)
            return EligibilityRefusals.UnknownCheck;
        var check = Opened(checkId, terminal.Id, openedAt);
        var now = _clock.GetUtcNow();
        if (check.ExpiresAt <= now)
            return await EndAsync(check, EligibilityRefusals.CheckExpired, cancellationToken);

        VerificationResult verification;
        if (answer.Identity == IdentityCheck.Pin)
        {
            if (answer.Signature is not { Length: > 0 } cardSignature)
                return await IsAnsweredOrEndedAsync(checkId, cancellationToken) ? EligibilityRefusals.AlreadyAnswered : EligibilityRefusals.SignatureRequired;
            verification = await _verifier.VerifyLoginAsync(check.Challenge, cardSignature, answer.Certificate, cancellationToken);
        }
        else
            verification = await _verifier.VerifyAuthenticationCertificateAsync(answer.Certificate, cancellationToken);
        if (verification.Failure is { } failure)
            return await EndAsync(check, EligibilityRefusals.Of(failure), cancellationToken);

        var serial = verification.Certificate!.SerialNumber.ToUpperInvariant();
        var holder = await HolderAsync(serial, cancellationToken);
        if (holder is null)
            return await EndAsync(check, EligibilityRefusals.UnknownHolder, cancellationToken);

        var day = JapanClock.DateOf(now);
        var decision = InsuranceEligibility.Decide(holder.Registered, holder.Enrolments, holder.BirthDate, day);

        // A consent to nothing stays nothing: without an answer that the patient is covered there is nothing to show (U1.4).
        var consent = decision.IsEligible ? answer.Consent : Consent.None;
        var facts = decision.Eligible is { } eligible ? Facts(eligible) : null;
        // Time-ordered (UUIDv7: the time the receipt states, and 74 random bits): the receipts' key index grows at its end, where a
        // random id dirtied a page of it anywhere, in every group commit's write-ahead log, for every check.
        var receiptId = Guid.CreateVersion7(now);
        var content = ReceiptContent(receiptId, terminal.Institution, _patients.Of(holder.Id, terminal.Institution.Code), now, answer.Identity, decision, facts, consent);
        var signature = _receipts.Sign(content);

        check.State = EligibilityCheckState.Answered;
        check.Identity = answer.Identity;
        check.HolderReference = holder.Id;
        check.CertificateSerial = serial;
        check.VisitDay = day;
        check.Result = decision.IsEligible ? "eligible" : decision.RefusalCode;
        check.RefusalRule = decision.IsEligible ? null : decision.Rule;
        (check.ConsentMedication, check.ConsentHealthChecks, check.ConsentTreatments, check.ConsentCeiling) =
            (consent.Medication, consent.HealthChecks, consent.Treatments, consent.HighCostCeiling);
        check.ReceiptId = receiptId;
        check.AnsweredAt = now;
        var institution = new LocalizedText(terminal.Institution.Name, terminal.Institution.Name);
        var exchange = ExchangeRecord.Of(holder.Id, now, new ExchangeContent(
            "insurance-eligibility-checked",
            institution,
            new("オンライン資格確認等システム", "Online eligibility service"),
            decision.Eligible is { } e2
                ? new($"医療保険の資格情報（{e2.Insurer.Name}）", $"Health insurance eligibility ({e2.Insurer.Name})")
                : new("医療保険の資格情報（資格なし）", "Health insurance eligibility (not eligible)"),
            new LocalizedText("受診時の資格確認（", "Eligibility check at a visit (").Then(consent.Describe()).Then(new("）", ")"))));
        var audit = AuditTrail.NewEntry(_clock, AuditActor.Terminal(terminal.Id), CheckedAction, AuditSubject.Resident(holder.Id),
            new LocalizedText($"{terminal.Institution.Name}で保険資格を確認しました（{(decision.IsEligible ? "資格あり" : "資格なし")}）。",
                $"Insurance eligibility checked at {terminal.Institution.Name} ({(decision.IsEligible ? "eligible" : "not eligible")})."));
        var receipt = new EligibilityReceiptRow { Id = receiptId, CheckId = check.Id, Content = content, Signature = signature, IssuedAt = now };
        if (!await _writer.WriteAsync(new CheckWrite(check, [receipt, exchange, audit])).WaitAsync(cancellationToken))
            return EligibilityRefusals.AlreadyAnswered;
        return EligibilityAnswerOf<EligibilityResult>.Of(new EligibilityResult(check.Id, decision.IsEligible, decision.RefusalCode, decision.Rule,
            decision.Reason, facts, consent, new SignedReceipt(receiptId, content, Convert.ToBase64String(signature))));
    }

    /// <summary>What the answer needs of the holder the certificate was issued to.</summary>
    private sealed record Holder(Guid Id, DateOnly BirthDate, bool Registered, IReadOnlyList<(Insurer, Enrolment)> Enrolments);

    /// <summary>A row of <see cref="_holderRows"/>: the holder, and one enrolment with its insurer (none for a holder without any).</summary>
    private sealed record HolderRow(Guid Id, DateOnly BirthDate, bool Registered, Enrolment? Enrolment, Insurer? Insurer);

    /// <summary>
    /// The holder of the user-authentication certificate of a serial (the authority's record of it), their birth date,
    /// registration for insurance use (U1.1) and enrolments with their insurers: one query, a row per enrolment (one without
    /// any). Compiled once for the service's database, as every answer asks it, and on SQLite its statement kept prepared on
    /// the kept contexts' connections (<see cref="KeptStatements"/>): SQLite parsed and planned its joins on every answer.
    /// </summary>
    private readonly Func<MynaDbContext, string, IAsyncEnumerable<HolderRow>> _holderRows = EF.CompileAsyncQuery(
        (MynaDbContext db, string serial) =>
            from c in db.IssuedCertificates.AsNoTracking().TagWith(KeptStatements.Tag)
            where c.Hierarchy == JpkiHierarchy.UserAuthentication && c.SerialNumber == serial
            join r in db.Set<Resident>().AsNoTracking() on c.ResidentId equals r.Id
            from e in db.Set<Enrolment>().AsNoTracking().Where(e => e.HolderReference == r.Id).DefaultIfEmpty()
            from i in db.Set<Insurer>().AsNoTracking().Where(i => e != null && i.Id == e.InsurerId).DefaultIfEmpty()
            select new HolderRow(r.Id, r.BirthDate, db.Set<InsuranceUseRegistration>().Any(u => u.HolderReference == r.Id), e, i));

    /// <summary>
    /// Contexts kept for <see cref="_holderRows"/>, which reads without tracking: a context's first query builds its services
    /// (a large part of a check's CPU when each answer made a context), so the answers reuse them, one answer a context at a time.
    /// </summary>
    private readonly ConcurrentBag<MynaDbContext> _holderReaders = [];

    /// <summary>The most contexts kept for the holder's read (more answers at once make and dispose their own).</summary>
    private const int MaxHolderReaders = 64;

    /// <summary>The holder of the user-authentication certificate <paramref name="serial"/>; null when the authority issued it to no holder.</summary>
    private async Task<Holder?> HolderAsync(string serial, CancellationToken cancellationToken)
    {
        var rows = new List<HolderRow>();
        var fresh = !_holderReaders.TryTake(out var kept);
        var db = fresh ? NewHolderReader() : kept!;
        var reusable = false;
        try
        {
            // On SQLite (in the process) a kept context keeps its connection open as well: EF otherwise takes it from the
            // pool and gives it back around every query, a few per cent of a check's CPU. Not on a database server, where
            // the kept contexts' idle connections would take from its pool.
            if (fresh && db is SqliteMynaDbContext)
                await db.Database.OpenConnectionAsync(cancellationToken);
            await foreach (var row in _holderRows(db, serial).WithCancellation(cancellationToken))
                rows.Add(row);
            reusable = !db.ChangeTracker.Entries().Any() && _holderReaders.Count < MaxHolderReaders;
        }
        finally
        {
            // A context whose read failed or was cancelled is not kept.
            if (reusable)
                _holderReaders.Add(db);
            else
                await db.DisposeAsync();
        }
        if (rows.Count == 0)
            return null;
        return new Holder(rows[0].Id, rows[0].BirthDate, rows[0].Registered,
            [.. rows.Where(x => x.Enrolment is not null && x.Insurer is not null).Select(x => (x.Insurer!, x.Enrolment!))]);
    }

    /// <summary>
    /// A context for the holder's read: a reading context (no My Number interceptor, whose presence alone makes EF build a
    /// delegate per property of the enrolment and the insurer on every read) when the factory makes them — the read
    /// materialises no resident.
    /// </summary>
    private MynaDbContext NewHolderReader() =>
        _contexts is MynaDbContextFactory factory ? factory.CreateReadingContext() : _contexts.CreateDbContext();

    /// <summary>Whether the check has been answered or ended.</summary>
    private async Task<bool> IsAnsweredOrEndedAsync(Guid checkId, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<EligibilityCheckRow>().AnyAsync(c => c.Id == checkId && c.State != EligibilityCheckState.Open, cancellationToken);
    }

    /// <summary>
    /// A check as the clinic's staff see it again during the visit (U1.4): where it stands and, once answered, the answer
    /// and the consent it was given with — for the terminal's own institution only.
    /// </summary>
    public async Task<EligibilityAnswerOf<CheckView>> ViewAsync(TerminalCredentials credentials, Guid checkId, CancellationToken cancellationToken = default)
    {
        if (await _institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        await using var db = _contexts.CreateDbContext();
        var check = await (from c in db.Set<EligibilityCheckRow>().AsNoTracking()
                           join t in db.Set<ReceptionTerminal>().AsNoTracking() on c.TerminalId equals t.Id
                           where c.Id == checkId && t.InstitutionId == terminal.Institution.Id
                           select c).SingleOrDefaultAsync(cancellationToken);
        if (check is null)
            return EligibilityRefusals.UnknownCheck;
        var receipt = check.ReceiptId is { } id
            ? await db.Set<EligibilityReceiptRow>().AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken)
            : null;
        return EligibilityAnswerOf<CheckView>.Of(new CheckView(check.Id, check.State, check.VisitDay, check.Result, check.RefusalRule, check.Identity,
            new Consent(check.ConsentMedication, check.ConsentHealthChecks, check.ConsentTreatments, check.ConsentCeiling),
            receipt is null ? null : new SignedReceipt(receipt.Id, receipt.Content, Convert.ToBase64String(receipt.Signature))));
    }

    private static InsuranceFacts Facts(EligibleEnrolment e) => new(
        e.InsurerNumber.ToString(), e.Insurer.Name, e.Symbol, e.Number, e.Branch, e.Role.ToString(), e.Copayment.Percent,
        IncomeWords.Of(e.Category).Japanese, e.ElderlyClass is { } elderly ? (elderly == ElderlyRecipientClass.ThirtyPercent ? 30 : 20) : null,
        EligibilityAnswer.SubsidyCertificateNote);

    private static string ReceiptContent(
        Guid id, MedicalInstitution institution, string patient, DateTimeOffset at, IdentityCheck identity, EligibilityAnswer decision,
        InsuranceFacts? facts, Consent consent) => ReceiptSigner.Json(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("v", 1);
        json.WriteString("receipt", id.ToString("N"));
        json.WriteString("institution", institution.Code);
        json.WriteString("patient", patient);
        json.WriteString("at", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("identity", identity.ToString());
        json.WriteString("result", decision.IsEligible ? "eligible" : decision.RefusalCode);
        json.WriteString("rule", decision.Rule);
        if (facts is not null)
        {
            json.WriteString("insurer", facts.InsurerNumber);
            json.WriteString("symbol", facts.Symbol);
            json.WriteString("number", facts.Number);
            json.WriteString("branch", facts.Branch);
            json.WriteNumber("copayment", facts.CopaymentPercent);
        }
        json.WriteStartObject("consent");
        json.WriteBoolean("medication", consent.Medication);
        json.WriteBoolean("healthChecks", consent.HealthChecks);
        json.WriteBoolean("treatments", consent.Treatments);
        json.WriteBoolean("ceiling", consent.HighCostCeiling);
        json.WriteEndObject();
        json.WriteEndObject();
    });

    /// <summary>Ends the check without an answer (the card refused, the check expired), once.</summary>
    private async Task<EligibilityRefusal> EndAsync(EligibilityCheckRow check, EligibilityRefusal reason, CancellationToken cancellationToken)
    {
        check.State = EligibilityCheckState.Ended;
        check.Result = reason.Code;
        check.RefusalRule = reason.Rule;
        return await _writer.WriteAsync(new CheckWrite(check, [])).WaitAsync(cancellationToken) ? reason : EligibilityRefusals.AlreadyAnswered;
    }
}
