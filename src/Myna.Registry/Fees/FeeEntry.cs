using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.Registry.Fees;

/// <summary>A fee taken at the window (L3, V6), in the fee ledger.</summary>
public sealed class FeeEntry
{
    /// <summary>For EF Core.</summary>
    private FeeEntry()
    {
        Reason = null!;
    }

    /// <summary>A fee taken; <paramref name="reason"/> is the fee's sentence (<see cref="FeeDecision.Reason"/>), whose English is stored.</summary>
    public FeeEntry(Guid id, Guid residentId, Guid? cardId, DateOnly takenOn, int amountYen, LocalizedText reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amountYen);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason.English);
        Id = id;
        ResidentId = residentId;
        CardId = cardId;
        TakenOn = takenOn;
        AmountYen = amountYen;
        Reason = reason.English;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    public Guid? CardId { get; private set; }

    public DateOnly TakenOn { get; private set; }

    public int AmountYen { get; private set; }

    /// <summary>What it was for, naming the rule, in English as stored (e.g. "reissue after loss, theft or damage, with e-certificates: 1,000 yen (L3)").</summary>
    public string Reason { get; private set; }

    /// <summary><see cref="Reason"/> in both languages (<see cref="StoredSentences.Read"/>).</summary>
    public LocalizedText ReasonText => StoredSentences.Read(Reason);
}
