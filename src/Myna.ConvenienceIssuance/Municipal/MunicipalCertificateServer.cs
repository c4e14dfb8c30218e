using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Stores;
using Myna.Kiosk;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.History;
using Myna.Storage.Kiosk;
using Myna.Window;
using Myna.Window.Procedures;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>
/// One municipality's certificate server (証明書交付システム): decides on a holder's order by its own settings (U2.9)
/// and the holder's facts, and composes, seals and renders the documents it issues. It sees the holder only as the
/// registry's reference that the issuance centre passes on, never the card.
/// </summary>
public sealed class MunicipalCertificateServer(
    KioskSettings settings,
    Func<LocalGovernmentCode, KioskSettings?> others,
    IDbContextFactory<MynaDbContext> contexts,
    DocumentPress press,
    TimeProvider clock)
{
    /// <summary>The audit action of a kiosk issuance (on the holder).</summary>
    public const string IssuedAction = "kiosk.issued";

    public KioskSettings Settings { get; } = settings;

    /// <summary>Whether this municipality issues <paramref name="order"/> to the holder now, at <paramref name="place"/>.</summary>
    public async Task<KioskAnswer<KioskDecision>> DecideAsync(
        Guid holderReference, Guid cardId, CertificateOrder order, KioskPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        await using var db = contexts.CreateDbContext();
        return await DecideAsync(db, holderReference, cardId, order, place, clock.GetUtcNow(), cancellationToken);
    }

    private async Task<KioskAnswer<KioskDecision>> DecideAsync(
        MynaDbContext db, Guid holderReference, Guid cardId, CertificateOrder order, KioskPlace place, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await HolderFacts.ReadAsync(db, holderReference, cardId, cancellationToken) is not { } holder)
            return KioskRefusals.NoResidentRecord;
        var request = new KioskRequest(order.Certificate, place, at) { Individual = order.Individual };
        if (order.Certificate == KioskCertificate.IncomeAndTax)
        {
            if (await press.TaxYearAsync(db, holder.Resident.Id, order.FiscalYear!.Value, cancellationToken) is not { } year)
                return KioskRefusals.NoResidentRecord;
            request = request with { TaxYear = year };
        }
        var decision = KioskEligibility.Decide(Settings, holder.Facts, request, others);
        if (!decision.IsAllowed)
            return KioskRefusals.Of(decision);
        // Nothing to certify: told before the holder pays, not after.
        if (order.Certificate == KioskCertificate.SealRegistration && !await press.HasLiveSealAsync(db, holder.Resident.Id, cancellationToken))
            return KioskRefusals.NoSealRegistration;
        return KioskAnswer<KioskDecision>.Of(decision);
    }

    /// <summary>
    /// Issues the paid order of <paramref name="session"/> in <paramref name="work"/>: decides once more (the clock moved
    /// since the quote), then composes, seals and renders one document per copy, each bound to the session, the machine,
    /// the card's answer and its own bytes; writes the holder's exchange history and the audit entry.
    /// </summary>
    public async Task<WindowOutcome<IReadOnlyList<string>>> IssueAsync(
        WindowWork work, KioskSessionRow session, KioskPayment payment, KnownMachine machine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(machine);
        var order = new CertificateOrder(session.Municipality!, session.Certificate!.Value, session.Copies, session.Individual, session.FiscalYear);
        var decided = await DecideAsync(work.Db, session.HolderReference!.Value, session.CardId!.Value, order, machine.Place, work.Now, cancellationToken);
        if (decided.Refusal is { } refusal)
            return Refusal.ByRule(refusal.Rule ?? RuleIds.U2_9, refusal.Text);

        var challengeHash = SHA256.HashData(session.Challenge);
        var numbers = new List<string>();
        for (var copy = 0; copy < order.Copies; copy++)
        {
            var issueNumber = IssueNumbers.Next(work.Today);
            var pressed = await press.PressAsync(work.Db, Settings, session.HolderReference.Value, order, issueNumber, work.Today, cancellationToken);
            if (pressed.Refusal is { } notPressed)
                return Refusal.ByRule(notPressed.Rule ?? RuleIds.U2_9, notPressed.Text);
            var document = pressed.Value!;
            work.Db.Add(new IssuedDocumentRow
            {
                Id = Guid.NewGuid(),
                IssueNumber = issueNumber,
                Municipality = Settings.Municipality.Value,
                Certificate = order.Certificate,
                HolderReference = session.HolderReference.Value,
                IssuedAt = work.Now,
                SessionId = session.Id,
                MachineId = machine.Id,
                PaymentId = payment.Id,
                ChallengeHash = challengeHash,
                DocumentHash = SHA256.HashData(document.Pdf),
                ContentHash = SHA256.HashData(document.Canonical),
                Seal = document.Seal,
                Pdf = document.Pdf,
                State = PrintState.Pending,
            });
            numbers.Add(issueNumber);
        }

        var name = CertificateFees.NameOf(order.Certificate);
        var where = machine.Describe();
        work.Db.Add(ExchangeRecord.Of(session.HolderReference.Value, work.Now, new ExchangeContent(
            "kiosk-issued",
            where,
            Settings.Name,
            new($"{name.Japanese} {order.Copies}通（発行番号 {string.Join("、", numbers)}）", $"{name.English}, {order.Copies} {(order.Copies == 1 ? "copy" : "copies")} (issue numbers {string.Join(", ", numbers)})"),
            new($"コンビニ交付（手数料 {TextFormat.JapaneseYen(payment.AmountYen)}）", $"Convenience-store issuance (fee {TextFormat.EnglishYen(payment.AmountYen)})"))));
        work.Reach(CrashPoints.KioskIssued);
        work.Audit(IssuedAction, AuditSubject.Resident(session.HolderReference.Value), new(
            $"{where.Japanese}で{name.Japanese}を{order.Copies}通交付（{TextFormat.JapaneseYen(payment.AmountYen)}）",
            $"Issued {name.English} ×{order.Copies} at {where.English} ({TextFormat.EnglishYen(payment.AmountYen)})"));
        // In the order a receipt read back later lists them.
        return WindowOutcome<IReadOnlyList<string>>.Success([.. numbers.Order(StringComparer.Ordinal)]);
    }
}
