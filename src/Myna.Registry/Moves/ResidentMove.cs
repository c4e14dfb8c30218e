using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Registry.Moves;

/// <summary>
/// A move to another municipality (V5, V6): the move-out notice (転出届) with its planned date, the move-in
/// notice (転入届) at the new municipality, and the continuation procedure (継続利用) for the card.
/// </summary>
public sealed class ResidentMove
{
    /// <summary>For EF Core.</summary>
    private ResidentMove()
    {
    }

    public ResidentMove(Guid id, Guid residentId, LocalGovernmentCode from, DateOnly moveOutNotifiedOn, DateOnly plannedMoveDate, string destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        Destination = destination.Trim();
        Id = id;
        ResidentId = residentId;
        From = from;
        MoveOutNotifiedOn = moveOutNotifiedOn;
        PlannedMoveDate = plannedMoveDate;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    public LocalGovernmentCode From { get; private set; }

    /// <summary>The destination given in the move-out notice (転出先).</summary>
    public string Destination { get; private set; } = "";

    /// <summary>The address registered by the move-in notice.</summary>
    public string? NewAddress { get; private set; }

    /// <summary>The new municipality, once the move-in notice is filed.</summary>
    public LocalGovernmentCode? To { get; private set; }

    public DateOnly MoveOutNotifiedOn { get; private set; }

    /// <summary>The planned move date given in the move-out notice (V5: 30 days from it).</summary>
    public DateOnly PlannedMoveDate { get; private set; }

    /// <summary>The day the holder started living at the new address (V5: 14 days from it).</summary>
    public DateOnly? MovedOn { get; private set; }

    public DateOnly? MoveInNotifiedOn { get; private set; }

    /// <summary>Whether the card was presented with the move-in notice (V5: else continuation within 90 days).</summary>
    public bool CardPresentedAtMoveIn { get; private set; }

    /// <summary>The continuation procedure (継続利用), or null.</summary>
    public DateOnly? ContinuedOn { get; private set; }

    /// <summary>Whether the move is finished (moved in and the card continued, or no card to continue).</summary>
    public bool IsMovedIn => MoveInNotifiedOn is not null;

    /// <summary>Records the move-in notice at <paramref name="to"/>.</summary>
    public void MoveIn(LocalGovernmentCode to, string newAddress, DateOnly movedOn, DateOnly notifiedOn, bool cardPresented)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newAddress);
        if (IsMovedIn)
            throw new RuleViolationException(RuleIds.V5, new LocalizedText("この転出に対する転入届は、すでに受け付けています。", "The move-in notice for this move was filed already."));
        if (notifiedOn < MoveOutNotifiedOn || movedOn > notifiedOn)
            throw new ArgumentException("A move-in notice comes after the move-out notice and the move.", nameof(notifiedOn));
        To = to;
        NewAddress = newAddress.Trim();
        MovedOn = movedOn;
        MoveInNotifiedOn = notifiedOn;
        CardPresentedAtMoveIn = cardPresented;
        if (cardPresented)
            ContinuedOn = notifiedOn; // continuation is done with the move-in notice when the card is brought
    }

    /// <summary>V5: the continuation procedure (継続利用) done after a move-in without the card.</summary>
    public void Continue(DateOnly on)
    {
        if (!IsMovedIn)
            throw new RuleViolationException(RuleIds.V5, new LocalizedText("継続利用の手続は、転入届の後に行います。", "The continuation procedure follows the move-in notice."));
        if (ContinuedOn is not null)
            throw new RuleViolationException(RuleIds.V5, new LocalizedText("カードの継続利用は、すでに記録されています。", "The card's continued use was recorded already."));
        if (on < MoveInNotifiedOn)
            throw new ArgumentException("Continuation comes after the move-in notice.", nameof(on));
        ContinuedOn = on;
    }
}
