using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Documents;
using Myna.Registry.Fees;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window;

// Applications and delivery: first issue, renewal (V1), reissue (L3, V6, M2, V4).
public sealed partial class MunicipalWindow
{
    /// <summary>Takes an application for a card, checking who applies (Q6), which certificates (P4), where it goes (Q7) and why (V1, L3, V6, M2).</summary>
    public async Task<WindowOutcome<CardApplication>> ApplyForCardAsync(
        CardApplicationForm form, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, form.ResidentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        if (resident.Status != ResidentStatus.Registered)
            return Refusal.ByRule("V5", "A move-out notice is pending: the card is applied for at the new municipality after the move-in notice (V5).");
        var holder = new HolderFacts(resident.BirthDate, resident.IsAdultWard);
        var who = ApplicantRule.MayApply(form.Applicant, holder, today, form.MayorAcceptedSpecialReasons);
        if (!who.IsAllowed)
            return Refusal.ByRule(who.Rule, who.Reason.English); // bilingual refusal: lead
        if (form.Applicant != ApplicantRole.Holder && string.IsNullOrWhiteSpace(form.RepresentativeName))
            return Refusal.Invalid("The representative's name is required (Q6).");
        if (form.DeliverTo == DeliveryPlace.Residence && resident.Residence is null)
            return Refusal.ByRule("Q7", "No 居所 is registered for this resident; the card goes to the registered address (Q7).");
        if (EligibilityRefusal(form.WantsSignatureCertificate, form.WantsAuthenticationCertificate, holder, today,
                form.Applicant == ApplicantRole.LegalRepresentative) is { } notEligible)
            return notEligible;
        if (await db.Set<CardApplication>().AnyAsync(a => a.ResidentId == resident.Id && a.Status == ApplicationStatus.Received, cancellationToken))
            return Refusal.ByRule("state", "An application of this resident is already waiting for delivery.");

        var current = await CurrentCardAsync(db, resident.Id, cancellationToken);
        var everHadCard = await db.Set<CardRecord>().AnyAsync(c => c.ResidentId == resident.Id, cancellationToken);
        if (OccasionRefusal(form.Occasion, current, everHadCard, today) is { } wrongOccasion)
            return wrongOccasion;

        // Claimed (and checked again by the save) so that two windows taking an application for the same resident at
        // once cannot both pass the checks above.
        if (await ClaimAsync(db, cancellationToken, resident) is { } conflict)
            return conflict;
        var application = new CardApplication(
            Guid.NewGuid(), resident.Id, today, form.Occasion, form.Applicant, form.RepresentativeName,
            form.WantsSignatureCertificate, form.WantsAuthenticationCertificate, form.DeliverTo, current?.Id);
        db.Add(application);
        Audit(db, actor, "card.applied", ResidentSubject(resident.Id), $"{form.Occasion} applied for by {form.Applicant}");
        if (await SaveAsync(db, cancellationToken) is { } lost)
            return lost;
        return WindowOutcome<CardApplication>.Success(application);
    }

    /// <summary>
    /// Delivers the card of an application at the window (交付): the chip is personalised with keys generated on it,
    /// certificates from the authorities and the four PINs the applicant enters now; the card it replaces is
    /// retired and its certificates revoked (superseded); the notification card is handed back (D4); the fee is
    /// taken (L3, V6).
    /// </summary>
    public async Task<WindowOutcome<CardRecord>> DeliverCardAsync(
        Guid applicationId, DeliveryPins pins, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var application = await db.Set<CardApplication>().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        if (application is null)
            return Refusal.NotFound("No such application.");
        if (application.Status != ApplicationStatus.Received)
            return Refusal.ByRule("state", "This application was delivered or withdrawn already.");
        var resident = (await FindResidentAsync(db, application.ResidentId, cancellationToken))!;
        if (resident.Status != ResidentStatus.Registered)
            return Refusal.ByRule("V5", "A move-out notice is pending: the card is delivered at the new municipality (V5).");
        var holder = new HolderFacts(resident.BirthDate, resident.IsAdultWard);
        if (EligibilityRefusal(application.WantsSignatureCertificate, application.WantsAuthenticationCertificate, holder, today,
                application.Applicant == ApplicantRole.LegalRepresentative) is { } notEligible)
            return notEligible;

        var parsed = ParseDeliveryPins(pins, application);
        if (parsed.Refusal is { } badPin)
            return badPin;
        var replaced = application.ReplacesCard is { } oldId ? await FindCardAsync(db, oldId, cancellationToken) : null;
        if (replaced is not null && replaced.State.IsFinal())
            return Refusal.ByRule("state", $"The card to be replaced is {replaced.State.Describe()} already.");

        // Before the chip: a second window delivering this application (or changing the resident, whose details the
        // chip gets, or the card it replaces) is refused here or at the save, never with two cards issued.
        if (await ClaimAsync(db, cancellationToken, resident, replaced) is { } conflict)
            return conflict;
        var municipality = await MunicipalityAsync(db, resident.Municipality, cancellationToken);
        DateOnly? foreignExpiry = resident.ForeignResidence is { } residence
            ? ForeignResidentExpiryRule.ExpiryFor(resident.BirthDate, today, residence).Date
            : null;
        var cardId = Guid.NewGuid();
        var path = CardPath(cardId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var order = new CardOrder(resident.MyNumber, resident.FourDetails, Romaji(municipality), municipality.Code.JisCode, parsed.Value!)
        {
            CardExpiry = foreignExpiry,
        };
        var issued = _issuing.IssueCard(path, order);

        var card = new CardRecord(cardId, resident.Id, issued.Serial, municipality.Code, issued.IssueDate, issued.CardExpiry,
            issued.SecurityCode, issued.CardPublicKey);
        db.Add(card);
        if (issued.SignatureCertificate is { } signature)
        {
            card.LoadCertificate(ToCardCertificate(JpkiHierarchy.Signature, signature), today);
            LinkCertificate(db, JpkiHierarchy.Signature, signature, card.Id, resident.Id);
        }
        if (issued.AuthenticationCertificate is { } authentication)
        {
            card.LoadCertificate(ToCardCertificate(JpkiHierarchy.UserAuthentication, authentication), today);
            LinkCertificate(db, JpkiHierarchy.UserAuthentication, authentication, card.Id, resident.Id);
        }

        try
        {
            if (replaced is not null)
                Revoke(replaced.ReplaceBy(card.Id, today, $"replaced by a new card ({application.Reason})"), RevocationReasons.ForReissue);
            foreach (var document in await db.Set<NumberDocument>()
                         .Where(d => d.ResidentId == resident.Id && d.Kind == MyNumberDocument.NotificationCard && d.HandedBackOn == null)
                         .ToListAsync(cancellationToken))
                document.HandBack(today); // D4
            var fee = CardFeeRule.FeeFor(application.Reason, withCertificates: card.Certificates.Any());
            if (!fee.IsFree)
                db.Add(new FeeEntry(Guid.NewGuid(), resident.Id, card.Id, today, fee.Yen, fee.Reason));
            application.Deliver(card.Id, today, fee.Yen);
            Audit(db, actor, "card.delivered", CardSubject(card.Id),
                $"{application.Reason} delivered; certificates: {string.Join(", ", card.Certificates.Select(c => c.Hierarchy))}; fee {fee.Yen} yen");
            if (await SaveAsync(db, cancellationToken) is { } lost)
            {
                Discard(card, path);
                return lost;
            }
        }
        catch
        {
            Discard(card, path);
            throw;
        }
        return WindowOutcome<CardRecord>.Success(card);
    }

    /// <summary>The registry does not know this new card after all: take its chip and certificates out of the world again.</summary>
    private void Discard(CardRecord card, string path)
    {
        Revoke(card.Certificates, RevocationReasons.ForCardReturned);
        File.Delete(path);
    }

    /// <summary>P4 for the certificates asked for.</summary>
    private static Refusal? EligibilityRefusal(bool signature, bool authentication, HolderFacts holder, DateOnly on, bool byLegalRepresentative)
    {
        if (signature && CertificateEligibilityRule.MayLoad(JpkiHierarchy.Signature, holder, on) is { IsAllowed: false } s)
            return Refusal.ByRule(s.Rule, s.Reason.English); // bilingual refusal: lead
        if (authentication && CertificateEligibilityRule.MayLoad(JpkiHierarchy.UserAuthentication, holder, on, byLegalRepresentative) is { IsAllowed: false } a)
            return Refusal.ByRule(a.Rule, a.Reason.English); // bilingual refusal: lead
        return null;
    }

    /// <summary>Whether the occasion fits the resident's current card (V1, L3, V6, M2, V4).</summary>
    private static Refusal? OccasionRefusal(CardIssueOccasion occasion, CardRecord? current, bool everHadCard, DateOnly today)
    {
        var state = current?.StateOn(today);
        return occasion switch
        {
            CardIssueOccasion.FirstIssue when everHadCard =>
                Refusal.ByRule("L3", "This resident has had a card: a new one is a renewal or a reissue (L3, V6)."),
            CardIssueOccasion.FirstIssue => null,
            _ when current is null => Refusal.ByRule("L3", "This resident holds no card to renew or reissue (L3)."),
            CardIssueOccasion.Renewal => RenewalRule.MayRenew(ExpiringItem.Card, current.ExpiresOn, today) is { IsAllowed: false } r
                ? Refusal.ByRule(r.Rule, r.Reason.English) // bilingual refusal: lead
                : null,
            CardIssueOccasion.ReissueAfterLossOrDamage when state is not (CardState.Active or CardState.Suspended) =>
                Refusal.ByRule("L3", $"The card is {state!.Value.Describe()}: a reissue after loss or damage is for a card in use or suspended (L3)."),
            CardIssueOccasion.ReissueAfterLapse when state != CardState.Lapsed =>
                Refusal.ByRule("V6", "Only a lapsed card is reissued as such (V6)."),
            CardIssueOccasion.ReissueEndorsementAreaFull when state != CardState.Active || current.HasRoomForEndorsement =>
                Refusal.ByRule("M2", "A free reissue is for a card in use whose endorsement area is full (M2)."),
            CardIssueOccasion.ReissueAfterExpiry when state != CardState.Expired =>
                Refusal.ByRule("V4", "This card has not expired: a reissue after expiry is for an expired card (V4)."),
            _ => null,
        };
    }

    private static WindowOutcome<CardPins> ParseDeliveryPins(DeliveryPins pins, CardApplication application)
    {
        if (application.WantsSignatureCertificate != !string.IsNullOrEmpty(pins.Signature))
            return Refusal.Invalid(application.WantsSignatureCertificate
                ? "The signature certificate was applied for: its password (6–16 digits or capital letters) is required."
                : "No signature certificate was applied for: leave its password empty.");
        if (application.WantsAuthenticationCertificate != !string.IsNullOrEmpty(pins.UserAuthentication))
            return Refusal.Invalid(application.WantsAuthenticationCertificate
                ? "The user-authentication certificate was applied for: its 4-digit PIN is required."
                : "No user-authentication certificate was applied for: leave its PIN empty.");
        var signature = ParseOptionalPin(PinKind.Signature, pins.Signature);
        var authentication = ParseOptionalPin(PinKind.UserAuthentication, pins.UserAuthentication);
        var registry = Pin.Parse(PinKind.ResidentRegistry, pins.ResidentRegistry);
        var inputAssist = Pin.Parse(PinKind.TextInputAssist, pins.TextInputAssist);
        foreach (var result in new[] { signature, authentication, registry, inputAssist })
        {
            if (result is { Success: false } failed)
                return Refusal.Invalid(failed.Error!);
        }
        return WindowOutcome<CardPins>.Success(new CardPins(signature?.Value, authentication?.Value, registry.Value, inputAssist.Value));
    }
}
