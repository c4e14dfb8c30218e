using Myna.Primitives.Text;

namespace Myna.Registry;

/// <summary>
/// A procedure that a guidebook rule forbids was attempted on an aggregate (a card suspended twice, a card
/// reissued from a state that has none). The message names the rule, so the window can show it as it is.
/// </summary>
/// <remarks>
/// Expected refusals that depend on outside input are checked before the aggregate is touched and come back
/// as results; this exception is the aggregate's last guard, and the HTTP edge maps it to a 409
/// problem. The message never holds a My Number or a PIN.
/// </remarks>
public sealed class RuleViolationException : InvalidOperationException
{
    public RuleViolationException(string ruleId, LocalizedText text)
        : base(text.English)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleId);
        RuleId = ruleId;
        Text = text;
    }

    /// <summary>The sentence in both languages (the exception's message is its English).</summary>
    public LocalizedText Text { get; }

    /// <summary>The guidebook rule (e.g. <c>L2</c>), or <c>state</c> for a transition the card's states forbid.</summary>
    public string RuleId { get; }
}
