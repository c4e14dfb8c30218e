using Microsoft.AspNetCore.Mvc;
using Myna.Pki;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Window;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// <c>/Window/Residents/{id}/Apply</c>: a card application — who applies (Q6), which certificates (P4), where the
/// card goes (Q7) and why, which sets the fee (L3, V6, M2: 1,000 / 800 yen / free), shown before it is submitted.
/// </summary>
public sealed class ApplyModel(MunicipalWindow window) : StaffPageModel
{
    [BindProperty]
    public ApplicantRole Applicant { get; set; }

    [BindProperty]
    public string? RepresentativeName { get; set; }

    [BindProperty]
    public bool MayorAcceptedSpecialReasons { get; set; }

    [BindProperty]
    public bool WantsSignatureCertificate { get; set; } = true;

    [BindProperty]
    public bool WantsAuthenticationCertificate { get; set; } = true;

    [BindProperty]
    public DeliveryPlace DeliverTo { get; set; }

    [BindProperty]
    public CardIssueOccasion Occasion { get; set; }

    public ResidentFile Dossier { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public CardRecord? CurrentCard { get; private set; }

    public HolderFacts Holder => new(Dossier.Resident.BirthDate, Dossier.Resident.IsAdultWard);

    /// <summary>The fee for the occasion and certificates as chosen (shown by "check the fee" and on the form).</summary>
    public FeeDecision Fee => CardFeeRule.FeeFor(Occasion, WantsSignatureCertificate || WantsAuthenticationCertificate);

    /// <summary>Whether the staff asked to see the fee (the form stays as typed).</summary>
    public bool FeeChecked { get; private set; }

    /// <summary>P4 for this holder today, for each certificate.</summary>
    public RuleDecision Eligibility(JpkiHierarchy kind) =>
        CertificateEligibilityRule.MayLoad(kind, Holder, Today, legalRepresentativeWantsIt: true);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        // Start from what fits this holder: under 15 the legal representative applies (Q6) and no signature certificate (P4).
        if (Holder.IsUnder15On(Today))
            Applicant = ApplicantRole.LegalRepresentative;
        WantsSignatureCertificate = Eligibility(JpkiHierarchy.Signature).IsAllowed;
        Occasion = SuggestedOccasion();
        return Page();
    }

    public async Task<IActionResult> OnPostCheckFeeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        FeeChecked = true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        var form = new CardApplicationForm(id, Applicant, string.IsNullOrWhiteSpace(RepresentativeName) ? null : RepresentativeName.Trim(),
            MayorAcceptedSpecialReasons, WantsSignatureCertificate, WantsAuthenticationCertificate, DeliverTo, Occasion);
        var outcome = await window.ApplyForCardAsync(form, Actor, cancellationToken);
        if (!outcome.Succeeded)
            return Refused(outcome.Refusal!);
        return Done(T($"申請を受け付けました（{WindowWords.Of(Occasion)}・手数料 {WindowWords.Yen(Fee.Yen)}）。交付の手続へ進めます。",
                $"The application is received ({WindowWords.Of(Occasion)}, fee {WindowWords.Yen(Fee.Yen)}). The card can now be delivered."),
            "/Window/Residents/Details", new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await window.GetResidentFileAsync(id, cancellationToken) is not { } file)
            return false;
        Dossier = file;
        Today = window.Today;
        CurrentCard = file.Cards.FirstOrDefault(c => !c.State.IsFinal());
        return true;
    }

    /// <summary>The occasion the card's state points to; the window still checks it (V1, L3, V6, M2).</summary>
    private CardIssueOccasion SuggestedOccasion() => CurrentCard?.StateOn(Today) switch
    {
        null when Dossier.Cards.Count == 0 => CardIssueOccasion.FirstIssue,
        CardState.Active when !CurrentCard.HasRoomForEndorsement => CardIssueOccasion.ReissueEndorsementAreaFull,
        CardState.Active when RenewalRule.MayRenew(ExpiringItem.Card, CurrentCard.ExpiresOn, Today).IsAllowed => CardIssueOccasion.Renewal,
        CardState.Lapsed => CardIssueOccasion.ReissueAfterLapse,
        CardState.Expired => CardIssueOccasion.ReissueAfterExpiry,
        _ => CardIssueOccasion.ReissueAfterLossOrDamage,
    };

    private static string T(string japanese, string english) => Bilingual.T(japanese, english);
}
