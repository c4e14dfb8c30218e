using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.Registry.Applications;

/// <summary>
/// An application for a card (交付申請): for the first card, a renewal (V1), or a reissue (L3, V6, M2), with who
/// applied (Q6), which certificates are wanted (P4, E5) and where the card goes (Q7).
/// </summary>
/// <remarks>The card is made and delivered at the window in one step (<see cref="Deliver"/>), where the applicant sets the PINs.</remarks>
public sealed class CardApplication
{
    /// <summary>For EF Core.</summary>
    private CardApplication()
    {
    }

    public CardApplication(
        Guid id, Guid residentId, DateOnly receivedOn, CardIssueOccasion reason, ApplicantRole applicant,
        string? representativeName, bool wantsSignatureCertificate, bool wantsAuthenticationCertificate,
        DeliveryPlace deliverTo, Guid? replacesCard)
    {
        if (applicant != ApplicantRole.Holder && string.IsNullOrWhiteSpace(representativeName))
            throw new ArgumentException("A representative applies under their name (Q6).", nameof(representativeName));
        if (reason != CardIssueOccasion.FirstIssue && replacesCard is null)
            throw new ArgumentException("A renewal or reissue names the card it replaces.", nameof(replacesCard));
        Id = id;
        ResidentId = residentId;
        ReceivedOn = receivedOn;
        Reason = reason;
        Applicant = applicant;
        RepresentativeName = applicant == ApplicantRole.Holder ? null : representativeName!.Trim();
        WantsSignatureCertificate = wantsSignatureCertificate;
        WantsAuthenticationCertificate = wantsAuthenticationCertificate;
        DeliverTo = deliverTo;
        ReplacesCard = replacesCard;
        Status = ApplicationStatus.Received;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    public DateOnly ReceivedOn { get; private set; }

    public CardIssueOccasion Reason { get; private set; }

    /// <summary>Q6: who applied.</summary>
    public ApplicantRole Applicant { get; private set; }

    /// <summary>The legal or voluntary representative's name (Q6); null when the holder applied.</summary>
    public string? RepresentativeName { get; private set; }

    public bool WantsSignatureCertificate { get; private set; }

    public bool WantsAuthenticationCertificate { get; private set; }

    /// <summary>Q7: the registered address, or the 居所 of a holder under a support measure.</summary>
    public DeliveryPlace DeliverTo { get; private set; }

    /// <summary>The card that the new one replaces (renewal, reissue).</summary>
    public Guid? ReplacesCard { get; private set; }

    public ApplicationStatus Status { get; private set; }

    /// <summary>The card made for it, once delivered.</summary>
    public Guid? CardId { get; private set; }

    public DateOnly? DeliveredOn { get; private set; }

    /// <summary>The fee charged at delivery, in yen (L3, V6; 0 for first issue, renewal and M2).</summary>
    public int FeeYen { get; private set; }

    /// <summary>Records delivery of <paramref name="cardId"/> (D4: the notification card is handed back at this step).</summary>
    public void Deliver(Guid cardId, DateOnly on, int feeYen)
    {
        if (Status != ApplicationStatus.Received)
            throw new RuleViolationException(RuleIds.State, new LocalizedText("この申請は、すでに交付済みか取り下げられています。", "This application was delivered or withdrawn already."));
        if (on < ReceivedOn)
            throw new ArgumentException("A card is not delivered before it was applied for.", nameof(on));
        ArgumentOutOfRangeException.ThrowIfNegative(feeYen);
        Status = ApplicationStatus.Delivered;
        CardId = cardId;
        DeliveredOn = on;
        FeeYen = feeYen;
    }

    /// <summary>Withdraws an application not yet delivered.</summary>
    public void Withdraw()
    {
        if (Status != ApplicationStatus.Received)
            throw new RuleViolationException(RuleIds.State, new LocalizedText("取り下げられるのは、まだ交付していない申請だけです。", "Only an application not yet delivered can be withdrawn."));
        Status = ApplicationStatus.Withdrawn;
    }
}

/// <summary>Q7: where the card goes.</summary>
public enum DeliveryPlace
{
    RegisteredAddress,

    /// <summary>The 居所 of a holder who cannot move the record for special reasons (DV, stalking).</summary>
    Residence,
}

/// <summary>Where an application stands.</summary>
public enum ApplicationStatus
{
    Received,
    Delivered,
    Withdrawn,
}
