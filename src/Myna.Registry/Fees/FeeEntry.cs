namespace Myna.Registry.Fees;

/// <summary>A fee taken at the window (L3, V6), in the fee ledger.</summary>
public sealed class FeeEntry
{
    /// <summary>For EF Core.</summary>
    private FeeEntry()
    {
        Reason = null!;
    }

    public FeeEntry(Guid id, Guid residentId, Guid? cardId, DateOnly takenOn, int amountYen, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amountYen);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Id = id;
        ResidentId = residentId;
        CardId = cardId;
        TakenOn = takenOn;
        AmountYen = amountYen;
        Reason = reason;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    public Guid? CardId { get; private set; }

    public DateOnly TakenOn { get; private set; }

    public int AmountYen { get; private set; }

    /// <summary>What it was for, naming the rule (e.g. "reissue after loss, with e-certificates (L3)").</summary>
    public string Reason { get; private set; }
}
