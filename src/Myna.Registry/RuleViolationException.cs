using Myna.Primitives.Text;

namespace Myna.Registry;

/// <summary>
/// A procedure that a guidebook rule forbids was attempted on an aggregate (a card suspended twice, a card
/// reissued from a state that has none). The message names the rule, so the window can show it as it is.
/// </summary>
/// <remarks>
/// Expected refusals that depend on outside input are checked before the aggregate is touched and come back
/// as results; this exception is the aggregate's last guard, and the HTTP edge maps it to a 409
/// problem. <see cref="Exception.Message"/> is the English sentence (logs, the API); <see cref="Text"/> has both
/// languages for the pages. Neither ever holds a My Number or a PIN.
/// </remarks>
public sealed class RuleViolationException : InvalidOperationException
{
    /// <summary>A rule's refusal in both languages; the message is the English.</summary>
    public RuleViolationException(string ruleId, LocalizedText text)
        : base(text.English)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleId);
        ArgumentException.ThrowIfNullOrEmpty(text.Japanese);
        ArgumentException.ThrowIfNullOrEmpty(text.English);
        RuleId = ruleId;
        Text = text;
    }

    /// <summary>A rule's refusal in English only (code outside the registry); <see cref="Text"/> repeats it on both sides.</summary>
    public RuleViolationException(string ruleId, string message)
        : this(ruleId, new LocalizedText(message, message))
    {
    }

    /// <summary>The guidebook rule (e.g. <c>L2</c>), or <see cref="Rules.RuleIds.State"/> for a transition the card's states forbid.</summary>
    public string RuleId { get; }

    /// <summary>The refusal in both languages.</summary>
    public LocalizedText Text { get; }
}
