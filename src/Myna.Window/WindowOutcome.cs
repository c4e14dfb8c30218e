using Myna.Primitives.Text;
using Myna.Registry;
using Myna.Registry.Rules;

namespace Myna.Window;

/// <summary>Why the window refused a procedure: a rule, a missing record, bad input, or a concurrent change.</summary>
/// <remarks>The API and the pages turn a kind into an HTTP status through one map (409, 404, 400, 409, 409).</remarks>
public enum RefusalKind
{
    /// <summary>A guidebook rule forbids it (the message names the rule).</summary>
    Rule,

    /// <summary>The resident, card or application does not exist.</summary>
    NotFound,

    /// <summary>The input is malformed (a PIN of the wrong format, a date in the future …).</summary>
    Invalid,

    /// <summary>Someone else changed the resident or card while this procedure worked on it (optimistic concurrency).</summary>
    Conflict,

    /// <summary>The card's chip is not the window's to open now: it is in the holder's reader, or held by another program.</summary>
    CardElsewhere,
}

/// <summary>
/// A refusal in words a person can read, in both languages, naming the rule where one applies. Never holds a My Number
/// or a PIN. The sentences themselves are the window's catalogue (<see cref="Refusals"/>).
/// </summary>
/// <param name="Kind">What kind of refusal.</param>
/// <param name="Rule">The rule id (<see cref="RuleIds"/>), or null.</param>
/// <param name="Text">The sentence to show, Japanese and English.</param>
public sealed record Refusal(RefusalKind Kind, string? Rule, LocalizedText Text)
{
    /// <summary>The sentence in English (logs, exception messages).</summary>
    public string Message => Text.English;

    public static Refusal ByRule(string rule, LocalizedText text) => new(RefusalKind.Rule, rule, text);

    /// <summary>A rule's "no" as a refusal.</summary>
    public static Refusal Of(RuleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return ByRule(decision.Rule, decision.Reason);
    }

    /// <summary>An aggregate's guard as a refusal.</summary>
    public static Refusal Of(RuleViolationException violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return ByRule(violation.RuleId, violation.Text);
    }

    public static Refusal NotFound(LocalizedText text) => new(RefusalKind.NotFound, null, text);

    /// <summary>Bad input; <paramref name="field"/> names the field at fault, when it is one field.</summary>
    public static Refusal Invalid(LocalizedText text, InputField? field = null) => new(RefusalKind.Invalid, null, text) { Field = field };

    /// <summary>The field whose value was refused (for bad input), or null.</summary>
    public InputField? Field { get; init; }

    /// <summary>Someone else changed <paramref name="subject"/> first; nothing of this procedure was saved.</summary>
    public static Refusal Conflict(ConflictSubject subject) => new(RefusalKind.Conflict, null, Refusals.ChangedMeanwhile(subject));

    /// <summary>The card's chip is held elsewhere (<paramref name="inHoldersReader"/>: the holder attached it remotely); nothing was done.</summary>
    public static Refusal CardElsewhere(bool inHoldersReader) =>
        new(RefusalKind.CardElsewhere, null, inHoldersReader ? Refusals.CardInHoldersReader : Refusals.CardInUseElsewhere);

    public override string ToString() => Message;
}

/// <summary>What a concurrent change was made to.</summary>
public enum ConflictSubject
{
    Resident,
    Card,
    Application,
    Record,
}

/// <summary>
/// What a window procedure did: its result, or the refusal and nothing changed (expected outcomes of input are values,
/// not exceptions).
/// </summary>
public sealed class WindowOutcome<T>
{
    private readonly T? _value;

    private WindowOutcome(T? value, Refusal? refusal)
    {
        _value = value;
        Refusal = refusal;
    }

    public Refusal? Refusal { get; }

    public bool Succeeded => Refusal is null;

    /// <exception cref="InvalidOperationException">The procedure was refused; the message is the refusal's (English).</exception>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException(Refusal!.Message);

    public static WindowOutcome<T> Success(T value) => new(value, null);

    public static implicit operator WindowOutcome<T>(Refusal refusal) => new(default, refusal);

    public override string ToString() => Succeeded ? $"Success({_value})" : $"Refused({Refusal})";
}
