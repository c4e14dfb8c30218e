using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Documents;
using Myna.Registry.Fees;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using static Myna.Primitives.Text.TextFormat;

namespace Myna.Window.Procedures.Cards;

/// <summary>
/// Delivers the card of an application at the window (交付): the chip is personalised in memory with keys generated on
/// it, certificates from the authorities and the four PINs the applicant enters now; the card it replaces is retired
/// and its certificates revoked (superseded); the notification card is handed back (D4); the fee is taken (L3, V6).
/// </summary>
internal static class DeliverCard
{
    public const string Action = "card.delivered";

    public static async Task<WindowOutcome<CardRecord>> RunAsync(WindowWork work, Guid applicationId, DeliveryPins pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var today = work.Today;
        if (await work.ApplicationAsync(applicationId) is not { } application)
            return Refusals.NoSuchApplication;
        if (application.Status != ApplicationStatus.Received)
            return Refusals.ApplicationDone;
        var resident = (await work.ResidentAsync(application.ResidentId))!;
        if (resident.Status != ResidentStatus.Registered)
            return Refusals.MoveOutPending;
        var holder = new HolderFacts(resident.BirthDate, resident.IsAdultWard);
        if (Eligibility.Refusal(application.WantsSignatureCertificate, application.WantsAuthenticationCertificate, holder, today,
                application.Applicant == ApplicantRole.LegalRepresentative) is { } notEligible)
            return notEligible;
        var (cardPins, badPin) = ParsePins(pins, application);
        if (badPin is not null)
            return badPin;
        var replaced = application.ReplacesCard is { } oldId ? await work.CardAsync(oldId) : null;
        // A card handed back has ended already: the new one follows it without replacing it.
        if (replaced is { State: CardState.Returned })
            replaced = null;
        if (replaced is not null && replaced.State.IsFinal())
            return Refusals.ReplacedCardFinal(replaced.State);
        DateOnly? foreignExpiry = null;
        if (resident.ForeignResidence is { } residence)
        {
            if (ForeignResidentExpiryRule.MayIssue(residence, today) is { IsAllowed: false } stayEnded)
                return Refusal.Of(stayEnded);
            foreignExpiry = ForeignResidentExpiryRule.ExpiryFor(resident.BirthDate, today, residence).Date;
        }
        // Everything the chip and the certificates will carry, checked before the first effect.
        if (Checks.CardFace(work, resident) is { } unwritable)
            return unwritable;

        // Before the chip: a second window delivering this application (or changing the resident, whose details the
        // chip gets, or the card it replaces) is refused here or at the save, never with two cards issued.
        if (await work.ClaimAsync(resident, replaced) is { } conflict)
            return conflict;
        var municipality = await work.MunicipalityAsync(resident.Municipality);
        var cardId = Guid.NewGuid();
        var chip = await work.NewChipAsync(cardId);
        var order = new CardOrder(resident.MyNumber, resident.FourDetails, Romaji.Of(municipality), municipality.Code.JisCode, cardPins!)
        {
            CardExpiry = foreignExpiry,
            RequestId = work.RequestId,
        };
        var issued = work.Issuing.IssueCard(chip.Image, order);

        var card = new CardRecord(cardId, resident.Id, issued.Serial, municipality.Code, issued.IssueDate, issued.CardExpiry,
            issued.SecurityCode, issued.CardPublicKey);
        work.Db.Add(card);
        foreach (var (hierarchy, der) in new[] { (JpkiHierarchy.Signature, issued.SignatureCertificate), (JpkiHierarchy.UserAuthentication, issued.AuthenticationCertificate) })
        {
            if (der is null)
                continue;
            card.LoadCertificate(Certificates.ToCardCertificate(hierarchy, der), today);
            work.LinkCertificate(hierarchy, der, card.Id, resident.Id);
        }
        if (replaced is not null)
            work.Revoke(replaced.ReplaceBy(card.Id, today, $"replaced by a new card ({application.Reason})"), RevocationReasons.ForReissue);
        foreach (var document in await work.Db.Set<NumberDocument>()
                     .Where(d => d.ResidentId == resident.Id && d.Kind == MyNumberDocument.NotificationCard && d.HandedBackOn == null)
                     .ToListAsync(work.Cancellation))
            document.HandBack(today); // D4
        var fee = CardFeeRule.FeeFor(application.Reason, withCertificates: card.Certificates.Any());
        if (!fee.IsFree)
            work.Db.Add(new FeeEntry(Guid.NewGuid(), resident.Id, card.Id, today, fee.Yen, fee.Reason));
        application.Deliver(card.Id, today, fee.Yen);
        var certificates = card.Certificates.Select(c => Refusals.CertificateWords(c.Hierarchy)).ToList();
        work.Audit(Action, Checks.CardSubject(card.Id), new LocalizedText(
            $"カードを交付しました（{ProcedureWords.Of(application.Reason).Japanese}）。電子証明書：{(certificates.Count == 0 ? "なし" : string.Join("・", certificates.Select(c => c.Japanese)))}。手数料：{JapaneseYen(fee.Yen)}。",
            $"Card delivered ({ProcedureWords.Of(application.Reason).English}). Certificates: {(certificates.Count == 0 ? "none" : string.Join(", ", certificates.Select(c => c.English)))}. Fee: {EnglishYen(fee.Yen)}."));
        return WindowOutcome<CardRecord>.Success(card);
    }

    private static (CardPins? Pins, Refusal? Refusal) ParsePins(DeliveryPins pins, CardApplication application)
    {
        if (application.WantsSignatureCertificate != !string.IsNullOrEmpty(pins.Signature))
            return (null, application.WantsSignatureCertificate ? Refusals.SignaturePinRequired : Refusals.SignaturePinNotWanted);
        if (application.WantsAuthenticationCertificate != !string.IsNullOrEmpty(pins.UserAuthentication))
            return (null, application.WantsAuthenticationCertificate ? Refusals.AuthenticationPinRequired : Refusals.AuthenticationPinNotWanted);
        var signature = Checks.OptionalPin(PinKind.Signature, pins.Signature);
        var authentication = Checks.OptionalPin(PinKind.UserAuthentication, pins.UserAuthentication);
        var registry = Checks.RequiredPin(PinKind.ResidentRegistry, pins.ResidentRegistry);
        var inputAssist = Checks.RequiredPin(PinKind.TextInputAssist, pins.TextInputAssist);
        var bad = signature.Refusal ?? authentication.Refusal ?? registry.Refusal ?? inputAssist.Refusal;
        return bad is not null
            ? (null, bad)
            : (new CardPins(signature.Pin, authentication.Pin, registry.Pin!, inputAssist.Pin!), null);
    }
}
