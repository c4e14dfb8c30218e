using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.Registry.Documents;

/// <summary>
/// A paper document that tells a person their My Number (D): the notification card (通知カード, until
/// 2020-05-25) or the number notice (個人番号通知書, from then on, D3).
/// </summary>
public sealed class NumberDocument
{
    /// <summary>For EF Core.</summary>
    private NumberDocument()
    {
    }

    public NumberDocument(Guid id, Guid residentId, MyNumberDocument kind, DateOnly issuedOn)
    {
        if (kind == MyNumberDocument.Card)
            throw new ArgumentException("The card is a card record, not a paper document.", nameof(kind));
        Id = id;
        ResidentId = residentId;
        Kind = kind;
        IssuedOn = issuedOn;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    public MyNumberDocument Kind { get; private set; }

    public DateOnly IssuedOn { get; private set; }

    /// <summary>D4: the day a notification card was handed back at card delivery, or null.</summary>
    public DateOnly? HandedBackOn { get; private set; }

    /// <summary>D4: the notification card is handed back when the card is delivered (the number notice is not).</summary>
    public void HandBack(DateOnly on)
    {
        if (!MyNumberDocumentRule.HandedBackAtCardDelivery(Kind))
        {
            throw new RuleViolationException(RuleIds.D4, new LocalizedText(
                $"カードの交付の際に返納するのは通知カードだけです。個人番号通知書はお手元に保管してください。（{RuleIds.D4}）",
                $"Only a notification card is handed back at delivery; the number notice is kept ({RuleIds.D4})."));
        }
        HandedBackOn ??= on;
    }
}
