using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Registry.Applications;
using Myna.Registry.Residents;
using Myna.Registry.Rules;

namespace Myna.Window.Procedures.Cards;

/// <summary>Takes an application for a card, checking who applies (Q6), which certificates (P4), where it goes (Q7) and why (V1, L3, V6, M2, V4).</summary>
internal static class ApplyForCard
{
    public const string Action = "card.applied";

    public static async Task<WindowOutcome<CardApplication>> RunAsync(WindowWork work, CardApplicationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = work.Today;
        // Input before rules: a malformed field is named whatever the rules would say.
        if (Checks.OptionalText(InputField.RepresentativeName, form.RepresentativeName) is { } badName)
            return badName;
        if (await work.ResidentAsync(form.ResidentId) is not { } resident)
            return Refusals.NoSuchResident;
        if (resident.Status != ResidentStatus.Registered)
            return Refusals.MoveOutPending;
        var holder = new HolderFacts(resident.BirthDate, resident.IsAdultWard);
        if (ApplicantRule.MayApply(form.Applicant, holder, today, form.MayorAcceptedSpecialReasons) is { IsAllowed: false } who)
            return Refusal.Of(who);
        if (form.Applicant != ApplicantRole.Holder && string.IsNullOrWhiteSpace(form.RepresentativeName))
            return Refusals.RepresentativeNameRequired;
        if (form.DeliverTo == DeliveryPlace.Residence && resident.Residence is null)
            return Refusals.NoResidenceRegistered;
        if (Eligibility.Refusal(form.WantsSignatureCertificate, form.WantsAuthenticationCertificate, holder, today,
                form.Applicant == ApplicantRole.LegalRepresentative) is { } notEligible)
            return notEligible;
        if (resident.ForeignResidence is { } residence && ForeignResidentExpiryRule.MayIssue(residence, today) is { IsAllowed: false } stayEnded)
            return Refusal.Of(stayEnded);
        if (await work.Db.Set<CardApplication>().AnyAsync(a => a.ResidentId == resident.Id && a.Status == ApplicationStatus.Received, work.Cancellation))
            return Refusals.ApplicationWaiting;

        var latest = await work.LatestCardAsync(resident.Id);
        var facts = latest is null ? null : new LatestCardFacts(latest.StateOn(today), latest.ExpiresOn, latest.HasRoomForEndorsement);
        if (CardIssueOccasionRule.MayApply(form.Occasion, facts, today) is { IsAllowed: false } wrongOccasion)
            return Refusal.Of(wrongOccasion);

        // Claimed (and checked again by the save) so that two windows taking an application for the same resident at
        // once cannot both pass the checks above.
        if (await work.ClaimAsync(resident) is { } conflict)
            return conflict;
        var application = new CardApplication(
            Guid.NewGuid(), resident.Id, today, form.Occasion, form.Applicant, form.RepresentativeName,
            form.WantsSignatureCertificate, form.WantsAuthenticationCertificate, form.DeliverTo, latest?.Id);
        work.Db.Add(application);
        work.Audit(Action, Checks.ResidentSubject(resident.Id), new LocalizedText(
            $"カードの申請を受け付けました（{ProcedureWords.Of(form.Occasion).Japanese}、申請者：{ProcedureWords.Of(form.Applicant).Japanese}）。",
            $"Card application received ({ProcedureWords.Of(form.Occasion).English}, applicant: {ProcedureWords.Of(form.Applicant).English})."));
        return WindowOutcome<CardApplication>.Success(application);
    }
}
