using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.OnlineEligibility.Receipts;
using Myna.OnlineEligibility.Terminals;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Eligibility;
using Myna.Storage.History;
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
public sealed class EligibilityService(
    IDbContextFactory<MynaDbContext> contexts, Institutions institutions, JpkiVerifier verifier, ReceiptSigner receipts,
    PatientReferences patients, TimeProvider clock)
{
    /// <summary>How long a check waits for the card.</summary>
    public static readonly TimeSpan CheckLifetime = TimeSpan.FromMinutes(5);

    public const string CheckedAction = "insurance.eligibility-checked";

    /// <summary>Opens a check for a terminal: a new random challenge.</summary>
    public async Task<EligibilityAnswerOf<CheckOpened>> OpenAsync(TerminalCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (await institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        var now = clock.GetUtcNow();
        var check = new EligibilityCheckRow
        {
            Id = Guid.NewGuid(), TerminalId = terminal.Id, OpenedAt = now, ExpiresAt = now + CheckLifetime,
            Challenge = RandomNumberGenerator.GetBytes(EligibilityCheckRow.ChallengeLength), State = EligibilityCheckState.Open,
        };
        await using var db = contexts.CreateDbContext();
        db.Add(check);
        await db.SaveChangesAsync(cancellationToken);
        return EligibilityAnswerOf<CheckOpened>.Of(new CheckOpened(check.Id, check.Challenge, check.ExpiresAt));
    }

    /// <summary>Takes the card's answer and answers the check, once.</summary>
    public async Task<EligibilityAnswerOf<EligibilityResult>> AnswerAsync(
        TerminalCredentials credentials, Guid checkId, CardAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (await institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        await using var db = contexts.CreateDbContext();
        var check = await db.Set<EligibilityCheckRow>().SingleOrDefaultAsync(c => c.Id == checkId && c.TerminalId == terminal.Id, cancellationToken);
        if (check is null)
            return EligibilityRefusals.UnknownCheck;
        if (check.State != EligibilityCheckState.Open)
            return EligibilityRefusals.AlreadyAnswered;
        var now = clock.GetUtcNow();
        if (check.ExpiresAt <= now)
            return await EndAsync(db, check, EligibilityRefusals.CheckExpired, cancellationToken);

        VerificationResult verification;
        if (answer.Identity == IdentityCheck.Pin)
        {
            if (answer.Signature is not { Length: > 0 } cardSignature)
                return EligibilityRefusals.SignatureRequired;
            verification = await verifier.VerifyLoginAsync(check.Challenge, cardSignature, answer.Certificate, cancellationToken);
        }
        else
            verification = await verifier.VerifyAuthenticationCertificateAsync(answer.Certificate, cancellationToken);
        if (verification.Failure is { } failure)
            return await EndAsync(db, check, EligibilityRefusals.Of(failure), cancellationToken);

        using var certificate = X509CertificateLoader.LoadCertificate(answer.Certificate);
        var serial = certificate.SerialNumber.ToUpperInvariant();
        if (await AuthenticationCertificateLinks.FindAsync(db, serial, cancellationToken) is not { } link
            || await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == link.HolderReference, cancellationToken) is not { } resident)
            return await EndAsync(db, check, EligibilityRefusals.UnknownHolder, cancellationToken);

        var registered = await db.Set<InsuranceUseRegistration>().AnyAsync(r => r.HolderReference == resident.Id, cancellationToken);
        var enrolments = await (from e in db.Set<Enrolment>().AsNoTracking()
                                join i in db.Set<Insurer>().AsNoTracking() on e.InsurerId equals i.Id
                                where e.HolderReference == resident.Id
                                select new { Insurer = i, Enrolment = e }).ToListAsync(cancellationToken);
        var day = JapanClock.DateOf(now);
        var decision = InsuranceEligibility.Decide(registered, [.. enrolments.Select(e => (e.Insurer, e.Enrolment))], resident.BirthDate, day);

        // A consent to nothing stays nothing: without an answer that the patient is covered there is nothing to show (U1.4).
        var consent = decision.IsEligible ? answer.Consent : Consent.None;
        var facts = decision.Eligible is { } eligible ? Facts(eligible) : null;
        var receiptId = Guid.NewGuid();
        var content = ReceiptContent(receiptId, terminal.Institution, patients.Of(resident.Id, terminal.Institution.Code), now, answer.Identity, decision, facts, consent);
        var signature = receipts.Sign(content);

        check.State = EligibilityCheckState.Answered;
        check.Identity = answer.Identity;
        check.HolderReference = resident.Id;
        check.CertificateSerial = serial;
        check.VisitDay = day;
        check.Result = decision.IsEligible ? "eligible" : decision.RefusalCode;
        check.RefusalRule = decision.IsEligible ? null : decision.Rule;
        (check.ConsentMedication, check.ConsentHealthChecks, check.ConsentTreatments, check.ConsentCeiling) =
            (consent.Medication, consent.HealthChecks, consent.Treatments, consent.HighCostCeiling);
        check.ReceiptId = receiptId;
        check.AnsweredAt = now;
        check.Version++;
        db.Add(new EligibilityReceiptRow { Id = receiptId, CheckId = check.Id, Content = content, Signature = signature, IssuedAt = now });
        var institution = new LocalizedText(terminal.Institution.Name, terminal.Institution.Name);
        db.Add(ExchangeRecord.Of(resident.Id, now, new ExchangeContent(
            "insurance-eligibility-checked",
            institution,
            new("オンライン資格確認等システム", "Online eligibility service"),
            decision.Eligible is { } e2
                ? new($"医療保険の資格情報（{e2.Insurer.Name}）", $"Health insurance eligibility ({e2.Insurer.Name})")
                : new("医療保険の資格情報（資格なし）", "Health insurance eligibility (not eligible)"),
            new LocalizedText("受診時の資格確認（", "Eligibility check at a visit (").Then(consent.Describe()).Then(new("）", ")")))));
        db.AuditEntries.Add(AuditTrail.NewEntry(clock, AuditActor.Terminal(terminal.Id), CheckedAction, new AuditSubject("resident", resident.Id.ToString()),
            new LocalizedText($"{terminal.Institution.Name}で保険資格を確認しました（{(decision.IsEligible ? "資格あり" : "資格なし")}）。",
                $"Insurance eligibility checked at {terminal.Institution.Name} ({(decision.IsEligible ? "eligible" : "not eligible")}).")));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EligibilityRefusals.AlreadyAnswered;
        }
        return EligibilityAnswerOf<EligibilityResult>.Of(new EligibilityResult(check.Id, decision.IsEligible, decision.RefusalCode, decision.Rule,
            decision.Reason, facts, consent, new SignedReceipt(receiptId, content, Convert.ToBase64String(signature))));
    }

    /// <summary>
    /// A check as the clinic's staff see it again during the visit (U1.4): where it stands and, once answered, the answer
    /// and the consent it was given with — for the terminal's own institution only.
    /// </summary>
    public async Task<EligibilityAnswerOf<CheckView>> ViewAsync(TerminalCredentials credentials, Guid checkId, CancellationToken cancellationToken = default)
    {
        if (await institutions.AuthenticateAsync(credentials, cancellationToken) is not { } terminal)
            return EligibilityRefusals.UnknownTerminal;
        await using var db = contexts.CreateDbContext();
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

    private static async Task<EligibilityRefusal> EndAsync(MynaDbContext db, EligibilityCheckRow check, EligibilityRefusal reason, CancellationToken cancellationToken)
    {
        check.State = EligibilityCheckState.Ended;
        check.Result = reason.Code;
        check.RefusalRule = reason.Rule;
        check.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EligibilityRefusals.AlreadyAnswered;
        }
        return reason;
    }
}
