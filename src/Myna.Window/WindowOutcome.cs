namespace Myna.Window;

/// <summary>Why the window refused a procedure: a rule, a missing record, bad input, or a concurrent change.</summary>
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
}

/// <summary>A refusal in words a person can read, naming the rule where one applies. Never holds a My Number or a PIN.</summary>
/// <param name="Kind">What kind of refusal.</param>
/// <param name="Rule">The rule id (<c>V5</c>, <c>L2</c> …), or null.</param>
/// <param name="Message">The sentence to show.</param>
public sealed record Refusal(RefusalKind Kind, string? Rule, string Message)
{
    public static Refusal ByRule(string rule, string message) => new(RefusalKind.Rule, rule, message);

    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, null, message);

    public static Refusal Invalid(string message) => new(RefusalKind.Invalid, null, message);

    /// <summary>Someone else changed <paramref name="subject"/> ("resident", "card") first; nothing of this procedure was saved.</summary>
    public static Refusal Conflict(string subject) =>
        new(RefusalKind.Conflict, null, $"Someone else changed this {subject} while you were working on it; reload and try again.");

    public override string ToString() => Message;
}

/// <summary>
/// What a window procedure did: its result, or the refusal and nothing changed (STYLE §5: expected outcomes of
/// input are values).
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

    /// <exception cref="InvalidOperationException">The procedure was refused; the message is the refusal's.</exception>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException(Refusal!.Message);

    public static WindowOutcome<T> Success(T value) => new(value, null);

    public static implicit operator WindowOutcome<T>(Refusal refusal) => new(default, refusal);

    public override string ToString() => Succeeded ? $"Success({_value})" : $"Refused({Refusal})";
}
